"""The calendar as data: seeding, changes with reasons, audit, hooks, the cache, isolation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.calendars import hooks, selectors, services
from satupintu.calendars.models import CalendarYear, Holiday, HolidayKind, TenantCalendar
from satupintu.core.errors import Conflict, ValidationFailed
from satupintu.lib.workdays import CalendarNotConfigured
from satupintu.tenants.models import Tenant

pytestmark = pytest.mark.django_db

D = dt.date

# DOMAIN.md, "Working days": the 2026 calendar.
NATIONAL_2026 = ["01-01", "01-16", "02-17", "03-19", "03-21", "03-22", "04-03", "04-05",
                 "05-01", "05-14", "05-27", "05-31", "06-01", "06-16", "08-17", "08-25",
                 "12-25"]
CUTI_BERSAMA_2026 = ["02-16", "03-18", "03-20", "03-23", "03-24", "05-15", "05-28", "12-24"]


@pytest.fixture
def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


@pytest.fixture
def pga() -> Tenant:
    return Tenant.objects.get(code="pga")


def _holiday(tenant: Tenant, date: dt.date) -> Holiday:
    return Holiday.objects.get(tenant=tenant, date=date)


def _audit(tenant: Tenant, action: str) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(tenant=tenant, action=action).order_by("seq"))


def test_2026_has_exactly_the_national_holidays_and_cuti_bersama_of_the_domain(
    llg: Tenant,
) -> None:
    days = {(h.date.strftime("%m-%d"), h.kind) for h in selectors.holidays_of_year(llg, 2026)}
    assert days == {(d, HolidayKind.NATIONAL) for d in NATIONAL_2026} | \
        {(d, HolidayKind.CUTI_BERSAMA) for d in CUTI_BERSAMA_2026}
    assert _holiday(llg, D(2026, 8, 17)).name == "Hari Kemerdekaan Republik Indonesia"


def test_a_new_tenant_is_seeded_from_2020_through_two_years_ahead(pga: Tenant) -> None:
    this_year = selectors.local_date(pga).year
    assert selectors.calendar_years(pga) == list(range(2020, this_year + 3))
    assert selectors.calendar_years(Tenant.objects.get(code="llg")) == \
        list(range(2020, this_year + 3))


@pytest.mark.parametrize(("start", "n", "due"), [
    (D(2026, 3, 17), 5, D(2026, 3, 31)),
    (D(2026, 3, 13), 3, D(2026, 3, 25)),
    (D(2026, 5, 13), 2, D(2026, 5, 19)),
    (D(2026, 3, 15), 3, D(2026, 3, 25)),  # Sunday: an online file completed at the weekend
])
def test_the_tenant_calendar_gives_the_domain_examples(
    llg: Tenant, start: dt.date, n: int, due: dt.date
) -> None:
    assert selectors.due_date(tenant=llg, start=start, working_days=n) == due


def test_a_year_without_data_is_an_error_not_a_guess(llg: Tenant) -> None:
    last = selectors.calendar_years(llg)[-1]
    with pytest.raises(CalendarNotConfigured) as info:
        selectors.due_date(tenant=llg, start=D(last, 12, 20), working_days=30)
    assert info.value.year == last + 1
    with pytest.raises(CalendarNotConfigured):
        selectors.holidays_of_year(llg, last + 1)
    with pytest.raises(CalendarNotConfigured):
        selectors.due_date(tenant=llg, start=D(2019, 12, 30), working_days=1)


def test_a_year_missing_in_the_middle_raises_too(pga: Tenant) -> None:
    CalendarYear.objects.filter(tenant=pga, year=2024).delete()
    selectors.clear_calendar_cache()
    with pytest.raises(CalendarNotConfigured) as info:
        selectors.due_date(tenant=pga, start=D(2023, 12, 29), working_days=2)
    assert info.value.year == 2024
    assert selectors.due_date(tenant=pga, start=D(2025, 1, 2), working_days=1) == D(2025, 1, 3)


def test_seeding_twice_changes_and_records_nothing(llg: Tenant) -> None:
    holidays_before = Holiday.objects.filter(tenant=llg).count()
    records_before = AuditRecord.objects.filter(tenant=llg).count()
    version = TenantCalendar.objects.get(tenant=llg).version
    assert services.calendar_seed(tenant=llg, actor=None, years=range(2020, 2029)) == []
    assert Holiday.objects.filter(tenant=llg).count() == holidays_before
    assert AuditRecord.objects.filter(tenant=llg).count() == records_before
    assert TenantCalendar.objects.get(tenant=llg).version == version


def test_seeding_a_year_records_its_holidays(llg: Tenant) -> None:
    assert services.calendar_seed(tenant=llg, actor=None, years=[2031]) == [2031]
    entry = _audit(llg, "calendar.seed")[-1]
    assert entry.after is not None
    assert entry.after["year"] == 2031
    assert ["2031-08-17", "Hari Kemerdekaan Republik Indonesia", "national"] in \
        entry.after["holidays"]
    assert selectors.due_date(tenant=llg, start=D(2031, 8, 15), working_days=1) == \
        D(2031, 8, 18)


def test_a_seed_keeps_a_day_that_was_removed_removed(llg: Tenant, administrator: User) -> None:
    services.holiday_remove(holiday=_holiday(llg, D(2026, 3, 18)), actor=administrator,
                            reason="SKB revisi")
    services.calendar_seed(tenant=llg, actor=None, years=[2026])
    assert not _holiday(llg, D(2026, 3, 18)).is_day_off


def test_removing_a_day_off_changes_the_due_date_at_once(
    llg: Tenant, administrator: User
) -> None:
    start = D(2026, 3, 17)
    assert selectors.due_date(tenant=llg, start=start, working_days=5) == D(2026, 3, 31)
    version = TenantCalendar.objects.get(tenant=llg).version
    holiday = services.holiday_remove(holiday=_holiday(llg, D(2026, 3, 18)),
                                      actor=administrator, reason="SKB 3 Menteri revisi")
    assert TenantCalendar.objects.get(tenant=llg).version == version + 1
    assert selectors.due_date(tenant=llg, start=start, working_days=5) == D(2026, 3, 30)
    assert holiday.changed_by == administrator
    assert holiday.changed_at is not None
    assert D(2026, 3, 18) not in {h.date for h in selectors.holidays_of_year(llg, 2026)}

    services.holiday_restore(holiday=holiday, actor=administrator, reason="keliru")
    assert selectors.due_date(tenant=llg, start=start, working_days=5) == D(2026, 3, 31)


def test_adding_a_regional_day_off_changes_the_due_date(
    llg: Tenant, administrator: User
) -> None:
    services.holiday_add(tenant=llg, actor=administrator, date=D(2026, 3, 30),
                         name="Hari Jadi Kota Lubuklinggau", reason="Perwal 2026")
    assert selectors.due_date(tenant=llg, start=D(2026, 3, 17), working_days=5) == \
        D(2026, 4, 1)
    added = _holiday(llg, D(2026, 3, 30))
    assert (added.kind, added.source, added.reason) == ("regional", "manual", "Perwal 2026")


def test_each_change_writes_an_audit_record_with_actor_and_reason(
    llg: Tenant, administrator: User
) -> None:
    added = services.holiday_add(tenant=llg, actor=administrator, date=D(2027, 4, 2),
                                 name="Libur daerah", reason="Perwal 12/2027")
    services.holiday_remove(holiday=added, actor=administrator, reason="dibatalkan")
    services.holiday_restore(holiday=added, actor=administrator, reason="dipulihkan")
    for action, reason in [("calendar.holiday_add", "Perwal 12/2027"),
                           ("calendar.holiday_remove", "dibatalkan"),
                           ("calendar.holiday_restore", "dipulihkan")]:
        entry = _audit(llg, action)[-1]
        assert entry.actor == administrator
        assert entry.reason == reason
        assert entry.object_id == str(added.pk)
    removal = _audit(llg, "calendar.holiday_remove")[-1]
    assert removal.before == {"is_day_off": True, "reason": "Perwal 12/2027"}
    assert removal.after == {"is_day_off": False, "reason": "dibatalkan"}


def test_bad_input_is_refused_with_a_message(llg: Tenant, administrator: User) -> None:
    with pytest.raises(ValidationFailed) as info:
        services.holiday_add(tenant=llg, actor=administrator, date=D(1999, 12, 31),
                             name="x", reason="y")
    assert "date" in info.value.details
    with pytest.raises(ValidationFailed) as info:
        services.holiday_add(tenant=llg, actor=administrator, date=D(2026, 7, 1),
                             name="Libur", reason="  ")
    assert "reason" in info.value.details
    with pytest.raises(ValidationFailed):
        services.holiday_add(tenant=llg, actor=administrator, date=D(2026, 7, 1),
                             name="", reason="Perwal")
    with pytest.raises(ValidationFailed):
        services.holiday_add(tenant=llg, actor=administrator, date=D(2026, 7, 1),
                             name="Libur", reason="Perwal", kind="bogus")
    with pytest.raises(Conflict):
        services.holiday_add(tenant=llg, actor=administrator, date=D(2026, 8, 17),
                             name="hari kemerdekaan republik indonesia", reason="dua kali")
    with pytest.raises(ValidationFailed):
        services.holiday_remove(holiday=_holiday(llg, D(2026, 8, 17)), actor=administrator,
                                reason="")
    with pytest.raises(Conflict):
        services.holiday_restore(holiday=_holiday(llg, D(2026, 8, 17)), actor=administrator,
                                 reason="sudah libur")
    with pytest.raises(ValidationFailed):
        services.calendar_seed(tenant=llg, actor=None, years=[2101])
    assert _holiday(llg, D(2026, 8, 17)).is_day_off


def test_a_refused_change_records_nothing(llg: Tenant, administrator: User) -> None:
    before = AuditRecord.objects.filter(tenant=llg).count()
    with pytest.raises(Conflict):
        services.holiday_restore(holiday=_holiday(llg, D(2026, 8, 17)), actor=administrator,
                                 reason="sudah libur")
    assert AuditRecord.objects.filter(tenant=llg).count() == before


# --- hooks ------------------------------------------------------------------------------------
@pytest.fixture
def received() -> Iterator[list[tuple[str, list[dt.date], dt.date]]]:
    """Registers a callback that notes what it was told and the due date it then sees."""
    calls: list[tuple[str, list[dt.date], dt.date]] = []

    def callback(*, tenant: Tenant, dates: list[dt.date]) -> None:
        calls.append((tenant.code, dates, selectors.due_date(
            tenant=tenant, start=D(2026, 3, 17), working_days=5)))

    hooks.on_calendar_change(callback)
    yield calls
    hooks.forget_calendar_callback(callback)


def test_a_registered_callback_receives_the_changed_dates_and_sees_the_new_calendar(
    llg: Tenant, administrator: User, received: list[tuple[str, list[dt.date], dt.date]]
) -> None:
    services.holiday_remove(holiday=_holiday(llg, D(2026, 3, 18)), actor=administrator,
                            reason="SKB revisi")
    services.holiday_add(tenant=llg, actor=administrator, date=D(2026, 3, 30),
                         name="Libur daerah", reason="Perwal")
    assert received == [("llg", [D(2026, 3, 18)], D(2026, 3, 30)),
                        ("llg", [D(2026, 3, 30)], D(2026, 3, 31))]


def test_a_seed_tells_the_callbacks_too(
    llg: Tenant, received: list[tuple[str, list[dt.date], dt.date]]
) -> None:
    services.calendar_seed(tenant=llg, actor=None, years=[2032])
    assert len(received) == 1
    assert D(2032, 8, 17) in received[0][1]
    services.calendar_seed(tenant=llg, actor=None, years=[2032])
    assert len(received) == 1


def test_a_failing_callback_undoes_the_change(llg: Tenant, administrator: User) -> None:
    def broken(*, tenant: Tenant, dates: list[dt.date]) -> None:
        raise RuntimeError("recompute failed")

    records = AuditRecord.objects.filter(tenant=llg).count()
    version = TenantCalendar.objects.get(tenant=llg).version
    hooks.on_calendar_change(broken)
    try:
        with pytest.raises(RuntimeError):
            services.holiday_remove(holiday=_holiday(llg, D(2026, 3, 18)), actor=administrator,
                                    reason="SKB revisi")
    finally:
        hooks.forget_calendar_callback(broken)
    assert _holiday(llg, D(2026, 3, 18)).is_day_off
    assert AuditRecord.objects.filter(tenant=llg).count() == records
    assert TenantCalendar.objects.get(tenant=llg).version == version
    assert selectors.due_date(tenant=llg, start=D(2026, 3, 17), working_days=5) == \
        D(2026, 3, 31)


def test_callbacks_run_in_the_order_they_were_registered(llg: Tenant) -> None:
    order: list[str] = []

    def first(*, tenant: Tenant, dates: list[dt.date]) -> None:
        order.append("first")

    def second(*, tenant: Tenant, dates: list[dt.date]) -> None:
        order.append("second")

    hooks.on_calendar_change(first)
    hooks.on_calendar_change(second)
    hooks.on_calendar_change(first)  # registering twice does not call twice
    try:
        hooks.calendar_changed(tenant=llg, dates=[D(2026, 1, 1)])
    finally:
        hooks.forget_calendar_callback(first)
        hooks.forget_calendar_callback(second)
    assert order == ["first", "second"]


# --- the process cache -------------------------------------------------------------------------
def test_the_calendar_is_built_once_and_reused(llg: Tenant,
                                               django_assert_num_queries: object) -> None:
    calendar = selectors.working_calendar(llg)
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert selectors.working_calendar(llg) is calendar


def test_a_change_from_another_process_is_seen_after_the_check_interval(
    llg: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = D(2026, 3, 17)
    assert selectors.due_date(tenant=llg, start=start, working_days=5) == D(2026, 3, 31)
    # What another process's holiday_remove leaves in the database, without this process's
    # cache being told.
    Holiday.objects.filter(tenant=llg, date=D(2026, 3, 18)).update(is_day_off=False)
    TenantCalendar.objects.filter(tenant=llg).update(version=999)
    assert selectors.due_date(tenant=llg, start=start, working_days=5) == D(2026, 3, 31)
    monkeypatch.setattr(selectors, "CHECK_SECONDS", 0.0)
    assert selectors.due_date(tenant=llg, start=start, working_days=5) == D(2026, 3, 30)


def test_an_unchanged_version_keeps_the_cached_calendar(
    llg: Tenant, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: object
) -> None:
    calendar = selectors.working_calendar(llg)
    monkeypatch.setattr(selectors, "CHECK_SECONDS", 0.0)
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert selectors.working_calendar(llg) is calendar


def test_a_committed_change_drops_the_cached_calendar(
    llg: Tenant, administrator: User, django_capture_on_commit_callbacks: object
) -> None:
    cached = selectors.working_calendar(llg)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.holiday_add(tenant=llg, actor=administrator, date=D(2026, 3, 30),
                             name="Libur daerah", reason="Perwal")
    fresh = selectors.working_calendar(llg)
    assert fresh is not cached
    assert not fresh.is_working_day(D(2026, 3, 30))
    assert selectors.working_calendar(llg) is fresh


# --- isolation ---------------------------------------------------------------------------------
def test_a_regional_day_off_of_one_tenant_does_not_touch_another(
    llg: Tenant, pga: Tenant, other_tenant_officer: User
) -> None:
    services.holiday_add(tenant=pga, actor=other_tenant_officer, date=D(2026, 3, 30),
                         name="Hari Jadi Kota Pagar Alam", reason="Perwal Pagar Alam")
    assert selectors.due_date(tenant=pga, start=D(2026, 3, 17), working_days=5) == D(2026, 4, 1)
    assert selectors.due_date(tenant=llg, start=D(2026, 3, 17), working_days=5) == \
        D(2026, 3, 31)
    assert D(2026, 3, 30) not in {h.date for h in selectors.holidays_of_year(llg, 2026)}
    assert not AuditRecord.objects.filter(tenant=llg, object_label__contains="Pagar Alam")
    assert AuditRecord.objects.filter(tenant=pga, object_label__contains="Pagar Alam")


# --- the yearly command -----------------------------------------------------------------------
def test_calendar_extend_seeds_the_missing_years_once(pga: Tenant) -> None:
    out = StringIO()
    call_command("calendar_extend", "--tenant", "pga", "--until", "2031", stdout=out)
    last = selectors.local_date(pga).year + 2
    assert out.getvalue().strip() == "pga: " + ", ".join(map(str, range(last + 1, 2032)))
    assert selectors.calendar_years(pga)[-1] == 2031
    out = StringIO()
    call_command("calendar_extend", "--until", "2031", stdout=out)
    assert "pga: nothing to add" in out.getvalue()
    assert "llg: " in out.getvalue()


def test_calendar_extend_refuses_bad_input() -> None:
    with pytest.raises(CommandError):
        call_command("calendar_extend", "--tenant", "nowhere", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("calendar_extend", "--until", "2200", stdout=StringIO())
