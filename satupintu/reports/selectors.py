"""Reads of report runs: those a dashboard scope may see (a run is visible when the viewer's
scope covers the run's: the whole region sees every run of its region, a technical agency's
head the runs limited to their own agencies)."""

from __future__ import annotations

from django.db.models import QuerySet

from satupintu.core.errors import NotFound
from satupintu.monitoring.scope import DashboardScope
from satupintu.reports.models import ReportFile, ReportRun

LIST_SIZE = 50


def covers(scope: DashboardScope, run: ReportRun) -> bool:
    if run.tenant_id != scope.tenant.pk:
        return False
    if scope.agency_ids is None:
        return True
    return run.agency_ids is not None and set(run.agency_ids) <= scope.agency_ids


def _runs(scope: DashboardScope) -> QuerySet[ReportRun]:
    qs: QuerySet[ReportRun] = ReportRun.objects.filter(tenant=scope.tenant)
    if scope.agency_ids is not None:
        qs = qs.filter(agency_ids__isnull=False)
    return qs.select_related("requested_by").prefetch_related("files")


def visible_runs(scope: DashboardScope) -> list[ReportRun]:
    """The latest runs the scope covers, newest first."""
    found = []
    for run in _runs(scope).order_by("-created_at", "-pk").iterator(chunk_size=200):
        if covers(scope, run):
            found.append(run)
            if len(found) == LIST_SIZE:
                break
    return found


def visible_run(scope: DashboardScope, pk: int) -> ReportRun:
    run = _runs(scope).filter(pk=pk).first()
    if run is None or not covers(scope, run):
        raise NotFound()
    return run


def run_file(scope: DashboardScope, pk: int, fmt: str) -> ReportFile:
    run = visible_run(scope, pk)
    found = next((f for f in run.files.all() if f.format == fmt), None)
    if found is None:
        raise NotFound()
    return found
