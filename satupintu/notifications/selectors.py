"""Reads of notifications: a person's in-app list and its unread count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from satupintu.core.errors import NotFound
from satupintu.notifications.models import Channel, Notification

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant


def my_notifications(*, tenant: Tenant, user: User, unread_only: bool = False) -> (
    QuerySet[Notification]
):
    """The user's in-app messages in this tenant, newest first."""
    qs = Notification.objects.filter(tenant=tenant, recipient=user, channel=Channel.IN_APP)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def my_notification(*, tenant: Tenant, user: User, pk: int) -> Notification:
    """One of the user's in-app messages; anyone else's answers like a missing one."""
    found: Notification | None = my_notifications(tenant=tenant, user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def unread_count(*, tenant: Tenant, user: User) -> int:
    return my_notifications(tenant=tenant, user=user, unread_only=True).count()
