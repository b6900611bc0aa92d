"""The WhatsApp/SMS channel against a fake gateway on 127.0.0.1 speaking the same protocol:
signed requests, retries with back-off, permanent failures visible in the admin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from satupintu.accounts.models import Role, User
from satupintu.applications.models import Application
from satupintu.notifications.deadlines import alert_deliver, deadline_alerts
from satupintu.notifications.gateway import GatewayError, HttpGateway, config_problems
from satupintu.notifications.models import (
    Channel,
    DeadlineAlert,
    Notification,
    NotificationStatus,
)
from satupintu.notifications.tasks import send_notification
from tests.notifications.conftest import GATEWAY_KEY_ID, GATEWAY_SECRET
from tests.notifications.gateway_server import FakeGateway
from tests.notifications.helpers import submitted
from tests.notifications.officers import officer, run_effects
from tests.workflow.helpers import act, llg, start_case

pytestmark = pytest.mark.django_db

PHONE = "+6281234567890"  # the demo applicant's


def _returned() -> tuple[Application, Notification]:
    """A file returned for corrections: a message the defaults send by WhatsApp too."""
    application = submitted()
    assert application.case is not None
    act(application.case, "petugas.fo", "return_incomplete", citations=["KTP"])
    run_effects()
    message: Notification = Notification.objects.get(application=application,
                                                     channel=Channel.WHATSAPP)
    return application, message


def _attempt(notification: Notification) -> str:
    """One delivery of the send task, once its back-off has passed."""
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=None)
    return send_notification.call(notification.pk)


def test_a_message_is_sent_signed_and_recorded_once(gateway: FakeGateway) -> None:
    application, message = _returned()
    # The receipt is not among the events the defaults send by WhatsApp.
    assert not Notification.objects.filter(application=application, event="submitted",
                                           channel=Channel.WHATSAPP).exists()
    assert (message.event, message.to_address, message.status) == (
        "returned", PHONE, NotificationStatus.PENDING)
    assert send_notification.call(message.pk) == "sent"
    [received] = gateway.received
    assert received.to == PHONE
    assert received.text.startswith(f"[{application.tracking_number}] Perlu perbaikan / "
                                    "Corrections needed\nBerkas Anda perlu dilengkapi (1 butir)")
    assert "Your file needs completing (1 item)" in received.text
    assert received.text.endswith(f"https://ptsp.lubuklinggau.test/permohonan/{application.pk}/")
    assert application.pin not in received.text
    assert received.message_id == f"notification-{message.pk}@ptsp.lubuklinggau.test"
    assert received.headers["x-satupintu-key-id"] == GATEWAY_KEY_ID
    assert received.headers["x-satupintu-signature"].startswith("v1=")
    assert received.headers["idempotency-key"] == received.message_id
    assert gateway.state.refused_signatures == 0
    message.refresh_from_db()
    assert message.status == NotificationStatus.SENT
    assert message.external_id == f"gw-{received.message_id}"
    # A duplicate delivery of the task sends nothing; the gateway would drop it anyway.
    assert send_notification.call(message.pk) == "skipped"
    assert gateway.state.requests == 1


def test_the_gateway_refuses_a_request_signed_with_another_secret(gateway: FakeGateway) -> None:
    forged = HttpGateway(url=gateway.url, key_id=GATEWAY_KEY_ID,
                         secret="not-the-shared-secret-but-long-enough-0123")
    with pytest.raises(GatewayError) as failure:
        forged.send(PHONE, "Halo", message_id="m-1")
    assert "401" in str(failure.value)
    assert failure.value.permanent
    assert gateway.state.refused_signatures == 1
    assert gateway.received == []
    genuine = HttpGateway(url=gateway.url, key_id=GATEWAY_KEY_ID, secret=GATEWAY_SECRET)
    assert genuine.send(PHONE, "Halo", message_id="m-1") == "gw-m-1"
    # Sent again with the same id (a retry after a lost answer): the gateway keeps one.
    assert genuine.send(PHONE, "Halo", message_id="m-1") == "gw-m-1"
    assert len(gateway.received) == 1
    assert gateway.state.duplicates == 1


def test_after_a_server_error_the_message_is_retried_with_back_off(gateway: FakeGateway) -> None:
    _application, message = _returned()
    gateway.behaviour.fail_next = 1
    DBTaskResult.objects.all().delete()  # the first delivery is done by hand below
    assert send_notification.call(message.pk) == "retrying"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (NotificationStatus.PENDING, 1)
    assert "HTTP 500" in message.last_error
    [retry] = DBTaskResult.objects.filter(task_path__endswith="send_notification",
                                          status=TaskResultStatus.READY)
    assert retry.args_kwargs["args"] == [message.pk]
    assert retry.run_after is not None
    assert message.next_attempt_at is not None
    assert message.next_attempt_at - dt.timedelta(seconds=29) > message.updated_at - (
        dt.timedelta(seconds=5))
    assert send_notification.call(message.pk) == "skipped"  # not before the back-off
    assert _attempt(message) == "sent"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        NotificationStatus.SENT, 2, "")
    assert len(gateway.received) == 1


def test_a_refused_message_fails_at_once_and_shows_in_the_admin(
    gateway: FakeGateway, login: Any, administrator: User,
) -> None:
    _application, message = _returned()
    gateway.behaviour.fail_always = True
    gateway.behaviour.fail_status = 422  # e.g. not a WhatsApp number: retrying cannot help
    assert _attempt(message) == "failed"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (NotificationStatus.FAILED, 1)
    assert "HTTP 422" in message.last_error
    client: Client = login(administrator)
    page = client.get("/admin/notifications/notification/?status=failed&channel=whatsapp")
    assert page.status_code == 200
    html = page.content.decode()
    assert PHONE in html
    assert "HTTP 422" in html
    # Once the number is fixed on the gateway's side, the administrator sends it again.
    gateway.behaviour.fail_always = False
    response = client.post("/admin/notifications/notification/",
                           {"action": "retry", "_selected_action": [message.pk]})
    assert response.status_code == 302
    assert send_notification.call(message.pk) == "sent"


def test_a_gateway_that_stays_down_fails_the_message_after_five_attempts(
    gateway: FakeGateway,
) -> None:
    _application, message = _returned()
    gateway.behaviour.fail_always = True
    assert [_attempt(message) for _ in range(5)] == ["retrying"] * 4 + ["failed"]
    gateway.stop()  # and a gateway that does not answer at all is retried too
    message.refresh_from_db()
    Notification.objects.filter(pk=message.pk).update(status=NotificationStatus.PENDING,
                                                      attempts=0)
    assert _attempt(message) == "retrying"
    message.refresh_from_db()
    assert "gateway unreachable" in message.last_error


def test_an_escalation_reaches_the_heads_phone(gateway: FakeGateway) -> None:
    boss = officer("kepala.uji.wa", "DPMPTSP", Role.HEAD, phone="+6281399990000")
    case = start_case()
    act(case, "petugas.fo", "register")
    case.refresh_from_db()
    assert case.state_due_date is not None
    later = case.state_due_date + dt.timedelta(days=7)
    deadline_alerts(llg(), today=later)
    alert_deliver(DeadlineAlert.objects.get(case=case).pk)
    message = Notification.objects.get(case=case, recipient=boss, channel=Channel.WHATSAPP)
    assert send_notification.call(message.pk) == "sent"
    [received] = gateway.received
    assert received.to == "+6281399990000"
    assert received.text.startswith(
        f"[#{case.pk}] Berkas terlambat (eskalasi) / File overdue (escalation)\n"
        "Verifikasi berkas · DPMPTSP · batas ")
    assert received.text.endswith(f"/petugas/berkas/{case.pk}/")


def test_without_a_gateway_nothing_is_queued_for_whatsapp() -> None:
    application = submitted()
    assert application.case is not None
    act(application.case, "petugas.fo", "return_incomplete", citations=["KTP"])
    run_effects()
    assert not Notification.objects.filter(channel=Channel.WHATSAPP).exists()


@pytest.mark.parametrize(("url", "key_id", "secret", "problem"), [
    ("http://gateway.example/send", "k", "s" * 32, "must be an https:// URL"),
    ("https://gateway.example/send", "", "s" * 32, "KEY_ID is not set"),
    ("https://gateway.example/send", "k", "short", "at least 32 characters"),
    ("", "k", "s" * 32, "URL is not set"),
])
def test_a_half_configured_gateway_is_refused_at_start_up(
    settings: Any, url: str, key_id: str, secret: str, problem: str,
) -> None:
    assert any(problem in p for p in config_problems(url, key_id, secret))
    with pytest.raises(ImproperlyConfigured, match=problem):
        HttpGateway(url=url, key_id=key_id, secret=secret)
    settings.SATUPINTU_SMS_GATEWAY_URL = url
    settings.SATUPINTU_SMS_GATEWAY_KEY_ID = key_id
    settings.SATUPINTU_SMS_GATEWAY_SECRET = secret
    with pytest.raises(SystemCheckError, match=r"notifications\.E001"):
        call_command("check")


def test_a_gateway_on_this_machine_may_use_plain_http() -> None:
    assert config_problems("http://127.0.0.1:9000/send", "k", "s" * 32) == []
    assert config_problems("", "", "") == []
