"""Report periods: a month, quarter or semester, named by its kind and its first day, and the
schedule's rule (the first working day of a period reports on the previous one)."""

from __future__ import annotations

import calendar
import datetime as dt

from satupintu.lib.workdays import WorkingDayCalendar
from satupintu.reports.models import ReportKind

MONTHS = {ReportKind.MONTHLY: 1, ReportKind.QUARTERLY: 3, ReportKind.SEMESTER: 6}
PARTS = {ReportKind.MONTHLY: 12, ReportKind.QUARTERLY: 4, ReportKind.SEMESTER: 2}


def period(kind: str, year: int, part: int) -> tuple[dt.date, dt.date]:
    """The days of the `part`-th month, quarter or semester of `year` (both ends included)."""
    months = MONTHS[ReportKind(kind)]
    if not 1 <= part <= PARTS[ReportKind(kind)]:
        raise ValueError(part)
    first_month = (part - 1) * months + 1
    last_month = first_month + months - 1
    return (dt.date(year, first_month, 1),
            dt.date(year, last_month, calendar.monthrange(year, last_month)[1]))


def containing(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period of `kind` that `day` lies in."""
    months = MONTHS[ReportKind(kind)]
    return period(kind, day.year, (day.month - 1) // months + 1)


def previous(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period of `kind` before the one `day` lies in."""
    start, _end = containing(kind, day)
    return containing(kind, start - dt.timedelta(days=1))


def first_working_day(calendar_: WorkingDayCalendar, start: dt.date) -> dt.date:
    """The first working day on or after `start`."""
    day = start
    while not calendar_.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def due_today(calendar_: WorkingDayCalendar, today: dt.date) -> list[str]:
    """The kinds whose scheduled report is due today: today is the first working day of a
    month, quarter or semester."""
    return [kind for kind in ReportKind
            if first_working_day(calendar_, containing(kind, today)[0]) == today]
