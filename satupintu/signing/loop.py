"""Running pyHanko's synchronous API from any caller.

pyHanko's synchronous calls run their own asyncio event loop, which Python refuses inside a
thread whose loop is already running (an ASGI view, a Playwright-driven test). There the work
moves to a short-lived thread of its own; everywhere else it runs in place, at no cost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(fn: Callable[[], T]) -> T:
    """`fn()`, in another thread when this one is running an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as pool:
        return pool.submit(fn).result()
