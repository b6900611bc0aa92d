"""`GET /api/v1/stats/summary` and `GET /api/v1/stats/permits`: the scoreboard and the permits
issued, as open data (M15). Public, aggregates only (a person holding a permit is never named).

The endpoints join the statistics router of the satisfaction index (`/api/v1/stats/ikm`); the
API registers this module before mounting that router.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Field, Query, Schema, Status

from satupintu.api.errors import ErrorOut
from satupintu.calendars.selectors import local_date
from satupintu.core.periods import parse_range
from satupintu.core.request import TenantRequest
from satupintu.surveys.api import stats_router
from satupintu.surveys.selectors import agency_by_code, service_by_code
from satupintu.transparency import selectors

PUBLIC_MAX_AGE = 300


class RangeQuery(Schema):
    from_: str = Field("", alias="from", description="First day, YYYY-MM-DD (2000–2100).")
    to: str = Field("", description="Last day, YYYY-MM-DD; at most 20 years after `from`.")


class SummaryQuery(RangeQuery):
    agency: str = Field("", description="Only this agency's rows (its own and its services'), "
                                        "e.g. `DINKES`.")
    service: str = Field("", description="Only this service's row, e.g. `SIA`.")


class PermitsQuery(RangeQuery):
    page: int = Field(1, ge=1, le=100000, description="Page, 1 first; 1000 permits a page.")


class RowOut(Schema):
    agency: str | None = Field(description="Agency code; on a service row its lead agency; "
                                           "null on the totals.")
    agency_name: str | None
    service: str | None = Field(description="Service code; null on an agency row.")
    service_name: str | None
    received: int = Field(description="Applications submitted in the period.")
    decided: int = Field(description="Files approved or rejected in the period.")
    issued: int = Field(description="Files whose permit was first issued in the period.")
    rejected: int
    median_working_days: float | None = Field(
        description="Median working days from complete file to decision; null when none.")
    time_limit_days: int | None = Field(description="The service's published time limit "
                                                    "(working days); null on agency rows.")
    on_time_share: float | None = Field(description="% (0–100) of decided files with a time "
                                                    "limit decided on or before it.")
    mean_correction_rounds: float | None
    complaints_received: int | None = Field(description="Null on service rows (complaints "
                                                        "are counted per agency).")
    complaints_resolved: int | None
    ikm: float | None = Field(description="Satisfaction index 25–100; null without answers.")
    grade: str | None


class SummaryOut(Schema):
    from_: dt.date = Field(alias="from")
    to: dt.date
    tenant: str
    rows: list[RowOut]
    totals: RowOut = Field(description="The whole region, whatever the agency or service "
                                       "filter (the filtered agency's or service's own "
                                       "figures are its row).")


class PermitOut(Schema):
    number: str
    service: str
    service_name: str
    kelurahan: str | None
    kecamatan: str | None
    issued_on: dt.date
    holder: str | None = Field(description="A business's name; null when a person holds it.")


class PermitsOut(Schema):
    from_: dt.date = Field(alias="from")
    to: dt.date
    tenant: str
    page: int
    pages: int
    count: int
    results: list[PermitOut]


def _range(params: RangeQuery, today: dt.date) -> tuple[dt.date, dt.date]:
    if not params.from_ and not params.to:
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    return parse_range(params.from_, params.to)


@stats_router.get(
    "/summary", response={200: SummaryOut, 404: ErrorOut, 422: ErrorOut},
    by_alias=True, summary="The public scoreboard: figures per agency and service",
)
def stats_summary(request: TenantRequest, response: HttpResponse,
                  params: Query[SummaryQuery]) -> Status[dict[str, Any]]:
    """Aggregates only, no personal data (data dictionary: `/statistik/data/`). Without `from`
    and `to`: this year. A bad date, a reversed range, a year outside 2000–2100 or a range
    over 20 years → 422; an unknown agency or service code → 404."""
    tenant = request.tenant
    today = local_date(tenant)
    start, end = _range(params, today)
    agency = agency_by_code(tenant=tenant, code=params.agency) if params.agency else None
    service = service_by_code(tenant=tenant, code=params.service) if params.service else None
    board = selectors.scoreboard(tenant=tenant, start=start, end=end, today=today)
    rows = selectors.filter_rows(board, agency=agency, service=service)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return Status(200, {"from": start, "to": end, "tenant": tenant.code,
                        "rows": [r.as_dict() for r in rows],
                        "totals": board.totals.as_dict()})


@stats_router.get(
    "/permits", response={200: PermitsOut, 422: ErrorOut}, by_alias=True,
    summary="Permits issued in a period (open data)",
)
def stats_permits(request: TenantRequest, response: HttpResponse,
                  params: Query[PermitsQuery]) -> Status[dict[str, Any]]:
    """Number, service, location (kelurahan) and day of issue of every permit issued in the
    period, oldest first, 1000 a page. A person holding a permit is never named (`holder`
    null); a business is. Range rules as `/stats/summary` (422)."""
    tenant = request.tenant
    today = local_date(tenant)
    start, end = _range(params, today)
    permits = selectors.issued_permits(tenant=tenant, start=start, end=end)
    count = permits.count()
    size = selectors.PERMITS_PAGE
    first = (params.page - 1) * size
    rows = selectors.permit_rows(permits[first:first + size], tenant)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return Status(200, {"from": start, "to": end, "tenant": tenant.code, "page": params.page,
                        "pages": max(1, math.ceil(count / size)), "count": count,
                        "results": [vars(r) for r in rows]})
