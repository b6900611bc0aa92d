"""Reporting periods of the index: a month, quarter, semester or year, or any range of days.

Written in addresses as `2026`, `2026-03`, `2026-Q1`, `2026-S2` or a `from`/`to` pair of ISO
dates; days are the tenant's (WIB for Lubuklinggau), both ends included.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _

from satupintu.core.errors import ValidationFailed
from satupintu.core.periods import check_range

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|"
                     r"S(?P<semester>[12])))?$")


@dataclass(frozen=True)
class Period:
    """Days `start` to `end`, both included, with the code that names it (`2026-Q1`) if it is
    a calendar period."""

    start: dt.date
    end: dt.date
    code: str = ""

    def bounds(self, timezone: str) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as moments in the tenant's zone."""
        zone = ZoneInfo(timezone)
        return (dt.datetime.combine(self.start, dt.time.min, tzinfo=zone),
                dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone))

    @property
    def label(self) -> str:
        """The period in the reader's language: `Maret 2026`, `Triwulan I 2026`, …"""
        match = _PERIOD.match(self.code)
        if match is None:
            return _("%(start)s to %(end)s") % {
                "start": formats.date_format(self.start, "j M Y"),
                "end": formats.date_format(self.end, "j M Y")}
        year = match["year"]
        if match["month"]:
            return formats.date_format(self.start, "F Y")
        if match["quarter"]:
            return _("Quarter %(number)s %(year)s") % {
                "number": ["I", "II", "III", "IV"][int(match["quarter"]) - 1], "year": year}
        if match["semester"]:
            return _("Semester %(number)s %(year)s") % {
                "number": ["I", "II"][int(match["semester"]) - 1], "year": year}
        return _("Year %(year)s") % {"year": year}


def period_of(code: str) -> Period:
    """`2026`, `2026-03`, `2026-Q1` or `2026-S2` → its days; anything else → 422."""
    match = _PERIOD.match((code or "").strip().upper())
    if match is None:
        raise ValidationFailed(_("Choose a period such as 2026, 2026-03, 2026-Q1 or 2026-S2."),
                               details={"period": code[:20] if code else ""}, code="bad_period")
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("Choose a year between 2000 and 2100."),
                               details={"period": code[:20]}, code="bad_period")
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValidationFailed(_("A month is 01 to 12."), details={"period": code[:20]},
                                   code="bad_period")
        first, last = month, month
    elif match["quarter"]:
        first = 3 * int(match["quarter"]) - 2
        last = first + 2
    elif match["semester"]:
        first = 6 * int(match["semester"]) - 5
        last = first + 5
    else:
        first, last = 1, 12
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    return Period(dt.date(year, first, 1), end, match.group(0))


def period_between(start: dt.date, end: dt.date) -> Period:
    """Any range of days, by the rules of every public figure (core.periods): reversed,
    outside 2000–2100 or over twenty years → 422."""
    check_range(start, end)
    return Period(start, end)


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    """The periods offered by the pickers: this year and last, their semesters and quarters,
    and the last twelve months."""
    out: list[tuple[str, str]] = []
    for year in (today.year, today.year - 1):
        codes = [str(year), f"{year}-S1", f"{year}-S2", *(f"{year}-Q{q}" for q in range(1, 5))]
        out += [(c, period_of(c).label) for c in codes if period_of(c).start <= today]
    month = dt.date(today.year, today.month, 1)
    for _i in range(12):
        code = f"{month:%Y-%m}"
        out.append((code, period_of(code).label))
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return out
