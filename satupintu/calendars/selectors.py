"""Reads of the working-day calendar; every function takes the tenant it reads within.

`working_calendar` keeps one precomputed `WorkingDayCalendar` per tenant in process memory and
asks the database for the tenant's calendar version at most every `CHECK_SECONDS`, so a change
made by another process is seen within seconds while each call stays O(log n).

A change made in this thread's open transaction is never put in the shared cache (another
thread would see uncommitted data, and a rollback would leave it behind): until the transaction
ends, this thread builds the calendar afresh on each call, and on commit the entry is dropped.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from satupintu.calendars.models import CalendarYear, Holiday, TenantCalendar
from satupintu.lib.workdays import CalendarNotConfigured, WorkingDayCalendar
from satupintu.tenants.models import Tenant

CHECK_SECONDS = 2.0


@dataclass
class _Entry:
    calendar: WorkingDayCalendar
    version: tuple[int, str]
    checked_at: float


# Keyed by the tenant's id and creation time: a database emptied and reloaded (tests, a demo
# reset) may give another tenant the same id within the check interval.
_cache: dict[tuple[int, dt.datetime], _Entry] = {}
_cache_lock = threading.Lock()
_local = threading.local()


def _dirty() -> set[int]:
    dirty: set[int] | None = getattr(_local, "dirty", None)
    if dirty is None:
        dirty = _local.dirty = set()
    return dirty


def clear_calendar_cache() -> None:
    """Forget every cached calendar and this thread's pending changes (for tests)."""
    _dirty().clear()
    with _cache_lock:
        _cache.clear()


def _forget(tenant_id: int) -> None:
    _dirty().discard(tenant_id)
    with _cache_lock:
        for key in [k for k in _cache if k[0] == tenant_id]:
            del _cache[key]


def note_calendar_changed(tenant: Tenant) -> None:
    """Called by the services inside the changing transaction (see the module docstring)."""
    _dirty().add(tenant.pk)
    tenant_id = tenant.pk
    transaction.on_commit(lambda: _forget(tenant_id))


def _version(tenant: Tenant) -> tuple[int, str]:
    row = TenantCalendar.objects.filter(tenant=tenant).values_list("version", "token").first()
    return (row[0], str(row[1])) if row else (0, "")


def _build(tenant: Tenant) -> WorkingDayCalendar:
    years = list(CalendarYear.objects.filter(tenant=tenant).values_list("year", flat=True))
    if not years:
        return WorkingDayCalendar.for_years([])
    days_off = Holiday.objects.filter(
        tenant=tenant, is_day_off=True,
        date__range=(dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)),
    ).values_list("date", flat=True)
    return WorkingDayCalendar.for_years(years, days_off)


def working_calendar(tenant: Tenant) -> WorkingDayCalendar:
    """The tenant's working-day calendar, from Jan 1 of its first seeded year to Dec 31 of its
    last; dates in years without data raise `CalendarNotConfigured`."""
    dirty = _dirty()
    if dirty and not connection.in_atomic_block:
        dirty.clear()  # the transaction that changed them has ended (committed or rolled back)
    if tenant.pk in dirty:
        return _build(tenant)
    now = time.monotonic()
    key = (tenant.pk, tenant.created_at)
    entry = _cache.get(key)
    if entry is not None and now - entry.checked_at < CHECK_SECONDS:
        return entry.calendar
    version = _version(tenant)
    if entry is not None and entry.version == version:
        entry.checked_at = now
        return entry.calendar
    calendar = _build(tenant)
    _forget(tenant.pk)
    with _cache_lock:
        _cache[key] = _Entry(calendar, version, now)
    return calendar


def due_date(*, tenant: Tenant, start: dt.date, working_days: int) -> dt.date:
    """The `working_days`-th working day after `start` (DOMAIN.md: day 0 is `start`)."""
    return working_calendar(tenant).add_working_days(start, working_days)


def local_date(tenant: Tenant, moment: dt.datetime | None = None) -> dt.date:
    """The date of `moment` (default: now) where the tenant is; days are counted there."""
    return (moment or timezone.now()).astimezone(ZoneInfo(tenant.timezone)).date()


def calendar_years(tenant: Tenant) -> list[int]:
    """The years that have calendar data, ascending."""
    return list(CalendarYear.objects.filter(tenant=tenant).order_by("year")
                .values_list("year", flat=True))


def holidays_of_year(tenant: Tenant, year: int) -> QuerySet[Holiday]:
    """The year's days off (national, cuti bersama, regional; weekends included), by date.

    A year without calendar data raises rather than answering with an empty list.
    """
    if not CalendarYear.objects.filter(tenant=tenant, year=year).exists():
        raise CalendarNotConfigured(year)
    qs: QuerySet[Holiday] = Holiday.objects.filter(
        tenant=tenant, is_day_off=True, date__year=year).order_by("date", "name")
    return qs
