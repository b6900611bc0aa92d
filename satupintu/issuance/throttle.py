"""A per-client limit on public verification (pages and API together), like tracking's.

Tokens are unguessable, but permit numbers are sequential and printed, and checking an uploaded
PDF's signatures costs real CPU: one budget per client (`SATUPINTU_VERIFICATION_RATE`) keeps
both enumeration of the register and upload floods slow. The counting is tracking's (a fixed
window in Django's cache, clients by address; ADR 0007), under a key of its own so verifying
does not eat into an applicant's tracking budget.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from satupintu.tracking.throttle import ClientThrottle, Rate, count_hit, parse_rate


def _rate() -> Rate:
    text = settings.SATUPINTU_VERIFICATION_RATE
    try:
        return parse_rate(text)
    except ImproperlyConfigured:
        raise ImproperlyConfigured(
            f"SATUPINTU_VERIFICATION_RATE must look like 30/m; got {text!r}") from None


def hit(request: HttpRequest) -> float | None:
    """Count one verification for the request's client: None when allowed, else seconds to
    wait."""
    return count_hit(request, scope="verify", rate=_rate())


class VerificationThrottle(ClientThrottle):
    def __init__(self) -> None:
        super().__init__(hit)
