"""Writes of the working-day calendar: seeding, regional days off, removals and restorations.

Every change locks the tenant's calendar version row (so changes to one calendar queue),
appends its audit record, bumps the version, and ends by telling `hooks.calendar_changed`
which dates changed, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from importlib.metadata import version
from typing import TYPE_CHECKING

import holidays
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.audit.services import record, record_change, record_update
from satupintu.calendars import hooks
from satupintu.calendars.models import (
    CalendarYear,
    Holiday,
    HolidayKind,
    HolidaySource,
    TenantCalendar,
)
from satupintu.calendars.selectors import local_date, note_calendar_changed
from satupintu.core.errors import Conflict, ValidationFailed
from satupintu.core.services import validate_instance

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant

FIRST_YEAR = 2020  # new tenants get data from here (files older than this are not migrated)
YEARS_AHEAD = 2
MIN_YEAR, MAX_YEAR = 2000, 2100
SOURCE_VERSION = version("holidays")
HOLIDAY_FIELDS = ["date", "name", "kind", "source", "is_day_off", "reason"]


def default_years(tenant: Tenant) -> range:
    """2020 through the tenant's current year + 2: what a new tenant is seeded with."""
    return range(FIRST_YEAR, local_date(tenant).year + YEARS_AHEAD + 1)


def _check_year(year: int, field: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(
            _("The calendar covers the years %(min)s to %(max)s.") % {
                "min": MIN_YEAR, "max": MAX_YEAR},
            details={field: [_("Choose a year between %(min)s and %(max)s.") % {
                "min": MIN_YEAR, "max": MAX_YEAR}]},
        )


def _check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for this change to the calendar."),
                               details={"reason": [_("This field is required.")]})
    return reason


def _lock_calendar(tenant: Tenant) -> TenantCalendar:
    TenantCalendar.objects.get_or_create(tenant=tenant)
    return TenantCalendar.objects.select_for_update().get(tenant=tenant)


def _changed(tenant: Tenant, calendar: TenantCalendar, dates: Iterable[dt.date]) -> None:
    """Bump the version, make the change visible to this transaction's reads, tell the hooks."""
    TenantCalendar.objects.filter(pk=calendar.pk).update(
        version=F("version") + 1, token=uuid.uuid4())
    note_calendar_changed(tenant)
    hooks.calendar_changed(tenant=tenant, dates=dates)


def _national_calendar(year: int) -> list[tuple[dt.date, str, HolidayKind]]:
    """The year's national holidays and cuti bersama from the `holidays` package."""
    rows: list[tuple[dt.date, str, HolidayKind]] = []
    for categories, kind in ((("public",), HolidayKind.NATIONAL),
                             (("government",), HolidayKind.CUTI_BERSAMA)):
        found = holidays.country_holidays("ID", years=year, categories=categories,
                                          language="id")
        # Two holidays on one date come joined ("A; B"); keep one row each.
        rows += [(day, name, kind) for day in sorted(found) for name in found.get_list(day)]
    return rows


@transaction.atomic
def calendar_seed(
    *, tenant: Tenant, actor: User | None, years: Iterable[int] | None = None
) -> list[int]:
    """Seed the national holidays and cuti bersama of each year that has no data yet.

    Years already seeded are left alone, so edits made since (a removal, a revised decree)
    stay, and seeding twice changes and records nothing. Returns the years seeded.
    """
    wanted = sorted(set(default_years(tenant) if years is None else years))
    for year in wanted:
        _check_year(year, "years")
    calendar = _lock_calendar(tenant)
    have = set(CalendarYear.objects.filter(tenant=tenant, year__in=wanted)
               .values_list("year", flat=True))
    seeded: list[int] = []
    dates: list[dt.date] = []
    entries: list[tuple[CalendarYear, list[tuple[dt.date, str, HolidayKind]]]] = []
    now = timezone.now()
    for year in wanted:
        if year in have:
            continue
        existing = set(Holiday.objects.filter(tenant=tenant, date__year=year)
                       .values_list("date", "name"))
        rows = [row for row in _national_calendar(year) if row[:2] not in existing]
        Holiday.objects.bulk_create([
            Holiday(tenant=tenant, date=day, name=name, kind=kind, source=HolidaySource.SEED,
                    changed_by=actor, changed_at=now)
            for day, name, kind in rows
        ])
        entry = CalendarYear.objects.create(tenant=tenant, year=year, seeded_at=now,
                                            source_version=SOURCE_VERSION)
        entries.append((entry, rows))
        seeded.append(year)
        dates += [day for day, _name, _kind in rows]
    if seeded:
        _changed(tenant, calendar, dates)
    # Audit records last: the chain head is always the last lock a transaction takes.
    for entry, rows in entries:
        record(tenant=tenant, actor=actor, action="calendar.seed", obj=entry,
               after={"year": entry.year, "source_version": SOURCE_VERSION,
                      "holidays": [[day.isoformat(), name, kind.value]
                                   for day, name, kind in rows]})
    return seeded


@transaction.atomic
def calendar_extend(*, tenant: Tenant, actor: User | None, until: int | None = None) -> list[int]:
    """Seed every year without data from the first one (2020 or earlier) through `until`
    (default: the current year + 2). Run yearly, once the next joint decree is out."""
    last = local_date(tenant).year + YEARS_AHEAD if until is None else until
    _check_year(last, "until")
    first = min([FIRST_YEAR, *CalendarYear.objects.filter(tenant=tenant)
                 .values_list("year", flat=True)])
    return calendar_seed(tenant=tenant, actor=actor, years=range(first, last + 1))


@transaction.atomic
def holiday_add(
    *,
    tenant: Tenant,
    actor: User | None,
    date: dt.date,
    name: str,
    reason: str,
    kind: str = HolidayKind.REGIONAL,
) -> Holiday:
    """Add a day off: a regional one, or a day a revised joint decree (SKB) adds."""
    _check_year(date.year, "date")
    reason = _check_reason(reason)
    name = name.strip()
    calendar = _lock_calendar(tenant)
    if Holiday.objects.filter(tenant=tenant, date=date, name__iexact=name).exists():
        raise Conflict(
            _("%(date)s %(name)s is already in the calendar; restore it if it was removed.")
            % {"date": date.isoformat(), "name": name},
            code="holiday_exists",
        )
    holiday = Holiday(tenant=tenant, date=date, name=name, kind=kind,
                      source=HolidaySource.MANUAL, is_day_off=True, reason=reason,
                      changed_by=actor, changed_at=timezone.now())
    validate_instance(holiday)
    holiday.save()
    _changed(tenant, calendar, [date])
    # Audit record last: the chain head is always the last lock a transaction takes.
    record_change(tenant=tenant, actor=actor, action="calendar.holiday_add", obj=holiday,
                  fields=HOLIDAY_FIELDS, reason=reason)
    return holiday


def _set_day_off(holiday: Holiday, *, actor: User | None, reason: str, day_off: bool) -> Holiday:
    reason = _check_reason(reason)
    calendar = _lock_calendar(holiday.tenant)
    holiday = Holiday.objects.select_for_update().select_related("tenant").get(pk=holiday.pk)
    if holiday.is_day_off == day_off:
        message = (_("%(holiday)s is already a day off.") if day_off
                   else _("%(holiday)s is already a working day."))
        raise Conflict(message % {"holiday": holiday}, code="holiday_unchanged")
    old = {"is_day_off": holiday.is_day_off, "reason": holiday.reason}
    holiday.is_day_off = day_off
    holiday.reason = reason
    holiday.changed_by = actor
    holiday.changed_at = timezone.now()
    holiday.save(update_fields=["is_day_off", "reason", "changed_by", "changed_at",
                                "updated_at"])
    _changed(holiday.tenant, calendar, [holiday.date])
    # Audit record last: the chain head is always the last lock a transaction takes.
    record_update(tenant=holiday.tenant, actor=actor,
                  action="calendar.holiday_restore" if day_off else "calendar.holiday_remove",
                  obj=holiday, old=old, reason=reason)
    return holiday


@transaction.atomic
def holiday_remove(*, holiday: Holiday, actor: User | None, reason: str) -> Holiday:
    """Make a day off a working day again (e.g. a revised joint decree); the row stays."""
    return _set_day_off(holiday, actor=actor, reason=reason, day_off=False)


@transaction.atomic
def holiday_restore(*, holiday: Holiday, actor: User | None, reason: str) -> Holiday:
    """Make a removed day a day off again."""
    return _set_day_off(holiday, actor=actor, reason=reason, day_off=True)
