"""Complaint figures for the dashboard and the public scoreboard (M13, M14); reads only.

Definitions (README, "Public scoreboard and open data"): days are the tenant's local days and a
period includes both ends. A complaint belongs to the agency that must answer it now
(`Complaint.agency`). *Received* counts complaints submitted in the period; *answered*,
*answered on time*, *open now* and *reopened* are counted among those. The outcomes (*resolved*,
*closed unresolved*, *not responsible*, *duplicate*) count complaints closed in the period with
that status, whenever they were received. Durations are working days on the tenant's calendar
from the day received to the day of the first answer (of those received in the period) or of
closing (of those closed in the period); a day outside the calendar's years is left out.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet

from satupintu.calendars.selectors import working_calendar
from satupintu.complaints.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Complaint,
    ComplaintStatus,
)
from satupintu.lib.workdays import CalendarNotConfigured, WorkingDayCalendar
from satupintu.tenants.models import Agency, Tenant


@dataclass(frozen=True)
class ComplaintFigures:
    received: int            # submitted_at in [start, end] (tenant's local days, both ends)
    answered: int            # of those received, with answered_at set
    resolved: int            # closed in the range with status resolved
    closed_unresolved: int
    not_responsible: int
    duplicate: int
    open_now: int            # of those received, still open today
    reopened: int            # received in range and reopen_count > 0
    answered_on_time: int    # answered_at's local date <= answer_due
    median_days_to_answer: float | None   # working days submitted → first answer
    median_days_to_close: float | None    # working days submitted → closed

    @property
    def closed(self) -> int:
        """Complaints closed in the period, whatever the outcome."""
        return self.resolved + self.closed_unresolved + self.not_responsible + self.duplicate


@dataclass(frozen=True)
class _Row:
    agency_id: int
    status: str
    submitted_on: dt.date
    answered_on: dt.date | None
    closed_on: dt.date | None
    answer_due: dt.date
    reopen_count: int


def _in_period(tenant: Tenant, start: dt.date, end: dt.date, agency: Agency | None = None
               ) -> tuple[QuerySet[Complaint], QuerySet[Complaint]]:
    """(complaints received in the period, complaints closed in the period): the two sets
    every complaint figure counts over, the days being the tenant's."""
    zone = ZoneInfo(tenant.timezone)
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    qs = Complaint.objects.filter(tenant=tenant).order_by()
    if agency is not None:
        qs = qs.filter(agency=agency)
    return (qs.filter(submitted_at__gte=lo, submitted_at__lt=hi),
            qs.filter(closed_at__gte=lo, closed_at__lt=hi))


def _rows(tenant: Tenant, start: dt.date, end: dt.date,
          agency: Agency | None) -> tuple[list[_Row], list[_Row]]:
    """(complaints received in the period, complaints closed in the period)."""
    zone = ZoneInfo(tenant.timezone)
    received_in, closed_in = _in_period(tenant, start, end, agency)
    fields = ("agency_id", "status", "submitted_at", "answered_at", "closed_at", "answer_due",
              "reopen_count")

    def local(moment: dt.datetime | None) -> dt.date | None:
        return moment.astimezone(zone).date() if moment is not None else None

    def rows(values: Iterable[tuple[Any, ...]]) -> list[_Row]:
        return [_Row(agency_id=agency_id, status=status,
                     submitted_on=submitted.astimezone(zone).date(),
                     answered_on=local(answered), closed_on=local(closed), answer_due=due,
                     reopen_count=reopens)
                for agency_id, status, submitted, answered, closed, due, reopens in values]

    received = rows(received_in.values_list(*fields))
    closed = rows(closed_in.values_list(*fields))
    return received, closed


def _days(calendar: WorkingDayCalendar, start: dt.date, end: dt.date) -> int | None:
    try:
        return max(0, calendar.count_working_days(start, end))
    except CalendarNotConfigured:
        return None


def _median(values: Iterable[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(statistics.median(known)) if known else None


def _figures(calendar: WorkingDayCalendar, received: list[_Row],
             closed: list[_Row]) -> ComplaintFigures:
    open_statuses = {str(s) for s in OPEN_STATUSES}

    def closed_with(status: str) -> int:
        return sum(1 for r in closed if r.status == status)

    answered = [r for r in received if r.answered_on is not None]
    return ComplaintFigures(
        received=len(received),
        answered=len(answered),
        resolved=closed_with(ComplaintStatus.RESOLVED),
        closed_unresolved=closed_with(ComplaintStatus.CLOSED_UNRESOLVED),
        not_responsible=closed_with(ComplaintStatus.NOT_RESPONSIBLE),
        duplicate=closed_with(ComplaintStatus.DUPLICATE),
        open_now=sum(1 for r in received if r.status in open_statuses),
        reopened=sum(1 for r in received if r.reopen_count > 0),
        answered_on_time=sum(1 for r in answered
                             if r.answered_on is not None and r.answered_on <= r.answer_due),
        median_days_to_answer=_median(
            _days(calendar, r.submitted_on, r.answered_on) for r in answered
            if r.answered_on is not None),
        median_days_to_close=_median(
            _days(calendar, r.submitted_on, r.closed_on) for r in closed
            if r.closed_on is not None),
    )


def complaint_figures(*, tenant: Tenant, start: dt.date, end: dt.date,
                      agency: Agency | None = None) -> ComplaintFigures:
    """The region's (or one agency's) complaint figures for the days start..end."""
    received, closed = _rows(tenant, start, end, agency)
    return _figures(working_calendar(tenant), received, closed)


def complaint_figures_by_agency(*, tenant: Tenant, start: dt.date,
                                end: dt.date) -> list[tuple[Agency, ComplaintFigures]]:
    """The figures of every agency that received or closed a complaint in the period,
    in the agencies' order."""
    received, closed = _rows(tenant, start, end, None)
    by_received: dict[int, list[_Row]] = defaultdict(list)
    by_closed: dict[int, list[_Row]] = defaultdict(list)
    for row in received:
        by_received[row.agency_id].append(row)
    for row in closed:
        by_closed[row.agency_id].append(row)
    ids = set(by_received) | set(by_closed)
    if not ids:
        return []
    calendar = working_calendar(tenant)
    return [(agency, _figures(calendar, by_received[agency.pk], by_closed[agency.pk]))
            for agency in Agency.objects.filter(tenant=tenant, pk__in=ids)]


@dataclass(frozen=True)
class ComplaintCounts:
    """The public scoreboard's complaint figures of one agency (same definitions as
    `ComplaintFigures`): received in the period, and closed in it — all, and resolved."""

    received: int = 0
    closed: int = 0
    resolved: int = 0


def complaint_counts_by_agency(*, tenant: Tenant, start: dt.date,
                               end: dt.date) -> dict[int, ComplaintCounts]:
    """Per agency id, for every agency that received or closed a complaint in the period:
    two grouped counts, where `complaint_figures_by_agency` reads every complaint to measure
    its working days."""
    received_in, closed_in = _in_period(tenant, start, end)
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for agency, n in (received_in.values_list("agency").annotate(n=Count("pk"))
                      .values_list("agency", "n")):
        found[agency]["received"] = n
    for agency, n, resolved in (
            closed_in.filter(status__in=CLOSED_STATUSES).values_list("agency")
            .annotate(n=Count("pk"),
                      resolved=Count("pk", filter=Q(status=ComplaintStatus.RESOLVED)))
            .values_list("agency", "n", "resolved")):
        found[agency].update(closed=n, resolved=resolved)
    return {agency: ComplaintCounts(**counts) for agency, counts in found.items()}
