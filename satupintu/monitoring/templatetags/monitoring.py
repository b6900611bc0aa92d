"""Template helpers of the dashboard: looking figures up by name, and the menu link."""

from __future__ import annotations

from typing import Any

from django import template

from satupintu.accounts.selectors import request_roles
from satupintu.monitoring.scope import dashboard_scope

register = template.Library()


@register.filter
def item(mapping: Any, key: Any) -> Any:
    """`mapping[key]`, or None (figures and labels looked up by a name in a loop)."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.simple_tag(takes_context=True)
def dashboard_access(context: dict[str, Any]) -> bool:
    """Whether the signed-in officer may open the dashboard of this region."""
    request = context.get("request")
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    if (request is None or tenant is None or user is None
            or getattr(user, "kind", "") != "officer"):
        return False
    scope = dashboard_scope(user, request_roles(request))
    return scope is not None and scope.tenant.pk == tenant.pk
