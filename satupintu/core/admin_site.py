"""The administration site: Indonesian, and open only to the tenant's administrators."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from satupintu.accounts.permissions import is_tenant_admin


class SatuPintuAdminSite(admin.AdminSite):
    site_header = _("SatuPintu administration")
    site_title = _("SatuPintu administration")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        tenant = getattr(request, "tenant", None)
        return tenant is not None and is_tenant_admin(request.user, tenant)

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:
        """One sign-in page for everyone (and, for officers, one place for the second factor)."""
        query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")


admin_site = SatuPintuAdminSite(name="admin")
