"""A per-client limit on public verification (pages and API together), like tracking's.

Tokens are unguessable, but permit numbers are sequential and printed, and checking an uploaded
PDF's signatures costs real CPU: one budget per client (`SATUPINTU_VERIFICATION_RATE`) keeps
both enumeration of the register and upload floods slow. The counting is tracking's (a fixed
window in Django's cache, clients by address; ADR 0007), under a key of its own so verifying
does not eat into an applicant's tracking budget.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from satupintu.tracking.throttle import Rate, client_ident, parse_rate


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
    rate = _rate()
    now = time.time()
    window = int(now // rate.seconds)
    key = f"sp:verify:{rate.seconds}:{window}:{client_ident(request)}"
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.seconds + 1)
        count = 1
    if count <= rate.count:
        return None
    return max((window + 1) * rate.seconds - now, 1.0)


class VerificationThrottle(BaseThrottle):
    """`hit` as a ninja throttle; the wait is kept per thread (one instance serves them all)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        wait = hit(request)
        self._local.wait = wait
        return wait is None

    def wait(self) -> float | None:
        wait: float | None = getattr(self._local, "wait", None)
        return wait
