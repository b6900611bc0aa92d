"""The notification matrix: which event goes to whom on which channel, per tenant.

Every tenant starts from the defaults below; its administrator switches cells on and off in
the admin. A cell with no row (a tenant created after this code, an event added by a later
release) reads as its default, so nothing depends on the rows having been seeded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from satupintu.accounts.permissions import require_tenant_admin
from satupintu.audit.services import record
from satupintu.notifications.models import (
    APPLICANT_EVENTS,
    APPLICANT_RECIPIENTS,
    COMPLAINANT_EVENTS,
    COMPLAINT_OFFICER_EVENTS,
    COMPLAINT_OFFICER_RECIPIENTS,
    OFFICER_EVENTS,
    OFFICER_RECIPIENTS,
    Channel,
    Event,
    NotificationRule,
    RecipientKind,
)

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant

Cell = tuple[str, str, str]  # event, recipient kind, channel

# Channels in the order messages are created: the in-app one first, so the recipient's list
# has it even if queuing another one fails.
CHANNELS = [Channel.IN_APP, Channel.EMAIL, Channel.WHATSAPP]
_IN_APP_AND_EMAIL = {Channel.IN_APP, Channel.EMAIL}
_ALL = set(CHANNELS)

DEFAULTS: dict[tuple[str, str], set[str]] = {
    # The applicant hears of every step in the list and by e-mail; by WhatsApp/SMS only when
    # they must act (a return) or the outcome is known.
    **{(event, RecipientKind.APPLICANT): set(_IN_APP_AND_EMAIL) for event in APPLICANT_EVENTS},
    (Event.RETURNED, RecipientKind.APPLICANT): set(_ALL),
    (Event.REJECTED, RecipientKind.APPLICANT): set(_ALL),
    (Event.ISSUED, RecipientKind.APPLICANT): set(_ALL),
    # Officers: whoever has the step is told by e-mail too; a whole pool only in the list.
    (Event.ENTERED_POOL, RecipientKind.ASSIGNEE): set(_IN_APP_AND_EMAIL),
    (Event.ENTERED_POOL, RecipientKind.POOL): {Channel.IN_APP},
    (Event.DUE_SOON, RecipientKind.ASSIGNEE): set(_ALL),
    (Event.DUE_SOON, RecipientKind.POOL): set(_IN_APP_AND_EMAIL),
    (Event.OVERDUE, RecipientKind.ASSIGNEE): set(_IN_APP_AND_EMAIL),
    (Event.OVERDUE, RecipientKind.POOL): {Channel.IN_APP},
    (Event.OVERDUE, RecipientKind.AGENCY_HEAD): set(_ALL),
    (Event.OVERDUE, RecipientKind.ONE_STOP_HEAD): set(_ALL),
    # Complaints: the complainant hears of every public step in the list and by e-mail; the
    # agency's handlers of every complaint that arrives; its heads of every overdue one.
    **{(event, RecipientKind.COMPLAINANT): set(_IN_APP_AND_EMAIL)
       for event in COMPLAINANT_EVENTS},
    (Event.COMPLAINT_ARRIVED, RecipientKind.COMPLAINT_HANDLERS): set(_IN_APP_AND_EMAIL),
    (Event.COMPLAINT_OVERDUE, RecipientKind.COMPLAINT_HANDLERS): {Channel.IN_APP},
    (Event.COMPLAINT_OVERDUE, RecipientKind.AGENCY_HEAD): set(_IN_APP_AND_EMAIL),
}


def cells() -> list[Cell]:
    """Every cell of the matrix: applicant events to the applicant, officer events to the
    officers, each on every channel."""
    pairs = [(e, r) for e in APPLICANT_EVENTS for r in APPLICANT_RECIPIENTS]
    pairs += [(e, r) for e in OFFICER_EVENTS for r in OFFICER_RECIPIENTS]
    pairs += [(e, RecipientKind.COMPLAINANT) for e in COMPLAINANT_EVENTS]
    pairs += [(e, r) for e in COMPLAINT_OFFICER_EVENTS for r in COMPLAINT_OFFICER_RECIPIENTS]
    return [(str(e), str(r), str(c)) for e, r in pairs for c in CHANNELS]


def default_enabled(event: str, recipient: str, channel: str) -> bool:
    return channel in DEFAULTS.get((event, recipient), set())


def channels_for(tenant: Tenant, event: str) -> dict[str, list[str]]:
    """Recipient kind → the channels the event goes to them on, in sending order."""
    stored = {(r.recipient, r.channel): r.enabled for r in NotificationRule.objects.filter(
        tenant=tenant, event=event)}
    out: dict[str, list[str]] = {}
    for cell_event, recipient, channel in cells():
        if cell_event != event:
            continue
        if stored.get((recipient, channel), default_enabled(event, recipient, channel)):
            out.setdefault(recipient, []).append(channel)
    return out


@transaction.atomic
def matrix_seed(*, tenant: Tenant, actor: User | None) -> int:
    """Write the default of every cell the tenant has no row for (idempotent); the count."""
    require_tenant_admin(actor, tenant)
    have = set(NotificationRule.objects.filter(tenant=tenant).values_list(
        "event", "recipient", "channel"))
    missing = [NotificationRule(tenant=tenant, event=e, recipient=r, channel=c,
                                enabled=default_enabled(e, r, c))
               for e, r, c in cells() if (e, r, c) not in have]
    if not missing:
        return 0
    NotificationRule.objects.bulk_create(missing, ignore_conflicts=True)
    record(tenant=tenant, actor=actor, action="notification.matrix_seed",
           object_type="notifications.notificationrule", object_label="notification matrix",
           after={"rules_added": len(missing),
                  "enabled": sorted(f"{r.event}/{r.recipient}/{r.channel}"
                                    for r in missing if r.enabled)})
    return len(missing)


@transaction.atomic
def notification_rule_set(*, rule: NotificationRule, enabled: bool,
                          actor: User | None) -> NotificationRule:
    """Switch one cell of the matrix on or off, recorded in the audit chain."""
    require_tenant_admin(actor, rule.tenant)
    rule = (NotificationRule.objects.select_for_update(of=("self",)).select_related("tenant")
            .get(pk=rule.pk))
    if rule.enabled == enabled:
        return rule
    rule.enabled = enabled
    rule.save(update_fields=["enabled", "updated_at"])
    record(tenant=rule.tenant, actor=actor, action="notification.rule_change", obj=rule,
           before={"enabled": not enabled}, after={"enabled": enabled})
    return rule
