"""Officer inbox benchmark: the verifier's inbox page over a pool of 5,000 open files vs. a
minimal query of the same 50 rows, measured in the same run on the same connection.

1. Its own database: the demo, then `--total` (default 20,000) load applications of
   `manage.py generate_load_data` (`satupintu.tracking.loadgen`; made once, reused by later
   runs). Most are walked as usual — closed (handed over, withdrawn, rejected) or open in every
   step of every agency — and as many as needed are walked with a verification backlog (the same
   walk, the counter registering every file and the verifier not yet acting) until the
   verifier's pool, files held by (the DPMPTSP, verifier) and open, holds `--pool` (5,000).
2. In process, Django's test client signed in as the demo verifier (`verifikator`, second
   factor satisfied), `GET /petugas/` — middleware, the selector's queries, the template —
   for page 1, the last page and page 1 filtered by a service, each checked first to list
   exactly the rows the reference fetches, in the same order.
3. The reference for each: `Case.objects.filter(tenant, holder_agency, holder_role,
   closed_at IS NULL).order_by("state_due_date", "pk").values_list("pk", "state_due_date")`
   sliced to the same 50 rows (joined to the application's service for the filter) — the
   rows and their due dates, nothing else.
4. `--rounds` alternating rounds of `--requests` of each; per-request medians, the ratio of
   the page's time over the reference's, and the page's statements (`CaptureQueriesContext`).

    .venv/bin/python bench/inbox.py [--pool N] [--total N] [--rounds R] [--requests K]

Own data directory var/bench-inbox/ unless DATABASE_URL points at PostgreSQL (its own
database, e.g. sp_bench_inbox).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.config.settings")
os.environ.setdefault("SATUPINTU_DATA_DIR", str(ROOT / "var" / "bench-inbox"))

VERIFIER = "verifikator"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pool", type=int, default=5000, help="open files in the pool")
    parser.add_argument("--total", type=int, default=20_000, help="load applications in all")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=20, help="per round and measurement")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from satupintu.demo.loader import load_demo
    from satupintu.tenants.models import Tenant

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_demo()
    tenant = Tenant.objects.get(code="llg")
    data = ensure_data(tenant, pool=args.pool, total=args.total)
    data["seconds"] = round(time.perf_counter() - began, 1)

    measured = bench_inbox(tenant, rounds=args.rounds, requests=args.requests)
    print(json.dumps({
        "database": connection.vendor,
        "data": data,
        "measure": f"in process, Django test client; {args.rounds} alternating rounds of "
                   f"{args.requests} requests / queries each; medians per request",
        **measured,
    }, indent=2))


# --- The data -----------------------------------------------------------------------------------
def _pool(tenant: Any) -> Any:
    """The verifier's pool: open files held by the one-stop agency's verifiers."""
    from satupintu.accounts.models import Role
    from satupintu.tenants.selectors import one_stop_agency
    from satupintu.workflow.models import Case

    return Case.objects.filter(tenant=tenant, holder_agency=one_stop_agency(tenant=tenant),
                               holder_role=Role.VERIFIER, closed_at__isnull=True)


@contextmanager
def _verification_backlog() -> Iterator[None]:
    """The load generator's walk with every file registered at the counter and none yet
    verified: a verifier's backlog, rows otherwise exactly as the engine writes them."""
    from satupintu.tracking.loadgen import walk

    saved = dict(walk._PLANS)
    walk._PLANS["completeness_check"] = (0, 0, (("register", 1.0),))
    walk._PLANS["verification"] = (0, 0, ())
    try:
        yield
    finally:
        walk._PLANS.clear()
        walk._PLANS.update(saved)


def ensure_data(tenant: Any, *, pool: int, total: int) -> dict[str, Any]:
    """Top the database up to `total` load applications, `pool` of them in the verifier's pool
    (files already there count); returns what it holds and what was generated."""
    from django.db import connection

    from satupintu.applications.models import Application
    from satupintu.tracking import loadgen
    from satupintu.workflow.models import Case

    loaded = Application.objects.filter(tenant=tenant,
                                        idempotency_key__startswith=loadgen.KEY_PREFIX)
    generated: list[dict[str, Any]] = []

    def generate(count: int, seed: int) -> None:
        report = loadgen.generate(tenant=tenant, count=count, seed=seed)
        generated.append({"applications": report.applications,
                          "seconds": round(report.seconds, 1),
                          "applications_per_s": round(report.applications / report.seconds)})

    have = loaded.count()
    background = total - pool
    if have < background:
        generate(background - have, seed=have + 1)
    for _attempt in range(3):  # files submitted in the last hours stay at the counter
        missing = pool - _pool(tenant).count()
        if missing <= 0:
            break
        with _verification_backlog():
            generate(missing, seed=loaded.count() + 1)
    if generated and connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: statistics and the visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "applications": Application.objects.filter(tenant=tenant).count(),
        "open_files": Case.objects.filter(tenant=tenant, closed_at__isnull=True).count(),
        "verifier_pool": _pool(tenant).count(),
        "generated": generated,
    }


# --- The measurements ---------------------------------------------------------------------------
def bench_inbox(tenant: Any, *, rounds: int, requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import Coalesce
    from django.test import Client
    from django.urls import reverse
    from django.utils.translation import override
    from django_otp import DEVICE_ID_SESSION_KEY

    from satupintu.accounts.models import User
    from satupintu.backoffice.selectors import PAGE_SIZE, InboxFilters, inbox
    from satupintu.demo.second_factor import demo_totp_device

    verifier = User.objects.get(tenant=tenant, username=VERIFIER)
    device = demo_totp_device(verifier)
    assert device is not None, "the demo verifier has no second factor"
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(verifier)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    pool = _pool(tenant)
    size = pool.count()
    pages = -(-size // PAGE_SIZE)
    last = max(1, size // PAGE_SIZE)  # the last full page
    top = (pool.values("application__service__code").annotate(n=Count("pk"))
           .order_by("-n").first())
    assert top is not None
    service = top["application__service__code"]
    scenarios = {
        "page_1": (InboxFilters(), pool),
        f"page_{last}_of_{pages}": (InboxFilters(page=last), pool),
        f"page_1_service_{service}": (InboxFilters(service=service),
                                      pool.filter(application__service__code=service)),
    }
    url = reverse("backoffice:file", args=[0]).replace("/0/", "/(\\d+)/")
    link = re.compile(f'href="{url}"')
    out: dict[str, Any] = {}
    for name, (filters, rows) in scenarios.items():
        query = "&".join(f"{k}={v}" for k, v in (("service", filters.service),
                                                  ("page", filters.page)) if v and v != 1)
        path = "/petugas/" + (f"?{query}" if query else "")
        start = (filters.page - 1) * PAGE_SIZE

        def reference(rows: Any = rows, start: int = start) -> list[tuple[Any, ...]]:
            due = Coalesce("state_due_date", "service_due_date")
            return list(rows.order_by(due.asc(nulls_last=True), "pk")
                        .values_list("pk", due)[start:start + PAGE_SIZE])

        def page(path: str = path) -> str:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response.content.decode()

        def selector(filters: Any = filters) -> object:
            with override("id"):
                return inbox(user=verifier, tenant=tenant, filters=filters, lang="id")

        # All three give the same rows in the same order before anything is timed.
        expected = [pk for pk, _due in reference()]
        listed = [int(pk) for pk in link.findall(page())]
        assert len(expected) == PAGE_SIZE, (name, len(expected))
        assert listed == expected, (name, listed[:3], expected[:3])
        assert [r.case.pk for r in selector().rows] == expected  # type: ignore[attr-defined]
        statements, sql_ms = _statements(connection, page)
        times = _alternate({"page": page, "selector": selector, "reference": reference},
                           rounds, requests)
        ratios = [p / r for p, r in zip(times["page"]["rounds"], times["reference"]["rounds"],
                                        strict=True)]
        out[name] = {
            "path": path, "rows": len(expected),
            "page_ms": times["page"]["median"],
            "selector_ms": times["selector"]["median"],
            "minimal_query_ms": times["reference"]["median"],
            "page_vs_minimal_time_ratio": round(statistics.median(ratios), 1),
            "ratio_range": [round(min(ratios), 1), round(max(ratios), 1)],
            "page_statements": statements, "page_sql_ms": sql_ms,
        }
    # The page's fixed cost: the same request with a filter no file of the pool matches.
    empty = "/petugas/?state=approval"
    assert not link.findall(client.get(empty).content.decode())
    shell = _alternate({"page": lambda: client.get(empty)}, rounds, requests)
    return {"verifier_pool": size, "scenarios": out,
            "page_without_rows_ms": shell["page"]["median"]}


def _statements(connection: Any, fn: Callable[[], object]) -> tuple[int, float]:
    """Statements one call runs, and their time in the database driver (ms)."""
    spent: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - began)

    with connection.execute_wrapper(timed):
        fn()
    return len(spent), round(sum(spent) * 1000, 2)


def _alternate(fns: dict[str, Callable[[], object]], rounds: int,
               requests: int) -> dict[str, dict[str, Any]]:
    """Milliseconds per call of each: the median over all calls and each round's median,
    over `rounds` rounds that take turns, after a warm-up."""
    for fn in fns.values():
        for _ in range(3):
            fn()
    times: dict[str, list[list[float]]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            this_round = []
            for _ in range(requests):
                began = time.perf_counter()
                fn()
                this_round.append((time.perf_counter() - began) * 1000)
            times[name].append(this_round)
    return {name: {"median": round(statistics.median(t for r in runs for t in r), 3),
                   "rounds": [statistics.median(r) for r in runs]}
            for name, runs in times.items()}


if __name__ == "__main__":
    main()
