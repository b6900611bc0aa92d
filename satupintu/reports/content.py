"""What a periodic report contains, gathered once for both of its files (reads only).

The application figures are the dashboard's (`monitoring.figures`) with the run's scope; the
satisfaction index is the survey's (`surveys.selectors`); complaints are
`complaints.figures`'; permits issued by sector follow the province roll-up (the service's
sector). Investment value and jobs are reported only when services collect them as data items
(codes in INVESTMENT_CODES / JOBS_CODES); otherwise the report says they are not collected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count

from satupintu.applications.models import Application
from satupintu.catalog.models import Requirement, RequirementKind, Service
from satupintu.complaints.figures import (
    ComplaintFigures,
    complaint_figures,
    complaint_figures_by_agency,
)
from satupintu.issuance.models import Permit
from satupintu.monitoring import figures, summary
from satupintu.monitoring.scope import DashboardScope
from satupintu.reports.models import ReportKind, ReportRun
from satupintu.surveys import selectors as surveys
from satupintu.surveys.periods import Period
from satupintu.tenants.models import Agency, Sector

# Data items that carry an application's planned investment (rupiah) and jobs created.
INVESTMENT_CODES = ("NILAI_INVESTASI", "INVESTASI", "NILAI_INVESTASI_RP")
JOBS_CODES = ("TENAGA_KERJA", "JUMLAH_TENAGA_KERJA", "JUMLAH_PEKERJA")


@dataclass(frozen=True)
class Investment:
    """Sums over the applications approved in the period that answered the data items;
    None: no service collects it."""

    value: Decimal | None
    jobs: int | None
    applications: int


@dataclass(frozen=True)
class ReportContent:
    run: ReportRun
    scope: DashboardScope
    agencies: list[Agency]  # the scope's agencies; empty: the whole region
    today: dt.date
    counts: figures.Counts
    durations: figures.Durations
    agency_times: list[figures.AgencyTime]
    trend: list[figures.Month]
    ikm: list[tuple[str, surveys.IkmFigure]]  # the unit (or each agency), then its label
    ikm_by_service: list[tuple[Service, surveys.IkmFigure]]
    complaints: list[tuple[str, ComplaintFigures]]
    permits_by_sector: list[tuple[str, int]]
    investment: Investment

    @property
    def tenant(self) -> Any:
        return self.scope.tenant

    @property
    def ikm_has_data(self) -> bool:
        return any(figure.respondents for _label, figure in self.ikm)


def period_code(run: ReportRun) -> str:
    start = run.period_start
    if run.kind == ReportKind.MONTHLY:
        return f"{start:%Y-%m}"
    if run.kind == ReportKind.QUARTERLY:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-S{(start.month - 1) // 6 + 1}"


def run_scope(run: ReportRun) -> DashboardScope:
    ids = None if run.agency_ids is None else frozenset(int(i) for i in run.agency_ids)
    return DashboardScope(run.tenant, ids)


def _ikm(run: ReportRun, agencies: list[Agency]) -> tuple[
        list[tuple[str, surveys.IkmFigure]], list[tuple[Service, surveys.IkmFigure]]]:
    period = Period(run.period_start, run.period_end, period_code(run))
    by_service = surveys.ikm_by_service(tenant=run.tenant, period=period)
    if not agencies:
        return ([(str(run.tenant.name), surveys.ikm_figure(tenant=run.tenant, period=period))],
                by_service)
    ids = {a.pk for a in agencies}
    return ([(str(a), surveys.ikm_figure(tenant=run.tenant, period=period, agency=a))
             for a in agencies],
            [(s, f) for s, f in by_service if s.lead_agency_id in ids])


def _complaints(run: ReportRun, agencies: list[Agency]) -> list[tuple[str, ComplaintFigures]]:
    start, end = run.period_start, run.period_end
    if agencies:
        return [(str(a), complaint_figures(tenant=run.tenant, start=start, end=end, agency=a))
                for a in agencies]
    total = complaint_figures(tenant=run.tenant, start=start, end=end)
    return [("", total)] + [
        (str(a), f) for a, f in complaint_figures_by_agency(tenant=run.tenant, start=start,
                                                            end=end)]


def _permits_by_sector(query: figures.FigureQuery) -> list[tuple[str, int]]:
    lo, hi = query.bounds
    rows = (Permit.objects
            .filter(tenant=query.scope.tenant, supersedes__isnull=True, issued_at__gte=lo,
                    issued_at__lt=hi, application__case_id__in=figures.files(query).values("pk"))
            .values("application__service__sector").annotate(n=Count("pk")).order_by())
    found = {row["application__service__sector"]: row["n"] for row in rows}
    return [(str(label), found.get(value, 0)) for value, label in Sector.choices
            if found.get(value)]


def _number(raw: Any) -> Decimal | None:
    text = str(raw).strip().replace(".", "").replace(",", ".") if isinstance(raw, str) else raw
    try:
        return Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None


def _investment(query: figures.FigureQuery) -> Investment:
    collected = set(Requirement.objects.filter(
        tenant=query.scope.tenant, kind=RequirementKind.DATA,
        code__in=INVESTMENT_CODES + JOBS_CODES).values_list("code", flat=True))
    has_value = bool(collected & set(INVESTMENT_CODES))
    has_jobs = bool(collected & set(JOBS_CODES))
    if not (has_value or has_jobs):
        return Investment(None, None, 0)
    found = figures.conditions(query, _calendar(query))
    approved = figures.annotated(query).filter(found["approved"]).values("pk")
    value, jobs, counted = Decimal(0), 0, 0
    for answers in Application.objects.filter(case_id__in=approved).values_list(
            "answers", flat=True):
        answers = answers or {}
        amounts = [_number(answers[c]) for c in INVESTMENT_CODES if c in answers]
        people = [_number(answers[c]) for c in JOBS_CODES if c in answers]
        if any(a is not None for a in amounts + people):
            counted += 1
        value += sum((a for a in amounts if a is not None), Decimal(0))
        jobs += int(sum((p for p in people if p is not None), Decimal(0)))
    return Investment(value if has_value else None, jobs if has_jobs else None, counted)


def _calendar(query: figures.FigureQuery) -> Any:
    from satupintu.calendars.selectors import working_calendar

    return working_calendar(query.scope.tenant)


def gather(run: ReportRun, today: dt.date, progress: Any = None) -> ReportContent:
    """Everything the report shows; `progress(percent)` is told as parts are done."""
    tell = progress or (lambda _p: None)
    scope = run_scope(run)
    agencies = (list(Agency.objects.filter(tenant=run.tenant, pk__in=scope.agency_ids)
                     .order_by("name")) if scope.agency_ids is not None else [])
    query = figures.FigureQuery(scope=scope, start=run.period_start, end=run.period_end,
                                today=today)
    with summary.live_snapshot():  # one count of today for every figure of the report
        counts = figures.counts(query)
        durations = figures.durations(query)
        tell(20)
        agency_times = figures.agency_times(query)
        trend = figures.trend(query)
    tell(35)
    ikm, ikm_by_service = _ikm(run, agencies)
    tell(45)
    complaints = _complaints(run, agencies)
    tell(55)
    permits = _permits_by_sector(query)
    investment = _investment(query)
    tell(60)
    return ReportContent(
        run=run, scope=scope, agencies=agencies, today=today, counts=counts,
        durations=durations, agency_times=agency_times, trend=trend, ikm=ikm,
        ikm_by_service=ikm_by_service, complaints=complaints, permits_by_sector=permits,
        investment=investment)
