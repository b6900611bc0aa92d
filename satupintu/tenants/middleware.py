"""Resolve the tenant of every request from its host name."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from satupintu.tenants.selectors import tenant_for_host


class TenantMiddleware:
    """Sets `request.tenant`; a host that maps to no tenant gets a clear 404 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = tenant_for_host(request.get_host())
        if tenant is None:
            return render(
                request,
                "errors/no_tenant.html",
                {"message": _("No regional government is configured for this address.")},
                status=404,
            )
        request.tenant = tenant  # type: ignore[attr-defined]
        return self.get_response(request)
