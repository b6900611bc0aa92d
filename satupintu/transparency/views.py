"""`/statistik/`: the public scoreboard, its data dictionary and its CSV files (M14, M15).

Aggregates only, no personal data; every answer may be cached by browsers and proxies for five
minutes. A bad range is explained on the page (422), never a server error.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from satupintu.audit.roots import roots_between
from satupintu.calendars.selectors import local_date
from satupintu.core.errors import DomainError
from satupintu.core.periods import parse_range
from satupintu.core.request import TenantRequest
from satupintu.surveys import selectors as surveys
from satupintu.surveys.periods import Period, period_choices, period_of
from satupintu.transparency import export, selectors

PUBLIC_MAX_AGE = 300
R = TypeVar("R", bound=HttpResponseBase)
AUDIT_DAYS = 14


def _public(response: R) -> R:
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def requested_range(request: TenantRequest, today: dt.date) -> tuple[Period, str]:
    """The days asked for — `periode` (2026, 2026-Q1, …) or `from`/`to` — else this year;
    with the problem when the request was not understood."""
    default = Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31), str(today.year))
    code = request.GET.get("periode", "").strip()
    raw_from, raw_to = request.GET.get("from"), request.GET.get("to")
    try:
        if code:
            return period_of(code), ""
        if raw_from is None and raw_to is None:
            return default, ""
        start, end = parse_range(raw_from, raw_to)
        return Period(start, end), ""
    except DomainError as exc:
        return default, str(exc.message)


@require_GET
def index(request: TenantRequest) -> HttpResponse:
    tenant = request.tenant
    today = local_date(tenant)
    period, problem = requested_range(request, today)
    board = selectors.scoreboard(tenant=tenant, start=period.start, end=period.end,
                                 today=today)
    query = f"from={period.start.isoformat()}&to={period.end.isoformat()}"
    response = render(request, "transparency/index.html", {
        "period": period, "problem": problem, "board": board, "choices": period_choices(today),
        "figure": surveys.ikm_figure(tenant=tenant, period=period),
        "roots": roots_between(tenant, today - dt.timedelta(days=AUDIT_DAYS - 1), today),
        "roots_query": f"from={(today - dt.timedelta(days=AUDIT_DAYS - 1)).isoformat()}"
                       f"&to={today.isoformat()}",
        "query": query,
    }, status=422 if problem else 200)
    return _public(response)


@require_GET
def data_dictionary(request: TenantRequest) -> HttpResponse:
    return _public(render(request, "transparency/data.html", {}))


def _csv(request: TenantRequest, name: str, kind: str) -> HttpResponseBase:
    tenant = request.tenant
    today = local_date(tenant)
    period, problem = requested_range(request, today)
    if problem:
        return _public(HttpResponse(problem, status=422,
                                    content_type="text/plain; charset=utf-8"))
    if kind == "summary":
        board = selectors.scoreboard(tenant=tenant, start=period.start, end=period.end,
                                     today=today)
        lines = export.summary_lines(board.rows, board.totals)
    else:
        permits = selectors.issued_permits(tenant=tenant, start=period.start, end=period.end)
        lines = export.permit_lines(selectors.permit_rows(permits.iterator(chunk_size=500),
                                                          tenant))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"{name}-{tenant.code}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Accept-Language"])
    return response


@require_GET
def summary_csv(request: TenantRequest) -> HttpResponseBase:
    return _csv(request, "ringkasan", "summary")


@require_GET
def permits_csv(request: TenantRequest) -> HttpResponseBase:
    return _csv(request, "izin", "permits")
