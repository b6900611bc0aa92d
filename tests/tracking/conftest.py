"""A submitted application to track, made through the applicant's services, and helpers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.accounts.models import User
from satupintu.applications import requirements as reqs
from satupintu.applications import services
from satupintu.applications.models import Application
from satupintu.tenants.models import Tenant
from satupintu.tracking.samples import sample_answers, sample_pdf
from tests.workflow.helpers import act

# People whose names must never appear on tracking answers.
OFFICER_NAMES = ["Rina Oktaviani", "Andi Saputra", "Sari Wulandari", "Yuliana", "Ahmad Fauzi",
                 "petugas.fo", "verifikator", "teknis.dinkes", "kabid", "kadis"]
APPLICANT_DATA = ["Siti Aminah", "1673015205900001", "+6281234567890",
                  "081234567890"]


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    """Every test starts with an unused lookup budget (the limit lives in the cache)."""
    cache.clear()
    yield
    cache.clear()


def submit(service_code: str = "SIA", kind: str = "new") -> Application:
    """An application by the demo applicant, with its answers and two uploads, submitted."""
    tenant = Tenant.objects.get(code="llg")
    applicant = User.objects.get(username="pemohon")
    application = services.application_start(tenant=tenant, applicant=applicant,
                                             actor=applicant, service_code=service_code,
                                             variant_kind=kind)
    requirements = reqs.variant_requirements(application.variant)
    services.application_save_answers(application=application, actor=applicant,
                                      answers=sample_answers(requirements))
    for requirement in reqs.missing(Application.objects.get(pk=application.pk)):
        services.document_attach(
            application=application, actor=applicant, requirement_code=requirement.code,
            file=SimpleUploadedFile(f"{requirement.code}.pdf", sample_pdf(requirement.code),
                                    content_type="application/pdf"))
    submitted = services.application_submit(application=application, actor=applicant)
    return Application.objects.select_related("case").get(pk=submitted.pk)


def move(application: Application, username: str | None, action: str,
         agency: str | None = None, **inputs: Any) -> Application:
    """Perform a workflow action on the application's file as a demo user."""
    assert application.case is not None
    act(application.case, username, action, agency=agency, **inputs)
    return Application.objects.select_related("case").get(pk=application.pk)


@pytest.fixture
def submitted(db: None) -> Application:
    """A pharmacist's practice permit (SIA, reviewed by the health office), just submitted."""
    return submit()


def api_url(number: str, pin: str | None = None) -> str:
    return f"/api/v1/track/{number}" + (f"?pin={pin}" if pin is not None else "")
