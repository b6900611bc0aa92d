"""The reports page (`/petugas/laporan/`): the runs the user's dashboard scope covers, a form
to ask for one, the files to download (checked and audited) and retrying failed runs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from satupintu.calendars.selectors import local_date
from satupintu.core.errors import DomainError, NotFound
from satupintu.core.request import TenantRequest
from satupintu.monitoring.scope import DashboardScope
from satupintu.monitoring.views import dashboard_required
from satupintu.reports import selectors, services
from satupintu.reports.forms import ReportRequestForm
from satupintu.reports.models import ReportFormat, ReportKind

CONTENT_TYPES = {
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PDF: "application/pdf",
}

# The kind in a file's name, in Indonesian like the rest of it ("laporan-bulanan-2026-03.xlsx").
FILE_WORDS: dict[str, str] = {ReportKind.MONTHLY: "bulanan", ReportKind.QUARTERLY: "triwulanan",
                              ReportKind.SEMESTER: "semester"}


def _runs_context(scope: DashboardScope) -> dict[str, object]:
    runs = selectors.visible_runs(scope)
    return {"runs": runs, "polling": any(run.is_active for run in runs)}


@require_http_methods(["GET", "POST"])
@dashboard_required
def index(request: TenantRequest, scope: DashboardScope) -> HttpResponse:
    form = ReportRequestForm(request.POST or None, today=local_date(request.tenant))
    if request.method == "POST" and form.is_valid():
        kind, period = form.kind_and_period()
        try:
            services.report_request(tenant=request.tenant, actor=request.user,  # type: ignore[arg-type]
                                    kind=kind, period=period)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The report is being prepared."))
            return redirect("reports:index")
    return render(request, "reports/index.html", {"form": form, "scope": scope,
                                                  **_runs_context(scope)})


@require_GET
@dashboard_required
def runs(request: TenantRequest, scope: DashboardScope) -> HttpResponse:
    """The list alone, for polling while a run is being built."""
    return render(request, "reports/_runs.html", _runs_context(scope))


@require_GET
@dashboard_required
def download(request: TenantRequest, scope: DashboardScope, pk: int, fmt: str) -> HttpResponse:
    try:
        item = selectors.run_file(scope, pk, fmt)
    except NotFound:
        raise Http404 from None
    services.report_downloaded(tenant=request.tenant, actor=request.user,  # type: ignore[arg-type]
                               run=item.run, fmt=fmt)
    run = item.run
    name = f"laporan-{FILE_WORDS.get(run.kind, run.kind)}-{run.period_start:%Y-%m}.{item.format}"
    with item.file.open("rb") as handle:  # reports are small: read whole
        response = HttpResponse(handle.read(),
                                content_type=CONTENT_TYPES[ReportFormat(item.format)])
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dashboard_required
@require_POST
def retry(request: TenantRequest, scope: DashboardScope, pk: int) -> HttpResponse:
    try:
        services.report_retry(tenant=request.tenant, actor=request.user,  # type: ignore[arg-type]
                              run_id=pk)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The report is being prepared again."))
    return redirect("reports:index")
