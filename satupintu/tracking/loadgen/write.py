"""Writing walked files: cases and applications with `bulk_create` (their ids are needed), the
many steps, clock events and reviews with `executemany`."""

from __future__ import annotations

from collections import Counter
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone

from satupintu.applications.models import Application
from satupintu.issuance.models import Permit, PermitSequence
from satupintu.surveys.models import SurveyResponse
from satupintu.tracking.loadgen.walk import Rows
from satupintu.workflow.models import Case, CaseBranch, CaseTransition, ClockEvent

M = TypeVar("M", bound=Model)


@transaction.atomic
def write_rows(rows: Rows) -> None:
    """Cases and applications through bulk_create (their ids are needed); the many steps, clock
    events and reviews with executemany, which skips the ORM's per-value compilation (most of
    bulk_create's time) but adapts each value as the ORM would."""
    _create(Case, rows.cases)
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
                         "working_days", "created_at", "updated_at"],
            [(b.case.tenant_id, b.case.pk, b.state, b.agency_id, b.status, day(b.due_date),
              b.recommendation, b.conditions, b.reason, b.decided_by_id, when(b.decided_at),
              b.working_days, when(b.created_at) if b.created_at else stamp, stamp)
             for b in rows.branches])
    for application in rows.applications:
        assert application.case is not None
        application.case_id = application.case.pk
    _create(Application, rows.applications)
    # bulk_create stamps created_at with now; the files were received when they were submitted.
    if rows.issued:
        _permits(rows)
    _create(SurveyResponse, rows.surveys)
    step = 5000 if connection.vendor == "postgresql" else 500  # SQLite: bound parameters
    ids = [a.pk for a in rows.applications]
    for i in range(0, len(ids), step):
        Application.objects.filter(pk__in=ids[i:i + step]).update(created_at=F("submitted_at"))
    ids = [c.pk for c in rows.cases]
    for i in range(0, len(ids), step):
        Case.objects.filter(pk__in=ids[i:i + step]).update(created_at=F("received_at"))


def _permits(rows: Rows) -> None:
    """The first permit of every file the walk signed, numbered from the tenant's permit
    sequence (reserved under its lock, so later real permits never collide with them)."""
    by_case = {application.case_id: application for application in rows.applications}
    first = rows.issued[0][0]
    per_year = Counter(at.year for _case, at in rows.issued)
    next_of: dict[int, int] = {}
    for year, needed in sorted(per_year.items()):
        sequence, _created = PermitSequence.objects.select_for_update().get_or_create(
            tenant_id=first.tenant_id, year=year)
        next_of[year] = sequence.last + 1
        PermitSequence.objects.filter(pk=sequence.pk).update(last=sequence.last + needed)
    signer_id = rows.signer_id
    if signer_id is None:
        return
    permits = []
    for case, at in rows.issued:
        application = by_case[case.pk]
        seq = next_of[at.year]
        next_of[at.year] += 1
        permits.append(Permit(
            tenant_id=case.tenant_id, application=application, service=application.service,
            number=f"503/{seq:06d}/LOAD/{at.year}", year=at.year, seq=seq,
            token=f"load{case.pk:028x}", title=application.variant.output[:300],
            holder_name=f"Pemohon {application.tracking_number}", issued_at=at,
            valid_from=at.date(), signer_id=signer_id, signer_name="Kepala DPMPTSP",
            signer_position="Kepala DPMPTSP", file="permits/loadgen.pdf", sha256="0" * 64,
            size=1))
    _create(Permit, permits)


def _create(model: type[M], objs: list[M]) -> None:
    """`bulk_create`, and on PostgreSQL the same rows through COPY with ids taken from the
    table's sequence first (the ORM's per-value SQL compilation is most of bulk_create's time);
    each value is prepared by its field as the ORM would (auto_now_add included)."""
    if connection.vendor != "postgresql" or not objs:
        model._default_manager.bulk_create(objs, batch_size=1000)
        return
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                       "FROM generate_series(1, %s)", [meta.db_table, len(objs)])
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
    fields = list(meta.concrete_fields)
    rows = []
    for obj in objs:
        rows.append(tuple(field.get_db_prep_save(field.pre_save(obj, True), connection)
                          for field in fields))
        obj._state.adding, obj._state.db = False, "default"
    _insert(model, [str(field.column) for field in fields], rows)


def _insert(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        # COPY: several times faster than executemany for the many steps and clock events.
        copy_sql = (f"COPY {quote(model._meta.db_table)} "
                    f"({', '.join(map(quote, columns))}) FROM STDIN")
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    # Table and column names come from the models, quoted; values are parameters.
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i:i + 5000])
