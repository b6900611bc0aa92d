"""Who is told what about a complaint: the complainant (account or e-mail only), the agency's
handlers, never the complainant of an internal note; and the matrix switches it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from satupintu.complaints import handling
from satupintu.complaints.tasks import send_complaint_email
from satupintu.notifications.matrix import cells, channels_for
from satupintu.notifications.models import Channel, Event, Notification, NotificationRule
from tests.complaints.handling_helpers import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    CONTACT_PHONE,
    COORDINATOR,
    file_complaint,
    llg,
    pupr_handler,
    user,
)

pytestmark = pytest.mark.django_db

ANSWER = "Kami sudah menegur petugas loket dan memperbaiki daftar periksa berkas."


def _emails() -> list[Any]:
    return list(DBTaskResult.objects.filter(task_path__endswith="send_complaint_email")
                .order_by("enqueued_at"))


def test_an_anonymous_complainant_with_an_email_gets_the_receipt_with_the_private_link(
        settings: Any) -> None:
    settings.SATUPINTU_PUBLIC_URL = "https://ptsp.lubuklinggau.test"
    DBTaskResult.objects.all().delete()
    complaint = file_complaint()
    [task] = _emails()
    complaint_id, subject, body, attempt = task.args_kwargs["args"]
    assert complaint_id == complaint.pk
    assert attempt == 1
    assert subject == f"[{complaint.number}] Pengaduan diterima / Complaint received"
    assert f"https://ptsp.lubuklinggau.test/pengaduan/saya/{complaint.secret}/" in body
    assert "Yth. Bambang Rahasiawan," in body
    assert "\nDear Bambang Rahasiawan,\n" in body
    assert CONTACT_EMAIL not in body  # the address is read when sending, never queued
    assert send_complaint_email.call(complaint_id, subject, body, 1) == "sent"
    [sent] = mail.outbox
    assert sent.to == [CONTACT_EMAIL]
    assert sent.subject == subject
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"


def test_answers_and_the_outcome_reach_the_anonymous_complainant_but_notes_never() -> None:
    complaint = file_complaint()
    DBTaskResult.objects.all().delete()
    handling.complaint_note(complaint=complaint, actor=pupr_handler(), text="Internal saja.")
    assert _emails() == []
    handling.complaint_answer(complaint=complaint, actor=pupr_handler(), text=ANSWER)
    handling.complaint_resolve(complaint=complaint, actor=pupr_handler(), text=ANSWER)
    subjects = [t.args_kwargs["args"][1] for t in _emails()]
    assert subjects == [f"[{complaint.number}] Tanggapan atas pengaduan / Answer to your complaint",
                        f"[{complaint.number}] Pengaduan selesai / Complaint resolved"]
    closing = _emails()[1].args_kwargs["args"][2]
    assert "/survei/" in closing
    assert "membuka kembali pengaduan ini sampai" in closing
    assert "Internal saja" not in " ".join(t.args_kwargs["args"][2] for t in _emails())


def test_a_complainant_without_any_contact_gets_nothing() -> None:
    DBTaskResult.objects.all().delete()
    complaint = file_complaint(email="", contact_phone="", contact_name="")
    handling.complaint_answer(complaint=complaint, actor=pupr_handler(), text=ANSWER)
    assert _emails() == []
    assert not Notification.objects.filter(url__contains=complaint.secret).exists()


def test_a_complainant_with_an_account_gets_in_app_and_email_messages() -> None:
    applicant = user("pemohon")
    complaint = file_complaint(actor=applicant, email="")
    handling.complaint_acknowledge(complaint=complaint, actor=pupr_handler())
    handling.complaint_note(complaint=complaint, actor=pupr_handler(), text="Internal saja.")
    mine = Notification.objects.filter(recipient=applicant, url__contains=complaint.secret)
    assert sorted((n.event, n.channel) for n in mine) == sorted([
        (Event.COMPLAINT_RECEIVED, Channel.IN_APP), (Event.COMPLAINT_RECEIVED, Channel.EMAIL),
        (Event.COMPLAINT_UPDATED, Channel.IN_APP), (Event.COMPLAINT_UPDATED, Channel.EMAIL)])
    short = mine.get(event=Event.COMPLAINT_UPDATED, channel=Channel.IN_APP)
    assert short.subject.startswith(f"[{complaint.number}] ")
    assert short.url == f"/pengaduan/saya/{complaint.secret}/"
    assert not _emails()


def test_the_agency_handlers_hear_of_new_forwarded_and_reopened_complaints() -> None:
    handler = pupr_handler()
    complaint = file_complaint()
    arrived = Notification.objects.filter(recipient=handler, event=Event.COMPLAINT_ARRIVED)
    assert sorted(arrived.values_list("channel", flat=True)) == [Channel.EMAIL, Channel.IN_APP]
    email = arrived.get(channel=Channel.EMAIL)
    assert email.url == f"/petugas/pengaduan/{complaint.number}/"
    for secret in (CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE, complaint.secret):
        assert secret not in email.body
        assert secret not in email.subject
    # Forwarded to the health office, which has no handler: the DPMPTSP's coordinator is told.
    from tests.complaints.handling_helpers import agency

    handling.complaint_forward(complaint=complaint, actor=handler, to_agency=agency("DINKES"),
                               reason="Menyangkut izin praktik tenaga kesehatan.")
    coordinator = user(COORDINATOR)
    forwarded = Notification.objects.get(recipient=coordinator, event=Event.COMPLAINT_ARRIVED,
                                         channel=Channel.EMAIL,
                                         url=f"/petugas/pengaduan/{complaint.number}/")
    assert "Pengaduan diteruskan kepada Anda" in forwarded.subject
    assert "oleh Dinas" in forwarded.body
    assert "izin praktik" in forwarded.body
    handling.complaint_resolve(complaint=complaint, actor=coordinator, text=ANSWER)
    handling.complaint_reopen(complaint=complaint, secret=complaint.secret,
                              reason="Belum ada perubahan di loket.")
    reopened = Notification.objects.filter(recipient=coordinator, event=Event.COMPLAINT_ARRIVED,
                                           subject__contains="dibuka kembali",
                                           url=f"/petugas/pengaduan/{complaint.number}/")
    assert reopened.count() == 2  # in-app and e-mail


def test_whoever_acts_is_not_told_of_their_own_step() -> None:
    coordinator = user(COORDINATOR)
    # Filed at the counter by the DPMPTSP's handler, for the DPMPTSP: nobody else to tell.
    complaint = file_complaint(category="informasi-layanan", kelurahan="", actor=coordinator,
                               channel="counter")
    assert complaint.agency.is_one_stop
    assert complaint.complainant is None
    assert not Notification.objects.filter(recipient=coordinator,
                                            url__endswith=f"/{complaint.number}/").exists()
    handling.complaint_resolve(complaint=complaint, actor=coordinator, text=ANSWER)
    handling.complaint_reopen(complaint=complaint, secret=complaint.secret,
                              reason="Belum ada perubahan di loket.")
    assert Notification.objects.filter(recipient=coordinator,
                                       url__endswith=f"/{complaint.number}/").count() == 2


def test_the_administrator_switches_the_complainants_email_off() -> None:
    NotificationRule.objects.update_or_create(
        tenant=llg(), event=Event.COMPLAINT_UPDATED, recipient="complainant",
        channel=Channel.EMAIL, defaults={"enabled": False})
    complaint = file_complaint()
    DBTaskResult.objects.all().delete()
    handling.complaint_answer(complaint=complaint, actor=pupr_handler(), text=ANSWER)
    assert _emails() == []


def test_the_matrix_knows_the_complaint_events() -> None:
    assert channels_for(llg(), Event.COMPLAINT_CLOSED) == {"complainant": ["in_app", "email"]}
    assert channels_for(llg(), Event.COMPLAINT_OVERDUE) == {
        "complaint_handlers": ["in_app"], "agency_head": ["in_app", "email"]}
    events = {e for e, _r, _c in cells()}
    assert {Event.COMPLAINT_RECEIVED, Event.COMPLAINT_UPDATED, Event.COMPLAINT_CLOSED,
            Event.COMPLAINT_ARRIVED, Event.COMPLAINT_OVERDUE} <= events


@pytest.mark.parametrize("kind", ["resolved", "closed_unresolved", "not_responsible",
                                  "duplicate"])
def test_every_outcome_has_a_bilingual_closing_message(kind: str) -> None:
    complaint = file_complaint()
    other = file_complaint()
    DBTaskResult.objects.all().delete()
    actor = pupr_handler()
    if kind == "resolved":
        handling.complaint_resolve(complaint=complaint, actor=actor, text=ANSWER)
    elif kind == "closed_unresolved":
        handling.complaint_close_unresolved(complaint=complaint, actor=actor, reason=ANSWER)
    elif kind == "not_responsible":
        handling.complaint_not_responsible(complaint=complaint, actor=actor,
                                           responsible_body="BPJN Sumatera Selatan")
    else:
        handling.complaint_mark_duplicate(complaint=complaint, actor=actor,
                                          of_number=other.number)
    [task] = _emails()
    _id, subject, body, _attempt = task.args_kwargs["args"]
    assert subject.startswith(f"[{complaint.number}] ")
    assert " / " in subject
    assert "Yth. " in body
    assert "\nDear " in body
    assert "{{" not in body
    assert "\n\n\n" not in body
    if kind == "not_responsible":
        assert "BPJN Sumatera Selatan" in body
    if kind == "duplicate":
        assert other.number in body
        assert "/survei/" not in body
