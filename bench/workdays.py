"""Working-day arithmetic: `WorkingDayCalendar.add_working_days` vs. `numpy.busday_offset`.

Both run on the same calendar (Indonesia 2020–2028 from the `holidays` package, as seeded) with
the same random (start, n) pairs, in the same run, after checking that they agree on a sample.

numpy rolls a non-working start first; DOMAIN.md counts from the start itself (day 0), so the
comparison uses `roll="backward"` (the last working day on or before the start has no working
day between it and the start, so the n-th working day after either is the same) and n >= 1.

    python -m bench.workdays [seconds]
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable
from typing import Any

import holidays
import numpy as np

from satupintu.lib.workdays import WorkingDayCalendar

FIRST, LAST = 2020, 2028
SAMPLE = 5000


def _calendar() -> tuple[WorkingDayCalendar, np.busdaycalendar]:
    years = range(FIRST, LAST + 1)
    days = sorted(holidays.country_holidays("ID", years=years,
                                            categories=("public", "government"),
                                            language="id"))
    ours = WorkingDayCalendar.for_years(years, days)
    theirs = np.busdaycalendar(weekmask="1111100", holidays=np.array(days, dtype="datetime64[D]"))
    return ours, theirs


def _inputs(count: int, seed: int = 2026) -> list[tuple[dt.date, int]]:
    rng = random.Random(seed)
    first = dt.date(FIRST, 1, 1).toordinal()
    last = dt.date(LAST - 1, 6, 30).toordinal()  # leaves room for n working days after
    return [(dt.date.fromordinal(rng.randint(first, last)), rng.randint(1, 60))
            for _ in range(count)]


def _rate(fn: Callable[[], int], seconds: float) -> float:
    """Calls per second of `fn` (which returns how many calls it made), run for `seconds`."""
    calls, began = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - began) < seconds:
        calls += fn()
    return calls / elapsed


def bench_workdays(seconds: float = 2.0) -> dict[str, Any]:
    """Calls per second of each, for `seconds` per measurement; asserts equal answers first."""
    ours, theirs = _calendar()
    pairs = _inputs(SAMPLE)
    starts = np.array([s for s, _ in pairs], dtype="datetime64[D]")
    offsets = np.array([n for _, n in pairs])

    expected = [ours.add_working_days(s, n) for s, n in pairs]
    vectorised = np.busday_offset(starts, offsets, roll="backward", busdaycal=theirs)
    assert vectorised.tolist() == expected, "numpy disagrees"
    assert all(ours.count_working_days(s, due) == n for (s, n), due in zip(pairs, expected,
                                                                              strict=True))

    add = ours.add_working_days

    def ours_batch() -> int:
        for start, n in pairs:
            add(start, n)
        return len(pairs)

    scalar_starts = [np.datetime64(s, "D") for s, _ in pairs]

    def numpy_scalar_batch() -> int:
        for start, (_, n) in zip(scalar_starts, pairs, strict=True):
            np.busday_offset(start, n, roll="backward", busdaycal=theirs)
        return len(pairs)

    def numpy_vector_batch() -> int:
        np.busday_offset(starts, offsets, roll="backward", busdaycal=theirs)
        return len(pairs)

    share = seconds / 3
    ours_rate = _rate(ours_batch, share)
    scalar_rate = _rate(numpy_scalar_batch, share)
    vector_rate = _rate(numpy_vector_batch, share)
    return {
        "calendar": f"ID {FIRST}-{LAST}, {ours.working_day_count} working days",
        "checked_equal": len(pairs),
        "satupintu_calls_per_s": round(ours_rate),
        "numpy_scalar_calls_per_s": round(scalar_rate),
        "numpy_vectorised_dates_per_s": round(vector_rate),
        "satupintu_vs_numpy_scalar": round(ours_rate / scalar_rate, 2),
        "satupintu_vs_numpy_vectorised": round(ours_rate / vector_rate, 3),
        "numpy_version": np.__version__,
    }


if __name__ == "__main__":
    print(json.dumps(bench_workdays(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0),
                     indent=2))
