"""The leaders' dashboard figures (M13), computed from the engine's records; reads only.

Every function takes a `FigureQuery` (the user's scope, the period, the slices and the day the
figures are taken on) and answers for the application files of one region only. Each figure
is defined once, as a named condition on the files (`conditions`); the drill-down lists the
files behind a figure with that condition, and `recount` counts them all in one aggregate.
The page reads faster equivalents, each held to its from-scratch reference by the tests:
the figures that add up over days, their 12-month trend and the working-day histograms come
from the daily summary (`monitoring.summary`: settled days stored once, yesterday and today
live); the states (in process, open, backlog, overdue) are counted live over the few files
that can meet them (`current_counts`). Working days are the ones the clock stores on a file
when it stops on a decision (`Case.decision_working_days`, `Case.waiting_working_days`,
`CaseBranch.working_days`); `recompute_durations` and `recompute_agency_times` count them
again from the clock events.

Definitions (README, "Monitoring dashboard"): days are the tenant's local days; the period
includes both ends; a file is *decided* when its clock stopped on a decision (approval or
rejection; a withdrawal is no decision).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import cast
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth

from satupintu.calendars.selectors import working_calendar
from satupintu.catalog.models import Service
from satupintu.issuance.models import Permit
from satupintu.lib.workdays import WorkingDayCalendar
from satupintu.monitoring import summary
from satupintu.monitoring.models import Measure
from satupintu.monitoring.scope import DashboardScope, reviewed_by_any
from satupintu.tenants.models import Agency, Kecamatan
from satupintu.workflow.clock import MEASURED_KINDS, decision_days
from satupintu.workflow.models import BranchStatus, Case, CaseBranch, ClockEvent, ClockEventKind

WITHDRAWN, REJECTED = "withdrawn", "rejected"
# Backlog buckets: (name, fewest, most working days since received); None: no upper end.
BACKLOG_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("backlog_0_5", 0, 5), ("backlog_6_10", 6, 10), ("backlog_11_20", 11, 20),
    ("backlog_over_20", 21, None),
)
# Every figure that has a list of files behind it, in the order the dashboard shows them.
FIGURES: tuple[str, ...] = (
    "received", "complete", "in_process", "decided", "approved", "rejected", "withdrawn",
    "issued", "on_time", "late", "within_legal", "beyond_legal", "fiktif_positif",
    *(name for name, _low, _high in BACKLOG_BUCKETS), "open", "overdue", "overdue_legal",
)
TREND_MONTHS = 12


@dataclass(frozen=True)
class Slices:
    """Optional narrowing: files an agency reviews, of a service, located in a kecamatan."""

    agency: Agency | None = None
    service: Service | None = None
    kecamatan: Kecamatan | None = None


@dataclass(frozen=True)
class FigureQuery:
    """What the figures are asked for: whose view, which days (both included), which slice,
    and `today`, the day open files are aged and judged overdue on."""

    scope: DashboardScope
    start: dt.date
    end: dt.date
    today: dt.date
    slices: Slices = field(default_factory=Slices)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.scope.tenant.timezone)

    def midnight(self, day: dt.date) -> dt.datetime:
        """The first moment of a local day."""
        return dt.datetime.combine(day, dt.time.min, tzinfo=self.zone)

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[first moment of `start`, first moment after `end`)."""
        return self.midnight(self.start), self.midnight(self.end + dt.timedelta(days=1))


# --- the files and the conditions that define each figure ------------------------------------
def files(query: FigureQuery) -> QuerySet[Case]:
    """The application files in the user's scope and the slices (no period applied)."""
    qs = query.scope.cases()
    slices = query.slices
    if slices.agency is not None:
        qs = qs.filter(reviewed_by_any(frozenset({slices.agency.pk})))
    if slices.service is not None:
        qs = qs.filter(application__service=slices.service)
    if slices.kecamatan is not None:
        qs = qs.filter(application__kelurahan__kecamatan=slices.kecamatan)
    return qs


def annotated(query: FigureQuery) -> QuerySet[Case]:
    """`files` with what the conditions need: the local decision day, whether the file was
    declared complete in the period, whether its permit was first issued in the period."""
    lo, hi = query.bounds
    # Uncorrelated `pk IN (…)`: the database builds each set once (a hashed subplan on
    # PostgreSQL) instead of probing per file, which matters at a million files.
    started = ClockEvent.objects.filter(tenant=query.scope.tenant, kind=ClockEventKind.STARTED,
                                        on__gte=query.start, on__lte=query.end).values("case_id")
    issued = Permit.objects.filter(tenant=query.scope.tenant, supersedes__isnull=True,
                                   issued_at__gte=lo, issued_at__lt=hi).values("application_id")
    return files(query).annotate(
        decided_on=TruncDate("decided_at", tzinfo=query.zone),
        started_in=ExpressionWrapper(Q(pk__in=started), output_field=BooleanField()),
        # The file's application (one to one, already joined by the scope) has the permit.
        issued_in=ExpressionWrapper(Q(application__pk__in=issued), output_field=BooleanField()))


def conditions(query: FigureQuery, calendar: WorkingDayCalendar) -> dict[str, Q]:
    """Each figure as a condition on `annotated(query)`."""
    lo, hi = query.bounds
    decided = Q(decided_at__gte=lo, decided_at__lt=hi) & ~Q(outcome=WITHDRAWN)
    with_target = decided & Q(service_due_date__isnull=False)
    with_limit = decided & Q(legal_due_date__isnull=False)
    still_open = Q(decided_at__isnull=True, closed_at__isnull=True)
    found = {
        "received": Q(received_at__gte=lo, received_at__lt=hi),
        "complete": Q(started_in=True),
        "in_process": (Q(received_at__lt=hi)
                       & (Q(decided_at__isnull=True) | Q(decided_at__gte=hi))
                       & (Q(closed_at__isnull=True) | Q(closed_at__gte=hi))),
        "decided": decided,
        "approved": decided & ~Q(outcome=REJECTED),
        "rejected": decided & Q(outcome=REJECTED),
        "withdrawn": Q(outcome=WITHDRAWN, closed_at__gte=lo, closed_at__lt=hi),
        "issued": Q(issued_in=True),
        "on_time": with_target & Q(decided_on__lte=F("service_due_date")),
        "late": with_target & Q(decided_on__gt=F("service_due_date")),
        "within_legal": with_limit & Q(decided_on__lte=F("legal_due_date")),
        "beyond_legal": with_limit & Q(decided_on__gt=F("legal_due_date")),
        "fiktif_positif": Q(fiktif_positif_at__gte=lo, fiktif_positif_at__lt=hi),
        "open": still_open,
        "overdue": still_open & Q(service_due_date__lt=query.today),
        "overdue_legal": still_open & Q(legal_due_date__lt=query.today),
    }
    for name, low, high in BACKLOG_BUCKETS:
        # Received on or after the (n+1)-th working day back ⇔ at most n working days old.
        bucket = still_open
        if high is not None:
            bucket &= Q(received_at__gte=query.midnight(
                working_days_back(calendar, query.today, high + 1)))
        if low > 0:
            bucket &= Q(received_at__lt=query.midnight(
                working_days_back(calendar, query.today, low)))
        found[name] = bucket
    return found


def working_days_back(calendar: WorkingDayCalendar, today: dt.date, n: int) -> dt.date:
    """The n-th most recent working day on or before `today` (n ≥ 1): a file received on it
    or later is at most n - 1 working days old (`count_working_days(received, today)`)."""
    day, seen = today, 0
    while True:
        if calendar.is_working_day(day):
            seen += 1
            if seen == n:
                return day
        day -= dt.timedelta(days=1)


# --- counts ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Counts:
    """How many files each figure counts, and the shares that follow from them."""

    values: dict[str, int]

    def __getitem__(self, name: str) -> int:
        return self.values[name]

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def on_time_share(self) -> float | None:
        """% of decided files with a service target decided on or before it."""
        return self._share(self["on_time"], self["on_time"] + self["late"])

    @property
    def within_legal_share(self) -> float | None:
        """% of decided files with a legal deadline decided on or before it."""
        return self._share(self["within_legal"], self["within_legal"] + self["beyond_legal"])


def touching(query: FigureQuery) -> Q:
    """A cheap condition every file that some figure counts meets (received, decided or
    closed in the period or after it, still undecided, deemed approved, complete or issued in
    the period): files decided and closed before the period are skipped before the figures'
    conditions are evaluated, without changing any count."""
    lo, _hi = query.bounds
    return (Q(received_at__gte=lo) | Q(decided_at__isnull=True) | Q(decided_at__gte=lo)
            | Q(closed_at__gte=lo) | Q(fiktif_positif_at__gte=lo) | Q(started_in=True)
            | Q(issued_in=True))


@contextmanager
def room_for_period_sets() -> Iterator[None]:
    """On PostgreSQL, enough working memory for the period's sets (`annotated`: a year's
    complete and issued files at a million applications) to be hashed once; with too little
    the planner probes them per file. SET LOCAL: only for this transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '128MB'")
        yield


def recount(query: FigureQuery) -> Counts:
    """Every figure's count from scratch, one aggregate query over the files: the reference
    the daily summary is tested against, and the way to count scopes it has no rows for."""
    found = conditions(query, working_calendar(query.scope.tenant))
    with room_for_period_sets():
        totals = annotated(query).filter(touching(query)).aggregate(
            **{name: Count("pk", filter=found[name]) for name in FIGURES})
    return Counts({name: int(totals[name] or 0) for name in FIGURES})


# Figures that are no sum over days: the state at the end of the period or today.
CURRENT: tuple[str, ...] = (
    "in_process", "open", "overdue", "overdue_legal",
    *(name for name, _low, _high in BACKLOG_BUCKETS),
)


def cut(query: FigureQuery) -> summary.Cut | None:
    """The daily summary's cells that hold the query's files, or None when no cells do: a
    head of several agencies (files any of them reviews) or an agency slice other than the
    scope's own agency (files both review) are counted from scratch."""
    limited, sliced = query.scope.agency_ids, query.slices.agency
    if limited is None:
        agency = sliced.pk if sliced is not None else None
    elif len(limited) == 1 and (sliced is None or {sliced.pk} == limited):
        agency = next(iter(limited))
    else:
        return None
    return summary.Cut(
        agency=agency,
        service=query.slices.service.pk if query.slices.service is not None else None,
        kecamatan=query.slices.kecamatan.pk if query.slices.kecamatan is not None else None)


def current_counts(query: FigureQuery) -> dict[str, int]:
    """In process at the end of the period, open, overdue and the backlog, counted over the
    files that can meet them: open today, or received by the end of the period and decided
    or closed after it (few, for a period ending recently)."""
    found = conditions(query, working_calendar(query.scope.tenant))
    _lo, hi = query.bounds
    candidates = (Q(decided_at__isnull=True, closed_at__isnull=True)
                  | Q(received_at__lt=hi, decided_at__gte=hi)
                  | Q(received_at__lt=hi, closed_at__gte=hi))
    totals = files(query).filter(candidates).aggregate(
        **{name: Count("pk", filter=found[name]) for name in CURRENT})
    return {name: int(totals[name] or 0) for name in CURRENT}


def counts(query: FigureQuery) -> Counts:
    """Every figure's count: the additive ones summed over the daily summary's cells
    (`summary.sums`), the others counted live (`current_counts`)."""
    selected = cut(query)
    if selected is None:
        return recount(query)
    added = summary.sums(query.scope.tenant, query.start, query.end, selected).get(
        None, dict.fromkeys(summary.ADDITIVE, 0))
    found = {**added, **current_counts(query)}
    return Counts({name: found[name] for name in FIGURES})


def drilldown(query: FigureQuery, figure: str) -> QuerySet[Case]:
    """The files behind one figure (a name from FIGURES), oldest first."""
    found = conditions(query, working_calendar(query.scope.tenant))
    return (annotated(query).filter(found[figure])
            .select_related("application", "application__service", "holder_agency",
                            "assignee", "definition")
            .order_by("received_at", "pk"))


# --- working-day durations ---------------------------------------------------------------------
@dataclass(frozen=True)
class Spread:
    """Median and 90th percentile (nearest rank) of some working-day counts."""

    n: int
    median: float | None
    p90: int | None
    mean: float | None

    @classmethod
    def of(cls, values: Sequence[int]) -> Spread:
        if not values:
            return cls(0, None, None, None)
        ordered = sorted(values)
        return cls(len(ordered), float(statistics.median(ordered)),
                   ordered[math.ceil(0.9 * len(ordered)) - 1],
                   round(sum(ordered) / len(ordered), 2))

    @classmethod
    def of_histogram(cls, histogram: Mapping[int, int]) -> Spread:
        """The same figures as `of`, from value → how many times it occurs."""
        pairs = sorted((value, n) for value, n in histogram.items() if n > 0)
        count = sum(n for _value, n in pairs)
        if not count:
            return cls(0, None, None, None)

        def nth(rank: int) -> int:  # the rank-th smallest value, 0-based
            seen = 0
            for value, n in pairs:
                seen += n
                if rank < seen:
                    return value
            raise IndexError(rank)

        middle = count // 2
        median = (float(nth(middle)) if count % 2 else
                  float(statistics.median([nth(middle - 1), nth(middle)])))
        total = sum(value * n for value, n in pairs)
        return cls(count, median, nth(math.ceil(0.9 * count) - 1), round(total / count, 2))


@dataclass(frozen=True)
class FileDuration:
    """One decided file: working days from complete to decision, split by who waited."""

    case_id: int
    total: int
    waiting_on_applicant: int

    @property
    def at_office(self) -> int:
        return self.total - self.waiting_on_applicant


@dataclass(frozen=True)
class Durations:
    """Working days from complete to decision over the files decided in the period."""

    total: Spread
    at_office: Spread
    waiting_on_applicant: Spread
    correction_rounds: Spread
    rounds_distribution: dict[str, int]  # "0", "1", "2", "3+" → files


def file_durations(calendar: WorkingDayCalendar, decided_on: dt.date, started_on: dt.date,
                   events: Iterable[tuple[str, dt.date]], case_id: int = 0) -> FileDuration:
    """Split the working days (started, decided] into time paused waiting on the applicant
    and the rest, with the clock's rule: a pause from P to R costs count(P, R]
    (`workflow.clock.decision_days`, which also fills the stored summary)."""
    total, waiting = decision_days(calendar, decided_on, started_on, events)
    return FileDuration(case_id, total, waiting)


CLOCK_KINDS = MEASURED_KINDS


def decided_files(query: FigureQuery) -> tuple[list[FileDuration], list[int]]:
    """The files decided in the period: the durations of those that had been declared
    complete, and every one's correction rounds (two queries)."""
    calendar = working_calendar(query.scope.tenant)
    decided = annotated(query).filter(conditions(query, calendar)["decided"])
    rows = [(pk, at.astimezone(query.zone).date() if at else None, rounds)
            for pk, at, rounds in decided.values_list("pk", "decided_at", "correction_rounds")]
    events: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for case_id, kind, on in (ClockEvent.objects
                              .filter(tenant=query.scope.tenant, kind__in=CLOCK_KINDS,
                                      case_id__in=decided.values("pk"))
                              .order_by("case_id", "at", "pk")
                              .values_list("case_id", "kind", "on")):
        events[case_id].append((kind, on))
    found = []
    for case_id, decided_on, _rounds in rows:
        started = next((on for kind, on in events[case_id] if kind == ClockEventKind.STARTED),
                       None)
        if started is None or decided_on is None:
            continue  # decided without ever being declared complete: no clock to measure
        found.append(file_durations(calendar, decided_on, started, events[case_id], case_id))
    return found, [rounds for _pk, _on, rounds in rows]


def _rounds_distribution(histogram: Mapping[int, int]) -> dict[str, int]:
    distribution = {"0": 0, "1": 0, "2": 0, "3+": 0}
    for value, n in histogram.items():
        distribution["3+" if value >= 3 else str(value)] += n
    return distribution


SPREAD_MEASURES = (Measure.TOTAL, Measure.WAITING, Measure.AT_OFFICE, Measure.ROUNDS)


def durations(query: FigureQuery) -> Durations:
    """Median/p90 working days, time waiting on the applicant, and correction rounds, from
    the daily summary's histograms (`summary.spreads`); for cuts it does not hold (several
    agencies, a kecamatan) from the working days stored on the files decided in the period."""
    selected = cut(query)
    if selected is None or selected.kecamatan is not None:
        return durations_from_files(query)
    found = summary.spreads(query.scope.tenant, query.start, query.end, selected,
                            SPREAD_MEASURES)
    total, waiting, at_office, rounds = (found.get((m, None), {}) for m in SPREAD_MEASURES)
    return Durations(
        total=Spread.of_histogram(total), at_office=Spread.of_histogram(at_office),
        waiting_on_applicant=Spread.of_histogram(waiting),
        correction_rounds=Spread.of_histogram(rounds),
        rounds_distribution=_rounds_distribution(rounds))


def durations_from_files(query: FigureQuery) -> Durations:
    """`durations` in one grouped query over the stored summary of the files decided in the
    period."""
    decided = annotated(query).filter(
        conditions(query, working_calendar(query.scope.tenant))["decided"])
    total: dict[int, int] = defaultdict(int)
    waiting: dict[int, int] = defaultdict(int)
    at_office: dict[int, int] = defaultdict(int)
    rounds: dict[int, int] = defaultdict(int)
    for days, waited, rounds_of, n in (
            decided.values("decision_working_days", "waiting_working_days", "correction_rounds")
            .annotate(n=Count("pk")).order_by()
            .values_list("decision_working_days", "waiting_working_days", "correction_rounds",
                         "n")):
        rounds[rounds_of] += n
        if days is None:
            continue  # decided without ever being declared complete: no clock to measure
        waited = waited or 0
        total[days] += n
        waiting[waited] += n
        at_office[days - waited] += n
    return Durations(
        total=Spread.of_histogram(total), at_office=Spread.of_histogram(at_office),
        waiting_on_applicant=Spread.of_histogram(waiting),
        correction_rounds=Spread.of_histogram(rounds),
        rounds_distribution=_rounds_distribution(rounds))


def recompute_durations(query: FigureQuery) -> Durations:
    """`durations` from scratch, over the clock events on today's calendar: the reference the
    stored summary is tested against (and what the figures were before it)."""
    measured, rounds = decided_files(query)
    distribution = {"0": 0, "1": 0, "2": 0, "3+": 0}
    for value in rounds:
        distribution["3+" if value >= 3 else str(value)] += 1
    return Durations(
        total=Spread.of([d.total for d in measured]),
        at_office=Spread.of([d.at_office for d in measured]),
        waiting_on_applicant=Spread.of([d.waiting_on_applicant for d in measured]),
        correction_rounds=Spread.of(rounds), rounds_distribution=distribution)


@dataclass(frozen=True)
class AgencyTime:
    """An agency's reviews completed in the period: working days from request to
    recommendation."""

    agency: str
    code: str
    days: Spread


def _recommendations(query: FigureQuery) -> QuerySet[CaseBranch]:
    lo, hi = query.bounds
    branches = CaseBranch.objects.filter(
        tenant=query.scope.tenant, status=BranchStatus.RECOMMENDED, decided_at__gte=lo,
        decided_at__lt=hi, case_id__in=files(query).values("pk"))
    limited = query.scope.agency_ids
    if query.slices.agency is not None:
        limited = frozenset({query.slices.agency.pk}) & (limited or {query.slices.agency.pk})
    if limited is not None:
        branches = branches.filter(agency_id__in=limited)
    return branches


def agency_times(query: FigureQuery) -> list[AgencyTime]:
    """Per reviewing agency, its recommendations given in the period (current review rounds),
    from the daily summary's histograms; for cuts it does not hold, `agency_times_from_files`.
    """
    selected = cut(query)
    if selected is None or selected.kecamatan is not None:
        return agency_times_from_files(query)
    found = summary.spreads(query.scope.tenant, query.start, query.end, selected,
                            (Measure.REVIEW,), group="agency")
    by_agency = {cast(int, key): values for (_measure, key), values in found.items()}
    return sorted((AgencyTime(agency.short_name or agency.name, agency.code,
                              Spread.of_histogram(by_agency[pk]))
                   for pk, agency in Agency.objects.in_bulk(list(by_agency)).items()),
                  key=lambda time: time.agency)


def agency_times_from_files(query: FigureQuery) -> list[AgencyTime]:
    """`agency_times` in one grouped query over the stored working days of the reviews."""
    per_agency: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for code, short, name, days, n in (
            _recommendations(query)
            .values("agency__code", "agency__short_name", "agency__name", "working_days")
            .annotate(n=Count("pk")).order_by()
            .values_list("agency__code", "agency__short_name", "agency__name", "working_days",
                         "n")):
        if days is None:
            continue
        per_agency[(code, short or name)][days] += n
    return [AgencyTime(label, code, Spread.of_histogram(values))
            for (code, label), values in sorted(per_agency.items(), key=lambda kv: kv[0][1])]


def recompute_agency_times(query: FigureQuery) -> list[AgencyTime]:
    """`agency_times` from scratch on today's calendar (the reference for the summary)."""
    calendar = working_calendar(query.scope.tenant)
    per_agency: dict[tuple[str, str], list[int]] = defaultdict(list)
    for code, short, name, asked, answered in _recommendations(query).values_list(
            "agency__code", "agency__short_name", "agency__name", "created_at", "decided_at"):
        if answered is None:
            continue
        days = calendar.count_working_days(asked.astimezone(query.zone).date(),
                                           answered.astimezone(query.zone).date())
        per_agency[(code, short or name)].append(max(0, days))
    return [AgencyTime(label, code, Spread.of(values))
            for (code, label), values in sorted(per_agency.items(), key=lambda kv: kv[0][1])]


# --- the monthly trend -------------------------------------------------------------------------
@dataclass(frozen=True)
class Month:
    """One month of the trend: files received, decided, and decided on time."""

    first_day: dt.date
    received: int
    decided: int
    on_time: int
    with_target: int

    @property
    def on_time_share(self) -> float | None:
        return round(100 * self.on_time / self.with_target, 1) if self.with_target else None


def trend_months(end: dt.date) -> list[dt.date]:
    """The first days of the 12 months ending with `end`'s month, oldest first."""
    year, month = end.year, end.month
    firsts = []
    for _ in range(TREND_MONTHS):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _month_key(value: dt.date | dt.datetime, zone: ZoneInfo) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.astimezone(zone).date() if value.tzinfo else value.date()
    return value.replace(day=1)


def trend(query: FigureQuery) -> list[Month]:
    """Received, decided and on-time per month for the 12 months ending with the period's
    last month, from the daily summary (`recompute_trend` counts them from the files)."""
    selected = cut(query)
    if selected is None:
        return recompute_trend(query)
    months = trend_months(query.end)
    found = summary.sums(query.scope.tenant, months[0], query.end, selected, group="month")
    empty = dict.fromkeys(summary.ADDITIVE, 0)
    return [Month(first, found.get(first, empty)["received"], found.get(first, empty)["decided"],
                  found.get(first, empty)["on_time"],
                  found.get(first, empty)["on_time"] + found.get(first, empty)["late"])
            for first in months]


def recompute_trend(query: FigureQuery) -> list[Month]:
    """`trend` counted from the files (two grouped queries): the summary's reference."""
    months = trend_months(query.end)
    lo = query.midnight(months[0])
    hi = query.bounds[1]
    zone = query.zone
    base = files(query)
    received = {
        _month_key(row["month"], zone): row["n"]
        for row in base.filter(received_at__gte=lo, received_at__lt=hi)
        .annotate(month=TruncMonth("received_at", tzinfo=zone))
        .values("month").annotate(n=Count("pk")).order_by()}
    decided: dict[dt.date, dict[str, int]] = {
        _month_key(row["month"], zone): {"n": row["n"], "on_time": row["on_time"],
                                         "with_target": row["with_target"]}
        for row in base.filter(decided_at__gte=lo, decided_at__lt=hi)
        .exclude(outcome=WITHDRAWN)
        .annotate(month=TruncMonth("decided_at", tzinfo=zone),
                  decided_on=TruncDate("decided_at", tzinfo=zone))
        .values("month")
        .annotate(n=Count("pk"),
                  on_time=Count("pk", filter=Q(service_due_date__isnull=False,
                                               decided_on__lte=F("service_due_date"))),
                  with_target=Count("pk", filter=Q(service_due_date__isnull=False)))
        .order_by()}
    return [Month(first, received.get(first, 0), decided.get(first, {}).get("n", 0),
                  decided.get(first, {}).get("on_time", 0),
                  decided.get(first, {}).get("with_target", 0))
            for first in months]


# --- overdue files -----------------------------------------------------------------------------
def overdue_files(query: FigureQuery, limit: int = 20) -> list[Case]:
    """Open files past their service target on `today`, the longest overdue first."""
    found = conditions(query, working_calendar(query.scope.tenant))
    # "overdue" reads only the file's own columns: no need for `annotated`'s period sets.
    return list(files(query).filter(found["overdue"])
                .select_related("application", "application__service", "holder_agency",
                                "assignee", "definition")
                .order_by("service_due_date", "pk")[:limit])


# --- everything on the page --------------------------------------------------------------------
@dataclass(frozen=True)
class Dashboard:
    """All figures of the dashboard for one query."""

    counts: Counts
    durations: Durations
    agency_times: list[AgencyTime]
    trend: list[Month]
    overdue: list[Case]


def dashboard(query: FigureQuery) -> Dashboard:
    """The dashboard's figures (a fixed number of queries, whatever the number of files)."""
    with summary.live_snapshot():
        return Dashboard(counts=counts(query), durations=durations(query),
                         agency_times=agency_times(query), trend=trend(query),
                         overdue=overdue_files(query))
