"""The working-day clock of a case (M5): start, pause, resume, restart, extend, stop.

Day 0 is the day the file is declared complete; the legal deadline is the N-th working day
after it on the tenant's calendar, pushed back by working days spent paused (waiting for the
applicant) and by approved extensions. A pause from day P to day R costs count(P, R] working
days: the resumption day is not charged to the office, like day 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone

from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.lib.workdays import WorkingDayCalendar
from satupintu.workflow.models import (
    OSS_CLOCK_CODES,
    Case,
    CaseBranch,
    ClockEvent,
    ClockEventKind,
    ClockState,
)


def paused_so_far(case: Case, calendar: WorkingDayCalendar, today: dt.date) -> int:
    """Working days paused: completed pauses plus the running one up to today."""
    running = (calendar.count_working_days(case.paused_since, today)
               if case.paused_since is not None and today > case.paused_since else 0)
    return case.paused_days + running


def compute_due_dates(
    case: Case, calendar: WorkingDayCalendar, today: dt.date
) -> tuple[dt.date | None, dt.date | None]:
    """(legal deadline, service target) as they stand today; None before the clock starts."""
    if case.clock_started_on is None:
        return None, None
    shift = case.extension_days + paused_so_far(case, calendar, today)
    start = case.clock_started_on
    return (calendar.add_working_days(start, case.legal_days + shift),
            calendar.add_working_days(start, case.service_days + shift))


def refresh_due_dates(case: Case, calendar: WorkingDayCalendar, today: dt.date) -> bool:
    """Store the due dates as of today; True when they moved."""
    legal, service = compute_due_dates(case, calendar, today)
    moved = (legal, service) != (case.legal_due_date, case.service_due_date)
    case.legal_due_date, case.service_due_date = legal, service
    return moved


def clock_event(case: Case, kind: ClockEventKind, today: dt.date, *, days: int = 0,
                reason: str = "") -> ClockEvent:
    """Record a clock event with the due dates as they stand after it."""
    return ClockEvent.objects.create(
        tenant_id=case.tenant_id, case=case, kind=kind, on=today, at=timezone.now(), days=days,
        reason=reason, oss_code=OSS_CLOCK_CODES.get(kind, ""),
        legal_due_date=case.legal_due_date, service_due_date=case.service_due_date,
    )


# --- the summary the monitoring figures read (ADR 0016) ------------------------------------
# The clock events that bound the working days of a file (extensions and recomputations don't).
MEASURED_KINDS = (ClockEventKind.STARTED, ClockEventKind.PAUSED, ClockEventKind.RESUMED,
                  ClockEventKind.RESTARTED, ClockEventKind.STOPPED)


def decision_days(calendar: WorkingDayCalendar, decided_on: dt.date, started_on: dt.date,
                  events: Iterable[tuple[str, dt.date]]) -> tuple[int, int]:
    """(working days (started, decided], of them waiting on the applicant), with the clock's
    rule: a pause from P to R costs count(P, R]. `events` are the file's measured clock events
    (kind, day) in the order they happened."""
    total = max(0, calendar.count_working_days(started_on, decided_on))
    waiting, paused_from = 0, None
    for kind, on in events:
        if kind == ClockEventKind.PAUSED and paused_from is None:
            paused_from = on
        elif kind in (ClockEventKind.RESUMED, ClockEventKind.RESTARTED,
                      ClockEventKind.STOPPED) and paused_from is not None:
            waiting += max(0, calendar.count_working_days(paused_from, min(on, decided_on)))
            paused_from = None
    if paused_from is not None:
        waiting += max(0, calendar.count_working_days(paused_from, decided_on))
    return total, min(waiting, total)


def summarize_decision(case: Case, calendar: WorkingDayCalendar,
                       events: Iterable[tuple[str, dt.date]]) -> bool:
    """Set the case's stored working days from its measured clock events (in order); None
    when it has no decision or was never declared complete. True when they changed."""
    found: tuple[int | None, int | None] = (None, None)
    history = list(events)
    started = next((on for kind, on in history if kind == ClockEventKind.STARTED), None)
    if case.decided_at is not None and started is not None:
        decided_on = case.decided_at.astimezone(ZoneInfo(case.tenant.timezone)).date()
        found = decision_days(calendar, decided_on, started, history)
    changed = found != (case.decision_working_days, case.waiting_working_days)
    case.decision_working_days, case.waiting_working_days = found
    return changed


def measured_events(case_ids: Iterable[int]) -> dict[int, list[tuple[str, dt.date]]]:
    """The measured clock events of some files, in the order they happened (one query)."""
    found: dict[int, list[tuple[str, dt.date]]] = {}
    for case_id, kind, on in (ClockEvent.objects
                              .filter(case_id__in=list(case_ids), kind__in=MEASURED_KINDS)
                              .order_by("case_id", "at", "pk")
                              .values_list("case_id", "kind", "on")):
        found.setdefault(case_id, []).append((kind, on))
    return found


def summarize_branch(branch: CaseBranch, calendar: WorkingDayCalendar, zone: ZoneInfo) -> bool:
    """Set a recommended review's working days from request to recommendation."""
    days = None
    if branch.decided_at is not None and branch.created_at is not None:
        days = max(0, calendar.count_working_days(branch.created_at.astimezone(zone).date(),
                                                  branch.decided_at.astimezone(zone).date()))
    changed = days != branch.working_days
    branch.working_days = days
    return changed


class Clock:
    """Clock operations on one case within a transition (the case is saved by the engine)."""

    def __init__(self, case: Case, today: dt.date | None = None) -> None:
        self.case = case
        self.calendar = working_calendar(case.tenant)
        self.today = today or local_date(case.tenant)

    def _refresh(self) -> None:
        refresh_due_dates(self.case, self.calendar, self.today)

    def start(self) -> None:
        case = self.case
        if case.clock_state != ClockState.NOT_STARTED:
            return
        case.clock_state = ClockState.RUNNING
        case.clock_started_on = self.today
        self._refresh()
        clock_event(case, ClockEventKind.STARTED, self.today)

    def pause(self, *, restart_on_resume: bool = False, reason: str = "") -> None:
        case = self.case
        if case.clock_state != ClockState.RUNNING:
            return
        case.clock_state = ClockState.PAUSED
        case.paused_since = self.today
        case.restart_on_resume = restart_on_resume
        self._refresh()
        clock_event(case, ClockEventKind.PAUSED, self.today, reason=reason)

    def resume(self) -> None:
        case = self.case
        if case.clock_state != ClockState.PAUSED:
            return
        if case.restart_on_resume:
            case.paused_since = None
            case.restart_on_resume = False
            self._restart_from_today()
            return
        case.paused_days = paused_so_far(case, self.calendar, self.today)
        case.paused_since = None
        case.clock_state = ClockState.RUNNING
        self._refresh()
        clock_event(case, ClockEventKind.RESUMED, self.today)

    def restart(self, reason: str = "") -> None:
        if self.case.clock_state == ClockState.NOT_STARTED:
            return
        self.case.paused_since = None
        self._restart_from_today(reason)

    def _restart_from_today(self, reason: str = "") -> None:
        case = self.case
        case.clock_state = ClockState.RUNNING
        case.clock_started_on = self.today
        case.paused_days = 0
        case.extension_days = 0
        case.warned_on = None
        self._refresh()
        clock_event(case, ClockEventKind.RESTARTED, self.today, reason=reason)

    def extend(self, days: int, reason: str) -> None:
        case = self.case
        if case.clock_state not in (ClockState.RUNNING, ClockState.PAUSED):
            return
        case.extension_days += days
        case.warned_on = None
        self._refresh()
        clock_event(case, ClockEventKind.EXTENDED, self.today, days=days, reason=reason)

    def stop(self) -> None:
        case = self.case
        if case.clock_state == ClockState.STOPPED:
            return
        if case.clock_state == ClockState.PAUSED:
            case.paused_days = paused_so_far(case, self.calendar, self.today)
            case.paused_since = None
        was_started = case.clock_state != ClockState.NOT_STARTED
        case.clock_state = ClockState.STOPPED
        case.decided_at = case.decided_at or timezone.now()
        if was_started:
            self._refresh()
        clock_event(case, ClockEventKind.STOPPED, self.today)
        if was_started:
            summarize_decision(case, self.calendar, measured_events([case.pk]).get(case.pk, []))


def remaining_working_days(calendar: WorkingDayCalendar, today: dt.date,
                           due: dt.date | None) -> int | None:
    """Working days left until `due` (negative when overdue); None without a due date."""
    if due is None:
        return None
    if due >= today:
        return calendar.count_working_days(today, due)
    return -calendar.count_working_days(due, today)
