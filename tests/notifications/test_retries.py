"""A message that cannot be delivered: retried with back-off, then failed, visible, sent again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.core.errors import Conflict, PermissionDenied
from satupintu.notifications.models import Channel, Notification, NotificationStatus
from satupintu.notifications.services import notification_retry
from satupintu.notifications.tasks import send_notification
from satupintu.scheduler.registry import JOBS
from tests.notifications.helpers import SmtpServer, submitted

pytestmark = pytest.mark.django_db


def _receipt() -> Notification:
    application = submitted()
    notification: Notification = Notification.objects.get(application=application,
                                                          channel=Channel.EMAIL)
    return notification


def _waiting() -> list[Any]:
    return list(DBTaskResult.objects.filter(task_path__endswith="send_notification",
                                            status=TaskResultStatus.READY).order_by("run_after"))


def _attempt(notification: Notification) -> str:
    """One delivery of the send task, once its back-off has passed."""
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=None)
    return send_notification.call(notification.pk)


def test_after_five_refusals_the_message_is_failed_with_its_error(smtp: SmtpServer) -> None:
    smtp.mailbox.refuse = True
    notification = _receipt()
    DBTaskResult.objects.all().delete()  # the first delivery is done by hand below
    before = timezone.now()
    outcomes = [_attempt(notification) for _ in range(5)]
    assert outcomes == ["retrying"] * 4 + ["failed"]
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 5
    assert "550" in notification.last_error
    assert "Mailbox unavailable" in notification.last_error
    assert notification.next_attempt_at is None
    assert smtp.received == []
    # Each failure but the last scheduled one retry, 30 s, 1, 2 and 4 minutes on.
    delays = [(t.run_after - before).total_seconds() for t in _waiting()]
    assert [round(d / 30) for d in delays] == [1, 2, 4, 8]
    assert send_notification.call(notification.pk) == "skipped"


def test_the_administrator_sees_failed_messages_and_sends_them_again(
    smtp: SmtpServer, login: object, administrator: User
) -> None:
    smtp.mailbox.refuse = True
    notification = _receipt()
    for _ in range(5):
        _attempt(notification)
    client: Client = login(administrator)  # type: ignore[operator]
    page = client.get("/admin/notifications/notification/?status=failed")
    assert page.status_code == 200
    content = page.content.decode()
    assert notification.to_address in content
    assert "Mailbox unavailable" in content
    detail = client.get(f"/admin/notifications/notification/{notification.pk}/change/")
    assert detail.status_code == 200
    assert notification.subject in detail.content.decode()
    smtp.mailbox.refuse = False
    DBTaskResult.objects.all().delete()
    response = client.post("/admin/notifications/notification/",
                           {"action": "retry", "_selected_action": [notification.pk]})
    assert response.status_code == 302
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 0)
    assert [t.args_kwargs["args"] for t in _waiting()] == [[notification.pk]]
    assert AuditRecord.objects.filter(action="notification.retry",
                                      object_id=str(notification.pk)).exists()
    assert send_notification.call(notification.pk) == "sent"
    assert [m.rcpt_tos for m in smtp.received] == [[notification.to_address]]


def test_the_admin_list_is_read_only(login: object, administrator: User) -> None:
    notification = _receipt()
    client: Client = login(administrator)  # type: ignore[operator]
    assert client.get("/admin/notifications/notification/add/").status_code == 403
    response = client.post(f"/admin/notifications/notification/{notification.pk}/change/",
                           {"subject": "changed"})
    assert response.status_code == 403
    notification.refresh_from_db()
    assert notification.subject != "changed"


def test_a_duplicate_delivery_of_the_task_sends_once(smtp: SmtpServer) -> None:
    notification = _receipt()
    assert send_notification.call(notification.pk) == "sent"
    assert send_notification.call(notification.pk) == "skipped"
    assert len(smtp.received) == 1


def test_a_message_another_worker_is_sending_is_left_to_it(smtp: SmtpServer) -> None:
    notification = _receipt()
    Notification.objects.filter(pk=notification.pk).update(
        claimed_until=timezone.now() + dt.timedelta(minutes=5))
    assert send_notification.call(notification.pk) == "skipped"
    assert smtp.received == []


def test_a_message_whose_worker_died_mid_send_can_be_sent_again(
    smtp: SmtpServer, administrator: User
) -> None:
    notification = _receipt()
    Notification.objects.filter(pk=notification.pk).update(
        attempts=1, claimed_until=timezone.now() - dt.timedelta(minutes=1))
    notification_retry(notification=notification, actor=administrator)
    assert send_notification.call(notification.pk) == "sent"
    assert len(smtp.received) == 1


def test_the_scheduler_queues_again_a_message_whose_worker_died(smtp: SmtpServer) -> None:
    notification = _receipt()
    Notification.objects.filter(pk=notification.pk).update(
        attempts=1, claimed_until=timezone.now() - dt.timedelta(minutes=1))
    DBTaskResult.objects.all().delete()
    assert JOBS["notifications_requeue_abandoned"].task.call() == 1
    assert [t.args_kwargs["args"] for t in _waiting()] == [[notification.pk]]
    assert send_notification.call(notification.pk) == "sent"
    assert len(smtp.received) == 1


def test_only_failed_messages_can_be_sent_again(administrator: User) -> None:
    notification = _receipt()
    with pytest.raises(Conflict):
        notification_retry(notification=notification, actor=administrator)


def test_another_regions_administrator_cannot_send_them_again(
    other_tenant_officer: User,
) -> None:
    notification = _receipt()
    Notification.objects.filter(pk=notification.pk).update(status=NotificationStatus.FAILED)
    with pytest.raises(PermissionDenied):
        notification_retry(notification=notification, actor=other_tenant_officer)
