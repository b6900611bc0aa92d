"""Engine benchmark: transitions per second through the workflow engine vs. raw SQL.

The reference writes the same rows the engine writes for a `register` transition — the case
update (with its version check), the transition, the clock event, and the audit record with
its SHA-256 chain hash and the chain head update — as hand-written SQL in one transaction per
transition. The difference is what the engine adds: locking and checking, role and input
validation, the working-day clock, the ORM. Rounds of both alternate; the median ratio and its
range are reported. Also reports working-day arithmetic vs. numpy.busday_offset.

    .venv/bin/pip install -e ".[bench]"     # numpy, for the working-day comparison
    .venv/bin/python -m bench.engine [--cases N] [--rounds R] [--seconds S]

It uses its own data directory (var/bench/) unless DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.config.settings")
os.environ.setdefault("SATUPINTU_DATA_DIR", str(ROOT / "var" / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=150, help="transitions per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0, help="per working-day measure")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.workdays import bench_workdays
    from satupintu.accounts.models import User
    from satupintu.audit.canonical import record_hash
    from satupintu.demo.loader import load_demo
    from satupintu.tenants.models import Agency, Tenant
    from satupintu.workflow.definitions import DEFAULT_CODE, published_definition
    from satupintu.workflow.engine import CaseParams, case_perform, case_start

    call_command("migrate", verbosity=0)
    load_demo()
    tenant = Tenant.objects.get(code="llg")
    definition = published_definition(tenant=tenant, code=DEFAULT_CODE)
    owner = User.objects.get(username="pemohon")
    clerk = User.objects.get(username="petugas.fo")
    agencies = list(Agency.objects.filter(tenant=tenant, code__in=["DINKES", "PUPR"]))
    params = CaseParams(legal_days=10, service_days=5, agencies=agencies, citable=["KTP"])

    def fresh_cases(n: int) -> list[int]:
        return [case_start(tenant=tenant, definition=definition, subject_type="bench",
                           owner=owner, actor=owner, params=params).pk for _ in range(n)]

    def engine_round(ids: list[int]) -> float:
        began = time.perf_counter()
        for case_id in ids:
            case_perform(tenant=tenant, case_id=case_id, actor=clerk, action="register",
                         expected_version=1)
        return len(ids) / (time.perf_counter() - began)

    # Two fixed statements: PostgreSQL locks the head like the engine; SQLite's IMMEDIATE
    # transactions already serialise writers.
    head_sql = ("SELECT seq, hash FROM audit_auditchainhead WHERE tenant_id = %s FOR UPDATE"
                if connection.vendor == "postgresql"
                else "SELECT seq, hash FROM audit_auditchainhead WHERE tenant_id = %s")

    def raw_round(ids: list[int]) -> float:
        began = time.perf_counter()
        for case_id in ids:
            now = timezone.now()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("UPDATE workflow_case SET state = %s, version = version + 1, "
                               "clock_state = 'running' WHERE id = %s AND version = %s",
                               ["verification", case_id, 1])
                cursor.execute(
                    "INSERT INTO workflow_casetransition (tenant_id, case_id, seq, action, "
                    "from_state, to_state, actor_id, role, inputs, oss_status, at, created_at, "
                    "updated_at) VALUES (%s, %s, 2, 'register', 'completeness_check', "
                    "'verification', %s, 'front_office', '{}', '10', %s, %s, %s)",
                    [tenant.pk, case_id, clerk.pk, now, now, now])
                cursor.execute(
                    "INSERT INTO workflow_clockevent (tenant_id, case_id, kind, \"on\", at, "
                    "days, reason, oss_code, created_at, updated_at) VALUES (%s, %s, "
                    "'started', %s, %s, 0, '', '', %s, %s)",
                    [tenant.pk, case_id, now.date(), now, now, now])
                cursor.execute(head_sql, [tenant.pk])
                seq, prev = cursor.fetchone()
                fields: dict[str, Any] = {
                    "id": uuid.uuid4(), "tenant_id": tenant.pk, "seq": seq + 1,
                    "hash_version": 1, "at": now, "actor_id": clerk.pk,
                    "actor_label": clerk.username, "action": "workflow.register",
                    "object_type": "workflow.case", "object_id": str(case_id),
                    "object_label": "", "before": {"state": "completeness_check"},
                    "after": {"state": "verification"}, "reason": "", "request": {},
                    "prev_hash": prev,
                }
                digest = record_hash(fields)
                cursor.execute(
                    "INSERT INTO audit_auditrecord (id, tenant_id, seq, hash_version, at, "
                    "actor_id, actor_label, action, object_type, object_id, object_label, "
                    "before, after, reason, request, prev_hash, hash) VALUES (%s, %s, %s, 1, "
                    "%s, %s, %s, %s, %s, %s, '', %s, %s, '', '{}', %s, %s)",
                    [fields["id"].hex if connection.vendor == "sqlite" else fields["id"],
                     tenant.pk, seq + 1, now, clerk.pk, clerk.username, fields["action"],
                     fields["object_type"], fields["object_id"],
                     json.dumps(fields["before"]), json.dumps(fields["after"]), prev, digest])
                cursor.execute("UPDATE audit_auditchainhead SET seq = %s, hash = %s, "
                               "last_at = %s WHERE tenant_id = %s",
                               [seq + 1, digest, now, tenant.pk])
        return len(ids) / (time.perf_counter() - began)

    engine_rates: list[float] = []
    raw_rates: list[float] = []
    for _ in range(args.rounds):
        engine_rates.append(engine_round(fresh_cases(args.cases)))
        raw_rates.append(raw_round(fresh_cases(args.cases)))
    ratios = [e / r for e, r in zip(engine_rates, raw_rates, strict=True)]
    result = {
        "database": connection.vendor,
        "rounds": args.rounds,
        "transitions_per_round": args.cases,
        "engine_transitions_per_s_median": round(statistics.median(engine_rates), 1),
        "raw_sql_transitions_per_s_median": round(statistics.median(raw_rates), 1),
        "engine_vs_raw_ratio_median": round(statistics.median(ratios), 3),
        "engine_vs_raw_ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
        "workdays": bench_workdays(args.seconds),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
