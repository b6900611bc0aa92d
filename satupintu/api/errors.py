"""The API's one error format: `{"code", "message", "details"}` (SPEC.md, API contract)."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema


class ErrorOut(Schema):
    """Every error response of the API."""

    code: str
    message: str
    details: Any = None


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"code": code, "message": message, "details": details}


def responses(ok: Any, *codes: int) -> dict[int, Any]:
    """A response map declaring `ok` for 200 and the error schema for every other code."""
    return {200: ok, **dict.fromkeys(codes, ErrorOut)}


def status_error(status: int) -> tuple[str, str]:
    """The code and translated message for an error known only by its HTTP status."""
    known = {
        400: ("bad_request", _("The request could not be processed.")),
        401: ("unauthenticated", _("Sign in to use this endpoint.")),
        403: ("forbidden", _("You are not allowed to do this.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed on this address.")),
        500: ("server_error", _("Something went wrong on our side. The error has been logged.")),
    }
    return known.get(status, ("error", _("The request could not be processed.")))


def status_response(status: int) -> JsonResponse:
    """A JSON error for a status raised outside the API's own handlers (routing, crashes)."""
    code, message = status_error(status)
    return JsonResponse(error_body(code, message), status=status)
