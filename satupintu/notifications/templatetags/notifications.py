"""`{% unread_notifications as count %}`: the signed-in person's unread in-app messages."""

from __future__ import annotations

from typing import Any

from django import template

from satupintu.accounts.models import User
from satupintu.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: Any) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    if not isinstance(user, User) or tenant is None or user.tenant_id != tenant.pk:
        return 0
    return unread_count(tenant=tenant, user=user)
