"""Writes of notifications: queueing a message with the action it reports, and sending again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.permissions import is_tenant_admin
from satupintu.audit.services import record
from satupintu.core.errors import Conflict, PermissionDenied
from satupintu.notifications.messages import message_context, render
from satupintu.notifications.models import Channel, Notification, NotificationStatus

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.applications.models import Application
    from satupintu.workflow.models import CaseTransition


class NotifyOutsideTransaction(RuntimeError):
    """A message must be queued in the transaction of the action it reports; anything else is a
    bug (a rollback would still send it, or a crash after commit would lose it)."""


def notify_applicant(
    *, application: Application, event: str, transition: CaseTransition | None = None
) -> Notification | None:
    """Render the applicant's message now and queue it for the worker, in the caller's
    transaction; None when the applicant has no e-mail address. Delivery happens after commit.
    """
    if not connection.in_atomic_block:
        raise NotifyOutsideTransaction(event)
    recipient = application.applicant
    address = (recipient.email or "").strip()
    if not address:
        return None
    if transition is not None:
        # The same step reported twice (an effect run again) is one message.
        existing: Notification | None = Notification.objects.filter(
            transition=transition, recipient=recipient, channel=Channel.EMAIL).first()
        if existing is not None:
            return existing
    message = render(event, message_context(application=application, event=event,
                                            transition=transition))
    notification: Notification = Notification.objects.create(
        tenant_id=application.tenant_id, recipient=recipient, channel=Channel.EMAIL,
        event=event, to_address=address, subject=message.subject, body=message.body,
        html_body=message.html_body, application=application, transition=transition,
    )
    from satupintu.notifications.tasks import send_notification

    send_notification.enqueue(notification.pk)
    return notification


def is_stuck(notification: Notification) -> bool:
    """Claimed by a worker that never finished (it died mid-send): nothing will retry it."""
    return (notification.status == NotificationStatus.PENDING
            and notification.claimed_until is not None
            and notification.claimed_until < timezone.now())


@transaction.atomic
def notification_retry(*, notification: Notification, actor: User | None) -> Notification:
    """Send a failed (or stuck) message again with a fresh set of attempts."""
    from satupintu.notifications.tasks import send_notification

    if actor is not None and not is_tenant_admin(actor, notification.tenant):
        raise PermissionDenied()
    notification = Notification.objects.select_for_update().select_related("tenant").get(
        pk=notification.pk)
    if notification.status != NotificationStatus.FAILED and not is_stuck(notification):
        raise Conflict(_("Only messages that failed can be sent again."), code="not_failed")
    before = {"status": notification.status, "attempts": notification.attempts,
              "last_error": notification.last_error[:500]}
    notification.status = NotificationStatus.PENDING
    notification.attempts = 0
    notification.next_attempt_at = None
    notification.claimed_until = None
    notification.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_until",
                                     "updated_at"])
    send_notification.enqueue(notification.pk)
    record(tenant=notification.tenant, actor=actor, action="notification.retry",
           obj=notification, before=before, after={"status": NotificationStatus.PENDING})
    return notification
