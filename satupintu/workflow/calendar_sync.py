"""When the calendar changes, open files' due dates follow, and decided files' stored working
days (the monitoring summary, ADR 0016) are recomputed on the new calendar, so the figures
always mean what a from-scratch count on today's calendar says (registered on the hook)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from satupintu.calendars.hooks import on_calendar_change
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.tenants.models import Tenant
from satupintu.workflow.clock import clock_event, refresh_due_dates
from satupintu.workflow.models import Case, CaseBranch, ClockEventKind
from satupintu.workflow.summary import summarize_branches, summarize_cases


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


@on_calendar_change
def recompute_decided_summaries(*, tenant: Tenant, dates: list[dt.date]) -> None:
    """Recount the stored working days of decided files and recommended reviews whose span
    (received … decided) contains a changed day: only those can change."""
    if not dates:
        return
    zone = ZoneInfo(tenant.timezone)
    lo = dt.datetime.combine(min(dates), dt.time.min, tzinfo=zone)
    hi = dt.datetime.combine(max(dates) + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    summarize_cases(Case.objects.filter(tenant=tenant, decision_working_days__isnull=False,
                                        decided_at__gte=lo, received_at__lt=hi))
    summarize_branches(CaseBranch.objects.filter(tenant=tenant, decided_at__gte=lo,
                                                 created_at__lt=hi))
