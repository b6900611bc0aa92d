"""Dashboard benchmark: the leaders' dashboard and the public scoreboard for one year at
1,000,000 applications, vs. the raw aggregate SQL over the same rows in the same run.

    createdb -h 127.0.0.1 -U postgres satupintu_bench_dash
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/satupintu_bench_dash \\
        .venv/bin/python -m bench.dashboard [--applications 1000000] [--years 3] [--rounds 5]
    dropdb -h 127.0.0.1 -U postgres satupintu_bench_dash

The database is filled once with the demo and `generate_load_data` (topped up to N load
applications spread over `--years`, by `--workers` processes in parallel), then analysed.
Each round times, for the last 365 days: the dashboard's figures exactly as the page asks
for them (`monitoring.figures.dashboard`, whole region, administrator's scope), the public
scoreboard uncached
(`transparency.selectors.compute_scoreboard`), and the reference: one hand-written
`SELECT count(*) FILTER (…)` over the tenant's cases with the period's received / decided /
on-time / open conditions. Medians of the rounds and the ratios are printed as JSON; the
from-scratch recount of the durations (`figures.recompute_durations`, what the dashboard did
before the stored summary) is timed once with `--recount`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.config.settings")
os.environ.setdefault("SATUPINTU_DATA_DIR", str(ROOT / "var" / "bench"))

RAW_SQL = """
SELECT count(*) FILTER (WHERE received_at >= %(lo)s AND received_at < %(hi)s),
       count(*) FILTER (WHERE decided_at >= %(lo)s AND decided_at < %(hi)s
                        AND outcome <> 'withdrawn'),
       count(*) FILTER (WHERE decided_at >= %(lo)s AND decided_at < %(hi)s
                        AND outcome <> 'withdrawn' AND service_due_date IS NOT NULL
                        AND (decided_at AT TIME ZONE %(zone)s)::date <= service_due_date),
       count(*) FILTER (WHERE decided_at IS NULL AND closed_at IS NULL)
FROM workflow_case WHERE tenant_id = %(tenant)s
"""


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--recount", action="store_true",
                        help="also time the from-scratch recount of the durations once")
    parser.add_argument("--resettle", action="store_true",
                        help="forget the daily summary first and time counting it again")
    parser.add_argument("--workers", type=int, default=2,
                        help="generate_load_data processes filling the database in parallel")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from satupintu.accounts.models import User
    from satupintu.applications.models import Application
    from satupintu.calendars.selectors import local_date
    from satupintu.complaints.figures import complaint_counts_by_agency
    from satupintu.demo.loader import load_demo
    from satupintu.monitoring import figures, summary
    from satupintu.monitoring.models import DailyFigure
    from satupintu.monitoring.scope import dashboard_scope
    from satupintu.surveys import selectors as surveys
    from satupintu.tenants.models import Tenant
    from satupintu.tracking import loadgen
    from satupintu.transparency.selectors import compute_scoreboard
    from satupintu.transparency.selectors import tallies as scoreboard_tallies

    if connection.vendor != "postgresql":
        print("Note: not PostgreSQL; the recorded figures are for PostgreSQL (DATABASE_URL).",
              file=sys.stderr)
    call_command("migrate", verbosity=0)
    load_demo()
    tenant = Tenant.objects.get(code="llg")
    have = Application.objects.filter(tenant=tenant,
                                      idempotency_key__startswith=loadgen.KEY_PREFIX).count()
    generation = None
    if have < args.applications:
        missing, began = args.applications - have, time.perf_counter()
        # The applicant accounts first (one per ten applications, at most 20,000), so the
        # workers, each `manage.py generate_load_data` on its share, never create the same one.
        loadgen._applicants(tenant, args.applications, random.Random(args.seed))
        shares = [missing // args.workers + (i < missing % args.workers)
                  for i in range(args.workers)]
        workers = [subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "generate_load_data",
             "--applications", str(share), "--years", str(args.years),
             "--seed", str(args.seed + have + i)], env=os.environ.copy())
            for i, share in enumerate(shares) if share]
        if any(worker.wait() for worker in workers):
            raise SystemExit("generate_load_data failed")
        seconds = time.perf_counter() - began
        generation = {"applications": missing, "workers": args.workers,
                      "seconds": round(seconds, 1), "per_second": round(missing / seconds)}
    if connection.vendor == "postgresql":
        # What autovacuum does on a live server: statistics, and the visibility map that lets
        # the duration queries read their covering index only.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    # The daily summary's settled days for the period and the trend, as the hourly job keeps
    # them (timed; with --resettle from nothing: what a fresh installation pays once).
    if args.resettle:
        summary.forget(tenant)
    last = summary.settled_through(tenant)
    settle_seconds, settled_days = timed(lambda: summary.settle(
        tenant, last - dt.timedelta(days=3 * 366), last))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # autovacuum's part for the new summary rows
            cursor.execute("VACUUM ANALYZE monitoring_dailyfigure")
            cursor.execute("VACUUM ANALYZE monitoring_dailyspread")
            cursor.execute("VACUUM ANALYZE monitoring_dailysurvey")

    today = local_date(tenant)
    scope = dashboard_scope(User.objects.get(username="admin.llg"))
    assert scope is not None
    query = figures.FigureQuery(scope=scope, start=today - dt.timedelta(days=364), end=today,
                                today=today)
    lo, hi = query.bounds
    params = {"lo": lo, "hi": hi, "zone": tenant.timezone, "tenant": tenant.pk}

    def raw() -> tuple[int, ...]:
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL if connection.vendor == "postgresql"
                           else RAW_SQL.replace("(decided_at AT TIME ZONE %(zone)s)::date",
                                                "date(decided_at)"), params)
            return tuple(cursor.fetchone())

    def board() -> Any:
        return compute_scoreboard(tenant=tenant, start=query.start, end=query.end, today=today)

    for fn in (raw, lambda: figures.dashboard(query), board):  # warm the caches once
        fn()
    rounds: dict[str, list[float]] = {"raw_sql": [], "dashboard": [], "scoreboard": []}
    for _ in range(args.rounds):
        rounds["raw_sql"].append(timed(raw)[0])
        rounds["dashboard"].append(timed(lambda: figures.dashboard(query))[0])
        rounds["scoreboard"].append(timed(board)[0])
    parts: dict[str, Callable[[], Any]] = {
        "counts": lambda: figures.counts(query), "durations": lambda: figures.durations(query),
        "agency_times": lambda: figures.agency_times(query),
        "trend": lambda: figures.trend(query), "overdue": lambda: figures.overdue_files(query)}
    part_ms = {name: round(1000 * statistics.median(timed(fn)[0] for _ in range(args.rounds)), 1)
               for name, fn in parts.items()}

    def index() -> Any:
        answers, applicants = summary.survey_sums(tenant, query.start, query.end)
        return surveys.breakdown(tenant=tenant, answers=answers, applicants=applicants)

    board_parts: dict[str, Callable[[], Any]] = {
        "tallies": lambda: scoreboard_tallies(query), "satisfaction_index": index,
        "complaints": lambda: complaint_counts_by_agency(tenant=tenant, start=query.start,
                                                          end=query.end)}

    def in_snapshot(fn: Callable[[], Any]) -> float:
        with summary.live_snapshot():  # as the page: today counted once
            return timed(fn)[0]

    board_part_ms = {name: round(1000 * statistics.median(
        in_snapshot(fn) for _ in range(args.rounds)), 1) for name, fn in board_parts.items()}
    medians = {name: statistics.median(values) for name, values in rounds.items()}
    recount_seconds = (timed(lambda: figures.recompute_durations(query))[0] if args.recount
                       else None)
    dashboard = figures.dashboard(query)
    raw_counts = raw()
    assert raw_counts[0] == dashboard.counts["received"]
    assert raw_counts[1] == dashboard.counts["decided"]
    assert raw_counts[3] == dashboard.counts["open"]
    total = Application.objects.filter(tenant=tenant).count()
    print(json.dumps({
        "database": connection.vendor, "applications": total, "generation": generation,
        "period": [query.start.isoformat(), query.end.isoformat()],
        "rows_in_period": {"received": dashboard.counts["received"],
                           "decided": dashboard.counts["decided"],
                           "open": dashboard.counts["open"]},
        "median_ms": {name: round(1000 * value, 1) for name, value in medians.items()},
        "dashboard_parts_ms": part_ms,
        "scoreboard_parts_ms": board_part_ms,
        "settle_once": {"days": settled_days, "seconds": round(settle_seconds, 1),
                        "rows": DailyFigure.objects.filter(tenant=tenant).count()},
        "range_ms": {name: [round(1000 * min(v), 1), round(1000 * max(v), 1)]
                     for name, v in rounds.items()},
        "ratio_dashboard_to_raw": round(medians["dashboard"] / medians["raw_sql"], 2),
        "ratio_scoreboard_to_raw": round(medians["scoreboard"] / medians["raw_sql"], 2),
        "recount_durations_from_scratch_ms": (round(1000 * recount_seconds, 1)
                                              if recount_seconds is not None else None),
        "median_working_days": dashboard.durations.total.median,
    }, indent=2))


if __name__ == "__main__":
    main()
