"""Working-day (*hari kerja*) arithmetic over a precomputed calendar.

Pure: no models, no database. A `WorkingDayCalendar` is built once from the dates it covers and
the non-working dates in them (weekends are added here); every call is then a binary search over
a sorted array of working-day ordinals, O(log n), with no per-day loop.

The counting rule is DOMAIN.md's: day 0 is the start date, and the deadline is the N-th working
day *after* it, also when the start itself is not a working day.

A date outside the covered years raises `CalendarNotConfigured`, a `ValidationFailed` (so the API
answers 422 with code `calendar_not_configured`, and pages show the message): a year without
calendar data must never be counted as if it had no holidays.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from satupintu.core.errors import ValidationFailed

SATURDAY = 5  # date.weekday(): Monday is 0


class CalendarNotConfigured(ValidationFailed):
    """The calendar has no data for a year a calculation needs; `details` names the year."""

    code = "calendar_not_configured"

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            _("There is no working-day calendar for %(year)s yet: an administrator must add "
              "that year's holidays (manage.py calendar_extend).") % {"year": year},
            details={"year": year},
        )


class WorkingDayCalendar:
    """Working days between `first` and `last` (inclusive): not a weekend, not in `non_working`.

    `missing_years` are years inside the range that have no data; any calculation touching them
    raises, like one outside the range.
    """

    __slots__ = ("_first", "_gap_ends", "_gap_starts", "_last", "_working", "first", "last")

    def __init__(
        self,
        first: dt.date,
        last: dt.date,
        non_working: Iterable[dt.date] = (),
        *,
        missing_years: Iterable[int] = (),
    ) -> None:
        if last < first:
            raise ValueError("last must not be before first")
        self.first = first
        self.last = last
        self._first = first.toordinal()
        self._last = last.toordinal()
        gaps = sorted({y for y in missing_years if first.year <= y <= last.year})
        self._gap_starts = [max(dt.date(y, 1, 1).toordinal(), self._first) for y in gaps]
        self._gap_ends = [min(dt.date(y, 12, 31).toordinal(), self._last) for y in gaps]
        off = {d.toordinal() for d in non_working}
        # Built once per calendar version; the loop runs here, never per call.
        self._working = [
            o for o in range(self._first, self._last + 1)
            if o not in off and dt.date.fromordinal(o).weekday() < SATURDAY
            and not self._in_gap(o)
        ]

    @classmethod
    def for_years(
        cls, years: Iterable[int], non_working: Iterable[dt.date] = ()
    ) -> WorkingDayCalendar:
        """Jan 1 of the first year to Dec 31 of the last; years in between not listed are
        missing. With no years at all, every date is missing."""
        have = sorted(set(years))
        if not have:
            # An empty range cannot be expressed; one year marked missing raises for every date,
            # naming that date's own year.
            return cls(dt.date(2000, 1, 1), dt.date(2000, 1, 1), missing_years=[2000])
        first, last = have[0], have[-1]
        missing = set(range(first, last + 1)) - set(have)
        return cls(dt.date(first, 1, 1), dt.date(last, 12, 31), non_working,
                   missing_years=missing)

    @property
    def working_day_count(self) -> int:
        return len(self._working)

    def __repr__(self) -> str:
        return (f"WorkingDayCalendar({self.first.isoformat()}..{self.last.isoformat()}, "
                f"{len(self._working)} working days)")

    # --- coverage ------------------------------------------------------------------------------
    def _in_gap(self, ordinal: int) -> bool:
        i = bisect_right(self._gap_starts, ordinal) - 1
        return i >= 0 and ordinal <= self._gap_ends[i]

    def _check(self, ordinal: int) -> None:
        """Raise unless the day is covered."""
        if ordinal < self._first or ordinal > self._last or self._in_gap(ordinal):
            raise CalendarNotConfigured(dt.date.fromordinal(ordinal).year)

    def _check_span(self, low: int, high: int) -> None:
        """Raise if a missing year lies inside low..high (both already covered)."""
        i = bisect_left(self._gap_ends, low)
        if i < len(self._gap_starts) and self._gap_starts[i] <= high:
            raise CalendarNotConfigured(dt.date.fromordinal(self._gap_starts[i]).year)

    # --- arithmetic ----------------------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        ordinal = day.toordinal()
        self._check(ordinal)
        i = bisect_left(self._working, ordinal)
        return i < len(self._working) and self._working[i] == ordinal

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (day 0); `start` itself when n is 0."""
        if n < 0:
            raise ValueError("n must not be negative")
        ordinal = start.toordinal()
        self._check(ordinal)
        if n == 0:
            return start
        i = bisect_right(self._working, ordinal) + n - 1
        if i >= len(self._working):
            self._check_span(ordinal, self._last)
            raise CalendarNotConfigured(dt.date.fromordinal(self._last + 1).year)
        result = self._working[i]
        self._check_span(ordinal, result)
        return dt.date.fromordinal(result)

    def count_working_days(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end (negative when end is before start).

        So that `count_working_days(s, add_working_days(s, n)) == n`.
        """
        low, high = start.toordinal(), end.toordinal()
        self._check(low)
        self._check(high)
        sign = 1
        if high < low:
            low, high, sign = high, low, -1
        self._check_span(low, high)
        return sign * (bisect_right(self._working, high) - bisect_right(self._working, low))

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)
