"""Officers' survey pages: switching a device into the counter's kiosk (`/petugas/survei-kiosk/`)
and the index's results with the printable report (`/petugas/ikm/`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from satupintu.accounts.models import Role, User
from satupintu.calendars.selectors import local_date
from satupintu.core.decorators import officer_required
from satupintu.core.errors import DomainError
from satupintu.core.request import TenantRequest
from satupintu.surveys import selectors, services
from satupintu.surveys.kiosk import kiosk_cookie_clear, kiosk_cookie_set, kiosk_grant
from satupintu.surveys.periods import Period, period_choices, period_of
from satupintu.surveys.permissions import may_read_ikm
from satupintu.surveys.report import ikm_report, ikm_report_pdf

View = Callable[..., HttpResponse]


@officer_required(Role.FRONT_OFFICE)
@require_http_methods(["GET", "HEAD", "POST"])
def kiosk(request: TenantRequest) -> HttpResponse:
    """Start the kiosk on this device (the clerk is signed out here: citizens use it next), or
    stop it."""
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            response = redirect("survey_office:kiosk")
            kiosk_cookie_clear(response)
            messages.success(request, _("This device is no longer a survey kiosk."))
            return response
        user: User = request.user  # type: ignore[assignment]
        try:
            grant = services.survey_kiosk_start(tenant=request.tenant, actor=user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("survey_office:kiosk")
        logout(request)
        response = redirect("surveys:index")
        kiosk_cookie_set(response, grant)
        return response
    return render(request, "surveys/office_kiosk.html", {
        "active": kiosk_grant(request, request.tenant) is not None})


def reader_required(view: View) -> View:
    """Officers of this region who may read the results (`permissions.may_read_ikm`)."""

    @officer_required(*Role)
    @wraps(view)
    def wrapper(request: TenantRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_read_ikm(request.user, request.tenant):
            return render(request, "errors/403.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _period(request: TenantRequest) -> tuple[Period, str]:
    """The period asked for (`?periode=2026-Q1`), else this year; a bad one says so."""
    today = local_date(request.tenant)
    code = request.GET.get("periode", "").strip()
    if code:
        try:
            return period_of(code), ""
        except DomainError as exc:
            return period_of(str(today.year)), str(exc.message)
    return period_of(str(today.year)), ""


@reader_required
@require_GET
def results(request: TenantRequest) -> HttpResponse:
    period, problem = _period(request)
    if problem:
        messages.error(request, problem)
    report = ikm_report(tenant=request.tenant, period=period)
    count, latest = selectors.suggestions(tenant=request.tenant, period=period, limit=20)
    return render(request, "surveys/office_ikm.html", {
        "report": report, "figure": report.figure, "period": period,
        "choices": period_choices(local_date(request.tenant)),
        "suggestion_count": count, "latest_suggestions": latest,
    })


@reader_required
@require_GET
def report_pdf(request: TenantRequest) -> HttpResponse:
    period, problem = _period(request)
    if problem:
        # Never a report of another period than the one asked for: back to the results page,
        # which says what is wrong with the period.
        return redirect(f"{reverse('survey_office:ikm')}?{request.GET.urlencode()}")
    pdf = ikm_report_pdf(ikm_report(tenant=request.tenant, period=period))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="laporan-ikm-{request.tenant.code}-{period.code or "periode"}.pdf"')
    return response
