"""Request metadata for audit records, captured once per request by the middleware."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request_meta: ContextVar[dict[str, str] | None] = ContextVar("audit_request_meta", default=None)


def current_request_meta() -> dict[str, str]:
    return dict(_request_meta.get() or {})


class AuditContextMiddleware:
    """Remembers the client address, user agent, method and path for records of this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_meta.set({
            "request_id": uuid.uuid4().hex,
            "ip": request.META.get("REMOTE_ADDR", ""),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            "method": request.method or "",
            "path": request.path[:300],
        })
        try:
            return self.get_response(request)
        finally:
            _request_meta.reset(token)
