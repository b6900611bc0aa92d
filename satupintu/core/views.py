"""Site-wide views: health check and error pages (JSON ones under `/api/`)."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults

from satupintu.api.errors import status_response
from satupintu.api.middleware import API_PREFIX


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return status_response(400)
    return defaults.bad_request(request, exception or Exception())


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return status_response(403)
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return status_response(404)
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return status_response(500)
    # Rendered without the request, so no context processor runs: the database (tenant,
    # session, messages) may be what failed. The template is plain HTML in both languages.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
