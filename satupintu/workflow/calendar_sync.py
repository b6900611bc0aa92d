"""When the calendar changes, open files' due dates follow (registered on the calendar hook)."""

from __future__ import annotations

import datetime as dt

from satupintu.calendars.hooks import on_calendar_change
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.tenants.models import Tenant
from satupintu.workflow.clock import clock_event, refresh_due_dates
from satupintu.workflow.models import Case, ClockEventKind


@on_calendar_change
def recompute_open_cases(*, tenant: Tenant, dates: list[dt.date]) -> None:
    """Recompute every open, started file whose deadlines could move with the changed dates."""
    if not dates:
        return
    earliest = min(dates)
    calendar = working_calendar(tenant)
    today = local_date(tenant)
    # Locked in id order, like every other multi-case writer, so writers never deadlock.
    affected = (Case.objects.select_for_update().filter(
        tenant=tenant, closed_at__isnull=True, clock_started_on__isnull=False,
        clock_started_on__lte=max(dates), legal_due_date__gte=earliest).order_by("pk"))
    changed = []
    for case in affected:
        if refresh_due_dates(case, calendar, today):
            changed.append(case)
            clock_event(case, ClockEventKind.RECOMPUTED, today,
                        reason=", ".join(d.isoformat() for d in sorted(dates)))
    Case.objects.bulk_update(changed, ["legal_due_date", "service_due_date"])
