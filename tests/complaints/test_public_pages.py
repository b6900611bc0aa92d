"""The public complaint pages: the list, a complaint's page, its photos, filing on the web,
and the complainant's private page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from satupintu.accounts.models import User
from satupintu.complaints.intake import ComplaintInput, complaint_submit
from satupintu.complaints.models import (
    Complaint,
    ComplaintMedia,
    ComplaintStatus,
    ComplaintUpdate,
    MediaReview,
    UpdateKind,
)
from satupintu.demo.files import demo_site_photo
from satupintu.tenants.models import Tenant

pytestmark = pytest.mark.django_db

SECRET_NAME = "Bambang Rahasiawan"
SECRET_EMAIL = "bambang.rahasia@example.org"
SECRET_PHONE = "081399887766"
SECRET_ADDRESS = "Jl. Tersembunyi No. 99"
KELURAHAN = "16.73.01.1001"  # Air Kuti, Lubuk Linggau Timur I
TEXT = "Jalan di depan kantor kelurahan berlubang besar dan membahayakan pengendara motor."


def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def file_complaint(*, photos: int = 0, now: dt.datetime | None = None,
                   actor: User | None = None, **extra: Any) -> Complaint:
    fields: dict[str, Any] = {
        "category": "pelanggaran-izin", "description": TEXT, "contact_name": SECRET_NAME,
        "contact_email": SECRET_EMAIL, "contact_phone": SECRET_PHONE,
        "kelurahan": KELURAHAN, "address": SECRET_ADDRESS, "lat": "-3.293512",
        "long": "102.870498", "lapor_ticket": "LAPOR-7788",
        "photos": [SimpleUploadedFile(f"p{i}.png", demo_site_photo("x", "y", i, kind="png"))
                   for i in range(photos)]}
    fields.update(extra)
    return complaint_submit(tenant=llg(), actor=actor, data=ComplaintInput(**fields), now=now)


def assert_no_personal_data(html: str) -> None:
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, SECRET_ADDRESS, "Rahasiawan",
                   "bambang", "99887766", "Tersembunyi", "-3.293512", "102.870498",
                   "1673015205900001", "Siti Aminah", "pemohon@lubuklinggau.demo"):
        assert secret.lower() not in html.lower(), secret


# --- the list --------------------------------------------------------------------------------
def test_the_list_shows_complaints_without_personal_data(client: Client) -> None:
    complaint = file_complaint()
    response = client.get("/pengaduan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert complaint.number in html
    assert "Air Kuti" in html
    assert f'href="/pengaduan/{complaint.number}/"' in html
    assert 'href="/pengaduan/baru/"' in html  # the call to action
    assert_no_personal_data(html)


def test_the_list_explains_every_categorys_time_limits(client: Client) -> None:
    html = client.get("/pengaduan/").content.decode()
    assert "Pungutan liar atau permintaan imbalan" in html
    assert "<td>60</td>" in html  # investigation: settled within 60 working days


def test_filters_that_cannot_apply_are_said_so(client: Client) -> None:
    with translation.override("en"):
        html = client.get("/pengaduan/", {"status": "bogus", "date_from": "2026-13-01",
                                          "category": "zzz"},
                          HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'id="id_status_error"' in html
        assert 'id="id_date_from_error"' in html
        assert 'id="id_category_error"' in html
        assert "This filter was not applied." in html
        reversed_range = client.get("/pengaduan/", {"date_from": "2026-05-01",
                                                    "date_to": "2026-01-01"},
                                    HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'id="filter-error"' in reversed_range
        assert "The start date is after the end date." in reversed_range


def test_the_list_filters_by_category_status_place_and_period(client: Client) -> None:
    place = file_complaint()
    other = file_complaint(category="layanan-lambat", kelurahan="16.73.02.1001",
                           now=timezone.now() - dt.timedelta(days=40))
    Complaint.objects.filter(pk=other.pk).update(status=ComplaintStatus.RESOLVED,
                                                 closed_at=timezone.now())

    def numbers(query: str) -> set[str]:
        response = client.get(f"/pengaduan/?{query}")
        assert response.status_code == 200
        return set(re.findall(r'data-number="([^"]+)"', response.content.decode()))

    assert place.number in numbers("category=pelanggaran-izin")
    assert other.number not in numbers("category=pelanggaran-izin")
    assert place.number in numbers("status=open")
    assert other.number not in numbers("status=open")
    assert other.number in numbers("status=closed")
    assert other.number in numbers("status=resolved")
    assert place.number not in numbers("status=resolved")
    assert place.number in numbers(f"kelurahan={KELURAHAN}")
    assert other.number not in numbers(f"kelurahan={KELURAHAN}")
    assert other.number in numbers("kecamatan=16.73.02")
    assert place.number not in numbers("kecamatan=16.73.02")
    today = timezone.localdate(timezone=ZoneInfo("Asia/Jakarta"))
    recent = numbers(f"date_from={today - dt.timedelta(days=7)}&date_to={today}")
    assert place.number in recent
    assert other.number not in recent
    # A stale or hand-made link is ignored, never an error.
    assert place.number in numbers("status=nonsense&kelurahan=xx&date_from=kemarin")


def test_the_list_is_paged(client: Client) -> None:
    for _ in range(21):
        file_complaint(photos=0, lat="", long="", lapor_ticket="")
    first = client.get("/pengaduan/?category=pelanggaran-izin")
    assert 'page=2"' in first.content.decode() or "page=2" in first.content.decode()
    second = client.get("/pengaduan/?category=pelanggaran-izin&page=2")
    assert second.status_code == 200
    assert 'class="card mb-2 complaint-row"' in second.content.decode()
    assert client.get("/pengaduan/?page=999").status_code == 200


# --- a complaint's page ----------------------------------------------------------------------
def test_the_public_page_shows_the_complaint_and_its_public_updates_only(
        client: Client) -> None:
    complaint = file_complaint()
    ComplaintUpdate.objects.create(
        tenant=complaint.tenant, complaint=complaint, kind=UpdateKind.NOTE,
        text="Catatan internal: pelapor kerabat pejabat.", is_public=False,
        status=complaint.status, at=timezone.now())
    ComplaintUpdate.objects.create(
        tenant=complaint.tenant, complaint=complaint, kind=UpdateKind.ANSWER,
        text="Tim akan meninjau lokasi pada hari Senin.", is_public=True,
        agency=complaint.agency, status=ComplaintStatus.ANSWERED, at=timezone.now())
    response = client.get(f"/pengaduan/{complaint.number}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert complaint.number in html
    assert TEXT in html
    assert "Air Kuti" in html
    assert "Tim akan meninjau lokasi" in html
    assert "Catatan internal" not in html
    assert "LAPOR-7788" not in html
    assert 'data-state="open"' in html
    assert_no_personal_data(html)
    # Numbers typed in lower case find it too.
    assert client.get(f"/pengaduan/{complaint.number.lower()}/").status_code == 200


def test_an_unknown_number_is_the_404_page(client: Client) -> None:
    for number in ("ADU-1999-99999", "x" * 80, "ADU%00"):
        response = client.get(f"/pengaduan/{number}/")
        assert response.status_code == 404
    assert "Page not found" in response.content.decode() or "Halaman" in (
        response.content.decode())


def test_moderated_text_shows_the_reason_instead(client: Client) -> None:
    complaint = file_complaint(description="Petugas itu bodoh dan kurang ajar sekali, sungguh.")
    Complaint.objects.filter(pk=complaint.pk).update(
        hidden_reason="Berisi kata-kata kasar", hidden_at=timezone.now())
    ComplaintUpdate.objects.create(
        tenant=complaint.tenant, complaint=complaint, kind=UpdateKind.ANSWER,
        text="Balasan yang juga disembunyikan.", hidden_reason="Menyebut nama warga",
        status=complaint.status, at=timezone.now())
    for url in (f"/pengaduan/{complaint.number}/", "/pengaduan/"):
        html = client.get(url).content.decode()
        assert "bodoh" not in html
        assert "Berisi kata-kata kasar" in html
    html = client.get(f"/pengaduan/{complaint.number}/").content.decode()
    assert "Balasan yang juga disembunyikan" not in html
    assert "Menyebut nama warga" in html


def test_outcomes_are_shown_honestly(client: Client) -> None:
    first = file_complaint()
    second = file_complaint()
    Complaint.objects.filter(pk=second.pk).update(
        status=ComplaintStatus.DUPLICATE, duplicate_of=first, closed_at=timezone.now())
    html = client.get(f"/pengaduan/{second.number}/").content.decode()
    assert f'href="/pengaduan/{first.number}/"' in html
    Complaint.objects.filter(pk=second.pk).update(
        status=ComplaintStatus.NOT_RESPONSIBLE, duplicate_of=None,
        responsible_body="PLN UP3 Lubuklinggau", outcome_reason="Listrik padam.")
    html = client.get(f"/pengaduan/{second.number}/").content.decode()
    assert "PLN UP3 Lubuklinggau" in html
    assert 'data-state="closed"' in html


# --- photos ----------------------------------------------------------------------------------
def test_only_approved_photos_are_served(client: Client) -> None:
    complaint = file_complaint(photos=2)
    pending, approved = list(ComplaintMedia.objects.filter(complaint=complaint).order_by("pk"))
    ComplaintMedia.objects.filter(pk=approved.pk).update(review=MediaReview.APPROVED)
    html = client.get(f"/pengaduan/{complaint.number}/").content.decode()
    assert f"/pengaduan/{complaint.number}/foto/{approved.pk}/" in html
    assert f"/foto/{pending.pk}/" not in html

    response = client.get(f"/pengaduan/{complaint.number}/foto/{approved.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]

    assert client.get(f"/pengaduan/{complaint.number}/foto/{pending.pk}/").status_code == 404
    ComplaintMedia.objects.filter(pk=pending.pk).update(review=MediaReview.REJECTED)
    assert client.get(f"/pengaduan/{complaint.number}/foto/{pending.pk}/").status_code == 404
    # An approved photo under another complaint's number does not exist.
    other = file_complaint()
    assert client.get(f"/pengaduan/{other.number}/foto/{approved.pk}/").status_code == 404


# --- filing on the web -------------------------------------------------------------------------
def _form(**extra: Any) -> dict[str, Any]:
    data = {"category": "pelanggaran-izin", "description": TEXT, "kelurahan": KELURAHAN,
            "address": SECRET_ADDRESS, "lat": "", "long": "", "contact_name": SECRET_NAME,
            "contact_email": SECRET_EMAIL, "contact_phone": SECRET_PHONE}
    data.update(extra)
    return data


def test_the_form_offers_categories_with_their_time_limits(client: Client) -> None:
    response = client.get("/pengaduan/baru/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="category"' in html
    assert 'value="pungutan-liar"' in html
    assert "Air Kuti" in html
    assert 'id="use-location"' in html
    assert "complaint_location.js" in html
    assert "<script>" not in html  # the CSP allows no inline script


def test_an_anonymous_complaint_is_filed_and_confirmed_on_the_private_page(
        client: Client) -> None:
    before = Complaint.objects.count()
    response = client.post("/pengaduan/baru/", _form(lat="-3.2935", long="102.8705"))
    assert response.status_code == 302
    assert Complaint.objects.count() == before + 1
    complaint = Complaint.objects.latest("pk")
    assert complaint.channel == "web"
    assert complaint.complainant is None
    assert complaint.contact_email == SECRET_EMAIL
    assert response["Location"] == f"/pengaduan/saya/{complaint.secret}/?baru=1"
    confirmation = client.get(response["Location"])
    html = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert complaint.number in html
    assert f"/pengaduan/saya/{complaint.secret}/" in html
    assert f"/pengaduan/{complaint.number}/" in html
    assert complaint.resolve_due.strftime("%Y-%m-%d") in html
    assert SECRET_EMAIL in html  # their own details, on their own page
    assert confirmation["Referrer-Policy"] == "no-referrer"
    assert "no-store" in confirmation["Cache-Control"]
    assert "noindex" in confirmation["X-Robots-Tag"]
    # The public page of the same complaint has none of it.
    assert_no_personal_data(client.get(f"/pengaduan/{complaint.number}/").content.decode())


def test_a_complaint_without_any_contact_is_accepted(client: Client) -> None:
    response = client.post("/pengaduan/baru/", _form(
        category="layanan-lambat", kelurahan="", address="", contact_name="",
        contact_email="", contact_phone=""))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "no private reply" in page or "tidak dapat membalas" in page or "cannot reply" in page


def test_a_signed_in_applicant_files_under_their_account(login: Any,
                                                           applicant: User) -> None:
    client = login(applicant)
    form = client.get("/pengaduan/baru/").content.decode()
    assert 'name="contact_email"' not in form
    response = client.post("/pengaduan/baru/", _form(contact_email="ignored@example.org"))
    assert response.status_code == 302
    complaint = Complaint.objects.latest("pk")
    assert complaint.complainant == applicant
    assert complaint.contact_email == ""
    mine = client.get("/pengaduan/saya/")
    assert mine.status_code == 200
    assert f"/pengaduan/saya/{complaint.secret}/" in mine.content.decode()
    private = client.get(f"/pengaduan/saya/{complaint.secret}/").content.decode()
    assert applicant.email in private


@pytest.mark.parametrize(("field", "value"), [
    ("category", ""), ("category", "tidak-ada"), ("description", "pendek"),
    ("contact_email", "bukan-email"), ("contact_phone", "12ab"), ("kelurahan", "99.99.99.9999"),
    ("lat", "utara"), ("long", "999"), ("lapor_ticket", "??"),
    ("tracking_number", "LLG-1999-999999"), ("permit_number", "503/0/X/1999"),
    ("agency", "TIDAKADA"),
])
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_stored(
        client: Client, field: str, value: str) -> None:
    before = Complaint.objects.count()
    data = _form(**{field: value})
    if field in {"lat", "long"}:
        data.update({"lat": "-3.29", "long": "102.86", field: value})
    response = client.post("/pengaduan/baru/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="complaint-message"' in html
    assert "invalid-feedback" in html
    assert Complaint.objects.count() == before
    # What was typed is kept for correcting.
    assert TEXT in html or field == "description"


@pytest.mark.parametrize(("name", "content"), [
    ("foto.png", b"%PDF-1.4 not an image at all" * 10),
    ("foto.jpg", b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024 + 10)),
])
def test_a_non_image_or_oversized_photo_is_refused(client: Client, name: str,
                                                    content: bytes) -> None:
    before = Complaint.objects.count()
    response = client.post("/pengaduan/baru/", {
        **_form(), "photos": SimpleUploadedFile(name, content)})
    assert response.status_code == 422
    assert 'id="photos-error"' in response.content.decode()
    assert Complaint.objects.count() == before


def test_too_many_photos_are_refused(client: Client) -> None:
    photos = [SimpleUploadedFile(f"f{i}.png", demo_site_photo("a", "b", i, kind="png"))
              for i in range(4)]
    response = client.post("/pengaduan/baru/", {**_form(), "photos": photos})
    assert response.status_code == 422
    assert 'id="photos-error"' in response.content.decode()


def test_photos_are_stored_for_review(client: Client) -> None:
    photos = [SimpleUploadedFile("f.jpg", demo_site_photo("a", "b", 1))]
    response = client.post("/pengaduan/baru/", {**_form(), "photos": photos})
    assert response.status_code == 302
    media = ComplaintMedia.objects.get(complaint=Complaint.objects.latest("pk"))
    assert media.review == MediaReview.PENDING
    assert media.content_type == "image/jpeg"


def test_anonymous_filing_is_throttled_per_client(client: Client, settings: Any,
                                                  login: Any, applicant: User) -> None:
    settings.SATUPINTU_COMPLAINT_RATE = "2/10m"
    assert client.post("/pengaduan/baru/", _form()).status_code == 302
    # Mistakes do not use up the budget: only complaints filed count.
    for _attempt in range(3):
        assert client.post("/pengaduan/baru/", _form(description="x")).status_code == 422
    assert client.post("/pengaduan/baru/", _form()).status_code == 302
    before = Complaint.objects.count()
    third = client.post("/pengaduan/baru/", _form())
    assert third.status_code == 429
    assert int(third["Retry-After"]) > 0
    assert 'data-result="throttled"' in third.content.decode()
    assert Complaint.objects.count() == before
    # A signed-in applicant is known by the account and not held back.
    assert login(applicant).post("/pengaduan/baru/", _form()).status_code == 302


def test_the_form_keeps_csrf_protection() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/pengaduan/baru/", _form()).status_code == 403


# --- the private page ------------------------------------------------------------------------
def test_a_wrong_secret_is_the_404_page(client: Client) -> None:
    file_complaint()
    assert client.get("/pengaduan/saya/tidak-ada-rahasia/").status_code == 404
    assert client.get(f"/pengaduan/saya/{'a' * 100}/").status_code == 404


def test_my_complaints_needs_an_applicant_account(client: Client, login: Any,
                                                  clerk: User) -> None:
    response = client.get("/pengaduan/saya/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")
    assert login(clerk).get("/pengaduan/saya/").status_code == 403


def test_an_open_complaint_offers_no_reopening(client: Client) -> None:
    complaint = file_complaint()
    html = client.get(f"/pengaduan/saya/{complaint.secret}/").content.decode()
    assert "reopen-form" not in html
    response = client.post(f"/pengaduan/saya/{complaint.secret}/",
                           {"reason": "Belum beres.", "version": complaint.version})
    assert response.status_code == 409
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.RECEIVED


def test_the_complainant_reopens_a_closed_complaint_with_a_reason(client: Client) -> None:
    complaint = file_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(
        status=ComplaintStatus.RESOLVED, closed_at=timezone.now(), outcome_reason="Sudah.",
        version=complaint.version + 1)
    complaint.refresh_from_db()
    url = f"/pengaduan/saya/{complaint.secret}/"
    html = client.get(url).content.decode()
    assert "reopen-form" in html
    missing = client.post(url, {"reason": "", "version": complaint.version})
    assert missing.status_code == 422
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.RESOLVED
    stale = client.post(url, {"reason": "Jalan masih berlubang.", "version": 1})
    assert stale.status_code == 409
    done = client.post(url, {"reason": "Jalan masih berlubang.", "version": complaint.version})
    assert done.status_code == 302
    assert done["Location"] == f"{url}?dibuka=1"
    fresh = Complaint.objects.get(pk=complaint.pk)
    assert fresh.status == ComplaintStatus.REOPENED
    assert fresh.reopen_count == 1
    public = client.get(f"/pengaduan/{complaint.number}/").content.decode()
    assert "Jalan masih berlubang." in public
    assert 'class="reopen-count"' in public


def test_a_complaint_closed_long_ago_cannot_be_reopened(client: Client) -> None:
    complaint = file_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(
        status=ComplaintStatus.CLOSED_UNRESOLVED, outcome_reason="Tidak dapat ditindaklanjuti.",
        closed_at=timezone.now() - dt.timedelta(days=30))
    url = f"/pengaduan/saya/{complaint.secret}/"
    assert "reopen-form" not in client.get(url).content.decode()
    response = client.post(url, {"reason": "Masih bermasalah.", "version": complaint.version})
    assert response.status_code == 409
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.CLOSED_UNRESOLVED


def test_an_empty_post_is_told_what_is_missing(client: Client) -> None:
    before = Complaint.objects.count()
    response = client.post("/pengaduan/baru/", {})
    assert response.status_code == 422
    assert 'id="category-error"' in response.content.decode()
    assert Complaint.objects.count() == before
