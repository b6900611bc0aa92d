"""The receipt (*bukti pendaftaran*) as PDF, rendered with WeasyPrint."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from satupintu.applications.models import Application
from satupintu.applications.selectors import checklist


def receipt_pdf(application: Application, request: HttpRequest) -> bytes:
    from weasyprint import HTML

    html = render_to_string("applications/receipt_pdf.html", {
        "application": application, "rows": checklist(application), "tenant": application.tenant,
    }, request=request)
    pdf: bytes = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return pdf
