"""The administration site: Indonesian, and open only to the tenant's administrators."""

from __future__ import annotations

from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from satupintu.accounts.models import User, UserKind
from satupintu.accounts.permissions import is_tenant_admin


class SatuPintuAdminSite(admin.AdminSite):
    """Open to the tenant's administrators; officers among them only with their second factor."""

    site_header = _("SatuPintu administration")
    site_title = _("SatuPintu administration")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        tenant = getattr(request, "tenant", None)
        return (tenant is not None and is_tenant_admin(request.user, tenant)
                and not _lacks_second_factor(request))

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Anonymous visitors go to the one sign-in page; signed-in non-administrators get 403
        (sending them to sign in again would loop)."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not self.has_permission(request):
                if not request.user.is_authenticated or _lacks_second_factor(request):
                    # The sign-in page sends an officer signed in without it to the code step.
                    return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
                return render(request, "errors/403.html", status=403)
            response: HttpResponse = inner(request, *args, **kwargs)
            return response

        return guarded

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:
        """One sign-in page for everyone (and, for officers, one place for the second factor)."""
        query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")


def _lacks_second_factor(request: HttpRequest) -> bool:
    """An officer whose session has not passed the second factor (django-otp)."""
    user = request.user
    if not isinstance(user, User) or user.kind != UserKind.OFFICER:
        return False
    verified = getattr(user, "is_verified", None)
    return not (callable(verified) and verified())


admin_site = SatuPintuAdminSite(name="admin")
