"""What a locked-out client gets from django-axes (`AXES_LOCKOUT_CALLABLE`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from satupintu.api.errors import error_body
from satupintu.api.middleware import API_PREFIX


def lockout_response(request: HttpRequest, original_response: Any = None,
                     credentials: Any = None) -> HttpResponse:
    """The lockout page, or under /api/ the API's error format (code `locked_out`)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body("locked_out", _(
            "Too many failed sign-in attempts: this account is locked for 15 minutes.")),
            status=429)
    return render(request, "accounts/locked_out.html", status=429)
