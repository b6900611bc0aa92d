"""E-mail through a real SMTP server: queued with the action, sent by the worker after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from satupintu.notifications.models import Channel, Notification, NotificationStatus
from satupintu.notifications.services import NotifyOutsideTransaction, notify_applicant
from satupintu.workflow.models import Case, EffectRun, EffectStatus
from tests.notifications.helpers import SmtpServer, draft, run_worker, submit, submitted
from tests.workflow.helpers import act

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_db")]

EMAIL = "pemohon@lubuklinggau.demo"


def _send_tasks() -> list[Any]:
    return list(DBTaskResult.objects.filter(task_path__endswith="send_notification"))


def test_the_receipt_is_queued_with_the_submission_and_sent_by_the_worker_after_commit(
    smtp: SmtpServer,
) -> None:
    application = draft()
    with transaction.atomic():
        application = submit(application)
        notification = Notification.objects.get(application=application,
                                                channel=Channel.EMAIL)
        assert notification.status == NotificationStatus.PENDING
        assert [t.args_kwargs["args"] for t in _send_tasks()] == [[notification.pk]]
        assert smtp.received == []
    assert smtp.received == []  # committed; only the worker sends
    run_worker()
    [mail] = smtp.received
    assert mail.rcpt_tos == [EMAIL]
    assert mail.message["To"] == EMAIL
    subject = mail.message["Subject"]
    assert subject == (f"[{application.tracking_number}] Permohonan diterima / "
                       "Application received")
    text = mail.text
    assert text.startswith("Yth. Siti Aminah,")
    assert "Dear Siti Aminah," in text
    assert f"PIN: {application.pin}" in text
    assert f"Nomor registrasi: {application.tracking_number}" in text
    assert f"Tracking number: {application.tracking_number}" in text
    assert "Layanan: Surat Izin Apotek" in text
    assert "Service: Pharmacy Licence" in text
    assert "Status: Pemeriksaan kelengkapan berkas" in text
    assert "Status: Completeness check" in text
    assert f"https://ptsp.lubuklinggau.test/permohonan/{application.pk}/" in text
    assert "https://ptsp.lubuklinggau.test/lacak/" in text
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None


def test_a_return_for_correction_is_mailed_with_the_cited_items_in_both_languages(
    smtp: SmtpServer,
) -> None:
    application = submitted()
    run_worker()
    assert application.case is not None
    act(application.case, "petugas.fo", "return_incomplete",
        citations=[{"code": "STRA", "note": "STRA sudah kedaluwarsa sejak Maret"},
                   {"code": "KTP"}],
        note="Unggah dokumen asli, bukan fotokopi & bukan foto layar.")
    assert len(smtp.received) == 1  # the step is committed; its message waits for the worker
    run_worker()
    assert len(smtp.received) == 2
    mail = smtp.received[-1]
    assert mail.rcpt_tos == [EMAIL]
    assert mail.message["Subject"] == (f"[{application.tracking_number}] Perlu perbaikan / "
                                       "Corrections needed")
    text = mail.text
    indonesian, english = text.split("\nEnglish\n")
    assert "- Surat Tanda Registrasi Apoteker (STRA) yang masih berlaku" in indonesian
    assert "  Catatan petugas: STRA sudah kedaluwarsa sejak Maret" in indonesian
    assert "- Kartu Tanda Penduduk (KTP) apoteker" in indonesian
    assert "Catatan petugas: Unggah dokumen asli, bukan fotokopi & bukan foto layar." in text
    assert "Status: Menunggu perbaikan oleh pemohon" in indonesian
    assert "- Valid pharmacist registration (STRA)" in english
    assert "  Officer's note: STRA sudah kedaluwarsa sejak Maret" in english
    assert "- Identity card (KTP) of the pharmacist" in english
    assert "Status: Waiting for the applicant's corrections" in english
    case = Case.objects.get(pk=application.case.pk)
    assert case.state_due_date is not None
    assert "paling lambat" in indonesian
    assert f"by {case.state_due_date.day} " in english
    assert "&amp;" not in text
    assert application.pin not in text


def test_a_failed_send_keeps_the_error_retries_later_and_the_step_stands(
    smtp: SmtpServer,
) -> None:
    application = submitted()
    assert application.case is not None
    smtp.stop()
    act(application.case, "petugas.fo", "register")
    run_worker()
    case = Case.objects.get(pk=application.case.pk)
    assert case.state == "verification"
    effect = EffectRun.objects.get(case=case, effect="notify_applicant")
    # Queuing the message was the effect's job; delivering it is the message's own.
    assert effect.status == EffectStatus.SUCCEEDED, effect.last_error
    messages = list(Notification.objects.filter(application=application,
                                                channel=Channel.EMAIL).order_by("pk"))
    assert [m.event for m in messages] == ["submitted", "registered"]
    now = timezone.now()
    for message in messages:
        assert message.status == NotificationStatus.PENDING
        assert message.attempts == 1
        assert "Connection refused" in message.last_error
        assert message.next_attempt_at is not None
        assert message.next_attempt_at > now
    retries = [t for t in _send_tasks() if t.status == TaskResultStatus.READY]
    assert all(t.run_after > now for t in retries)
    assert sorted(t.args_kwargs["args"][0] for t in retries) == [m.pk for m in messages]
    # The server is back and the back-off has passed: the retries deliver both.
    smtp.start()
    past = now - dt.timedelta(seconds=1)
    Notification.objects.filter(channel=Channel.EMAIL).update(next_attempt_at=past)
    DBTaskResult.objects.filter(pk__in=[t.pk for t in retries]).update(run_after=past)
    run_worker()
    assert [m.message["Subject"].split("] ")[1] for m in smtp.received] == [
        "Permohonan diterima / Application received",
        "Berkas lengkap dan terdaftar / File complete and registered"]
    assert set(Notification.objects.filter(channel=Channel.EMAIL).values_list(
        "status", "attempts")) == {(NotificationStatus.SENT, 2)}


def _then_fail(action: Callable[[], object]) -> None:
    """The action, in a request that then fails: its transaction is rolled back."""
    with transaction.atomic():
        action()
        raise RuntimeError("the request failed after the action")


def test_a_rolled_back_action_sends_nothing(smtp: SmtpServer) -> None:
    with pytest.raises(RuntimeError):
        _then_fail(lambda: submit(draft()))
    assert not Notification.objects.exists()
    assert _send_tasks() == []
    application = submitted()
    assert application.case is not None
    case = application.case
    with pytest.raises(RuntimeError):
        _then_fail(lambda: act(case, "petugas.fo", "return_incomplete", citations=["KTP"]))
    run_worker()
    assert [m.message["Subject"].split("] ")[1] for m in smtp.received] == [
        "Permohonan diterima / Application received"]
    # Only the submission's own effects (the front office's pool is told) were recorded.
    assert set(EffectRun.objects.values_list("transition__action", flat=True)) == {"submit"}


def test_queuing_a_message_outside_a_transaction_is_refused() -> None:
    application = submitted()
    with pytest.raises(NotifyOutsideTransaction):
        notify_applicant(application=application, event="submitted")
