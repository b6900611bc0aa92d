from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from satupintu.accounts.permissions import is_tenant_admin


def tenant(request: HttpRequest) -> dict[str, object]:
    """Expose the resolved tenant as `tenant`, and (lazily) whether the user administers it."""
    current = getattr(request, "tenant", None)
    return {
        "tenant": current,
        "perms_admin": SimpleLazyObject(
            lambda: current is not None and is_tenant_admin(request.user, current)
        ),
    }
