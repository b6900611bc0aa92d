"""Access decorators for pages: who may open them, checked before the view runs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from satupintu.accounts.models import Role, User, UserKind
from satupintu.accounts.permissions import has_role

View = Callable[..., HttpResponse]


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def applicant_required(view: View) -> View:
    """Signed-in applicants of this region; anonymous visitors are sent to sign in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        assert isinstance(user, User)
        if user.kind != UserKind.APPLICANT or user.tenant_id != request.tenant.pk:  # type: ignore[attr-defined]
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper


def officer_required(*roles: Role) -> Callable[[View], View]:
    """Officers of this region holding one of `roles`, signed in with their second factor."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            assert isinstance(user, User)
            if user.kind != UserKind.OFFICER or not has_role(user, request.tenant, *roles):  # type: ignore[attr-defined]
                return _forbidden(request)
            if not user.is_verified():  # type: ignore[attr-defined]
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def applicant_or_counter(view: View) -> View:
    """Applicants of this region, or front-office clerks filing for a walk-in applicant (with
    their second factor). Which application each may open is the view's selector's business."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        assert isinstance(user, User)
        tenant = request.tenant  # type: ignore[attr-defined]
        if user.kind == UserKind.APPLICANT and user.tenant_id == tenant.pk:
            return view(request, *args, **kwargs)
        if user.kind == UserKind.OFFICER and has_role(user, tenant, Role.FRONT_OFFICE):
            if not user.is_verified():  # type: ignore[attr-defined]
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)
        return _forbidden(request)

    return wrapper
