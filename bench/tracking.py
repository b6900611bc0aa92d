"""Tracking benchmark: lookups per second of the tracking API vs. a bare indexed lookup, and
submissions (with two uploads) per second vs. the writes they minimally need.

1. A database with `--applications` (default 100,000) load applications
   (`manage.py generate_load_data`; made once, reused by later runs).
2. gunicorn with the project on 127.0.0.1 and a free port (gthread, like `manage.py serve`),
   with `SATUPINTU_BENCH=1`, which routes the reference view.
3. Bounded load from 127.0.0.1 only — wrk when installed (Debian's `wrk`), else a Python client
   with threads — on (a) `GET /api/v1/track/{n}?pin=` (the lookup, status, holder, timeline,
   due dates, throttle bookkeeping, JSON) and (b) `GET /bench/lookup/{n}`, a view that only does
   `Application.objects.filter(tenant=…, tracking_number=…).values_list("pk", flat=True)
   .first()`, both over the same random sample of numbers, alternating, `--rounds` times each,
   `--seconds` each; the median round counts.
4. Submissions in process, through the services (draft, answers, two PDF uploads checked by
   content, submit: workflow file, tracking number, PIN, audit records, e-mail queued) vs. the
   same rows and files written with plain ORM `create()` calls and storage saves, one
   transaction each — what any implementation must persist.

    .venv/bin/python -m bench.tracking [--applications N] [--seconds S] [--rounds R]

Own data directory var/bench-tracking/ unless DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.config.settings")
os.environ.setdefault("SATUPINTU_DATA_DIR", str(ROOT / "var" / "bench-tracking"))
os.environ["SATUPINTU_BENCH"] = "1"
# The throttle still counts every lookup (its cost is measured) but never refuses one here.
os.environ["SATUPINTU_TRACKING_RATE"] = "1000000000/s"

WRK_SCRIPT = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--sample", type=int, default=5000, help="distinct numbers looked up")
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from satupintu.applications.models import Application
    from satupintu.demo.loader import load_demo
    from satupintu.tenants.models import Tenant
    from satupintu.tracking import loadgen

    call_command("migrate", verbosity=0)
    load_demo()
    tenant = Tenant.objects.get(code="llg")
    loaded = Application.objects.filter(tenant=tenant,
                                        idempotency_key__startswith=loadgen.KEY_PREFIX)
    have = loaded.count()
    generation: dict[str, Any] = {"existing": have}
    if have < args.applications:
        report = loadgen.generate(tenant=tenant, count=args.applications - have, seed=have + 1)
        generation.update(generated=report.applications, seconds=round(report.seconds, 1),
                          applications_per_s=round(report.applications / report.seconds),
                          transitions=report.transitions)
    total = Application.objects.filter(tenant=tenant).count()
    numbers = list(loaded.values_list("tracking_number", "pin"))
    rng = random.Random(2026)
    sample = rng.sample(numbers, min(args.sample, len(numbers)))
    connection.close()

    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    port = _free_port()
    server = _start_gunicorn(port, args.workers, args.threads)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(base + "/healthz")
        api_paths = [f"/api/v1/track/{n}?pin={p}" for n, p in sample]
        ref_paths = [f"/bench/lookup/{n}" for n, _p in sample]
        _check(base, api_paths[:20], ref_paths[:20])
        # Warm every worker thread's connection and caches.
        _measure(client, base, api_paths, 2.0, args.connections)
        _measure(client, base, ref_paths, 2.0, args.connections)
        api_rounds, ref_rounds = [], []
        for _ in range(args.rounds):
            api_rounds.append(_measure(client, base, api_paths, args.seconds, args.connections))
            ref_rounds.append(_measure(client, base, ref_paths, args.seconds, args.connections))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    api = _median_round(api_rounds)
    ref = _median_round(ref_rounds)
    submissions = bench_submissions(args.submissions)
    print(json.dumps({
        "database": connection.vendor,
        "applications_in_database": total,
        "load_data": generation,
        "server": f"gunicorn gthread, {args.workers} workers x {args.threads} threads",
        "client": f"{client}, {args.connections} connections, {args.seconds:g} s x "
                  f"{args.rounds} rounds each, {len(sample)} distinct numbers",
        "tracking_api": api,
        "minimal_lookup_view": ref,
        "tracking_vs_minimal_ratio": round(api["requests_per_s"] / ref["requests_per_s"], 3),
        "submissions": submissions,
    }, indent=2))


# --- The server -------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "satupintu.config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--worker-class", "gthread", "--log-level", "warning"],
        cwd=ROOT, env=dict(os.environ))


def _wait_ready(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 30 s")


def _check(base: str, api_paths: list[str], ref_paths: list[str]) -> None:
    """Both endpoints answer 200 with what they should, before anything is timed."""
    for api_path, ref_path in zip(api_paths, ref_paths, strict=True):
        with urllib.request.urlopen(base + api_path, timeout=5) as response:  # noqa: S310
            body = json.loads(response.read())
            assert body["status"], body
            assert body["timeline"], body
        with urllib.request.urlopen(base + ref_path, timeout=5) as response:  # noqa: S310
            assert json.loads(response.read())["id"]


# --- Load ---------------------------------------------------------------------------------------
def _measure(client: str, base: str, paths: list[str], seconds: float,
             connections: int) -> dict[str, Any]:
    if client == "wrk":
        return _wrk(base, paths, seconds, connections)
    return _python_client(base, paths, seconds, connections)


def _wrk(base: str, paths: list[str], seconds: float, connections: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path_file = Path(tmp) / "paths.txt"
        path_file.write_text("\n".join(paths) + "\n")
        script = Path(tmp) / "paths.lua"
        script.write_text(WRK_SCRIPT % path_file)
        out = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds:g}s", "--latency",
             "-s", str(script), base],
            capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: .*", out)
    if errors or socket_errors:
        raise SystemExit(f"wrk saw errors:\n{out}")
    return {"requests_per_s": round(rate, 1), "p50_ms": _wrk_latency(out, "50%"),
            "p99_ms": _wrk_latency(out, "99%")}


def _wrk_latency(out: str, which: str) -> float:
    match = re.search(rf"^\s+{re.escape(which)}\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
    if match is None:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return round(value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 2)


def _python_client(base: str, paths: list[str], seconds: float,
                   connections: int) -> dict[str, Any]:
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        conn = HTTPConnection(host, int(port), timeout=10)
        mine: list[float] = []
        i = offset
        while time.perf_counter() < stop:
            i = (i + 1) % len(paths)
            began = time.perf_counter()
            conn.request("GET", paths[i])
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{paths[i]} answered {response.status}")
            mine.append(time.perf_counter() - began)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(n * 997,)) for n in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 2)}


def _median_round(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    rates = [r["requests_per_s"] for r in rounds]
    middle = sorted(rounds, key=lambda r: r["requests_per_s"])[len(rounds) // 2]
    return {**middle, "rounds_per_s": rates, "spread": round(
        (max(rates) - min(rates)) / statistics.median(rates), 3)}


# --- Submissions --------------------------------------------------------------------------------
def bench_submissions(count: int) -> dict[str, Any]:
    """Submissions with two uploads per second: the services vs. the bare writes."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction
    from django.utils import timezone

    from satupintu.accounts.models import User
    from satupintu.applications import requirements as reqs
    from satupintu.applications import services
    from satupintu.applications.models import (
        Application,
        ApplicationDocument,
        ApplicationStatus,
        Upload,
    )
    from satupintu.tenants.models import Tenant
    from satupintu.tracking.samples import sample_answers, sample_pdf
    from satupintu.workflow.definitions import published_definition
    from satupintu.workflow.models import Case, CaseTransition

    tenant = Tenant.objects.get(code="llg")
    applicant = User.objects.get(username="pemohon")
    files = {code: sample_pdf(code, size=40_000) for code in ("KTP", "STRA")}
    run = secrets.token_hex(4)

    def submit_through_services(n: int) -> None:
        application = services.application_start(
            tenant=tenant, applicant=applicant, actor=applicant, service_code="SIA",
            variant_kind="new")
        services.application_save_answers(
            application=application, actor=applicant,
            answers=sample_answers(reqs.variant_requirements(application.variant)))
        for code, content in files.items():
            services.document_attach(
                application=application, actor=applicant, requirement_code=code,
                file=SimpleUploadedFile(f"{code}.pdf", content, content_type="application/pdf"))
        services.application_submit(application=application, actor=applicant,
                                    idempotency_key=f"bench-{time.time_ns()}-{n}")

    template = Application.objects.filter(service__code="SIA", tenant=tenant,
                                          case__isnull=False).select_related("case").last()
    assert template is not None
    template_case = template.case
    assert template_case is not None
    definition = published_definition(tenant=tenant, code=template.variant.workflow)

    def write_bare(n: int) -> None:
        now = timezone.now()
        with transaction.atomic():
            uploads = []
            for code, content in files.items():
                name = default_storage.save(f"uploads/bench/{time.time_ns()}-{code}",
                                            ContentFile(content))
                uploads.append((code, Upload.objects.create(
                    tenant=tenant, owner=applicant, file=name, original_name=f"{code}.pdf",
                    content_type="application/pdf", size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(), uploaded_by=applicant)))
            case = Case.objects.create(
                tenant=tenant, definition=definition, subject_type="bench", owner=applicant,
                state="completeness_check", state_entered_at=now, received_at=now,
                legal_days=template_case.legal_days,
                service_days=template_case.service_days)
            CaseTransition.objects.create(tenant=tenant, case=case, seq=1, action="submit",
                                          from_state="", to_state=case.state, at=now)
            application = Application.objects.create(
                tenant=tenant, applicant=applicant, service_id=template.service_id,
                variant_id=template.variant_id, status=ApplicationStatus.SUBMITTED,
                answers=template.answers, case=case, submitted_at=now,
                tracking_number=f"BENCH-{run}-{n:06d}", pin="BENCH1")
            for code, upload in uploads:
                ApplicationDocument.objects.create(tenant=tenant, application=application,
                                                   requirement_code=code, upload=upload)

    for fn in (submit_through_services, write_bare):  # warm-up
        fn(0)
    rates = {}
    for name, fn in (("services", submit_through_services), ("bare_writes", write_bare)):
        began = time.perf_counter()
        for n in range(1, count + 1):
            fn(n)
        rates[name] = round(count / (time.perf_counter() - began), 1)
    connection.close()
    return {"count": count, "services_per_s": rates["services"],
            "bare_writes_per_s": rates["bare_writes"],
            "services_vs_bare_ratio": round(rates["services"] / rates["bare_writes"], 3)}


if __name__ == "__main__":
    main()
