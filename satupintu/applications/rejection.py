"""The rejection letter (*surat penolakan*) of an application, as PDF (WeasyPrint).

The letter is rendered on demand from what the rejecting step recorded (its reasons and
moment, immutable in `CaseTransition`) and from the standard version the application was
filed under (immutable once published), so every copy of it says the same thing and nothing
has to be stored or kept in step. The letter number is derived from the tracking number
(`letter_number`). It is not signed electronically: the signing of documents is the
issuance's business.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from satupintu.accounts.models import ApplicantProfile, Membership, Role
from satupintu.applications.models import Application
from satupintu.applications.selectors import rejection_step
from satupintu.calendars.selectors import local_date
from satupintu.core.errors import NotFound
from satupintu.tenants.models import Agency
from satupintu.tenants.selectors import one_stop_agency

# Archive classification 503 (licensing), TLK (*tolak*: a rejection, never a permit number),
# the tracking number's own sequence and year: unique per region, as tracking numbers are.
LETTER_NUMBER_FORMAT = "503/{seq}/TLK/DPMPTSP/{year}"
_TRACKING = re.compile(r"^[A-Z]+-(?P<year>\d{4})-(?P<seq>\d+)$")


def letter_number(tracking_number: str) -> str:
    """The rejection letter's number, e.g. `LLG-2026-000123` → `503/000123/TLK/DPMPTSP/2026`."""
    match = _TRACKING.match(tracking_number)
    if match is None:  # not one of ours (an imported file): its whole number keeps it unique
        return f"503/{tracking_number}/TLK/DPMPTSP"
    return LETTER_NUMBER_FORMAT.format(seq=match["seq"], year=match["year"])


@dataclass(frozen=True)
class Signatory:
    """Who the letter is signed by: the official holding the signer role of the office."""

    name: str
    position: str


@dataclass(frozen=True)
class RejectionLetter:
    """Everything the letter says, gathered from the recorded rejection."""

    application: Application
    number: str
    date: dt.date
    submitted_on: dt.date | None
    reasons: str
    office: Agency
    applicant_name: str
    applicant_lines: list[str]
    legal_basis: list[str]
    decree: str
    signatory: Signatory
    complaint_url: str
    tracking_url: str
    place: str = ""


def rejection_letter(application: Application) -> RejectionLetter:
    """The letter of a rejected application; NotFound while it is not rejected."""
    step = rejection_step(application)
    if step is None or application.tracking_number is None:
        raise NotFound()
    tenant = application.tenant
    office = one_stop_agency(tenant=tenant)
    variant = application.variant
    base = settings.SATUPINTU_PUBLIC_URL.rstrip("/")
    return RejectionLetter(
        application=application,
        number=letter_number(application.tracking_number),
        date=local_date(tenant, step.at),
        submitted_on=local_date(tenant, application.submitted_at)
        if application.submitted_at else None,
        reasons=str(step.inputs.get("reason", "")),
        office=office,
        applicant_name=application.applicant.get_full_name(),
        applicant_lines=_address(application),
        legal_basis=[line.strip() for line in variant.legal_basis.splitlines() if line.strip()],
        decree=variant.standard.decree,
        signatory=_signatory(office),
        complaint_url=f"{base}/pengaduan/",
        tracking_url=f"{base}/lacak/",
        place=tenant.name.removeprefix("Kota ").strip() if tenant.name.startswith("Kota ")
        else "",
    )


def _address(application: Application) -> list[str]:
    profile = (ApplicantProfile.objects.select_related("kelurahan__kecamatan")
               .filter(user=application.applicant).first())
    if profile is None:
        return []
    lines = []
    if profile.company_name:
        lines.append(f"{profile.get_legal_form_display()} {profile.company_name}".strip())
    lines.append(profile.address)
    kelurahan = profile.kelurahan
    if kelurahan is not None:
        lines.append(f"Kel. {kelurahan.name}, Kec. {kelurahan.kecamatan.name}")
    return [line for line in lines if line]


def _signatory(office: Agency) -> Signatory:
    """The office's signer, preferring one who also heads it; the title alone if nobody holds
    the role (the letter is still owed to the applicant)."""
    signers = list(Membership.objects.filter(agency=office, role=Role.SIGNER, is_active=True,
                                             user__is_active=True)
                   .select_related("user").order_by("pk"))
    heads = set(Membership.objects.filter(agency=office, role=Role.HEAD, is_active=True)
                .values_list("user_id", flat=True))
    signers.sort(key=lambda m: m.user_id not in heads)
    if not signers:
        return Signatory(name="", position=f"Kepala {office.short_name or office.name}")
    chosen = signers[0]
    return Signatory(name=chosen.user.get_full_name(),
                     position=chosen.position or f"Kepala {office.short_name or office.name}")


def rejection_letter_pdf(letter: RejectionLetter) -> bytes:
    """The letter as PDF; official letters are in Indonesian whatever the reader's language."""
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string("applications/rejection_letter_pdf.html", {
            "letter": letter, "application": letter.application,
            "tenant": letter.application.tenant,
        })
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
