"""The clock's stored summary (ADR 0016), recounted for many files at once: the backfill of
rows written before the summary existed, and the check that stored values match a recount."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet

from satupintu.calendars.selectors import working_calendar
from satupintu.workflow.clock import measured_events, summarize_branch, summarize_decision
from satupintu.workflow.models import BranchStatus, Case, CaseBranch

BATCH = 2000


def summarize_cases(cases: QuerySet[Case], *, batch: int = BATCH) -> tuple[int, int]:
    """Recount the stored working days of the given files on their tenants' calendars today
    (None for files without a decision or never declared complete); (files seen, changed)."""
    seen = changed = 0
    ids = list(cases.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with transaction.atomic():
            events = measured_events(chunk)
            rows = list(Case.objects.select_for_update().filter(pk__in=chunk)
                        .select_related("tenant").order_by("pk"))
            moved = [case for case in rows
                     if summarize_decision(case, working_calendar(case.tenant),
                                           events.get(case.pk, []))]
            Case.objects.bulk_update(moved, ["decision_working_days", "waiting_working_days"])
        seen, changed = seen + len(rows), changed + len(moved)
    return seen, changed


def summarize_branches(branches: QuerySet[CaseBranch], *, batch: int = BATCH) -> tuple[int, int]:
    """Recount the stored working days of recommended reviews; (reviews seen, changed)."""
    seen = changed = 0
    ids = list(branches.filter(status=BranchStatus.RECOMMENDED).order_by("pk")
               .values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with transaction.atomic():
            rows = list(CaseBranch.objects.select_for_update().filter(pk__in=chunk)
                        .select_related("tenant").order_by("pk"))
            moved = [branch for branch in rows
                     if summarize_branch(branch, working_calendar(branch.tenant),
                                         ZoneInfo(branch.tenant.timezone))]
            CaseBranch.objects.bulk_update(moved, ["working_days"])
        seen, changed = seen + len(rows), changed + len(moved)
    return seen, changed
