"""Building applications for tests through the real services."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.accounts.models import User
from satupintu.applications import services
from satupintu.applications.models import Application
from satupintu.tenants.models import Tenant

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def pdf(name: str = "dokumen.pdf", size: int = 0) -> SimpleUploadedFile:
    body = PDF + b"0" * max(0, size - len(PDF))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def applicant() -> User:
    return User.objects.get(username="pemohon")


def draft_sia(rented: bool = False, who: User | None = None) -> Application:
    """A complete draft for a new pharmacy licence (SIA) by the demo applicant."""
    person = applicant()
    actor = who or person
    application = services.application_start(tenant=llg(), applicant=person, actor=actor,
                                             service_code="SIA", variant_kind="new")
    services.application_save_answers(
        application=application, actor=actor,
        answers={"NAMA_APOTEK": "Apotek Sehat Linggau",
                 "SEWA_MILIK_SENDIRI": "sewa" if rented else "milik sendiri"})
    for code in ["KTP", "STRA", *(["PERJANJIAN_SEWA"] if rented else [])]:
        services.document_attach(application=application, actor=actor, requirement_code=code,
                                 file=pdf(f"{code.lower()}.pdf"))
    application.refresh_from_db()
    return application


def submitted_sia(**kwargs: object) -> Application:
    application = draft_sia(**kwargs)  # type: ignore[arg-type]
    return services.application_submit(application=application, actor=applicant())
