"""Engine benchmark: transitions per second through the workflow engine vs. raw SQL.

The reference does, per transition, what the engine minimally must: one UPDATE of the case
(state, version, checked against the expected version) and one INSERT of the transition row, in
one transaction, on the same database in the same run. The engine additionally locks and
checks, authorises the actor, moves the clock (working-day arithmetic), and appends to the
hash-chained audit record. Also reports working-day arithmetic vs. numpy.busday_offset.

    .venv/bin/python -m bench.engine [--cases N] [--seconds S]

It uses its own data directory (var/bench/) unless DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.config.settings")
os.environ.setdefault("SATUPINTU_DATA_DIR", str(ROOT / "var" / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.workdays import bench_workdays
    from satupintu.accounts.models import User
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

    # Engine: register each fresh case (completeness_check → verification, clock starts).
    engine_ids = fresh_cases(args.cases)
    began = time.perf_counter()
    for case_id in engine_ids:
        case_perform(tenant=tenant, case_id=case_id, actor=clerk, action="register",
                     expected_version=1)
    engine_rate = len(engine_ids) / (time.perf_counter() - began)

    # Reference: the same two rows written with raw SQL, one transaction per transition.
    raw_ids = fresh_cases(args.cases)
    now = timezone.now()
    began = time.perf_counter()
    for case_id in raw_ids:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE workflow_case SET state = %s, version = version + 1 "
                "WHERE id = %s AND version = %s", ["verification", case_id, 1])
            cursor.execute(
                "INSERT INTO workflow_casetransition (tenant_id, case_id, seq, action, "
                "from_state, to_state, role, inputs, oss_status, at, created_at, updated_at) "
                "VALUES (%s, %s, 2, 'register', 'completeness_check', 'verification', "
                "'front_office', '{}', '10', %s, %s, %s)",
                [tenant.pk, case_id, now, now, now])
    raw_rate = len(raw_ids) / (time.perf_counter() - began)

    workdays = bench_workdays(args.seconds)
    result = {
        "database": connection.vendor,
        "transitions": args.cases,
        "engine_transitions_per_s": round(engine_rate, 1),
        "raw_sql_transitions_per_s": round(raw_rate, 1),
        "engine_vs_raw_ratio": round(engine_rate / raw_rate, 3),
        "workdays": workdays,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
