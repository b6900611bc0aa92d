"""The worker's side of periodic reports: building a run's files, and the daily check that
creates the scheduled runs (imported by the scheduler)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date
from satupintu.reports import content as report_content
from satupintu.reports import pdf, tables, xlsx
from satupintu.reports.models import ReportFile, ReportFormat, ReportRun, RunStatus
from satupintu.scheduler.registry import register
from satupintu.tenants.models import Tenant

log = logging.getLogger(__name__)


def _progress(run_id: int, percent: int) -> None:
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        progress=percent, updated_at=timezone.now())


def build(run: ReportRun) -> dict[str, bytes]:
    """Both files of a run, in memory; progress is stored as parts are done."""
    with translation.override("id"):
        found = report_content.gather(run, local_date(run.tenant),
                                      progress=lambda p: _progress(run.pk, p))
        report_tables = tables.tables(found)
        spreadsheet = xlsx.workbook(report_tables)
        _progress(run.pk, 75)
        document = pdf.document(found, report_tables)
        _progress(run.pk, 95)
    return {ReportFormat.XLSX: spreadsheet, ReportFormat.PDF: document}


def _store(run: ReportRun, files: dict[str, bytes]) -> None:
    """Write the files and mark the run done, all or nothing."""
    stored: list[ReportFile] = []
    try:
        with transaction.atomic():
            for fmt, data in files.items():
                item = ReportFile(tenant=run.tenant, run=run, format=fmt,
                                  sha256=hashlib.sha256(data).hexdigest(), size=len(data))
                item.file.save(f"report.{fmt}", ContentFile(data), save=False)
                stored.append(item)
                item.save()
            ReportRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE, progress=100, error="", finished_at=timezone.now())
    except BaseException:
        for item in stored:
            item.file.delete(save=False)
        raise


@task()
def generate_report(run_id: int) -> str:
    claimed = ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, progress=5, updated_at=timezone.now())
    if not claimed:
        return "skipped"
    run = ReportRun.objects.select_related("tenant").get(pk=run_id)
    ReportRun.objects.filter(pk=run_id).update(attempts=run.attempts + 1)
    try:
        _store(run, build(run))
    except Exception as exc:  # any failure: the run says why, and no file is kept
        log.exception("report run %s failed", run_id)
        reason = f"{type(exc).__name__}: {exc}"[:500]
        with transaction.atomic():
            ReportRun.objects.filter(pk=run_id).update(
                status=RunStatus.FAILED, error=reason, finished_at=timezone.now())
            record(tenant=run.tenant, actor=None, action="report.fail", obj=run,
                   after={"error": reason})
        return "failed"
    return "done"


@task()
def schedule_periodic_reports() -> int:
    from satupintu.reports.services import schedule_reports

    return sum(len(schedule_reports(tenant)) for tenant in Tenant.objects.all())


# Checked four times a day (cheap): "is today the first working day of a period"; a run that
# exists already is not created again.
register("reports_schedule", dt.timedelta(hours=6), schedule_periodic_reports)
