"""Additive figures per local day, counted once for settled days and live for the others.

The period figures that add up over days (received, complete, decided, approved, rejected,
withdrawn, first permits issued, on time / late, within / beyond the legal limit, deemed
approved, correction rounds of decided files) are counted per day and cell (service ×
kecamatan × reviewing agency, `DailyFigure`) by `count_days`, one grouped query per kind of
fact; the working-day histograms likewise (`DailySpread`, `count_spreads`). A period's figure
is then the sum of its days' cells: settled days (up to yesterday, once the new day is an hour
old) read from the stored rows, filled by the hourly job or on first need by `settle`, and the
open day(s) counted live, so a transition shows on the dashboard at once.

Why a settled day cannot change: every fact counted here is stamped by the engine with the
moment it happens (`timezone.now()`; the clock's `started` event with the day it happens), and
a file's service, location and reviewing agencies are fixed when it is received. History is
rewritten only by tools outside the engine (the load generator, the demo loader, a database
restore); they call `forget`, and so does a calendar change for the histograms of the days
after it. Yesterday stays open for the first hour of the day so that a transaction that began
before midnight has committed before its day is stored.

The figures that are not sums over days (in process at the end of the period, the backlog,
overdue files) are counted live over the files by `figures`.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import reduce
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from satupintu.applications.services import SUBJECT
from satupintu.calendars.hooks import on_calendar_change
from satupintu.issuance.models import Permit
from satupintu.monitoring.models import (
    DailyFigure,
    DailySpread,
    DailySurvey,
    Measure,
    SettledDay,
    SummaryRow,
)
from satupintu.monitoring.scope import DashboardScope
from satupintu.surveys.elements import FIELDS as ANSWERS
from satupintu.surveys.models import SurveyResponse
from satupintu.surveys.periods import Period
from satupintu.surveys.selectors import answer_sums, applicant_counts
from satupintu.tenants.models import Tenant
from satupintu.workflow.models import BranchStatus, CaseBranch, ClockEvent, ClockEventKind

WITHDRAWN, REJECTED = "withdrawn", "rejected"
# The additive figures, in `DailyFigure`'s column order.
ADDITIVE: tuple[str, ...] = (
    "received", "complete", "decided", "approved", "rejected", "withdrawn", "issued", "on_time",
    "late", "within_legal", "beyond_legal", "fiktif_positif", "rounds",
)
# Today is counted live, and yesterday too until an hour after midnight, so that a
# transaction that began before midnight has committed before its day is stored.
SETTLING_TIME = dt.timedelta(hours=1)
# Each agency's rows: `Cut.agency = EACH` selects every agency's rows (to group by agency).
EACH: Literal["each"] = "each"

# (day, service id, kecamatan id or None, agency id or None for the region's row)
Key = tuple[dt.date, int, int | None, int | None]
Cell = dict[str, int]


def settled_through(tenant: Tenant) -> dt.date:
    """The last settled day in the region's time zone: yesterday, or the day before
    yesterday in the first hour of the day."""
    return (timezone.now() - SETTLING_TIME).astimezone(ZoneInfo(tenant.timezone)).date() \
        - dt.timedelta(days=1)


def first_day(tenant: Tenant) -> dt.date | None:
    """The local day of the region's first fact: the earliest file received or survey answer
    given (every other fact follows a file's receipt); None with neither."""
    moments = [moment for moment in (
        DashboardScope(tenant, None).cases().order_by("received_at")
        .values_list("received_at", flat=True).first(),
        SurveyResponse.objects.filter(tenant=tenant).order_by("submitted_at")
        .values_list("submitted_at", flat=True).first()) if moment is not None]
    return min(moments).astimezone(ZoneInfo(tenant.timezone)).date() if moments else None


# --- counting from the records -----------------------------------------------------------------
def _midnight(tenant: Tenant, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(tenant.timezone))


def _decided(tenant: Tenant, first: dt.date, last: dt.date) -> QuerySet[Any]:
    """The region's files decided on the days first..last (a withdrawal is no decision),
    annotated with the local `day` of the decision."""
    lo, hi = _midnight(tenant, first), _midnight(tenant, last + dt.timedelta(days=1))
    return (DashboardScope(tenant, None).cases()
            .filter(decided_at__gte=lo, decided_at__lt=hi).exclude(outcome=WITHDRAWN)
            .annotate(day=TruncDate("decided_at", tzinfo=ZoneInfo(tenant.timezone))))


def _sources(tenant: Tenant, first: dt.date, last: dt.date
             ) -> Iterator[tuple[QuerySet[Any], str, dict[str, Any]]]:
    """Each kind of fact: (rows, path from the row to the case, figures), where the rows are
    annotated with `day`, the local day the fact happened on."""
    zone = ZoneInfo(tenant.timezone)
    lo, hi = _midnight(tenant, first), _midnight(tenant, last + dt.timedelta(days=1))
    # The region's application files, as every dashboard counts them (the scope's one door).
    cases = DashboardScope(tenant, None).cases()
    yield (cases.filter(received_at__gte=lo, received_at__lt=hi)
           .annotate(day=TruncDate("received_at", tzinfo=zone)), "", {"received": Count("pk")})
    decided = _decided(tenant, first, last)
    with_target, with_limit = Q(service_due_date__isnull=False), Q(legal_due_date__isnull=False)
    yield decided, "", {
        "decided": Count("pk"),
        "approved": Count("pk", filter=~Q(outcome=REJECTED)),
        "rejected": Count("pk", filter=Q(outcome=REJECTED)),
        "on_time": Count("pk", filter=with_target & Q(day__lte=F("service_due_date"))),
        "late": Count("pk", filter=with_target & Q(day__gt=F("service_due_date"))),
        "within_legal": Count("pk", filter=with_limit & Q(day__lte=F("legal_due_date"))),
        "beyond_legal": Count("pk", filter=with_limit & Q(day__gt=F("legal_due_date"))),
        "rounds": Sum("correction_rounds"),
    }
    yield (cases.filter(outcome=WITHDRAWN, closed_at__gte=lo, closed_at__lt=hi)
           .annotate(day=TruncDate("closed_at", tzinfo=zone)), "", {"withdrawn": Count("pk")})
    yield (cases.filter(fiktif_positif_at__gte=lo, fiktif_positif_at__lt=hi)
           .annotate(day=TruncDate("fiktif_positif_at", tzinfo=zone)), "",
           {"fiktif_positif": Count("pk")})
    # The clock starts once per file (a restart is a `restarted` event).
    yield (ClockEvent.objects.filter(tenant=tenant, kind=ClockEventKind.STARTED, on__gte=first,
                                     on__lte=last, case__subject_type=SUBJECT)
           .annotate(day=F("on")), "case__", {"complete": Count("pk")})
    # A file's first permit (a correction's permit supersedes another and is not counted).
    yield (Permit.objects.filter(tenant=tenant, supersedes__isnull=True, issued_at__gte=lo,
                                 issued_at__lt=hi, application__case__subject_type=SUBJECT)
           .annotate(day=TruncDate("issued_at", tzinfo=zone)), "application__case__",
           {"issued": Count("application_id", distinct=True)})


_snapshot: ContextVar[dict[tuple[str, int, dt.date, dt.date], Any] | None] = ContextVar(
    "monitoring_live_snapshot", default=None)


@contextmanager
def live_snapshot() -> Iterator[None]:
    """Within the block, the open days are counted once per region and range: a page that
    shows several figures (counts, trend, spreads) reads one consistent count of today."""
    token = _snapshot.set({})
    try:
        yield
    finally:
        _snapshot.reset(token)


def _remembered(kind: str, tenant: Tenant, first: dt.date, last: dt.date,
                count: Callable[[], Any]) -> Any:
    memo = _snapshot.get()
    if memo is None:
        return count()
    key = (kind, tenant.pk, first, last)
    if key not in memo:
        memo[key] = count()
    return memo[key]


def count_days(tenant: Tenant, first: dt.date, last: dt.date) -> dict[Key, Cell]:
    """Every cell of the days first..last (both included), counted from the records: the
    region's rows (agency None) and each reviewing agency's. Two grouped queries per kind
    of fact, whatever the number of days."""
    if first > last:
        return {}
    return _remembered("days", tenant, first, last,  # type: ignore[no-any-return]
                       lambda: _count_days(tenant, first, last))


def _count_days(tenant: Tenant, first: dt.date, last: dt.date) -> dict[Key, Cell]:
    found: dict[Key, Cell] = defaultdict(lambda: dict.fromkeys(ADDITIVE, 0))
    for rows, to_case, figures in _sources(tenant, first, last):
        application = f"{to_case}application__"
        # (Named apart from the models' own `service` fields.)
        cell = {"cell_service": F(f"{application}service_id"),
                "cell_kecamatan": F(f"{application}kelurahan__kecamatan_id")}
        for per_agency in (False, True):
            extra = {"cell_agency": F(f"{to_case}agencies")} if per_agency else {}
            for row in (rows.values("day", **cell, **extra).annotate(**figures).order_by()):
                agency = row.pop("cell_agency", None)
                if per_agency and agency is None:
                    continue  # a file no agency reviews is in the region's row only
                key = (row.pop("day"), row.pop("cell_service"), row.pop("cell_kecamatan"),
                       agency)
                target = found[key]
                for name, value in row.items():
                    target[name] += int(value or 0)
    return dict(found)


# (day, service id, agency id or None, measure, value)
SpreadKey = tuple[dt.date, int, int | None, str, int]


def count_spreads(tenant: Tenant, first: dt.date, last: dt.date) -> dict[SpreadKey, int]:
    """The histograms of the days first..last, counted from the working days the engine
    stored on each decided file and recommended review (three grouped queries)."""
    if first > last:
        return {}
    return _remembered("spreads", tenant, first, last,  # type: ignore[no-any-return]
                       lambda: _count_spreads(tenant, first, last))


def _count_spreads(tenant: Tenant, first: dt.date, last: dt.date) -> dict[SpreadKey, int]:
    found: dict[SpreadKey, int] = defaultdict(int)
    zone = ZoneInfo(tenant.timezone)
    lo, hi = _midnight(tenant, first), _midnight(tenant, last + dt.timedelta(days=1))
    decided = _decided(tenant, first, last)
    for per_agency in (False, True):
        extra = {"cell_agency": F("agencies")} if per_agency else {}
        for row in (decided.values("day", "decision_working_days", "waiting_working_days",
                                   "correction_rounds",
                                   cell_service=F("application__service_id"), **extra)
                    .annotate(n=Count("pk")).order_by()):
            agency: int | None = row.get("cell_agency")
            if per_agency and agency is None:
                continue
            cell: tuple[dt.date, int, int | None] = (row["day"], row["cell_service"], agency)
            found[(*cell, Measure.ROUNDS, row["correction_rounds"])] += row["n"]
            days = row["decision_working_days"]
            if days is None:
                continue  # decided without ever being declared complete: no clock to measure
            waited = row["waiting_working_days"] or 0
            found[(*cell, Measure.TOTAL, days)] += row["n"]
            found[(*cell, Measure.WAITING, waited)] += row["n"]
            found[(*cell, Measure.AT_OFFICE, days - waited)] += row["n"]
    for review in (CaseBranch.objects
                .filter(tenant=tenant, status=BranchStatus.RECOMMENDED, decided_at__gte=lo,
                        decided_at__lt=hi, working_days__isnull=False,
                        case__subject_type=SUBJECT)
                .annotate(day=TruncDate("decided_at", tzinfo=zone))
                .values("day", "agency_id", "working_days",
                        cell_service=F("case__application__service_id"))
                .annotate(n=Count("pk")).order_by()):
        found[(review["day"], review["cell_service"], review["agency_id"], Measure.REVIEW,
               int(review["working_days"] or 0))] += review["n"]
    return dict(found)


# (day, service id or None, agency id or None)
SurveyKey = tuple[dt.date, int | None, int | None]
# `DailySurvey`'s counts, in its column order.
SURVEY: tuple[str, ...] = ("respondents", *ANSWERS, "applicants")


def count_surveys(tenant: Tenant, first: dt.date, last: dt.date) -> dict[SurveyKey, Cell]:
    """The satisfaction answers of the days first..last summed per (day, service, agency),
    and the applicants per (day, service) on the service's row with no agency (two grouped
    queries: the survey's own, `surveys.selectors`)."""
    if first > last:
        return {}
    return _remembered("surveys", tenant, first, last,  # type: ignore[no-any-return]
                       lambda: _count_surveys(tenant, first, last))


def _count_surveys(tenant: Tenant, first: dt.date, last: dt.date) -> dict[SurveyKey, Cell]:
    found: dict[SurveyKey, Cell] = defaultdict(lambda: dict.fromkeys(SURVEY, 0))
    period = Period(first, last)
    for row in answer_sums(tenant, period, per_day=True):
        cell = found[(row["day"], row["service"], row["agency"])]
        cell["respondents"] += row["n"]
        for name in ANSWERS:
            cell[name] += int(row[name] or 0)
    for row in applicant_counts(tenant, period, per_day=True):
        found[(row["day"], row["service"], None)]["applicants"] += row["n"]
    return dict(found)


# --- the stored rows ---------------------------------------------------------------------------
def _lock(tenant: Tenant) -> None:
    """Serialize the settling of one region's days (PostgreSQL; SQLite writes one at a
    time anyway): two readers filling the same days would otherwise both insert them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x5A7D, tenant.pk])


def _runs(days: Iterable[dt.date]) -> Iterator[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last) runs."""
    run: list[dt.date] = []
    for day in sorted(days):
        if run and day != run[-1] + dt.timedelta(days=1):
            yield run[0], run[-1]
            run = []
        run.append(day)
    if run:
        yield run[0], run[-1]


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _whole_months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the calendar months lying wholly within first..last."""
    month = first if first.day == 1 else _month_end(first) + dt.timedelta(days=1)
    found = []
    while _month_end(month) <= last:
        found.append(month)
        month = _month_end(month) + dt.timedelta(days=1)
    return found


def stored_pieces(first: dt.date, last: dt.date) -> Q:
    """The stored rows that add up to the days first..last: the roll-ups of the whole months
    within, and the day rows of the days before and after them."""
    months = _whole_months(first, last)
    edges = ([(first, months[0] - dt.timedelta(days=1)),
              (_month_end(months[-1]) + dt.timedelta(days=1), last)] if months
             else [(first, last)])
    pieces = [Q(whole_month=False, day__gte=a, day__lte=b) for a, b in edges if a <= b]
    if months:
        pieces.append(Q(whole_month=True, day__in=months))
    return reduce(operator.or_, pieces)


# What a month's roll-up sums, per table: (model, the cell's columns, the columns added up).
_ROLLED_UP: tuple[tuple[type[SummaryRow], tuple[str, ...], tuple[str, ...]], ...] = (
    (DailyFigure, ("service_id", "kecamatan_id", "agency_id"), ADDITIVE),
    (DailySpread, ("service_id", "agency_id", "measure", "value"), ("files",)),
    (DailySurvey, ("service_id", "agency_id"), SURVEY),
)
# Every table of the summary, for `forget`.
_TABLES: tuple[type[SummaryRow], ...] = (*(table for table, _, _ in _ROLLED_UP), SettledDay)


def _roll_up(tenant: Tenant, months: list[dt.date]) -> None:
    """Store the roll-ups of whole, settled months not rolled up yet: each cell's sum over the
    month's day rows (a grouped query per table and month)."""
    done = set(SettledDay.objects.filter(tenant=tenant, whole_month=True, day__in=months)
               .values_list("day", flat=True))
    for month in months:
        if month in done:
            continue
        days = {"tenant": tenant, "whole_month": False, "day__gte": month,
                "day__lte": _month_end(month)}
        for model, cell, totals in _ROLLED_UP:
            model._default_manager.bulk_create(
                (model(tenant=tenant, day=month, whole_month=True, **row)
                 for row in model._default_manager.filter(**days)
                 .values(*cell).annotate(**{name: Sum(name) for name in totals}).order_by()),
                batch_size=2000)
        SettledDay.objects.create(tenant=tenant, day=month, whole_month=True)


def settle(tenant: Tenant, first: dt.date, last: dt.date) -> int:
    """Count and store the settled days of first..last not stored yet; return how many days
    were counted. Days after `settled_through` are never stored."""
    last = min(last, settled_through(tenant))
    if first > last:
        return 0

    months = _whole_months(first, last)

    def stored() -> set[tuple[dt.date, bool]]:
        """The days stored and the months rolled up (`(day, whole_month)`; one query)."""
        return set(SettledDay.objects.filter(tenant=tenant, day__gte=first, day__lte=last)
                   .values_list("day", "whole_month"))

    def days_missing(found: set[tuple[dt.date, bool]]) -> set[dt.date]:
        return {day for day in _days(first, last) if (day, False) not in found}

    found = stored()
    if not days_missing(found) and all((month, True) in found for month in months):
        return 0
    with transaction.atomic():
        _lock(tenant)
        todo = days_missing(stored())  # again: another reader may have counted them meanwhile
        for run_first, run_last in _runs(todo):
            # Counted afresh under the lock (not from a page's live snapshot).
            cells = _count_days(tenant, run_first, run_last)
            DailyFigure.objects.bulk_create(
                (DailyFigure(tenant=tenant, day=day, service_id=service, kecamatan_id=kecamatan,
                             agency_id=agency, **cell)
                 for (day, service, kecamatan, agency), cell in cells.items()),
                batch_size=2000)
            DailySpread.objects.bulk_create(
                (DailySpread(tenant=tenant, day=day, service_id=service, agency_id=agency,
                             measure=measure, value=value, files=files)
                 for (day, service, agency, measure, value), files
                 in _count_spreads(tenant, run_first, run_last).items()),
                batch_size=2000)
            DailySurvey.objects.bulk_create(
                (DailySurvey(tenant=tenant, day=day, service_id=service, agency_id=agency, **cell)
                 for (day, service, agency), cell
                 in _count_surveys(tenant, run_first, run_last).items()),
                batch_size=2000)
            SettledDay.objects.bulk_create(
                [SettledDay(tenant=tenant, day=day) for day in _days(run_first, run_last)],
                batch_size=2000)
        _roll_up(tenant, months)
        return len(todo)


def _settled(tenant: Tenant, first: dt.date, last: dt.date) -> None:
    """`settle` for a reader: within a `live_snapshot`, once per range (a page's figures
    read the same days several times)."""
    _remembered("settled", tenant, first, last, lambda: settle(tenant, first, last))


def forget(tenant: Tenant, first: dt.date | None = None, last: dt.date | None = None) -> None:
    """Drop the stored days first..last (default: all), and the roll-ups of the months they
    touch, so they are counted again on next need: for tools that write history outside the
    engine."""
    with transaction.atomic():
        _lock(tenant)
        for model in _TABLES:
            rows = model._default_manager.filter(tenant=tenant)
            if first is not None:
                rows = rows.filter(Q(whole_month=False, day__gte=first)
                                   | Q(whole_month=True, day__gte=first.replace(day=1)))
            if last is not None:
                rows = rows.filter(day__lte=last)
            rows.delete()


@on_calendar_change
def forget_recounted_days(*, tenant: Tenant, dates: list[dt.date]) -> None:
    """A calendar change recounts the working days of files decided on or after the earliest
    changed day (`workflow.calendar_sync`): their histograms are counted again on next need.
    A change to future days only touches no settled day."""
    if dates:
        forget(tenant, min(dates))


# --- reading sums ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cut:
    """Which cells to add up: the region's rows (`agency` None), one agency's rows, or every
    agency's (`EACH`); optionally of one service and one kecamatan."""

    agency: int | Literal["each"] | None = None
    service: int | None = None
    kecamatan: int | None = None

    def admits(self, key: Key) -> bool:
        _day, service, kecamatan, agency = key
        if self.agency == EACH:
            if agency is None:
                return False
        elif agency != self.agency:
            return False
        return ((self.service is None or service == self.service)
                and (self.kecamatan is None or kecamatan == self.kecamatan))

    def agency_rows(self) -> Q:
        """The stored rows of the cut's agency: every agency's, one agency's, the region's."""
        return Q(agency__isnull=False) if self.agency == EACH else Q(agency=self.agency)

    def rows(self, tenant: Tenant, first: dt.date, last: dt.date) -> QuerySet[DailyFigure]:
        rows = DailyFigure.objects.filter(stored_pieces(first, last), self.agency_rows(),
                                          tenant=tenant)
        if self.service is not None:
            rows = rows.filter(service=self.service)
        if self.kecamatan is not None:
            rows = rows.filter(kecamatan=self.kecamatan)
        return rows


Group = Literal["", "month", "service", "agency"]


def _group_of(key: Key, group: Group) -> object:
    day, service, _kecamatan, agency = key
    return {"": None, "month": day.replace(day=1), "service": service, "agency": agency}[group]


def sums(tenant: Tenant, first: dt.date, last: dt.date, cut: Cut,
         group: Group = "") -> dict[object, Cell]:
    """The additive figures of the days first..last over the cells `cut` selects, per group
    (None for no grouping; the first day of the month; a service id; an agency id). A group
    with no files is absent."""
    found: dict[object, Cell] = defaultdict(lambda: dict.fromkeys(ADDITIVE, 0))
    stored_last = min(last, settled_through(tenant))
    if first <= stored_last:
        _settled(tenant, first, stored_last)
        rows = cut.rows(tenant, first, stored_last)
        by = {"": None, "month": TruncMonth("day"), "service": F("service_id"),
              "agency": F("agency_id")}[group]
        grouped = (rows.annotate(group=by).values("group") if by is not None
                   else rows.annotate(group=F("tenant_id")).values("group"))
        totals: Any = iter(grouped.annotate(
            **{name: Sum(name) for name in ADDITIVE}).order_by())
        for row in totals:
            key = row["group"] if group else None
            if isinstance(key, dt.datetime):
                key = key.date()
            target = found[key]
            for name in ADDITIVE:
                target[name] += int(row[name] or 0)
    live_first = max(first, stored_last + dt.timedelta(days=1))
    for key, cell in count_days(tenant, live_first, last).items():
        if cut.admits(key):
            target = found[_group_of(key, group)]
            for name, value in cell.items():
                target[name] += value
    return dict(found)


def spreads(tenant: Tenant, first: dt.date, last: dt.date, cut: Cut,
            measures: tuple[str, ...], group: Literal["", "service", "agency"] = ""
            ) -> dict[tuple[str, object], dict[int, int]]:
    """Histograms (value → files) of the measures over the days first..last and the cells
    `cut` selects (its kecamatan is ignored: histograms are not kept per kecamatan), per
    (measure, group) where group is None, a service id or an agency id. For `Measure.REVIEW`
    the agency is the one that gave the recommendation, and the region's cut selects every
    agency's."""
    found: dict[tuple[str, object], dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def selects(measure: str, service: int, agency: int | None) -> bool:
        if measure not in measures:
            return False
        if measure == Measure.REVIEW and cut.agency is None:
            return cut.service is None or service == cut.service
        return cut.admits((first, service, None, agency))

    stored_last = min(last, settled_through(tenant))
    if first <= stored_last:
        _settled(tenant, first, stored_last)
        rows = DailySpread.objects.filter(stored_pieces(first, stored_last), tenant=tenant,
                                          measure__in=measures)
        if cut.service is not None:
            rows = rows.filter(service=cut.service)
        agency_rows = cut.agency_rows()
        if cut.agency is None and Measure.REVIEW in measures:
            # The region's reviews are every agency's; mixed with other measures, an OR
            # (kept out of the common cases, which read the covering index by range).
            reviews = Q(measure=Measure.REVIEW, agency__isnull=False)
            agency_rows = reviews if measures == (Measure.REVIEW,) else agency_rows | reviews
        rows = rows.filter(agency_rows)
        by = {"": "tenant_id", "service": "service_id", "agency": "agency_id"}[group]
        for measure, key, value, files in (
                rows.values("measure", by, "value").annotate(n=Sum("files")).order_by()
                .values_list("measure", by, "value", "n")):
            found[(measure, key if group else None)][value] += int(files)
    live_first = max(first, stored_last + dt.timedelta(days=1))
    for (_day, service, agency, measure, value), files in count_spreads(
            tenant, live_first, last).items():
        if selects(measure, service, agency):
            key = {"": None, "service": service, "agency": agency}[group]
            found[(measure, key)][value] += files
    return {key: dict(histogram) for key, histogram in found.items()}


def survey_sums(tenant: Tenant, first: dt.date, last: dt.date
                ) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """The satisfaction answers of the days first..last summed per (service, agency) as
    `surveys.selectors.answer_sums` gives them, and the applicants per service id: what
    `surveys.selectors.breakdown` turns into the index of the unit, each service and each
    agency."""
    found: dict[tuple[int | None, int | None], Cell] = defaultdict(
        lambda: dict.fromkeys(SURVEY, 0))
    stored_last = min(last, settled_through(tenant))
    if first <= stored_last:
        _settled(tenant, first, stored_last)
        totals = {f"sum_{name}": Sum(name) for name in SURVEY}
        for service, agency, *values in (
                DailySurvey.objects.filter(stored_pieces(first, stored_last), tenant=tenant)
                .values("service_id", "agency_id").annotate(**totals).order_by()
                .values_list("service_id", "agency_id", *totals)):
            cell = found[(service, agency)]
            for name, value in zip(SURVEY, values, strict=True):
                cell[name] += int(value or 0)
    live_first = max(first, stored_last + dt.timedelta(days=1))
    for (_day, service, agency), counted in count_surveys(tenant, live_first, last).items():
        cell = found[(service, agency)]
        for name, value in counted.items():
            cell[name] += value
    answers = [{"service": service, "agency": agency, "n": cell["respondents"],
                **{name: cell[name] for name in ANSWERS}}
               for (service, agency), cell in found.items() if cell["respondents"]]
    applicants: dict[int, int] = defaultdict(int)
    for (service, _agency), cell in found.items():
        if service is not None and cell["applicants"]:
            applicants[service] += cell["applicants"]
    return answers, dict(applicants)
