"""The dashboard's query string → a `FigureQuery`: the period and the slices, checked.

Bad dates raise `ValidationFailed` with a message for people (`core.periods.parse_range`); a
slice value that does not exist in the region, or lies outside the user's scope, raises
`NotFound`, so a page answers 404 exactly as for a missing object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from satupintu.catalog.models import Service
from satupintu.core.errors import NotFound
from satupintu.core.periods import parse_range
from satupintu.monitoring.figures import FigureQuery, Slices
from satupintu.monitoring.scope import DashboardScope
from satupintu.tenants.models import Agency, Kecamatan


@dataclass(frozen=True)
class Choices:
    """What the slice pickers offer this user: (code, name) pairs."""

    agencies: list[tuple[str, str]]
    services: list[tuple[str, str]]
    kecamatan: list[tuple[str, str]]


def slice_agencies(scope: DashboardScope) -> QuerySet[Agency]:
    """Technical agencies the user may slice by: all of the region's, or a head's own."""
    qs: QuerySet[Agency] = Agency.objects.filter(tenant=scope.tenant, is_one_stop=False)
    if scope.agency_ids is not None:
        qs = qs.filter(pk__in=scope.agency_ids)
    return qs.order_by("name")


def choices(scope: DashboardScope) -> Choices:
    return Choices(
        agencies=[(a.code, str(a)) for a in slice_agencies(scope)],
        services=list(Service.objects.filter(tenant=scope.tenant).order_by("name")
                      .values_list("code", "name")),
        kecamatan=list(Kecamatan.objects.filter(tenant=scope.tenant).order_by("code")
                       .values_list("code", "name")),
    )


def _code(params: Mapping[str, str], name: str) -> str:
    return (params.get(name) or "").strip()[:40]


def resolve_slices(scope: DashboardScope, params: Mapping[str, str]) -> Slices:
    """The slices named in `params` (`agency`, `service`, `kecamatan` codes); empty: none."""
    agency = service = kecamatan = None
    if code := _code(params, "agency"):
        agency = slice_agencies(scope).filter(code=code).first()
        if agency is None:
            raise NotFound()
    if code := _code(params, "service"):
        service = Service.objects.filter(tenant=scope.tenant, code=code).first()
        if service is None:
            raise NotFound()
    if code := _code(params, "kecamatan"):
        kecamatan = Kecamatan.objects.filter(tenant=scope.tenant, code=code).first()
        if kecamatan is None:
            raise NotFound()
    return Slices(agency=agency, service=service, kecamatan=kecamatan)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The current year."""
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


def figure_query(scope: DashboardScope, params: Mapping[str, str], today: dt.date) -> (
    FigureQuery
):
    """The query the parameters ask for: slices first (404), then the dates (422)."""
    slices = resolve_slices(scope, params)
    raw_from, raw_to = _code(params, "from"), _code(params, "to")
    if raw_from or raw_to:
        start, end = parse_range(raw_from, raw_to)
    else:
        start, end = default_period(today)
    return FigureQuery(scope=scope, start=start, end=end, today=today, slices=slices)


def query_string(query: FigureQuery) -> str:
    """The period and slices as URL parameters, for links from the dashboard to the lists."""
    from urllib.parse import urlencode

    params = {"from": query.start.isoformat(), "to": query.end.isoformat()}
    slices = query.slices
    if slices.agency is not None:
        params["agency"] = slices.agency.code
    if slices.service is not None:
        params["service"] = slices.service.code
    if slices.kecamatan is not None:
        params["kecamatan"] = slices.kecamatan.code
    return urlencode(params)
