"""The worker's side of notifications: sending queued messages (e-mail, WhatsApp/SMS) with
retries, and the periodic jobs (deadline warnings and escalations, steps the workflow
definition cannot attach effects to, messages whose worker died)."""

from __future__ import annotations

import datetime as dt
import traceback
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from satupintu.notifications.gateway import GatewayError, sms_gateway
from satupintu.notifications.models import Channel, Notification, NotificationStatus
from satupintu.scheduler.registry import register
from satupintu.workflow.tasks import backoff

MAX_ATTEMPTS = 5
# Longer than any SMTP exchange can take with EMAIL_TIMEOUT on each step.
CLAIM = dt.timedelta(minutes=10)


def _domain() -> str:
    return urlsplit(settings.SATUPINTU_PUBLIC_URL).hostname or "satupintu.localhost"


def message_id(notification: Notification) -> str:
    """The same id on every attempt, so mail systems and the gateway drop a copy sent twice."""
    return f"notification-{notification.pk}@{_domain()}"


def _message(notification: Notification) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=notification.subject, body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL, to=[notification.to_address],
        headers={
            "Auto-Submitted": "auto-generated",
            "Message-ID": f"<{message_id(notification)}>",
        },
    )
    if notification.html_body:
        message.attach_alternative(notification.html_body, "text/html")
    return message


def _deliver(notification: Notification) -> str:
    """Hand the message to its channel; the id the other side knows it by."""
    if notification.channel == Channel.EMAIL:
        _message(notification).send(fail_silently=False)
        return ""
    if notification.channel == Channel.WHATSAPP:
        gateway = sms_gateway()
        if gateway is None:
            raise GatewayError("the WhatsApp/SMS gateway is not configured")
        return gateway.send(notification.to_address, notification.body,
                            message_id=message_id(notification))
    raise GatewayError(f"nothing sends {notification.channel} messages", permanent=True)


@task()
def send_notification(notification_id: int) -> str:
    """Send one queued message; on failure keep the error and try again later, up to
    MAX_ATTEMPTS, then leave it failed for an administrator to see and retry. A refusal that
    retrying cannot change (the gateway's 4xx) fails it at once.

    The message is sent outside any transaction (a slow mail server must not hold the
    database), between a claim and its outcome, so a duplicate delivery of this task sends
    nothing.
    """
    now = timezone.now()
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(
            pk=notification_id).first()
        if (notification is None or notification.status != NotificationStatus.PENDING
                or (notification.claimed_until is not None and notification.claimed_until > now)
                or (notification.next_attempt_at is not None
                    and notification.next_attempt_at > now)):
            return "skipped"
        notification.attempts += 1
        notification.claimed_until = now + CLAIM
        notification.save(update_fields=["attempts", "claimed_until", "updated_at"])
    error, permanent, external_id = "", False, ""
    try:
        external_id = _deliver(notification)
    except Exception as exc:
        error = "".join(traceback.format_exception_only(exc)).strip()[:4000]
        permanent = isinstance(exc, GatewayError) and exc.permanent
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        notification.claimed_until = None
        notification.last_error = error
        if not error:
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.next_attempt_at = None
            notification.external_id = external_id
        elif permanent or notification.attempts >= MAX_ATTEMPTS:
            notification.status = NotificationStatus.FAILED
            notification.next_attempt_at = None
        else:
            notification.next_attempt_at = timezone.now() + backoff(notification.attempts)
            send_notification.using(run_after=notification.next_attempt_at).enqueue(
                notification.pk)
        notification.save()
    if not error:
        return "sent"
    return "failed" if notification.status == NotificationStatus.FAILED else "retrying"


@task()
def requeue_abandoned_notifications() -> int:
    """Messages whose worker died mid-send (claim expired, still pending) are queued again."""
    now = timezone.now()
    abandoned = list(Notification.objects.filter(
        status=NotificationStatus.PENDING, claimed_until__lt=now).values_list("pk", flat=True))
    for pk in abandoned:
        with transaction.atomic():
            if Notification.objects.filter(pk=pk, claimed_until__lt=now).update(
                    claimed_until=None):
                send_notification.enqueue(pk)
    return len(abandoned)


@task()
def deadline_alerts() -> dict[str, int]:
    """Deadline warnings and escalations for every tenant (see `deadlines.py`)."""
    from satupintu.notifications.deadlines import deadline_alerts_all

    return deadline_alerts_all()


@task()
def deliver_alert(alert_id: int) -> int:
    """Queue the messages of one recorded warning or escalation."""
    from satupintu.notifications.deadlines import alert_deliver

    return alert_deliver(alert_id)


register("notifications_requeue_abandoned", dt.timedelta(minutes=10),
         requeue_abandoned_notifications)
register("notifications_deadline_alerts", dt.timedelta(hours=1), deadline_alerts)
