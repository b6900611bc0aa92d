"""The public scoreboard's figures (M14) and the open list of issued permits (M15); reads only.

Aggregates only, never personal data. Application figures come from the dashboard's engine
(`satupintu.monitoring.figures`) with a region-wide scope, complaint figures from
`satupintu.complaints.figures`, the satisfaction index from the daily summary's answers
(`monitoring.summary.survey_sums`) added up by `satupintu.surveys.selectors.breakdown`.

Rows: one per agency (files the agency reviews — every file for the one-stop office, which
receives, verifies and decides them all —, complaints it must answer, the index of the
services it leads) and one per service (its files and index; complaints are kept per agency,
so a service row has none). Definitions: README, "Public scoreboard and open data", and the
data dictionary page `/statistik/data/`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from typing import Literal, cast
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from satupintu.catalog.models import Service, ServiceStandard, StandardStatus
from satupintu.catalog.selectors import current_standard, new_variant
from satupintu.complaints.figures import ComplaintCounts, complaint_counts_by_agency
from satupintu.core.i18n import localized
from satupintu.issuance.models import Permit
from satupintu.monitoring import summary
from satupintu.monitoring.figures import FigureQuery, Spread
from satupintu.monitoring.models import Measure
from satupintu.monitoring.scope import DashboardScope
from satupintu.surveys import selectors as surveys
from satupintu.surveys.periods import Period
from satupintu.tenants.models import Agency, Tenant

CACHE_SECONDS = 300
PERMITS_PAGE = 1000
# The figures of every row, in the order of the CSV and the data dictionary.
FIELDS: tuple[str, ...] = (
    "agency", "agency_name", "service", "service_name", "received", "decided", "issued",
    "rejected", "median_working_days", "time_limit_days", "on_time_share",
    "mean_correction_rounds", "complaints_received", "complaints_resolved", "ikm", "grade",
)


@dataclass(frozen=True)
class Row:
    """One line of the scoreboard; None where there is nothing to measure."""

    agency: str | None
    agency_name: str | None
    service: str | None
    service_name: str | None
    received: int
    decided: int
    issued: int
    rejected: int
    median_working_days: float | None  # complete → decision, over files decided
    time_limit_days: int | None        # the service's published target (new variant)
    on_time_share: float | None        # % (0–100, one decimal) of decided files with a target
    mean_correction_rounds: float | None
    complaints_received: int | None
    complaints_resolved: int | None
    ikm: float | None
    grade: str | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Scoreboard:
    start: dt.date
    end: dt.date
    tenant: str
    agencies: tuple[Row, ...]
    services: tuple[Row, ...]
    totals: Row

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.agencies + self.services


@dataclass
class _Tally:
    """What is collected per row before it becomes a Row."""

    received: int = 0
    decided: int = 0
    issued: int = 0
    rejected: int = 0
    on_time: int = 0
    with_target: int = 0
    rounds: int = 0  # correction rounds summed over the decided files

    def __post_init__(self) -> None:
        # Working days complete → decision of the decided files: value → files.
        self.durations: dict[int, int] = defaultdict(int)

    def add(self, other: _Tally) -> None:
        for name in ("received", "decided", "issued", "rejected", "on_time", "with_target",
                     "rounds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for days, n in other.durations.items():
            self.durations[days] += n


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median(durations: dict[int, int]) -> float | None:
    return Spread.of_histogram(durations).median


def _mean(total: int, count: int) -> float | None:
    return round(total / count, 2) if count else None


def _tally(cell: dict[str, int]) -> _Tally:
    return _Tally(received=cell["received"], decided=cell["decided"], issued=cell["issued"],
                  rejected=cell["rejected"], on_time=cell["on_time"],
                  with_target=cell["on_time"] + cell["late"], rounds=cell["rounds"])


def tallies(query: FigureQuery) -> tuple[_Tally, dict[int, _Tally], dict[int, _Tally]]:
    """(region, per service id, per reviewing agency id): the counts and the histograms of
    working days complete → decision summed over the daily summary (`monitoring.summary`),
    per service and per reviewing agency; the region is the sum of its services (a file has
    one service)."""
    tenant = query.scope.tenant
    total = _Tally()
    per: dict[str, dict[int, _Tally]] = {}
    groups: tuple[tuple[Literal["service", "agency"], summary.Cut], ...] = (
        ("service", summary.Cut()), ("agency", summary.Cut(agency=summary.EACH)))
    for group, cut in groups:
        tallies = {cast(int, g): _tally(cell) for g, cell in
                   summary.sums(tenant, query.start, query.end, cut, group=group).items()}
        per[group] = tallies
        histograms = summary.spreads(tenant, query.start, query.end, cut, (Measure.TOTAL,),
                                     group=group)
        for (_measure, g), histogram in histograms.items():
            tally = tallies.setdefault(cast(int, g), _Tally())
            for days, n in histogram.items():
                tally.durations[days] += n
    for tally in per["service"].values():
        total.add(tally)
    # A service or agency has a tally when some file of it was received, decided or issued in
    # the period.
    counted = {group: {g: tally for g, tally in tallies.items()
                       if tally.received or tally.decided or tally.issued}
               for group, tallies in per.items()}
    return total, counted["service"], counted["agency"]


def time_limit_days(service: Service, on: dt.date) -> int | None:
    """The published service time target (working days) of the service's 'new' variant in the
    standard in force on `on`."""
    variant = new_variant(current_standard(service, on))
    return variant.service_time_limit_days if variant is not None else None


def _row(tally: _Tally, *, agency: Agency | None = None, service: Service | None = None,
         limit: int | None = None, complaints: ComplaintCounts | None = None,
         ikm: surveys.IkmFigure | None = None, with_complaints: bool = True) -> Row:
    zero = with_complaints and complaints is None
    return Row(
        agency=agency.code if agency else None,
        agency_name=localized(agency, "name") if agency else None,
        service=service.code if service else None,
        service_name=localized(service, "name") if service else None,
        received=tally.received, decided=tally.decided, issued=tally.issued,
        rejected=tally.rejected, median_working_days=_median(tally.durations),
        time_limit_days=limit, on_time_share=_share(tally.on_time, tally.with_target),
        mean_correction_rounds=_mean(tally.rounds, tally.decided),
        complaints_received=0 if zero else complaints.received if complaints else None,
        complaints_resolved=0 if zero else complaints.resolved if complaints else None,
        ikm=ikm.ikm_float if ikm is not None else None,
        grade=ikm.grade if ikm is not None else None,
    )


def compute_scoreboard(*, tenant: Tenant, start: dt.date, end: dt.date,
                       today: dt.date) -> Scoreboard:
    """Every row of the scoreboard for the days start..end (both included)."""
    query = FigureQuery(scope=DashboardScope(tenant, None), start=start, end=end, today=today)
    with summary.live_snapshot():
        total, by_service, by_agency = tallies(query)
        answers, applicants = summary.survey_sums(tenant, start, end)
    complaints = complaint_counts_by_agency(tenant=tenant, start=start, end=end)
    ikm = surveys.breakdown(tenant=tenant, answers=answers, applicants=applicants)
    ikm_services, ikm_agencies = dict(ikm.by_service), dict(ikm.by_agency)
    services = [s for s in Service.objects.filter(tenant=tenant).select_related("lead_agency")
                .prefetch_related(Prefetch(
                    "standards", to_attr="published_standards",
                    queryset=ServiceStandard.objects.filter(status=StandardStatus.PUBLISHED)
                    .order_by("-version").prefetch_related("variants")))
                .order_by("lead_agency__name", "name")
                if s.is_active or s.pk in by_service]
    # Agencies that lead a service shown, or had files, complaints or survey answers.
    leading = {s.lead_agency_id for s in services}
    agencies = [a for a in Agency.objects.filter(tenant=tenant).order_by("-is_one_stop", "name")
                if a.is_one_stop or a.pk in leading or a.pk in by_agency or a.pk in complaints
                or a in ikm_agencies]
    # An agency's files are those it reviews; the one-stop office receives, verifies and
    # decides every file, so its row is the region's.
    agency_rows = tuple(
        _row(total if a.is_one_stop else by_agency.get(a.pk, _Tally()), agency=a,
             complaints=complaints.get(a.pk),
             ikm=ikm_agencies.get(a)) for a in agencies)
    service_rows = tuple(
        _row(by_service.get(s.pk, _Tally()), agency=s.lead_agency, service=s,
             limit=time_limit_days(s, end), ikm=ikm_services.get(s), with_complaints=False)
        for s in services)
    all_complaints = list(complaints.values())
    totals = _row(total, ikm=ikm.total)
    totals = replace(totals, complaints_received=sum(c.received for c in all_complaints),
                     complaints_resolved=sum(c.resolved for c in all_complaints))
    return Scoreboard(start, end, tenant.code, agency_rows, service_rows, totals)


def scoreboard(*, tenant: Tenant, start: dt.date, end: dt.date, today: dt.date) -> Scoreboard:
    """`compute_scoreboard`, kept in the cache for five minutes per region, range and
    language (names are localized)."""
    key = f"transparency:scoreboard:{tenant.pk}:{start}:{end}:{today}:{get_language()}"
    found = cache.get(key)
    if isinstance(found, Scoreboard):
        return found
    computed = compute_scoreboard(tenant=tenant, start=start, end=end, today=today)
    cache.set(key, computed, CACHE_SECONDS)
    return computed


def filter_rows(board: Scoreboard, *, agency: Agency | None,
                service: Service | None) -> list[Row]:
    """The rows of one agency (its own row and its services'), or of one service."""
    rows = list(board.rows)
    if service is not None:
        rows = [r for r in rows if r.service == service.code]
    if agency is not None:
        rows = [r for r in rows if r.agency == agency.code]
    return rows


# --- issued permits as open data --------------------------------------------------------------
@dataclass(frozen=True)
class PermitRow:
    """An issued permit as the public may see it: never an individual holder's name."""

    number: str
    service: str
    service_name: str
    kelurahan: str | None
    kecamatan: str | None
    issued_on: dt.date
    holder: str | None  # a business's name; None when the holder is a person


def issued_permits(*, tenant: Tenant, start: dt.date, end: dt.date) -> QuerySet[Permit]:
    period = Period(start, end)
    lo, hi = period.bounds(tenant.timezone)
    return (Permit.objects.filter(tenant=tenant, issued_at__gte=lo, issued_at__lt=hi)
            .select_related("service", "application__kelurahan__kecamatan")
            .order_by("issued_at", "pk"))


def permit_rows(permits: Iterable[Permit], tenant: Tenant) -> Iterator[PermitRow]:
    zone = ZoneInfo(tenant.timezone)
    for p in permits:
        kelurahan = p.application.kelurahan if p.application_id else None
        yield PermitRow(
            number=p.number, service=p.service.code, service_name=localized(p.service, "name"),
            kelurahan=kelurahan.name if kelurahan else None,
            kecamatan=kelurahan.kecamatan.name if kelurahan else None,
            issued_on=p.issued_at.astimezone(zone).date(),
            holder=None if p.holder_is_person else p.holder_name)
