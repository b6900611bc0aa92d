"""Writes of notifications: queueing the messages an event sends (per the tenant's matrix),
reading them in-app, and sending a failed one again.

Queueing happens in the transaction of what the message reports: the rows (and the send
tasks' rows) commit or roll back with it, and the worker sends them after commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.permissions import is_tenant_admin
from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date
from satupintu.core.errors import Conflict, NotFound, PermissionDenied
from satupintu.notifications.gateway import gateway_enabled
from satupintu.notifications.matrix import channels_for
from satupintu.notifications.messages import (
    Rendered,
    applicant_path,
    message_context,
    officer_context,
    officer_path,
    public_url,
    render,
    render_short,
)
from satupintu.notifications.models import (
    OFFICER_RECIPIENTS,
    Channel,
    DeadlineAlert,
    Notification,
    NotificationStatus,
    RecipientKind,
)
from satupintu.notifications.recipients import Holding, recipients

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.applications.models import Application
    from satupintu.tenants.models import Tenant
    from satupintu.workflow.models import Case, CaseTransition


class NotifyOutsideTransaction(RuntimeError):
    """A message must be queued in the transaction of the action it reports; anything else is a
    bug (a rollback would still send it, or a crash after commit would lose it)."""


def _require_transaction(event: str) -> None:
    if not connection.in_atomic_block:
        raise NotifyOutsideTransaction(event)


def _address(user: User, channel: str) -> str | None:
    """Where `user` is reached on `channel`; None when they cannot be."""
    if channel == Channel.IN_APP:
        return ""
    if channel == Channel.EMAIL:
        return (user.email or "").strip() or None
    if channel == Channel.WHATSAPP and gateway_enabled():
        return (user.phone or "").strip() or None
    return None


def _existing(recipient: User, channel: str, transition: CaseTransition | None,
              alert: DeadlineAlert | None) -> Notification | None:
    """The message already queued for the same step or alert (an effect run again)."""
    found: Notification | None = None
    if transition is not None:
        found = Notification.objects.filter(transition=transition, recipient=recipient,
                                            channel=channel).first()
    elif alert is not None:
        found = Notification.objects.filter(alert=alert, recipient=recipient,
                                            channel=channel).first()
    return found


def _queue(*, tenant_id: int, recipient: User, channel: str, event: str, address: str,
           message: Rendered, path: str, application: Application | None, case: Case | None,
           transition: CaseTransition | None, alert: DeadlineAlert | None) -> Notification:
    """Store one message; in-app ones are delivered by being stored, the others are queued."""
    body = message.body
    if channel == Channel.WHATSAPP:
        # A text message stands alone: its title, its text and where to look.
        body = "\n".join(part for part in (message.subject, body, path and public_url(path))
                          if part)
    in_app = channel == Channel.IN_APP
    notification: Notification = Notification.objects.create(
        tenant_id=tenant_id, recipient=recipient, channel=channel, event=event,
        to_address=address, subject=message.subject, body=body,
        html_body=message.html_body if channel == Channel.EMAIL else "", url=path,
        application=application, case=case, transition=transition, alert=alert,
        status=NotificationStatus.SENT if in_app else NotificationStatus.PENDING,
        sent_at=timezone.now() if in_app else None,
    )
    if not in_app:
        from satupintu.notifications.tasks import send_notification

        send_notification.enqueue(notification.pk)
    return notification


def notify_applicant(
    *, application: Application, event: str, transition: CaseTransition | None = None,
    extra: Mapping[str, Any] | None = None,
) -> list[Notification]:
    """Render the applicant's messages now, on the channels the tenant's matrix gives the
    event, and queue them in the caller's transaction; delivery happens after commit.
    A channel the applicant cannot be reached on (no e-mail address, no mobile number, no
    gateway) is skipped."""
    _require_transaction(event)
    recipient = application.applicant
    channels = channels_for(application.tenant, event).get(RecipientKind.APPLICANT, [])
    path = applicant_path(application)
    context = None
    out: list[Notification] = []
    for channel in channels:
        address = _address(recipient, channel)
        if address is None:
            continue
        existing = _existing(recipient, channel, transition, None)
        if existing is not None:
            out.append(existing)
            continue
        if context is None:
            context = message_context(application=application, event=event,
                                      transition=transition)
            # Events about the permit rather than a step (expiry, revocation) add its facts.
            context.update(extra or {})
        message = (render(event, context) if channel == Channel.EMAIL
                   else render_short(event, context))
        out.append(_queue(tenant_id=application.tenant_id, recipient=recipient,
                          channel=channel, event=event, address=address, message=message,
                          path=path, application=application, case=application.case,
                          transition=transition, alert=None))
    return out


def notify_officers(
    *, case: Case, event: str, holdings: list[Holding], transition: CaseTransition | None = None,
    alert: DeadlineAlert | None = None, days: int | None = None, skip: User | None = None,
) -> list[Notification]:
    """Queue an officer event's messages for each holding of the file, to the recipient kinds
    and on the channels of the tenant's matrix. Each person gets one message per channel,
    even when they are in several of the groups told; `skip` (whoever caused the event) none.
    """
    _require_transaction(event)
    from satupintu.applications.models import Application

    rules = channels_for(case.tenant, event)
    if not any(rules.get(kind) for kind in OFFICER_RECIPIENTS) or not holdings:
        return []
    application = (Application.objects.select_related("service").filter(case=case).first())
    today = local_date(case.tenant)
    path = officer_path(case)
    seen: set[tuple[int, str]] = set()
    out: list[Notification] = []
    for holding in holdings:
        for kind in OFFICER_RECIPIENTS:
            channels = rules.get(kind, [])
            if not channels:
                continue
            for person in recipients(holding, kind, today):
                if skip is not None and person.pk == skip.pk:
                    continue
                context = None
                for channel in channels:
                    address = _address(person, channel)
                    if address is None or (person.pk, channel) in seen:
                        continue
                    seen.add((person.pk, channel))
                    existing = _existing(person, channel, transition, alert)
                    if existing is not None:
                        out.append(existing)
                        continue
                    context = context or officer_context(
                        case=case, application=application, event=event, holding=holding,
                        recipient=person, kind=kind, today=today, days=days)
                    message = (render(event, context) if channel == Channel.EMAIL
                               else render_short(event, context))
                    out.append(_queue(tenant_id=case.tenant_id, recipient=person,
                                      channel=channel, event=event, address=address,
                                      message=message, path=path, application=application,
                                      case=case, transition=transition, alert=alert))
    return out


def notify_user(
    *, tenant: Tenant, recipient: User, event: str, channels: list[str],
    context: Mapping[str, Any], path: str,
) -> list[Notification]:
    """Queue one person's messages of an event about neither an application nor a file (a
    complaint), on `channels` (the caller read them from the matrix), in the caller's
    transaction. Channels the person cannot be reached on are skipped."""
    _require_transaction(event)
    out: list[Notification] = []
    for channel in channels:
        address = _address(recipient, channel)
        if address is None:
            continue
        message = (render(event, dict(context)) if channel == Channel.EMAIL
                   else render_short(event, dict(context)))
        out.append(_queue(tenant_id=tenant.pk, recipient=recipient, channel=channel,
                          event=event, address=address, message=message, path=path,
                          application=None, case=None, transition=None, alert=None))
    return out


# --- the in-app list ---------------------------------------------------------------------------
def _mine(tenant: Tenant, user: User, notification_id: int) -> Notification:
    """One of the user's in-app messages, locked; anyone else's is as missing (404)."""
    found: Notification | None = (Notification.objects.select_for_update().filter(
        pk=notification_id, recipient=user, tenant=tenant, channel=Channel.IN_APP).first())
    if found is None:
        raise NotFound()
    return found


@transaction.atomic
def notification_mark_read(*, tenant: Tenant, user: User, notification_id: int) -> (
    Notification
):
    """Mark one of the user's in-app messages read (again: no change)."""
    notification = _mine(tenant, user, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, tenant: Tenant, user: User) -> int:
    """Mark every unread in-app message of the user read; how many were."""
    count: int = Notification.objects.filter(
        recipient=user, tenant=tenant, channel=Channel.IN_APP,
        read_at__isnull=True).update(read_at=timezone.now())
    return count


# --- sending again --------------------------------------------------------------------------------
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
