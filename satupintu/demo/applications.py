"""Demo applications at the front office: new, returned for correction, registered, a draft.

Built through the real services (so they have timelines, uploads and audit records) with fixed
PINs, listed in the README, so a newcomer can track them at once. Idempotent: the applicant
who already has applications gets no more.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.accounts.models import User
from satupintu.applications import services
from satupintu.applications.models import Application
from satupintu.tenants.models import Tenant
from satupintu.workflow.engine import case_perform


@dataclass(frozen=True)
class DemoApplication:
    service: str
    answers: dict[str, str]
    documents: tuple[str, ...]
    pin: str | None  # None: stays a draft
    then: str = ""  # "return": returned for correction; "register": declared complete


DEMO = [
    DemoApplication("SIA", {"NAMA_APOTEK": "Apotek Sehat Linggau",
                            "SEWA_MILIK_SENDIRI": "sewa"},
                    ("KTP", "STRA", "PERJANJIAN_SEWA"), "APTK26"),
    DemoApplication("SIPD", {}, (), "DKTR26", then="return"),
    DemoApplication("REKLAME", {}, (), "RKLM26", then="register"),
    DemoApplication("PBG", {}, (), None),
]


@lru_cache(maxsize=8)
def _demo_pdf(title: str) -> bytes:
    from weasyprint import HTML

    html = (f"<html lang='id'><body style='font-family: DejaVu Sans'><h1>{title}</h1>"
            "<p>CONTOH DOKUMEN — DATA DEMO SATUPINTU, BUKAN DOKUMEN ASLI.</p></body></html>")
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


@lru_cache(maxsize=4)
def _demo_image(kind: str) -> bytes:
    """A plain 4×6 'photo' for image-only requirements (pas foto), marked as demo."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 360), (200, 30, 30))
    ImageDraw.Draw(image).text((60, 170), "DEMO", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG" if kind == "jpg" else "PNG")
    return out.getvalue()


def _fill(application: Application, applicant: User, item: DemoApplication) -> None:
    """Answer every applicable data item and attach a demo PDF to every document."""
    from satupintu.applications import requirements as reqs

    answers = dict(item.answers)
    for requirement in reqs.variant_requirements(application.variant):
        if requirement.kind == "data" and requirement.code not in answers:
            answers[requirement.code] = _sample_answer(requirement)
    services.application_save_answers(application=application, actor=applicant,
                                      answers=answers)
    application.refresh_from_db()
    for requirement in reqs.applicable(reqs.variant_requirements(application.variant),
                                       application.answers):
        if requirement.kind != "document":
            continue
        kind = "pdf" if "pdf" in requirement.file_types else requirement.file_types[0]
        if kind == "pdf":
            body, content_type = _demo_pdf(requirement.name), "application/pdf"
        else:
            body = _demo_image(kind)
            content_type = "image/jpeg" if kind == "jpg" else f"image/{kind}"
        upload = SimpleUploadedFile(f"{requirement.code.lower()}.{kind}", body,
                                    content_type=content_type)
        services.document_attach(application=application, actor=applicant,
                                 requirement_code=requirement.code, file=upload)


def _sample_answer(requirement: object) -> str:
    data_type = getattr(requirement, "data_type", "text")
    choices = getattr(requirement, "choices", []) or []
    samples = {"number": "120", "date": "2026-01-15", "boolean": "false",
               "nik": "1673024107900002", "npwp": "01.312.166.0-091.000",
               "nib": "9120001234567", "kbli": "47772", "email": "pemohon@lubuklinggau.demo",
               "phone": "081234567890"}
    if data_type == "choice" and choices:
        return str(choices[0])
    return samples.get(str(data_type), "Contoh isian (demo)")


def ensure_demo_applications(tenant: Tenant, applicant: User) -> list[str]:
    """Create the demo applications unless the applicant already has some."""
    if Application.objects.filter(tenant=tenant, applicant=applicant).exists():
        return []
    clerk = User.objects.get(username="petugas.fo")
    created = []
    for item in DEMO:
        application = services.application_start(
            tenant=tenant, applicant=applicant, actor=applicant, service_code=item.service,
            variant_kind="new")
        _fill(application, applicant, item)
        if item.pin is None:
            created.append(f"draft {item.service}")
            continue
        application = services.application_submit(application=application, actor=applicant,
                                                   demo_pin=item.pin)
        case = application.case
        assert case is not None
        if item.then == "return":
            first = application.variant.requirements.filter(kind="document").order_by(
                "position").first()
            code = first.code if first else ""
            case_perform(tenant=tenant, case_id=case.pk, actor=clerk,
                         action="return_incomplete", expected_version=case.version,
                         inputs={"citations": [{"code": code, "note":
                                                "Dokumen kurang jelas; unggah ulang (demo)."}]})
        elif item.then == "register":
            case_perform(tenant=tenant, case_id=case.pk, actor=clerk, action="register",
                         expected_version=case.version)
        created.append(f"{application.tracking_number} PIN {application.pin}")
    return created


def demo_tracking() -> list[tuple[str, str, str]]:
    """(tracking number, PIN, service) of the submitted demo applications, for `make run`."""
    rows = (Application.objects.filter(applicant__username="pemohon",
                                       tracking_number__isnull=False)
            .select_related("service").order_by("tracking_number"))
    return [(a.tracking_number or "", a.pin, a.service.code) for a in rows]
