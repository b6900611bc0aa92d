"""The working-day clock of a case (M5): start, pause, resume, restart, extend, stop.

Day 0 is the day the file is declared complete; the legal deadline is the N-th working day
after it on the tenant's calendar, pushed back by working days spent paused (waiting for the
applicant) and by approved extensions. A pause from day P to day R costs count(P, R] working
days: the resumption day is not charged to the office, like day 0.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.lib.workdays import WorkingDayCalendar
from satupintu.workflow.models import (
    OSS_CLOCK_CODES,
    Case,
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


def remaining_working_days(calendar: WorkingDayCalendar, today: dt.date,
                           due: dt.date | None) -> int | None:
    """Working days left until `due` (negative when overdue); None without a due date."""
    if due is None:
        return None
    if due >= today:
        return calendar.count_working_days(today, due)
    return -calendar.count_working_days(due, today)
