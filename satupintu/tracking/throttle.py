"""A per-client limit on tracking lookups, shared by the page and the API.

Both count against one budget per client, so using the page and the API side by side does not
double the rate at which tracking numbers and PINs could be guessed. The count is a fixed
window in Django's cache (`add` + `incr`, atomic in every cache backend), rather than ninja's
`SimpleRateThrottle`, which keeps each request's state on the one throttle object that all of
a gthread worker's threads share and rewrites a list of timestamps with get-then-set.

Clients are told apart by address: `REMOTE_ADDR`, or the address the nearest of
`NINJA_NUM_PROXIES` trusted proxies saw. An IPv6 client is one /64 network, because that is
what one subscriber gets and could otherwise rotate through.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_IDENT = BaseThrottle()


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


@lru_cache(maxsize=8)
def parse_rate(text: str) -> Rate:
    """`30/m` → 30 per 60 s; also `5/10s`, `1000/h`, `10000/d`."""
    match = _RATE.match(text)
    if match is None or int(match.group(1)) < 1:
        raise ImproperlyConfigured(
            f"SATUPINTU_TRACKING_RATE must look like 30/m (count/period, period one of "
            f"s, m, h, d, optionally with a multiple such as 5/10s); got {text!r}")
    multiple = int(match.group(2) or 1)
    return Rate(int(match.group(1)), max(multiple, 1) * _PERIODS[match.group(3)])


def client_ident(request: HttpRequest) -> str:
    """The client's address (its /64 for IPv6), or a hash of whatever else the proxy sent."""
    raw = (_IDENT.get_ident(request) or "").strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "h" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def count_hit(request: HttpRequest, *, scope: str, rate: Rate,
              peek: bool = False) -> float | None:
    """Count one request of the client in the `scope`'s fixed window: None when allowed,
    else seconds to wait. Each scope (tracking, verification) has its own budget. `peek`
    only asks whether the budget is spent, without counting (a form that counts only what
    it accepts)."""
    now = time.time()
    window = int(now // rate.seconds)
    key = f"sp:{scope}:{rate.seconds}:{window}:{client_ident(request)}"
    if peek:
        spent = (cache.get(key) or 0) >= rate.count
        return max((window + 1) * rate.seconds - now, 1.0) if spent else None
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.seconds + 1)
        count = 1
    if count <= rate.count:
        return None
    return max((window + 1) * rate.seconds - now, 1.0)


def hit(request: HttpRequest) -> float | None:
    """Count one lookup for the request's client: None when allowed, else seconds to wait."""
    return count_hit(request, scope="track", rate=parse_rate(settings.SATUPINTU_TRACKING_RATE))


class ClientThrottle(BaseThrottle):
    """A `hit` function as a ninja throttle; the wait is kept per thread (one instance serves
    them all)."""

    def __init__(self, hit: Callable[[HttpRequest], float | None]) -> None:
        self._hit = hit
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        wait = self._hit(request)
        self._local.wait = wait
        return wait is None

    def wait(self) -> float | None:
        wait: float | None = getattr(self._local, "wait", None)
        return wait


class TrackingThrottle(ClientThrottle):
    def __init__(self) -> None:
        super().__init__(hit)
