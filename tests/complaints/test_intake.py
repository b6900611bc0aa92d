"""Filing a complaint (`intake.complaint_submit`): routing, time limits, numbering, refusals
and photos."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from satupintu.accounts.models import User
from satupintu.applications.models import Application
from satupintu.audit.models import AuditRecord
from satupintu.calendars.services import holiday_add
from satupintu.complaints.intake import ComplaintInput, complaint_submit
from satupintu.complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintMedia,
    ComplaintRoute,
    ComplaintStatus,
    ComplaintUpdate,
    UpdateKind,
)
from satupintu.core.errors import ValidationFailed
from satupintu.demo.files import demo_site_photo
from satupintu.tenants.models import Agency, Kecamatan, Tenant

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
TEXT = "Pelayanan di loket lambat sekali, saya menunggu tiga jam tanpa kejelasan."


def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def agency(code: str) -> Agency:
    return Agency.objects.get(tenant=llg(), code=code)


def submit(*, actor: User | None = None, channel: str = ComplaintChannel.WEB,
           now: dt.datetime | None = None, **fields: Any) -> Complaint:
    data = {"category": "layanan-lambat", "description": TEXT} | fields
    return complaint_submit(tenant=llg(), actor=actor, data=ComplaintInput(**data),
                            channel=channel, now=now)


def refused(**fields: Any) -> dict[str, str]:
    """The field errors of a filing that must fail, checking nothing was stored."""
    before = (Complaint.objects.count(), ComplaintUpdate.objects.count(),
              ComplaintMedia.objects.count(), AuditRecord.objects.count())
    with pytest.raises(ValidationFailed) as caught:
        submit(**fields)
    assert (Complaint.objects.count(), ComplaintUpdate.objects.count(),
            ComplaintMedia.objects.count(), AuditRecord.objects.count()) == before
    details = caught.value.details
    assert isinstance(details, dict)
    return details


# --- routing ---------------------------------------------------------------------------------
def test_a_category_with_an_agency_goes_to_that_agency() -> None:
    complaint = submit(category="pelanggaran-izin", kelurahan="16.73.01.1001")
    assert complaint.agency == agency("PUPR")


def test_a_route_for_the_kecamatan_wins_over_the_categorys_agency() -> None:
    category = ComplaintCategory.objects.get(tenant=llg(), code="pelanggaran-izin")
    kecamatan = Kecamatan.objects.get(tenant=llg(), code="16.73.02")
    ComplaintRoute.objects.create(tenant=llg(), category=category, kecamatan=kecamatan,
                                  agency=agency("DLH"))
    assert submit(category="pelanggaran-izin", kelurahan="16.73.02.1001").agency == agency("DLH")
    # Another kecamatan keeps the category's agency; so does a point without a kelurahan.
    assert submit(category="pelanggaran-izin", kelurahan="16.73.01.1001").agency == agency(
        "PUPR")
    assert submit(category="pelanggaran-izin", lat="-3.30", long="102.85").agency == agency(
        "PUPR")


def test_a_route_to_an_inactive_agency_is_skipped() -> None:
    category = ComplaintCategory.objects.get(tenant=llg(), code="pelanggaran-izin")
    kecamatan = Kecamatan.objects.get(tenant=llg(), code="16.73.03")
    ComplaintRoute.objects.create(tenant=llg(), category=category, kecamatan=kecamatan,
                                  agency=agency("DISHUB"))
    Agency.objects.filter(pk=agency("DISHUB").pk).update(is_active=False)
    assert submit(category="pelanggaran-izin", kelurahan="16.73.03.1001").agency == agency(
        "PUPR")


def test_without_a_category_agency_the_agency_complained_about_answers() -> None:
    complaint = submit(agency="dinkes")
    assert complaint.agency == agency("DINKES")
    assert complaint.subject_agency == agency("DINKES")


def test_an_application_reference_names_its_services_agency() -> None:
    application = (Application.objects.filter(tenant=llg(), tracking_number__isnull=False)
                   .select_related("service").first())
    assert application is not None
    complaint = submit(tracking_number=(application.tracking_number or "").lower())
    assert complaint.application == application
    assert complaint.subject_agency == application.service.lead_agency
    assert complaint.agency == application.service.lead_agency


def test_with_nothing_to_go_by_the_dpmptsp_answers() -> None:
    complaint = submit()
    assert complaint.agency.is_one_stop


# --- time limits -----------------------------------------------------------------------------
def test_time_limits_count_working_days_across_a_weekend_and_a_holiday() -> None:
    holiday_add(tenant=llg(), actor=None, date=dt.date(2026, 12, 7), name="Hari jadi (uji)",
                reason="Libur daerah untuk pengujian.")
    # Friday 4 December 2026 at 16:00 WIB; Monday the 7th is a day off.
    friday = dt.datetime(2026, 12, 4, 16, 0, tzinfo=WIB)
    complaint = submit(category="informasi-layanan", now=friday)  # 1 / 2 / 2 working days
    assert complaint.acknowledge_due == dt.date(2026, 12, 8)
    assert complaint.answer_due == dt.date(2026, 12, 9)
    assert complaint.resolve_due == dt.date(2026, 12, 9)
    longer = submit(category="pungutan-liar", now=friday)  # 1 / 5 / 60
    assert longer.answer_due == dt.date(2026, 12, 14)


def test_the_day_received_is_the_local_day() -> None:
    # 23:30 UTC on a Thursday is already Friday morning in Lubuklinggau.
    late = dt.datetime(2026, 12, 3, 23, 30, tzinfo=dt.UTC)
    complaint = submit(category="informasi-layanan", now=late)
    assert complaint.submitted_at == late
    assert complaint.acknowledge_due == dt.date(2026, 12, 7)


# --- numbering -------------------------------------------------------------------------------
def test_numbers_follow_each_other_within_the_year() -> None:
    first, second = submit(), submit()
    year = first.number.split("-")[1]
    assert first.number.startswith(f"ADU-{year}-")
    assert int(second.number[-5:]) == int(first.number[-5:]) + 1


def test_the_number_carries_the_local_year() -> None:
    new_year = dt.datetime(2026, 12, 31, 18, 0, tzinfo=dt.UTC)  # 1 January 2027 01:00 WIB
    assert submit(now=new_year).number.startswith("ADU-2027-")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_concurrent_filings_get_distinct_numbers() -> None:
    attempts = 6
    barrier = threading.Barrier(attempts)
    numbers: list[str] = []
    failures: list[str] = []

    def attempt() -> None:
        try:
            barrier.wait()
            numbers.append(submit().number)
        except BaseException as exc:
            failures.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(set(numbers)) == attempts
    tails = sorted(int(n[-5:]) for n in numbers)
    assert tails == list(range(tails[0], tails[0] + attempts))


# --- who filed it ----------------------------------------------------------------------------
def test_an_applicant_is_the_complainant(applicant: User) -> None:
    complaint = submit(actor=applicant)
    assert complaint.complainant == applicant
    step = complaint.updates.get()
    assert step.kind == UpdateKind.RECEIVED
    assert step.actor is None
    assert complaint.status == ComplaintStatus.RECEIVED


def test_a_clerk_at_the_counter_is_recorded_but_is_not_the_complainant(clerk: User) -> None:
    complaint = submit(actor=clerk, channel=ComplaintChannel.COUNTER,
                       contact_name="Warga Loket", contact_phone="0812 3456 7890")
    assert complaint.complainant is None
    assert complaint.channel == ComplaintChannel.COUNTER
    assert complaint.updates.get().actor == clerk


def test_the_audit_record_holds_no_contact_details() -> None:
    complaint = submit(contact_name="Rahasia Sekali", contact_email="rahasia@example.org",
                       contact_phone="081299990000", address="Jl. Pribadi 1")
    audit = AuditRecord.objects.get(action="complaint.submitted", object_id=str(complaint.pk))
    text = f"{audit.before} {audit.after} {audit.reason} {audit.object_label}"
    for secret in ("Rahasia", "rahasia@", "99990000", "Pribadi"):
        assert secret not in text
    assert audit.after["anonymous"] is False


# --- refusals --------------------------------------------------------------------------------
@pytest.mark.parametrize(("fields", "key"), [
    ({"category": ""}, "category"),
    ({"category": "tidak-ada"}, "category"),
    ({"description": "   singkat "}, "description"),
    ({"description": "x" * 5001}, "description"),
    ({"contact_email": "bukan-email"}, "contact_email"),
    ({"contact_phone": "0812"}, "contact_phone"),
    ({"contact_phone": "08ab12345678"}, "contact_phone"),
    ({"kelurahan": "16.73.99.1999"}, "kelurahan"),
    ({"lat": "utara", "long": "102.8"}, "lat"),
    ({"lat": "-3.2", "long": "181"}, "long"),
    ({"lat": "-3.2"}, "long"),
    ({"lat": "NaN", "long": "102.8"}, "lat"),
    ({"address": "a" * 301}, "address"),
    ({"tracking_number": "LLG-2000-000001"}, "tracking_number"),
    ({"permit_number": "503/9999/X/DPMPTSP/2000"}, "permit_number"),
    ({"agency": "TIDAKADA"}, "agency"),
    ({"lapor_ticket": "<script>"}, "lapor_ticket"),
    ({"category": "pelanggaran-izin"}, "kelurahan"),  # needs a place
])
def test_each_bad_input_is_refused_with_nothing_stored(fields: dict[str, Any],
                                                       key: str) -> None:
    assert key in refused(**fields)


def test_every_problem_is_reported_at_once() -> None:
    details = refused(category="x", description="", contact_email="@", lat="1")
    assert {"category", "description", "contact_email", "long"} <= set(details)


# --- photos ----------------------------------------------------------------------------------
def test_photos_are_recognised_by_their_content_not_their_name() -> None:
    png = SimpleUploadedFile("foto.jpg", demo_site_photo("a", "b", 1, kind="png"))
    jpg = SimpleUploadedFile("foto.png", demo_site_photo("a", "b", 2, kind="jpg"))
    complaint = submit(photos=[png, jpg])
    kinds = list(complaint.media.order_by("pk").values_list("kind", "content_type", "review"))
    assert kinds == [("png", "image/png", "pending"), ("jpg", "image/jpeg", "pending")]
    for media in complaint.media.all():
        assert len(media.sha256) == 64
        assert media.file.name.startswith(f"complaints/{complaint.tenant_id}/")
        assert "foto" not in media.file.name


@pytest.mark.parametrize("photos", [
    [SimpleUploadedFile("foto.png", b"GIF89a" + b"\x00" * 100)],
    [SimpleUploadedFile("foto.jpg", b"%PDF-1.7\n" + b"\x00" * 100)],
    [SimpleUploadedFile("kosong.png", b"")],
    [SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (5 * 1024 * 1024))],
    [SimpleUploadedFile("palsu.jpg", b"\xff\xd8\xff\xe0" + b"bukan gambar" * 50)],
    [SimpleUploadedFile("palsu.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)],
    [SimpleUploadedFile(f"f{i}.png", demo_site_photo("a", "b", i, kind="png"))
     for i in range(4)],
])
def test_bad_photos_are_refused(photos: list[SimpleUploadedFile]) -> None:
    assert "media" in refused(photos=photos)
