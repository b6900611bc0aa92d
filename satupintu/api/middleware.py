"""Every error under `/api/` answers in the API's one format, whoever produced it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from satupintu.api.errors import status_response

API_PREFIX = "/api/"


class ApiErrorMiddleware:
    """Turns errors that are not JSON (e.g. django-ninja's bare 405) into the error format.

    The API's own handlers and the site's error views already answer in JSON; this catches what
    neither sees, so a client of the API never has to parse an HTML page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replacement = status_response(response.status_code)
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response
