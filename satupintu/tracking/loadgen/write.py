"""Writing walked files: cases and applications with `bulk_create` (their ids are needed), the
many steps, clock events and reviews with `executemany`."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone

from satupintu.applications.models import Application
from satupintu.tracking.loadgen.walk import Rows
from satupintu.workflow.models import Case, CaseBranch, CaseTransition, ClockEvent


@transaction.atomic
def write_rows(rows: Rows) -> None:
    """Cases and applications through bulk_create (their ids are needed); the many steps, clock
    events and reviews with executemany, which skips the ORM's per-value compilation (most of
    bulk_create's time) but adapts each value as the ORM would."""
    Case.objects.bulk_create(rows.cases, batch_size=1000)
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(timezone.now())
    when, day = ops.adapt_datetimefield_value, ops.adapt_datefield_value

    def json(value: Any) -> Any:
        return ops.adapt_json_value(value, None)

    _insert(Case.agencies.through, ["case_id", "agency_id"],
            [(case.pk, agency_id) for case, agency_id in rows.agencies])
    _insert(CaseTransition, ["tenant_id", "case_id", "seq", "action", "from_state", "to_state",
                             "actor_id", "role", "branch_agency_id", "inputs", "oss_status", "at",
                             "created_at", "updated_at"],
            [(t.case.tenant_id, t.case.pk, t.seq, t.action, t.from_state, t.to_state, t.actor_id,
              t.role, t.branch_agency_id, json(t.inputs), t.oss_status, when(t.at), stamp, stamp)
             for t in rows.transitions])
    _insert(ClockEvent, ["tenant_id", "case_id", "kind", "on", "at", "days", "reason", "oss_code",
                         "legal_due_date", "service_due_date", "created_at", "updated_at"],
            [(e.case.tenant_id, e.case.pk, e.kind, day(e.on), when(e.at), e.days, e.reason,
              e.oss_code, day(e.legal_due_date), day(e.service_due_date), stamp, stamp)
             for e in rows.events])
    _insert(CaseBranch, ["tenant_id", "case_id", "state", "agency_id", "status", "due_date",
                         "recommendation", "conditions", "reason", "decided_by_id", "decided_at",
                         "created_at", "updated_at"],
            [(b.case.tenant_id, b.case.pk, b.state, b.agency_id, b.status, day(b.due_date),
              b.recommendation, b.conditions, b.reason, b.decided_by_id, when(b.decided_at),
              stamp, stamp) for b in rows.branches])
    for application in rows.applications:
        assert application.case is not None
        application.case_id = application.case.pk
    Application.objects.bulk_create(rows.applications, batch_size=1000)
    # bulk_create stamps created_at with now; the files were received when they were submitted.
    ids = [a.pk for a in rows.applications]
    for i in range(0, len(ids), 500):
        Application.objects.filter(pk__in=ids[i:i + 500]).update(created_at=F("submitted_at"))
    ids = [c.pk for c in rows.cases]
    for i in range(0, len(ids), 500):
        Case.objects.filter(pk__in=ids[i:i + 500]).update(created_at=F("received_at"))


def _insert(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    # Table and column names come from the models, quoted; values are parameters.
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i:i + 5000])
