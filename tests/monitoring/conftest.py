"""Fixtures shared by the monitoring tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.monitoring.builders import at


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.date], None]:
    """`on(day)`: everything happens on that day at 10:00 WIB (the engine's transitions, the
    clock, the review rows' creation, and the daily summary's idea of today)."""
    current: dict[str, dt.date] = {}
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(current["day"]))

    def set_day(day: dt.date) -> None:
        current["day"] = day

    return set_day
