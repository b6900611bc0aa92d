"""Periodic checks of open files' clocks: warnings, fiktif positif, paused files' due dates."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.tenants.models import Tenant
from satupintu.workflow.clock import clock_event, refresh_due_dates, remaining_working_days
from satupintu.workflow.models import Case, ClockEventKind, ClockState

logger = logging.getLogger(__name__)


def tick_all() -> dict[str, int]:
    """Tick every tenant; one tenant's failure (say, a year without calendar data) is logged
    and does not stop the others."""
    totals = {"warned": 0, "fiktif_positif": 0, "refreshed": 0, "failed_tenants": 0}
    for tenant in Tenant.objects.all():
        try:
            counts = tick(tenant)
        except Exception:
            logger.exception("clock tick failed for tenant %s", tenant.code)
            totals["failed_tenants"] += 1
            continue
        for key, value in counts.items():
            totals[key] += value
    return totals


@transaction.atomic
def tick(tenant: Tenant, today: dt.date | None = None) -> dict[str, int]:
    """One pass over the tenant's open files whose clock has started."""
    calendar = working_calendar(tenant)
    today = today or local_date(tenant)
    warn_days = tenant.deadline_warning_days
    counts = {"warned": 0, "fiktif_positif": 0, "refreshed": 0}
    open_cases = (Case.objects.select_for_update().filter(
        tenant=tenant, closed_at__isnull=True,
        clock_state__in=[ClockState.RUNNING, ClockState.PAUSED]).order_by("pk"))
    for case in open_cases:
        changed = False
        if case.clock_state == ClockState.PAUSED and refresh_due_dates(case, calendar, today):
            counts["refreshed"] += 1
            changed = True
        left = remaining_working_days(calendar, today, case.service_due_date)
        if (case.clock_state == ClockState.RUNNING and case.warned_on is None
                and left is not None and left <= warn_days):
            case.warned_on = today
            clock_event(case, ClockEventKind.WARNED, today, days=left)
            counts["warned"] += 1
            changed = True
        if (case.fiktif_positif_applies and case.fiktif_positif_at is None
                and case.decided_at is None and case.legal_due_date is not None
                and case.legal_due_date < today):
            case.fiktif_positif_at = timezone.now()
            clock_event(case, ClockEventKind.FIKTIF_POSITIF, today)
            record(tenant=tenant, actor=None, action="workflow.fiktif_positif", obj=case,
                   after={"legal_due_date": case.legal_due_date, "detected_on": today})
            counts["fiktif_positif"] += 1
            changed = True
        if changed:
            case.save()
    return counts
