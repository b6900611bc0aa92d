"""Writes of periodic reports: asking for one, retrying a failed one, the schedule's runs.

Each write is audited and enqueues the worker's task in the same transaction (the database
task backend commits the task row with the run). The worker (`tasks.generate_report`) builds
the files."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.lib.workdays import CalendarNotConfigured
from satupintu.monitoring.scope import dashboard_scope
from satupintu.reports import periods
from satupintu.reports.models import ReportKind, ReportRun, RunStatus
from satupintu.reports.selectors import covers
from satupintu.tenants.models import Tenant

log = logging.getLogger(__name__)


def _enqueue(run: ReportRun) -> None:
    from satupintu.reports.tasks import generate_report

    generate_report.enqueue(run.pk)


def _summary(run: ReportRun) -> dict[str, object]:
    return {"kind": run.kind, "period_start": run.period_start, "period_end": run.period_end,
            "agency_ids": run.agency_ids, "scheduled": run.scheduled}


def report_request(*, tenant: Tenant, actor: User, kind: str,
                   period: tuple[dt.date, dt.date]) -> ReportRun:
    """Ask for the report of a month, quarter or semester, with the actor's dashboard scope;
    the same report still queued or running is returned instead of a second one."""
    scope = dashboard_scope(actor)
    if scope is None or scope.tenant.pk != tenant.pk:
        raise PermissionDenied()
    if kind not in ReportKind.values:
        raise ValidationFailed(_("Choose a monthly, quarterly or semester report."),
                               details={"kind": kind[:20]})
    start, end = period
    if periods.containing(kind, start) != (start, end) or not 2000 <= start.year <= 2100:
        raise ValidationFailed(_("Choose a whole month, quarter or semester."),
                               details={"period": f"{start}/{end}"})
    if start > local_date(tenant):
        raise ValidationFailed(_("This period has not begun yet."),
                               details={"period": f"{start}/{end}"})
    agency_ids = None if scope.agency_ids is None else sorted(scope.agency_ids)
    with transaction.atomic():
        same = ReportRun.objects.filter(
            tenant=tenant, kind=kind, period_start=start, scheduled=False,
            status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
        for run in same:
            if run.agency_ids == agency_ids:
                return run
        run = ReportRun.objects.create(tenant=tenant, kind=kind, period_start=start,
                                       period_end=end, agency_ids=agency_ids,
                                       requested_by=actor)
        record(tenant=tenant, actor=actor, action="report.request", obj=run,
               after=_summary(run))
        _enqueue(run)
    return run


def report_retry(*, tenant: Tenant, actor: User, run_id: int) -> ReportRun:
    """Queue a failed run again, or one whose worker died (anyone whose scope covers it)."""
    scope = dashboard_scope(actor)
    if scope is None or scope.tenant.pk != tenant.pk:
        raise PermissionDenied()
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(tenant=tenant, pk=run_id).first()
        if run is None or not covers(scope, run):
            raise NotFound()
        if not run.can_retry:
            raise Conflict(_("Only a failed report can be tried again."))
        before = {"status": run.status, "error": run.error}
        run.status, run.progress, run.error, run.finished_at = RunStatus.QUEUED, 0, "", None
        run.save(update_fields=["status", "progress", "error", "finished_at", "updated_at"])
        record(tenant=tenant, actor=actor, action="report.retry", obj=run, before=before,
               after={"status": run.status})
        _enqueue(run)
    return run


def report_downloaded(*, tenant: Tenant, actor: User, run: ReportRun, fmt: str) -> None:
    with transaction.atomic():
        record(tenant=tenant, actor=actor, action="report.download", obj=run,
               after={"format": fmt})


def schedule_reports(tenant: Tenant, today: dt.date | None = None) -> list[ReportRun]:
    """On the first working day of a month, quarter or semester (the tenant's calendar):
    the region-wide report of the previous one, once (a unique constraint)."""
    today = today or local_date(tenant)
    try:
        kinds = periods.due_today(working_calendar(tenant), today)
    except CalendarNotConfigured:
        log.warning("reports: no working-day calendar for %s on %s", tenant.code, today)
        return []
    created = []
    for kind in kinds:
        start, end = periods.previous(kind, today)
        if ReportRun.objects.filter(tenant=tenant, kind=kind, period_start=start,
                                    scheduled=True).exists():
            continue
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(tenant=tenant, kind=kind, period_start=start,
                                               period_end=end, scheduled=True)
                record(tenant=tenant, actor=None, action="report.schedule", obj=run,
                       after=_summary(run))
                _enqueue(run)
        except IntegrityError:  # another scheduler created it first
            continue
        created.append(run)
    return created
