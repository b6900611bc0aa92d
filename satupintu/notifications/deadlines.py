"""Deadline warnings and escalations of the files officers hold (an hourly job).

For each part of a file officers hold — its step, or in a parallel review each agency's part —
the date that counts is the earlier of the step's (or agency's) due date and, while the clock
runs, the file's service target. Within `Tenant.deadline_warning_days` working days of it the
holder is warned (`due_soon`: the assignee, else the pool) — not on the day the file arrived,
when `entered_pool` has just told them; once it has passed, the file is escalated (`overdue`:
the heads of the holding agency and of the DPMPTSP). Each happens once per entry into the
step, recorded as a `DeadlineAlert`; escalations also in the audit chain.

Like the clock tick, a run locks the files first (in id order) and the audit chain head last,
and writes only rows — alerts, audit records and the task rows that deliver them after
commit — so it is idempotent and a rollback sends nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from django.db import transaction

from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.lib.workdays import WorkingDayCalendar
from satupintu.notifications.models import DeadlineAlert, Event
from satupintu.notifications.recipients import Holding, holdings
from satupintu.notifications.services import notify_officers
from satupintu.tenants.models import Tenant
from satupintu.workflow.clock import remaining_working_days
from satupintu.workflow.models import BranchStatus, Case, CaseBranch, ClockState

logger = logging.getLogger(__name__)

# Working days ahead, as calendar days, generously (long holidays such as Lebaran).
_LOOKAHEAD = dt.timedelta(days=21)
_RELATED = ("definition", "tenant", "holder_agency", "assignee")


def deadline_alerts_all() -> dict[str, int]:
    """Every tenant; one tenant's failure (a year without calendar data) is logged and does
    not stop the others."""
    totals = {"due_soon": 0, "overdue": 0, "failed_tenants": 0}
    for tenant in Tenant.objects.all():
        try:
            counts = deadline_alerts(tenant)
        except Exception:
            logger.exception("deadline alerts failed for tenant %s", tenant.code)
            totals["failed_tenants"] += 1
            continue
        for key, value in counts.items():
            totals[key] += value
    return totals


def _due(case: Case, holding: Holding) -> dt.date | None:
    dates = [holding.due]
    if case.clock_state == ClockState.RUNNING:
        dates.append(case.service_due_date)
    known = [d for d in dates if d is not None]
    return min(known) if known else None


def _decisions(case: Case, calendar: WorkingDayCalendar, today: dt.date,
               warn_days: int) -> list[tuple[str, Holding]]:
    """What the file's holdings call for today: (kind, holding with the date that counts)."""
    out: list[tuple[str, Holding]] = []
    arrived_today = local_date(case.tenant, case.state_entered_at) >= today
    for holding in holdings(case):
        due = _due(case, holding)
        if due is None:
            continue
        left = remaining_working_days(calendar, today, due)
        assert left is not None
        if left < 0:
            kind = Event.OVERDUE
        elif left <= warn_days and not arrived_today:
            kind = Event.DUE_SOON
        else:
            continue
        out.append((kind, dataclasses.replace(holding, due=due)))
    return out


def _candidates(tenant: Tenant, today: dt.date) -> list[int]:
    """Open files with a date within reach (a cheap filter; the decisions are exact)."""
    horizon = today + _LOOKAHEAD
    open_cases = Case.objects.filter(tenant=tenant, closed_at__isnull=True)
    ids = set(open_cases.filter(holder_agency__isnull=False, state_due_date__lte=horizon)
              .values_list("pk", flat=True))
    ids |= set(open_cases.filter(clock_state=ClockState.RUNNING, service_due_date__lte=horizon)
               .values_list("pk", flat=True))
    ids |= set(CaseBranch.objects.filter(tenant=tenant, status=BranchStatus.PENDING,
                                         due_date__lte=horizon, case__closed_at__isnull=True)
               .values_list("case_id", flat=True))
    return sorted(ids)


def _pending(cases: list[Case], calendar: WorkingDayCalendar, today: dt.date,
             warn_days: int) -> dict[int, list[tuple[str, Holding]]]:
    """Per file, the decisions not yet recorded."""
    done = set(DeadlineAlert.objects.filter(case__in=[c.pk for c in cases])
               .values_list("case_id", "kind", "key"))
    out: dict[int, list[tuple[str, Holding]]] = {}
    for case in cases:
        todo = [(kind, h) for kind, h in _decisions(case, calendar, today, warn_days)
                if (case.pk, kind, h.key) not in done]
        if todo:
            out[case.pk] = todo
    return out


def deadline_alerts(tenant: Tenant, today: dt.date | None = None) -> dict[str, int]:
    """One pass over the tenant's open files: record and queue what is due (idempotent)."""
    from satupintu.notifications.tasks import deliver_alert

    calendar = working_calendar(tenant)
    today = today or local_date(tenant)
    warn_days = tenant.deadline_warning_days
    counts = {"due_soon": 0, "overdue": 0}
    # First without locks: most files need nothing, and only those that do are locked.
    ids = _candidates(tenant, today)
    unlocked = list(Case.objects.select_related(*_RELATED).filter(pk__in=ids).order_by("pk"))
    todo_ids = sorted(_pending(unlocked, calendar, today, warn_days))
    if not todo_ids:
        return counts
    with transaction.atomic():
        cases = list(Case.objects.select_for_update(of=("self",)).select_related(*_RELATED)
                     .filter(pk__in=todo_ids, closed_at__isnull=True).order_by("pk"))
        created: list[DeadlineAlert] = []
        for case_id, todo in _pending(cases, calendar, today, warn_days).items():
            case = next(c for c in cases if c.pk == case_id)
            for kind, holding in todo:
                assert holding.due is not None
                alert = DeadlineAlert.objects.create(
                    tenant=tenant, case=case, kind=kind, key=holding.key, state=case.state,
                    agency=holding.agency, due_date=holding.due, detected_on=today)
                created.append(alert)
                counts[kind] += 1
                if kind == Event.OVERDUE:
                    record(tenant=tenant, actor=None, action="notification.escalation",
                           obj=case, after={"state": case.state,
                                            "agency": holding.agency.code,
                                            "due_date": holding.due, "detected_on": today,
                                            "assignee": holding.assignee.pk
                                            if holding.assignee else None})
        for alert in created:
            deliver_alert.enqueue(alert.pk)
    return counts


def alert_deliver(alert_id: int) -> int:
    """Queue the messages of a recorded alert, if the file still sits where it was; how many."""
    alert = (DeadlineAlert.objects.select_related("case", "case__definition", "case__tenant",
                                                  "case__holder_agency", "case__assignee")
             .filter(pk=alert_id).first())
    if alert is None:
        return 0
    case = alert.case
    holding = next((h for h in holdings(case) if h.key == alert.key), None)
    if holding is None:
        return 0  # it moved on since: the new holder's own clock starts afresh
    holding = dataclasses.replace(holding, due=alert.due_date)
    # Days as they stood when the job saw it, so a late delivery does not change the words.
    days = remaining_working_days(working_calendar(case.tenant), alert.detected_on,
                                  alert.due_date)
    with transaction.atomic():
        return len(notify_officers(case=case, event=alert.kind, holdings=[holding],
                                   alert=alert, days=days))
