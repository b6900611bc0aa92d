"""The REST API v1 (`/api/v1/`): one NinjaAPI, routers from each app, one error format."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from satupintu.api.errors import error_body
from satupintu.core.errors import DomainError
from satupintu.core.errors import Throttled as TooMany

api = NinjaAPI(
    title="SatuPintu API",
    version="1",
    description=(
        "Public and partner API of SatuPintu, the one-stop integrated service (PTSP). "
        "Errors always have the form {code, message, details}."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _json(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"loc": [str(p) for p in err.get("loc", ())], "msg": str(err.get("msg", ""))}
        for err in exc.errors
    ]
    return _json(request, 422, error_body("invalid", _("The input is not valid."), details))


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    response = _json(request, exc.http_status,
                     error_body(exc.code, str(exc.message), exc.details))
    if isinstance(exc, TooMany):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _json(request, 404, error_body("not_found", _("Not found.")))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _json(request, 401, error_body("unauthenticated", _("Sign in to use this endpoint.")))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
            409: "conflict", 429: "throttled"}.get(exc.status_code, "error")
    return _json(request, exc.status_code, error_body(code, str(exc)))


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja adds Retry-After to this response.
    return _json(request, 429, error_body(
        "throttled", _("Too many requests. Wait a moment, then try again.")))


def _register_routers() -> None:
    from satupintu.accounts.api import auth_router, me_router
    from satupintu.applications.api import router as applications_router
    from satupintu.applications.api import uploads_router
    from satupintu.audit.api import router as audit_router
    from satupintu.backoffice.api import officer_router
    from satupintu.calendars.api import router as calendar_router
    from satupintu.catalog.api import router as catalog_router
    from satupintu.issuance.api import router as verification_router
    from satupintu.notifications.api import router as notifications_router
    from satupintu.surveys.api import stats_router, surveys_router
    from satupintu.tracking.api import router as tracking_router
    from satupintu.transparency import api as transparency_api  # noqa: F401 (joins stats_router)

    api.add_router("/auth", auth_router)
    api.add_router("/me", me_router)
    api.add_router("/services", catalog_router)
    api.add_router("/calendar", calendar_router)
    api.add_router("/track", tracking_router)
    api.add_router("/verify", verification_router)
    api.add_router("/applications", applications_router)
    api.add_router("/uploads", uploads_router)
    api.add_router("/notifications", notifications_router)
    api.add_router("/officer", officer_router)
    api.add_router("/surveys", surveys_router)
    api.add_router("/stats", stats_router)
    api.add_router("/audit", audit_router)


_register_routers()
