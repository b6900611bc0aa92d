"""The officer menu's complaints link: for those who handle or read complaints (the inbox) and
for counter clerks (filing)."""

from __future__ import annotations

from typing import Any

from django import template

from satupintu.accounts.selectors import request_roles
from satupintu.complaints.permissions import may_file_at_counter, may_open_office

register = template.Library()


@register.simple_tag(takes_context=True)
def complaint_office_access(context: dict[str, Any]) -> str:
    """"inbox", "counter" or "" for the signed-in user."""
    request = context.get("request")
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    if (request is None or tenant is None or user is None
            or getattr(user, "kind", "") != "officer"):
        return ""
    held = request_roles(request)
    if may_open_office(user, tenant, held):
        return "inbox"
    return "counter" if may_file_at_counter(user, tenant, held) else ""
