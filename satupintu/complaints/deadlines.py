"""Overdue complaints: the daily scan that escalates them to the heads of the responsible agency.

A complaint has three time limits (acknowledge, first answer, resolve; working days on the
tenant's calendar, fixed when it was filed, the resolve limit again when it is reopened). A
stage is overdue once the tenant's today is past its due date and it is not done. Each overdue
stage is escalated once: `escalated_on` records the day of the last escalation, and a stage
whose due date lies before that day was overdue then, so it was part of it. Escalating writes
an internal ESCALATED step, the audit record and the heads' messages; it does not change the
complaint's `version` (bookkeeping, not a step officers could conflict with).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.complaints.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintStatus,
    ComplaintUpdate,
    UpdateKind,
)
from satupintu.complaints.notify import both_dates, complaint_notify
from satupintu.lib.workdays import CalendarNotConfigured
from satupintu.tenants.models import Tenant

STAGE_LABELS = {
    "acknowledge": ("konfirmasi penerimaan", "acknowledgement"),
    "answer": ("tanggapan pertama", "first answer"),
    "resolve": ("penyelesaian", "resolution"),
}


@dataclass(frozen=True)
class Stage:
    code: str
    due: dt.date


def overdue_stages(complaint: Complaint, today: dt.date) -> list[Stage]:
    """The stages of an open complaint that are past their due date and not done."""
    if complaint.status not in OPEN_STATUSES:
        return []
    out = []
    # A reopened complaint is only about its (new) resolve limit.
    if complaint.status != ComplaintStatus.REOPENED:
        if complaint.acknowledged_at is None and today > complaint.acknowledge_due:
            out.append(Stage("acknowledge", complaint.acknowledge_due))
        if complaint.answered_at is None and today > complaint.answer_due:
            out.append(Stage("answer", complaint.answer_due))
    if today > complaint.resolve_due:
        out.append(Stage("resolve", complaint.resolve_due))
    return out


def stages_to_escalate(complaint: Complaint, today: dt.date) -> list[Stage]:
    """Overdue stages not yet escalated (an escalation after a stage's due date covered it)."""
    last = complaint.escalated_on
    return [s for s in overdue_stages(complaint, today) if last is None or last <= s.due]


def complaint_escalate(*, complaint: Complaint, today: dt.date | None = None,
                       now: dt.datetime | None = None) -> bool:
    """Escalate the complaint's newly overdue stages (by the system); False when none."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (Complaint.objects.select_for_update(of=("self",))
                  .select_related("tenant", "agency", "category", "assignee", "complainant")
                  .filter(pk=complaint.pk).first())
        if locked is None:
            return False
        day = today or local_date(locked.tenant, now)
        stages = stages_to_escalate(locked, day)
        if not stages:
            return False
        try:
            late = working_calendar(locked.tenant).count_working_days(
                min(s.due for s in stages), day)
        except CalendarNotConfigured:
            late = None
        locked.escalated_on = day
        locked.save(update_fields=["escalated_on", "updated_at"])
        text = "; ".join(f"{STAGE_LABELS[s.code][0]} / {STAGE_LABELS[s.code][1]}: "
                         f"{s.due.isoformat()}" for s in stages)
        step = ComplaintUpdate.objects.create(
            tenant_id=locked.tenant_id, complaint=locked, kind=UpdateKind.ESCALATED, text=text,
            is_public=False, actor=None, agency=locked.agency, status=locked.status, at=now)
        record(tenant=locked.tenant, actor=None, action="complaint.escalated", obj=locked,
               after={"agency": locked.agency.code, "stages": [s.code for s in stages],
                      "due": [s.due.isoformat() for s in stages], "working_days_late": late})
        complaint_notify(locked, step, extra={
            "stages": [{"id": STAGE_LABELS[s.code][0], "en": STAGE_LABELS[s.code][1],
                        "due": both_dates(s.due)} for s in stages],
            "days_late": late})
    return True


def escalate_tenant(tenant: Tenant, *, today: dt.date | None = None,
                    now: dt.datetime | None = None) -> int:
    """Escalate every newly overdue complaint of the tenant; how many were."""
    day = today or local_date(tenant, now)
    # The acknowledge limit is the earliest: anything overdue is past it.
    candidates = (Complaint.objects.filter(tenant=tenant, status__in=OPEN_STATUSES,
                                           acknowledge_due__lt=day)
                  .select_related("tenant").order_by("pk"))
    count = 0
    for complaint in candidates.iterator():
        if stages_to_escalate(complaint, day) and complaint_escalate(
                complaint=complaint, today=day, now=now):
            count += 1
    return count


def escalate_all(now: dt.datetime | None = None) -> dict[str, int]:
    return {tenant.code: escalate_tenant(tenant, now=now)
            for tenant in Tenant.objects.order_by("pk")}
