"""The officers' complaint pages: who sees which complaint, the steps through the forms with
their errors next to the fields, 403 for readers, 409 for a stale form, photos, the counter."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.complaints.models import (
    Complaint,
    ComplaintChannel,
    ComplaintMedia,
    ComplaintStatus,
    MediaReview,
    UpdateKind,
)
from satupintu.demo.files import demo_site_photo
from tests.complaints.handling_helpers import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    COORDINATOR,
    dinkes_handler,
    file_complaint,
    fresh,
    pupr_handler,
    user,
)
from tests.personas import sign_in

pytestmark = pytest.mark.django_db

ANSWER = "Kami sudah menegur petugas loket dan memperbaiki daftar periksa berkas."
INBOX = "/petugas/pengaduan/"


def _as(client: Client, who: User) -> Client:
    return sign_in(client, who)


def _page(complaint: Complaint) -> str:
    return f"{INBOX}{complaint.number}/"


def _act(client: Client, complaint: Complaint, action: str, **fields: Any) -> Any:
    data = {"action": action, f"{action}-version": fields.pop("version", complaint.version)}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(f"{_page(complaint)}tindakan/", data)


def test_the_agency_handler_sees_its_complaints_and_not_the_others(client: Client) -> None:
    pupr = file_complaint()
    other = file_complaint(category="informasi-layanan", kelurahan="")  # the DPMPTSP's
    _as(client, pupr_handler())
    page = client.get(INBOX).content.decode()
    assert pupr.number in page
    assert other.number not in page
    assert client.get(_page(pupr)).status_code == 200
    assert client.get(_page(other)).status_code == 404


def test_the_coordinator_auditor_and_administrator_see_every_complaint(client: Client) -> None:
    pupr = file_complaint()
    for username in (COORDINATOR, "auditor", "admin.llg"):
        _as(client, user(username))
        assert pupr.number in client.get(INBOX).content.decode(), username
        assert client.get(_page(pupr)).status_code == 200, username


@pytest.mark.parametrize("who", ["pemohon", "teknis.pupr", "petugas.fo"])
def test_others_are_refused_the_inbox(client: Client, who: str) -> None:
    _as(client, user(who))
    assert client.get(INBOX).status_code == 403


def test_another_regions_officer_is_refused(client: Client, other_tenant_officer: User) -> None:
    complaint = file_complaint()
    _as(client, other_tenant_officer)
    assert client.get(_page(complaint)).status_code == 403
    assert client.get(INBOX).status_code == 403


def test_the_inbox_filters_and_shows_due_dates(client: Client) -> None:
    handler = pupr_handler()
    mine = file_complaint()
    other = file_complaint()
    from satupintu.complaints import handling

    handling.complaint_claim(complaint=mine, actor=handler)
    handling.complaint_resolve(complaint=other, actor=handler, text=ANSWER)
    _as(client, handler)
    page = client.get(f"{INBOX}?mine=1").content.decode()
    assert mine.number in page
    assert other.number not in page
    closed = client.get(f"{INBOX}?status=closed").content.decode()
    assert other.number in closed
    assert mine.number not in closed
    assert client.get(f"{INBOX}?status=nonsense&page=x").status_code == 200
    overdue = client.get(f"{INBOX}?overdue=1").content.decode()
    assert mine.number not in overdue  # filed today: nothing is due yet


def test_the_handler_answers_and_resolves_through_the_forms(client: Client) -> None:
    complaint = file_complaint()
    _as(client, pupr_handler())
    page = client.get(_page(complaint)).content.decode()
    assert 'name="answer-text"' in page
    assert CONTACT_EMAIL not in page  # contact details only on request
    response = _act(client, complaint, "answer", text=ANSWER)
    assert response.status_code == 302
    complaint = fresh(complaint)
    assert complaint.status == ComplaintStatus.ANSWERED
    response = _act(client, complaint, "resolve", text=ANSWER)
    assert response.status_code == 302
    assert fresh(complaint).status == ComplaintStatus.RESOLVED


def test_bad_input_comes_back_next_to_the_field_and_changes_nothing(client: Client) -> None:
    complaint = file_complaint()
    _as(client, pupr_handler())
    response = _act(client, complaint, "close_unresolved", reason="")
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_close_unresolved-reason_error"' in html
    assert fresh(complaint).status == ComplaintStatus.RECEIVED
    response = _act(client, complaint, "forward", to_agency="", reason="Bukan wewenang kami.")
    assert response.status_code == 422
    assert 'id="id_forward-to_agency_error"' in response.content.decode()


def test_a_stale_form_answers_409_with_the_message_and_keeps_the_text(client: Client) -> None:
    complaint = file_complaint()
    from satupintu.complaints import handling

    stale = complaint.version
    handling.complaint_acknowledge(complaint=complaint, actor=user(COORDINATOR))
    _as(client, pupr_handler())
    response = _act(client, complaint, "answer", text=ANSWER, version=stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "berubah" in html or "changed" in html
    assert ANSWER in html
    assert fresh(complaint).answered_at is None


def test_readers_get_no_forms_and_403_on_acts(client: Client) -> None:
    complaint = file_complaint()
    _as(client, user("auditor"))
    page = client.get(_page(complaint)).content.decode()
    assert 'name="answer-text"' not in page
    assert CONTACT_NAME not in client.get(_page(complaint) + "?kontak=1").content.decode()
    assert _act(client, complaint, "answer", text=ANSWER).status_code == 403
    assert fresh(complaint).status == ComplaintStatus.RECEIVED


def test_another_agencys_handler_gets_404_on_acts(client: Client) -> None:
    complaint = file_complaint()
    _as(client, dinkes_handler())
    assert _act(client, complaint, "answer", text=ANSWER).status_code == 404


def test_the_contact_details_are_shown_on_request_and_the_look_is_recorded(
        client: Client) -> None:
    complaint = file_complaint()
    _as(client, pupr_handler())
    html = client.get(_page(complaint) + "?kontak=1").content.decode()
    assert CONTACT_NAME in html
    assert CONTACT_EMAIL in html
    assert AuditRecord.objects.filter(action="complaint.contact_view",
                                      object_id=str(complaint.pk)).count() == 1


def test_forwarding_away_leads_back_to_the_inbox(client: Client) -> None:
    complaint = file_complaint()
    _as(client, pupr_handler())
    response = _act(client, complaint, "forward", to_agency="DINKES",
                    reason="Menyangkut izin praktik, kewenangan Dinas Kesehatan.")
    assert response.status_code == 302
    assert response["Location"] == INBOX
    assert fresh(complaint).agency.code == "DINKES"


def test_hiding_the_description_from_the_page(client: Client) -> None:
    complaint = file_complaint()
    _as(client, pupr_handler())
    response = client.post(f"{_page(complaint)}tindakan/", {
        "action": "hide", "hide-version": complaint.version, "hide-target": "",
        "hide-reason": "Berisi makian"})
    assert response.status_code == 302
    assert fresh(complaint).hidden_reason == "Berisi makian"
    step = complaint.updates.get(kind=UpdateKind.RECEIVED)
    response = client.post(f"{_page(complaint)}tindakan/", {
        "action": "hide", "hide-version": 1, "hide-target": str(step.pk),
        "hide-reason": "Berisi makian"})
    assert response.status_code == 404  # the receipt step has no text to hide


def test_photos_are_served_to_officers_and_reviewed(client: Client) -> None:
    complaint = file_complaint(photos=[SimpleUploadedFile(
        "p.png", demo_site_photo("x", "y", 1, kind="png"))])
    media = ComplaintMedia.objects.get(complaint=complaint)
    _as(client, user("auditor"))
    photo = client.get(f"{_page(complaint)}foto/{media.pk}/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    review = f"{_page(complaint)}foto/{media.pk}/tinjau/"
    assert client.post(review, {"decision": "approve"}).status_code == 403
    _as(client, pupr_handler())
    for bogus in ({"decision": "bogus"}, {}):  # neither button: nothing changes
        assert client.post(review, bogus).status_code == 302
        media.refresh_from_db()
        assert media.review == MediaReview.PENDING
    assert client.post(review, {"decision": "approve"}).status_code == 302
    media.refresh_from_db()
    assert media.review == MediaReview.APPROVED
    _as(client, dinkes_handler())
    assert client.get(f"{_page(complaint)}foto/{media.pk}/").status_code == 404


def test_the_clerk_files_a_complaint_at_the_counter(client: Client) -> None:
    clerk = user("petugas.fo")
    _as(client, clerk)
    assert client.get(f"{INBOX}baru/").status_code == 200
    bad = client.post(f"{INBOX}baru/", {"category": "", "description": "pendek"})
    assert bad.status_code == 422
    assert 'id="id_category_error"' in bad.content.decode()
    response = client.post(f"{INBOX}baru/", {
        "category": "informasi-layanan", "description": ANSWER, "contact_name": "Pak Budi",
        "contact_phone": "081234567890"})
    assert response.status_code == 201
    complaint = Complaint.objects.get(number=response.context["c"].number)
    assert complaint.channel == ComplaintChannel.COUNTER
    assert complaint.contact_name == "Pak Budi"
    assert complaint.complainant is None
    assert complaint.updates.get(kind=UpdateKind.RECEIVED).actor == clerk
    assert f"/pengaduan/saya/{complaint.secret}/" in response.content.decode()


def test_the_menu_links_officers_to_the_complaints(client: Client) -> None:
    _as(client, pupr_handler())
    assert f'href="{INBOX}"' in client.get("/notifikasi/").content.decode()
    _as(client, user("petugas.fo"))
    assert f'href="{INBOX}baru/"' in client.get("/notifikasi/").content.decode()
    _as(client, user("teknis.pupr"))
    assert f'href="{INBOX}' not in client.get("/notifikasi/").content.decode()


# --- the administration ---------------------------------------------------------------------------
def test_the_administrator_edits_a_categorys_time_limits_which_must_be_ordered(
        client: Client) -> None:
    from satupintu.complaints.models import ComplaintCategory

    _as(client, user("admin.llg"))
    category = ComplaintCategory.objects.get(tenant__code="llg", code="informasi-layanan")
    url = f"/admin/complaints/complaintcategory/{category.pk}/change/"
    assert client.get(url).status_code == 200
    form = {"code": category.code, "name": category.name, "name_en": category.name_en,
            "description": category.description, "description_en": "", "group": category.group,
            "keywords": "", "kind": category.kind, "agency": "", "acknowledge_days": "3",
            "answer_days": "2", "resolve_days": "5", "is_active": "on", "order": "1"}
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "answer_days" in refused.context["adminform"].form.errors
    category.refresh_from_db()
    assert category.acknowledge_days == 1
    form["acknowledge_days"] = "2"
    assert client.post(url, form).status_code == 302
    category.refresh_from_db()
    assert category.acknowledge_days == 2
    assert AuditRecord.objects.filter(action="complaint_category.changed",
                                      object_id=str(category.pk)).exists()


def test_the_admin_list_of_complaints_is_read_only_and_without_personal_data(
        client: Client) -> None:
    complaint = file_complaint()
    _as(client, user("admin.llg"))
    listing = client.get("/admin/complaints/complaint/").content.decode()
    assert complaint.number in listing
    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert CONTACT_NAME not in html
    assert CONTACT_EMAIL not in html
    assert client.get("/admin/complaints/complaint/add/").status_code == 403
