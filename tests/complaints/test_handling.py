"""Handling complaints: each officer step's rules, who may take it, stale copies, two officers
at once, the complainant's reopening, moderation and photo review."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone, translation

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.complaints import handling
from satupintu.complaints.models import (
    Complaint,
    ComplaintMedia,
    ComplaintStatus,
    ComplaintUpdate,
    MediaReview,
    UpdateKind,
)
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.surveys.models import Invitation
from tests.complaints.handling_helpers import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    CONTACT_PHONE,
    COORDINATOR,
    agency,
    at,
    dinkes_handler,
    file_complaint,
    fresh,
    officer,
    pupr_handler,
    user,
)

pytestmark = pytest.mark.django_db

ANSWER = "Kami sudah menegur petugas loket dan memperbaiki daftar periksa berkas."


def _snapshot(complaint: Complaint) -> tuple[Any, ...]:
    complaint = fresh(complaint)
    return (complaint.status, complaint.version, complaint.agency_id, complaint.assignee_id,
            complaint.closed_at, complaint.answered_at, complaint.outcome_reason,
            ComplaintUpdate.objects.filter(complaint=complaint).count(),
            AuditRecord.objects.filter(object_id=str(complaint.pk),
                                       action__startswith="complaint.").count())


def _audit(complaint: Complaint, action: str) -> AuditRecord:
    found: AuditRecord = AuditRecord.objects.filter(
        object_id=str(complaint.pk), action=f"complaint.{action}").latest("seq")
    return found


def _no_personal_data(record: AuditRecord) -> None:
    text = f"{record.before} {record.after} {record.reason}".lower()
    for secret in (CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE, "Tersembunyi", "Rahasiawan"):
        assert secret.lower() not in text, secret


# --- each step -----------------------------------------------------------------------------------
def test_the_agency_handler_acknowledges_and_the_audit_keeps_no_personal_data() -> None:
    handler = pupr_handler()
    complaint = file_complaint()
    assert complaint.agency.code == "PUPR"
    handling.complaint_acknowledge(complaint=complaint, actor=handler, text="Sedang kami cek.",
                                   expected_version=complaint.version)
    complaint = fresh(complaint)
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED
    assert complaint.acknowledged_at is not None
    assert complaint.version == 2
    step = complaint.updates.get(kind=UpdateKind.ACKNOWLEDGED)
    assert step.is_public
    assert step.actor == handler
    assert step.agency.code == "PUPR"
    record = _audit(complaint, "acknowledged")
    _no_personal_data(record)
    _no_personal_data(_audit(complaint, "submitted"))


def test_acknowledging_twice_is_refused_and_changes_nothing() -> None:
    handler = pupr_handler()
    complaint = file_complaint()
    handling.complaint_acknowledge(complaint=complaint, actor=handler)
    before = _snapshot(complaint)
    with pytest.raises(Conflict):
        handling.complaint_acknowledge(complaint=complaint, actor=handler)
    assert _snapshot(complaint) == before


def test_the_first_answer_sets_the_answered_time_and_later_ones_keep_it() -> None:
    handler = pupr_handler()
    complaint = file_complaint()
    handling.complaint_answer(complaint=complaint, actor=handler, text=ANSWER)
    complaint = fresh(complaint)
    first = complaint.answered_at
    assert complaint.status == ComplaintStatus.ANSWERED
    assert first is not None
    assert complaint.acknowledged_at is not None
    handling.complaint_answer(complaint=complaint, actor=handler, text=ANSWER + " Lagi.")
    complaint = fresh(complaint)
    assert complaint.answered_at == first
    assert complaint.updates.filter(kind=UpdateKind.ANSWER, is_public=True).count() == 2
    assert _audit(complaint, "answered").after["first"] is False


@pytest.mark.parametrize("text", ["", "   ", "pendek", "x" * 5001])
def test_a_missing_or_bad_answer_is_refused_with_a_message_and_changes_nothing(
        text: str) -> None:
    handler = pupr_handler()
    complaint = file_complaint()
    before = _snapshot(complaint)
    with pytest.raises(ValidationFailed) as caught:
        handling.complaint_answer(complaint=complaint, actor=handler, text=text)
    assert "text" in caught.value.details
    assert _snapshot(complaint) == before


def test_an_internal_note_is_not_public_and_keeps_the_version() -> None:
    handler = pupr_handler()
    complaint = file_complaint()
    note = handling.complaint_note(complaint=complaint, actor=handler,
                                   text="Cek CCTV loket 2 hari Senin.")
    assert note.is_public is False
    assert note.kind == UpdateKind.NOTE
    assert fresh(complaint).version == 1
    assert "Cek CCTV" not in str(_audit(complaint, "noted").after)


def test_forwarding_needs_a_reason_and_another_agency() -> None:
    handler = pupr_handler()
    complaint = file_complaint()
    before = _snapshot(complaint)
    with pytest.raises(ValidationFailed) as caught:
        handling.complaint_forward(complaint=complaint, actor=handler,
                                   to_agency=agency("PUPR"), reason="")
    assert set(caught.value.details) == {"reason", "to_agency"}
    with pytest.raises(ValidationFailed):
        handling.complaint_forward(complaint=complaint, actor=handler, to_agency=None,
                                   reason="Bukan urusan kami, ini soal izin praktik.")
    assert _snapshot(complaint) == before


def test_forwarding_moves_the_complaint_lets_go_of_it_and_counts_in_the_audit() -> None:
    handler = pupr_handler()
    complaint = file_complaint()
    handling.complaint_claim(complaint=complaint, actor=handler)
    handling.complaint_forward(complaint=complaint, actor=handler, to_agency=agency("DINKES"),
                               reason="Menyangkut izin praktik, kewenangan Dinas Kesehatan.")
    complaint = fresh(complaint)
    assert complaint.agency.code == "DINKES"
    assert complaint.assignee is None
    step = complaint.updates.get(kind=UpdateKind.FORWARDED)
    assert step.is_public
    assert step.agency.code == "DINKES"
    record = _audit(complaint, "forwarded")
    assert record.after["from_agency"] == "PUPR"
    assert record.after["to_agency"] == "DINKES"
    assert record.after["times_forwarded"] == 1
    assert record.reason.startswith("Menyangkut")
    # PUPR no longer sees it; the health office's handler now acts on it.
    with pytest.raises(NotFound):
        handling.complaint_note(complaint=complaint, actor=handler, text="Masih di sini?")
    handling.complaint_acknowledge(complaint=complaint, actor=dinkes_handler())


def test_a_complaint_held_by_one_officer_cannot_be_claimed_by_another() -> None:
    complaint = file_complaint()
    handling.complaint_claim(complaint=complaint, actor=pupr_handler())
    other = officer("aduan2.pupr", "PUPR")
    with pytest.raises(Conflict) as caught:
        handling.complaint_claim(complaint=complaint, actor=other)
    assert caught.value.code == "taken"
    handling.complaint_claim(complaint=complaint, actor=pupr_handler())  # again: no change
    assert fresh(complaint).assignee == pupr_handler()


def test_resolving_closes_it_and_invites_the_complainant_to_the_survey() -> None:
    complaint = file_complaint()
    handling.complaint_resolve(complaint=complaint, actor=pupr_handler(), text=ANSWER)
    complaint = fresh(complaint)
    assert complaint.status == ComplaintStatus.RESOLVED
    assert complaint.closed_at is not None
    assert complaint.answered_at is not None
    assert complaint.outcome_reason == ANSWER
    assert Invitation.objects.filter(complaint=complaint).count() == 1
    assert _audit(complaint, "resolved").after["survey_invited"] is True
    # Closed: nothing more can be answered (the state has moved on).
    before = _snapshot(complaint)
    with pytest.raises(Conflict):
        handling.complaint_answer(complaint=complaint, actor=pupr_handler(), text=ANSWER)
    assert _snapshot(complaint) == before


def test_an_unreachable_complainant_is_not_invited() -> None:
    complaint = file_complaint(email="", contact_phone="", contact_name="")
    handling.complaint_resolve(complaint=complaint, actor=pupr_handler(), text=ANSWER)
    assert not Invitation.objects.filter(complaint=complaint).exists()


def test_closing_unresolved_needs_a_reason_which_the_audit_keeps() -> None:
    complaint = file_complaint()
    before = _snapshot(complaint)
    with pytest.raises(ValidationFailed) as caught:
        handling.complaint_close_unresolved(complaint=complaint, actor=pupr_handler(),
                                            reason=" ")
    assert "reason" in caught.value.details
    assert _snapshot(complaint) == before
    reason = "Lokasi tidak dapat ditemukan dan pengadu tidak dapat dihubungi."
    handling.complaint_close_unresolved(complaint=complaint, actor=pupr_handler(),
                                        reason=reason)
    complaint = fresh(complaint)
    assert complaint.status == ComplaintStatus.CLOSED_UNRESOLVED
    assert complaint.outcome_reason == reason
    assert _audit(complaint, "closed_unresolved").reason == reason


def test_not_our_responsibility_must_name_who_is() -> None:
    complaint = file_complaint()
    with pytest.raises(ValidationFailed) as caught:
        handling.complaint_not_responsible(complaint=complaint, actor=pupr_handler(),
                                           responsible_body="")
    assert "responsible_body" in caught.value.details
    handling.complaint_not_responsible(
        complaint=complaint, actor=pupr_handler(),
        responsible_body="Balai Besar Pelaksanaan Jalan Nasional Sumatera Selatan",
        text="Jalan tersebut jalan nasional.")
    complaint = fresh(complaint)
    assert complaint.status == ComplaintStatus.NOT_RESPONSIBLE
    assert complaint.responsible_body.startswith("Balai Besar")
    step = complaint.updates.get(kind=UpdateKind.NOT_RESPONSIBLE)
    assert "Balai Besar" in step.text
    assert "jalan nasional" in step.text


def test_a_duplicate_links_to_another_complaint_of_the_region_never_itself_or_a_loop() -> None:
    handler = pupr_handler()
    first = file_complaint()
    second = file_complaint()
    third = file_complaint()
    for number, message in [("ADU-1999-99999", "No complaint"), (second.number, "itself"),
                            ("", "No complaint")]:
        before = _snapshot(second)
        with pytest.raises(ValidationFailed) as caught, translation.override("en"):
            handling.complaint_mark_duplicate(complaint=second, actor=handler, of_number=number)
        assert message in caught.value.details["of_number"]
        assert _snapshot(second) == before
    handling.complaint_mark_duplicate(complaint=second, actor=handler,
                                      of_number=first.number.lower())
    second = fresh(second)
    assert second.status == ComplaintStatus.DUPLICATE
    assert second.duplicate_of == first
    # first → second → first would be a loop (first is open, second points to it).
    Complaint.objects.filter(pk=third.pk).update(duplicate_of=first)  # a chain third → first
    with pytest.raises(ValidationFailed) as caught, translation.override("en"):
        handling.complaint_mark_duplicate(complaint=first, actor=handler,
                                          of_number=third.number)
    assert "duplicate of this complaint" in caught.value.details["of_number"]
    assert not Invitation.objects.filter(complaint=second).exists()


def test_another_regions_officer_is_told_it_does_not_exist(other_tenant_officer: User) -> None:
    complaint = file_complaint()
    with pytest.raises(NotFound):
        handling.complaint_answer(complaint=complaint, actor=other_tenant_officer, text=ANSWER)


# --- who may ----------------------------------------------------------------------------------
def test_another_agencys_handler_is_told_it_does_not_exist() -> None:
    complaint = file_complaint()  # PUPR's
    before = _snapshot(complaint)
    with pytest.raises(NotFound):
        handling.complaint_answer(complaint=complaint, actor=dinkes_handler(), text=ANSWER)
    assert _snapshot(complaint) == before


@pytest.mark.parametrize("username", ["pemohon", "teknis.pupr", "petugas.fo"])
def test_applicants_and_officers_without_a_complaint_role_see_nothing(username: str) -> None:
    complaint = file_complaint()
    with pytest.raises(NotFound):
        handling.complaint_acknowledge(complaint=complaint, actor=user(username))


@pytest.mark.parametrize("username", ["auditor", "admin.llg"])
def test_auditors_and_administrators_read_but_may_not_act(username: str) -> None:
    complaint = file_complaint()
    before = _snapshot(complaint)
    with pytest.raises(PermissionDenied):
        handling.complaint_answer(complaint=complaint, actor=user(username), text=ANSWER)
    with pytest.raises(PermissionDenied):
        handling.complaint_hide_text(complaint=complaint, actor=user(username),
                                     reason="Kata-kata kasar")
    assert _snapshot(complaint) == before


def test_the_dpmptsp_coordinator_and_the_agency_head_may_act_on_any_of_its_complaints() -> None:
    complaint = file_complaint()
    handling.complaint_acknowledge(complaint=complaint, actor=user(COORDINATOR))
    handling.complaint_answer(complaint=complaint, actor=user("kepala.pupr"), text=ANSWER)
    assert fresh(complaint).status == ComplaintStatus.ANSWERED
    # The head of the health office heads no complaint of the public works office.
    with pytest.raises(NotFound):
        handling.complaint_note(complaint=complaint, actor=user("kepala.dinkes"), text="x")


def test_a_stale_copy_is_refused_with_409() -> None:
    complaint = file_complaint()
    stale = complaint.version
    handling.complaint_acknowledge(complaint=complaint, actor=pupr_handler(),
                                   expected_version=stale)
    before = _snapshot(complaint)
    with pytest.raises(Conflict) as caught:
        handling.complaint_answer(complaint=complaint, actor=user(COORDINATOR), text=ANSWER,
                                  expected_version=stale)
    assert caught.value.code == "stale"
    assert caught.value.http_status == 409
    assert _snapshot(complaint) == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_two_officers_answering_at_once_exactly_one_wins() -> None:
    complaint = file_complaint()
    officers = [pupr_handler(), user(COORDINATOR)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(actor: User) -> None:
        barrier.wait()
        try:
            handling.complaint_answer(complaint=complaint, actor=actor, text=ANSWER,
                                      expected_version=1)
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(o,)) for o in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "stale"]
    complaint = fresh(complaint)
    assert complaint.version == 2
    assert complaint.updates.filter(kind=UpdateKind.ANSWER).count() == 1


# --- reopening ---------------------------------------------------------------------------------
def _resolved(now: dt.datetime | None = None) -> Complaint:
    complaint = file_complaint(now=now)
    handling.complaint_resolve(complaint=complaint, actor=pupr_handler(), text=ANSWER, now=now)
    return fresh(complaint)


def test_the_complainant_reopens_by_the_private_link_within_14_days() -> None:
    closed_on = dt.date(2026, 11, 2)
    complaint = _resolved(at(closed_on))
    reopen_at = at(closed_on + dt.timedelta(days=14), 16)  # a Monday, the last day
    handling.complaint_reopen(complaint=complaint, secret=complaint.secret,
                              reason="Petugas masih meminta fotokopi berulang kali.",
                              now=reopen_at)
    complaint = fresh(complaint)
    assert complaint.status == ComplaintStatus.REOPENED
    assert complaint.reopen_count == 1
    assert complaint.closed_at is None
    assert complaint.outcome_reason == ""
    # The resolve limit starts again from today: 14 working days for this category.
    assert complaint.resolve_due == dt.date(2026, 12, 4)
    step = complaint.updates.get(kind=UpdateKind.REOPENED)
    assert step.is_public
    assert step.actor is None
    record = _audit(complaint, "reopened")
    assert record.after["reopen_count"] == 1
    assert record.after["agency"] == "PUPR"
    _no_personal_data(record)


def test_reopening_after_14_days_is_refused_with_a_clear_message() -> None:
    closed_on = dt.date(2026, 11, 2)
    complaint = _resolved(at(closed_on))
    before = _snapshot(complaint)
    with pytest.raises(Conflict) as caught:
        handling.complaint_reopen(complaint=complaint, secret=complaint.secret,
                                  reason="Masih belum beres sampai sekarang.",
                                  now=at(closed_on + dt.timedelta(days=15), 8))
    assert caught.value.code == "reopen_expired"
    assert "14" in str(caught.value.message)
    assert "2 November 2026" in str(caught.value.message)
    assert _snapshot(complaint) == before


def test_reopening_needs_the_secret_or_the_complainants_account_and_a_reason() -> None:
    complaint = _resolved()
    for kwargs in [{"secret": "wrong"}, {"secret": ""}, {"actor": user("pemohon")},
                   {"actor": pupr_handler()}]:
        with pytest.raises(NotFound):
            handling.complaint_reopen(complaint=complaint, reason="Belum selesai juga.",
                                      **kwargs)
    with pytest.raises(ValidationFailed):
        handling.complaint_reopen(complaint=complaint, secret=complaint.secret, reason="")
    assert fresh(complaint).status == ComplaintStatus.RESOLVED


def test_the_complainant_with_an_account_reopens_by_it() -> None:
    applicant = user("pemohon")
    complaint = file_complaint(actor=applicant)
    assert complaint.complainant == applicant
    handling.complaint_resolve(complaint=complaint, actor=pupr_handler(), text=ANSWER)
    handling.complaint_reopen(complaint=complaint, actor=applicant,
                              reason="Belum ada perubahan di loket.")
    complaint = fresh(complaint)
    assert complaint.status == ComplaintStatus.REOPENED
    assert complaint.updates.get(kind=UpdateKind.REOPENED).actor == applicant


def test_an_open_complaint_or_a_duplicate_cannot_be_reopened() -> None:
    complaint = file_complaint()
    with pytest.raises(Conflict) as caught:
        handling.complaint_reopen(complaint=complaint, secret=complaint.secret,
                                  reason="Belum selesai juga.")
    assert caught.value.code == "open"
    original = file_complaint()
    handling.complaint_mark_duplicate(complaint=complaint, actor=pupr_handler(),
                                      of_number=original.number)
    with pytest.raises(Conflict) as caught:
        handling.complaint_reopen(complaint=complaint, secret=complaint.secret,
                                  reason="Belum selesai juga.")
    assert caught.value.code == "duplicate"
    assert original.number in str(caught.value.message)


# --- moderation and photos ------------------------------------------------------------------------
def test_hiding_the_description_keeps_the_original_and_records_the_reason() -> None:
    complaint = file_complaint()
    with pytest.raises(ValidationFailed):
        handling.complaint_hide_text(complaint=complaint, actor=pupr_handler(), reason="")
    handling.complaint_hide_text(complaint=complaint, actor=pupr_handler(),
                                 reason="Berisi makian terhadap petugas")
    complaint = fresh(complaint)
    assert complaint.hidden_reason == "Berisi makian terhadap petugas"
    assert complaint.hidden_at is not None
    assert complaint.description.startswith("Petugas")
    assert _audit(complaint, "text_hidden").reason == "Berisi makian terhadap petugas"
    assert complaint.updates.get(kind=UpdateKind.HIDDEN).is_public is False
    with pytest.raises(Conflict):
        handling.complaint_hide_text(complaint=complaint, actor=pupr_handler(),
                                     reason="Sekali lagi")


def test_hiding_a_public_steps_text() -> None:
    complaint = _resolved()
    handling.complaint_reopen(complaint=complaint, secret=complaint.secret,
                              reason="Dasar petugas tidak becus semua!")
    step = complaint.updates.get(kind=UpdateKind.REOPENED)
    handling.complaint_hide_text(complaint=complaint, actor=pupr_handler(), update=step,
                                 reason="Kata-kata kasar")
    step.refresh_from_db()
    assert step.hidden_reason == "Kata-kata kasar"
    assert step.text.startswith("Dasar")
    note = handling.complaint_note(complaint=complaint, actor=pupr_handler(), text="internal")
    with pytest.raises(NotFound):  # internal notes are never public: nothing to hide
        handling.complaint_hide_text(complaint=complaint, actor=pupr_handler(), update=note,
                                     reason="Kata-kata kasar")


def test_a_photo_is_approved_or_rejected_by_a_handler_only() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from satupintu.demo.files import demo_site_photo

    complaint = file_complaint(photos=[SimpleUploadedFile(
        "p.png", demo_site_photo("x", "y", 1, kind="png"))])
    media = ComplaintMedia.objects.get(complaint=complaint)
    assert media.review == MediaReview.PENDING
    with pytest.raises(PermissionDenied):
        handling.complaint_media_review(media=media, actor=user("auditor"), approve=True)
    with pytest.raises(NotFound):
        handling.complaint_media_review(media=media, actor=dinkes_handler(), approve=True)
    handling.complaint_media_review(media=media, actor=pupr_handler(), approve=True)
    media.refresh_from_db()
    assert media.review == MediaReview.APPROVED
    assert media.reviewed_by == pupr_handler()
    handling.complaint_media_review(media=media, actor=pupr_handler(), approve=False)
    media.refresh_from_db()
    assert media.review == MediaReview.REJECTED
    assert _audit(complaint, "media_reviewed").after["review"] == "rejected"


def test_times_are_taken_from_now_when_not_given() -> None:
    complaint = file_complaint()
    handling.complaint_acknowledge(complaint=complaint, actor=pupr_handler())
    acknowledged = fresh(complaint).acknowledged_at
    assert acknowledged is not None
    assert abs((timezone.now() - acknowledged).total_seconds()) < 60
