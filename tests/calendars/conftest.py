"""Calendar tests start from an empty calendar cache, so none depends on another's reads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from satupintu.calendars.selectors import clear_calendar_cache


@pytest.fixture(autouse=True)
def _clear_calendar_cache() -> Iterator[None]:
    clear_calendar_cache()
    yield
    clear_calendar_cache()
