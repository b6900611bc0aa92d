"""Who wants to know when a tenant's calendar changes (e.g. the workflow engine's due dates).

Callbacks run inside the transaction of the change, after the new calendar is visible to
`selectors.working_calendar`, so what they recompute commits or rolls back with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from satupintu.tenants.models import Tenant


class CalendarCallback(Protocol):
    def __call__(self, *, tenant: Tenant, dates: list[dt.date]) -> None: ...


_callbacks: list[CalendarCallback] = []


def on_calendar_change(fn: CalendarCallback) -> CalendarCallback:
    """Decorator: call `fn(tenant=…, dates=[…])` whenever the tenant's calendar changes."""
    if fn not in _callbacks:
        _callbacks.append(fn)
    return fn


def forget_calendar_callback(fn: CalendarCallback) -> None:
    """Unregister a callback (for tests)."""
    if fn in _callbacks:
        _callbacks.remove(fn)


def calendar_changed(*, tenant: Tenant, dates: Iterable[dt.date]) -> None:
    """Tell every registered callback, in registration order, which dates changed."""
    changed = sorted(set(dates))
    for fn in list(_callbacks):
        fn(tenant=tenant, dates=list(changed))
