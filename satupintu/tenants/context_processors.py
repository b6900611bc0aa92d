from __future__ import annotations

from django.http import HttpRequest


def tenant(request: HttpRequest) -> dict[str, object]:
    """Expose the resolved tenant to templates as `tenant`."""
    return {"tenant": getattr(request, "tenant", None)}
