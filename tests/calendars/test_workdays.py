"""Working-day arithmetic (satupintu.lib.workdays): DOMAIN.md's examples and its properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from satupintu.core.errors import ValidationFailed
from satupintu.lib.workdays import CalendarNotConfigured, WorkingDayCalendar

D = dt.date


@cache
def indonesia(first: int = 2025, last: int = 2027) -> WorkingDayCalendar:
    """The national calendar straight from the holidays package, as the seed reads it."""
    days = holidays.country_holidays("ID", years=range(first, last + 1),
                                     categories=("public", "government"), language="id")
    return WorkingDayCalendar.for_years(range(first, last + 1), days.keys())


@pytest.mark.parametrize(("start", "n", "due"), [
    (D(2026, 3, 17), 5, D(2026, 3, 31)),   # Tue; Nyepi and Idul Fitri with their cuti bersama
    (D(2026, 3, 13), 3, D(2026, 3, 25)),   # Fri
    (D(2026, 5, 13), 2, D(2026, 5, 19)),   # Wed; Ascension and its cuti bersama
    (D(2026, 3, 15), 3, D(2026, 3, 25)),   # a Sunday is still day 0
    (D(2026, 3, 15), 1, D(2026, 3, 16)),
    (D(2026, 3, 21), 1, D(2026, 3, 25)),   # Saturday and Idul Fitri
    (D(2026, 3, 17), 0, D(2026, 3, 17)),
    (D(2026, 3, 22), 0, D(2026, 3, 22)),   # zero days from a holiday is that day
])
def test_it_agrees_with_the_examples_of_the_domain(start: dt.date, n: int, due: dt.date) -> None:
    calendar = indonesia()
    assert calendar.add_working_days(start, n) == due
    if n:
        assert calendar.count_working_days(start, due) == n


def test_next_working_day_is_strictly_after() -> None:
    calendar = indonesia()
    assert calendar.next_working_day(D(2026, 3, 17)) == D(2026, 3, 25)
    assert calendar.next_working_day(D(2026, 3, 25)) == D(2026, 3, 26)
    assert calendar.next_working_day(D(2026, 12, 23)) == D(2026, 12, 28)


def test_it_knows_weekends_holidays_and_cuti_bersama() -> None:
    calendar = indonesia()
    assert calendar.is_working_day(D(2026, 3, 17))
    assert not calendar.is_working_day(D(2026, 3, 18))  # cuti bersama
    assert not calendar.is_working_day(D(2026, 3, 19))  # Nyepi
    assert not calendar.is_working_day(D(2026, 3, 28))  # Saturday


def test_counting_backwards_is_negative() -> None:
    calendar = indonesia()
    assert calendar.count_working_days(D(2026, 3, 31), D(2026, 3, 17)) == -5
    assert calendar.count_working_days(D(2026, 3, 17), D(2026, 3, 17)) == 0


@pytest.mark.parametrize("call", [
    lambda c: c.add_working_days(D(2024, 12, 31), 1),
    lambda c: c.add_working_days(D(2028, 1, 3), 0),
    lambda c: c.is_working_day(D(2028, 1, 3)),
    lambda c: c.count_working_days(D(2027, 12, 1), D(2028, 1, 5)),
    lambda c: c.add_working_days(D(2027, 12, 20), 30),   # runs off the end
    lambda c: c.next_working_day(D(2027, 12, 31)),
])
def test_a_year_without_data_is_an_error_naming_it(
    call: Callable[[WorkingDayCalendar], object],
) -> None:
    with pytest.raises(CalendarNotConfigured) as info:
        call(indonesia())
    assert info.value.year in {2024, 2028}
    assert str(info.value.year) in str(info.value.message)
    assert info.value.details == {"year": info.value.year}
    assert isinstance(info.value, ValidationFailed)
    assert info.value.http_status == 422


def test_a_missing_year_in_the_middle_is_an_error_too() -> None:
    calendar = WorkingDayCalendar.for_years([2024, 2026])
    assert calendar.add_working_days(D(2026, 1, 1), 1) == D(2026, 1, 2)
    assert calendar.add_working_days(D(2024, 12, 30), 1) == D(2024, 12, 31)
    for call in (lambda: calendar.add_working_days(D(2024, 12, 31), 1),
                 lambda: calendar.is_working_day(D(2025, 6, 2)),
                 lambda: calendar.count_working_days(D(2024, 6, 3), D(2026, 6, 3))):
        with pytest.raises(CalendarNotConfigured) as info:
            call()
        assert info.value.year == 2025


def test_with_no_years_every_date_is_an_error_naming_its_year() -> None:
    calendar = WorkingDayCalendar.for_years([])
    with pytest.raises(CalendarNotConfigured) as info:
        calendar.add_working_days(D(2026, 3, 17), 5)
    assert info.value.year == 2026


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        indonesia().add_working_days(D(2026, 3, 17), -1)


# --- properties, against a slow day-by-day reference ------------------------------------------
FIRST, LAST = 2024, 2027


class Reference:
    """The obvious implementation: walk the days one by one."""

    def __init__(self, years: set[int], off: set[dt.date]) -> None:
        self.years, self.off = years, off

    def working(self, day: dt.date) -> bool:
        if day.year not in self.years:
            raise CalendarNotConfigured(day.year)
        return day.weekday() < 5 and day not in self.off

    def add(self, start: dt.date, n: int) -> dt.date:
        self.working(start)
        day, found = start, 0
        while found < n:
            day += dt.timedelta(days=1)
            found += self.working(day)
        return day

    def count(self, start: dt.date, end: dt.date) -> int:
        self.working(start)
        self.working(end)
        low, high, sign = (start, end, 1) if start <= end else (end, start, -1)
        days = (low + dt.timedelta(days=i) for i in range(1, (high - low).days + 1))
        return sign * sum(self.working(d) for d in days)


@st.composite
def calendars(draw: st.DrawFn) -> tuple[WorkingDayCalendar, Reference]:
    years = draw(st.sets(st.integers(FIRST, LAST), min_size=1))
    span = (D(FIRST, 1, 1), D(LAST, 12, 31))
    off = draw(st.sets(st.dates(*span), max_size=150))
    # Holiday clusters, as around Idul Fitri, make long runs of days off.
    for start in draw(st.lists(st.dates(*span), max_size=4)):
        off |= {start + dt.timedelta(days=i) for i in range(draw(st.integers(1, 12)))}
    return WorkingDayCalendar.for_years(years, off), Reference(years, off)


dates = st.dates(D(FIRST - 1, 12, 1), D(LAST + 1, 1, 31))
counts = st.integers(0, 300)


def outcome(fn: Callable[[], object]) -> object:
    try:
        return fn()
    except CalendarNotConfigured as exc:
        return ("missing", exc.year)


@settings(max_examples=300, deadline=None)
@given(calendars(), dates, counts)
def test_adding_agrees_with_the_day_by_day_reference(
    pair: tuple[WorkingDayCalendar, Reference], start: dt.date, n: int
) -> None:
    fast, slow = pair
    assert outcome(lambda: fast.add_working_days(start, n)) == \
        outcome(lambda: slow.add(start, n))


@settings(max_examples=300, deadline=None)
@given(calendars(), dates, dates)
def test_counting_agrees_with_the_day_by_day_reference(
    pair: tuple[WorkingDayCalendar, Reference], start: dt.date, end: dt.date
) -> None:
    fast, slow = pair
    assert outcome(lambda: fast.count_working_days(start, end)) == \
        outcome(lambda: slow.count(start, end))


@settings(max_examples=300, deadline=None)
@given(calendars(), dates, counts)
def test_adding_then_counting_gives_back_n(
    pair: tuple[WorkingDayCalendar, Reference], start: dt.date, n: int
) -> None:
    fast, _slow = pair
    try:
        due = fast.add_working_days(start, n)
    except CalendarNotConfigured:
        return
    assert fast.count_working_days(start, due) == n
    assert due >= start


@settings(max_examples=300, deadline=None)
@given(calendars(), dates, st.integers(1, 300))
def test_a_result_is_never_a_day_off(
    pair: tuple[WorkingDayCalendar, Reference], start: dt.date, n: int
) -> None:
    fast, slow = pair
    try:
        due = fast.add_working_days(start, n)
    except CalendarNotConfigured:
        return
    assert fast.is_working_day(due)
    assert slow.working(due)
    assert fast.next_working_day(start) <= due
    assert fast.add_working_days(start, n - 1) < due if n > 1 else True


@settings(max_examples=200, deadline=None)
@given(calendars(), dates)
def test_next_working_day_agrees_with_the_reference(
    pair: tuple[WorkingDayCalendar, Reference], day: dt.date
) -> None:
    fast, slow = pair
    assert outcome(lambda: fast.next_working_day(day)) == outcome(lambda: slow.add(day, 1))
    assert outcome(lambda: fast.is_working_day(day)) == outcome(lambda: slow.working(day))
