"""The IKM report of a period as PDF (WeasyPrint), in the format units publish: unit and
period, respondents against the minimum sample, each element's sum, NRR and weighted NRR, the
index with its grade, per service and per agency, the respondents' profile and how many left a
suggestion. Official reports are in Indonesian whatever the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from satupintu.calendars.selectors import local_date
from satupintu.surveys import selectors
from satupintu.surveys.periods import Period
from satupintu.tenants.models import Tenant
from satupintu.tenants.selectors import one_stop_agency


@dataclass(frozen=True)
class IkmReport:
    tenant: Tenant
    period: Period
    unit: Any
    figure: selectors.IkmFigure
    by_service: list[tuple[Any, selectors.IkmFigure]]
    by_agency: list[tuple[Any, selectors.IkmFigure]]
    profile: dict[str, list[selectors.ProfileRow]]
    suggestions: int
    channels: dict[str, int]


def ikm_report(*, tenant: Tenant, period: Period) -> IkmReport:
    index = selectors.ikm_breakdown(tenant=tenant, period=period)  # the unit, services, agencies
    return IkmReport(
        tenant=tenant, period=period, unit=one_stop_agency(tenant=tenant),
        figure=index.total, by_service=index.by_service, by_agency=index.by_agency,
        profile=selectors.profile_summary(tenant=tenant, period=period),
        suggestions=selectors.suggestions(tenant=tenant, period=period, limit=0)[0],
        channels=selectors.channel_counts(tenant=tenant, period=period),
    )


def ikm_report_pdf(report: IkmReport) -> bytes:
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string("surveys/report_pdf.html", {
            "report": report, "tenant": report.tenant, "figure": report.figure,
            "period_label": report.period.label,
            "printed_on": local_date(report.tenant, timezone.now()),
        })
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
