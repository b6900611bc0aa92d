"""The hash-chained audit record: written with every change, refused to editors, verifiable."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from satupintu.audit import triggers
from satupintu.audit.models import AuditChainHead, AuditDailyRoot, AuditRecord
from satupintu.audit.roots import roots_between, store_closed_days
from satupintu.audit.services import AuditOutsideTransaction, record
from satupintu.audit.verify import verify_chain
from satupintu.core.errors import ValidationFailed
from satupintu.tenants.models import Agency, Tenant
from satupintu.tenants.services import agency_create, agency_update


@pytest.fixture
def llg(db: None) -> Tenant:
    return Tenant.objects.get(code="llg")


def _raw(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def _drop_triggers() -> None:
    """What someone with owner rights on the database could do before tampering."""
    drop = triggers.postgres_drop if connection.vendor == "postgresql" else triggers.sqlite_drop
    for table in triggers.APPEND_ONLY_TABLES:
        for sql in drop(table):
            _raw(sql)


def test_a_change_and_its_record_commit_together(llg: Tenant) -> None:
    before = AuditRecord.objects.filter(tenant=llg).count()
    agency = agency_create(tenant=llg, actor=None, code="DINSOS", name="Dinas Sosial",
                           sector="social")
    entry = AuditRecord.objects.filter(tenant=llg).order_by("-seq").first()
    assert entry is not None
    assert entry.action == "agency.create"
    assert entry.object_id == str(agency.pk)
    assert entry.after["name"] == "Dinas Sosial"  # type: ignore[index]
    assert AuditRecord.objects.filter(tenant=llg).count() == before + 1


def test_an_update_records_before_and_after(llg: Tenant) -> None:
    agency = Agency.objects.get(tenant=llg, code="DINKES")
    agency_update(agency=agency, actor=None, short_name="Dinas Kesehatan")
    entry = AuditRecord.objects.filter(tenant=llg).order_by("-seq").first()
    assert entry is not None
    assert entry.before == {"short_name": "Dinkes"}
    assert entry.after == {"short_name": "Dinas Kesehatan"}


def test_a_refused_change_leaves_no_record(llg: Tenant) -> None:
    head = AuditChainHead.objects.get(tenant=llg).seq
    with pytest.raises(ValidationFailed):
        agency_create(tenant=llg, actor=None, code="bad code", name="X", sector="social")
    assert AuditChainHead.objects.get(tenant=llg).seq == head


@pytest.mark.django_db(transaction=True)
def test_recording_with_no_transaction_raises() -> None:
    from tests.conftest import load_everything

    load_everything()
    tenant = Tenant.objects.get(code="llg")
    with pytest.raises(AuditOutsideTransaction):
        record(tenant=tenant, actor=None, action="test.outside")


def test_the_demo_chain_verifies(llg: Tenant) -> None:
    result = verify_chain(llg)
    assert result.ok, result.problem
    assert result.records > 100
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "llg" in out.getvalue()
    assert "chain intact" in out.getvalue()


def test_the_database_refuses_updates_and_deletes_of_records(llg: Tenant) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw("UPDATE audit_auditrecord SET reason = 'x' WHERE tenant_id = %s", [llg.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw("DELETE FROM audit_auditrecord WHERE tenant_id = %s", [llg.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(tenant=llg).update(reason="x")


def test_an_altered_record_is_named(llg: Tenant) -> None:
    _drop_triggers()
    target = AuditRecord.objects.get(tenant=llg, seq=5)
    _raw("UPDATE audit_auditrecord SET object_label = 'forged' WHERE id = %s", [target.pk.hex
         if connection.vendor == "sqlite" else target.pk])
    result = verify_chain(llg)
    assert not result.ok
    assert "#5" in str(result.problem)
    assert "altered" in str(result.problem)
    with pytest.raises(CommandError):
        call_command("verify_audit", "--tenant", "llg", stderr=StringIO(), stdout=StringIO())


def test_a_removed_record_is_named(llg: Tenant) -> None:
    _drop_triggers()
    _raw("DELETE FROM audit_auditrecord WHERE tenant_id = %s AND seq = 7", [llg.pk])
    result = verify_chain(llg)
    assert not result.ok
    assert "#7 is missing" in str(result.problem)


def test_removing_the_newest_records_is_caught_by_the_head(llg: Tenant) -> None:
    _drop_triggers()
    head = AuditChainHead.objects.get(tenant=llg)
    _raw("DELETE FROM audit_auditrecord WHERE tenant_id = %s AND seq = %s", [llg.pk, head.seq])
    result = verify_chain(llg)
    assert not result.ok
    assert "head" in str(result.problem)


def test_a_rehashed_forgery_is_caught_by_the_next_link(llg: Tenant) -> None:
    from satupintu.audit.canonical import record_hash

    _drop_triggers()
    row = AuditRecord.objects.filter(tenant=llg, seq=3).values().get()
    row["reason"] = "forged, with a fresh hash"
    forged_hash = record_hash(row)
    AuditRecord.objects.filter(pk=row["id"]).update(reason=row["reason"], hash=forged_hash)
    result = verify_chain(llg)
    assert not result.ok
    assert "#4" in str(result.problem)


def test_other_tenants_chains_are_independent(llg: Tenant) -> None:
    pga = Tenant.objects.get(code="pga")
    _drop_triggers()
    _raw("UPDATE audit_auditrecord SET reason = 'x' WHERE tenant_id = %s AND seq = 2", [llg.pk])
    assert verify_chain(pga).ok
    assert not verify_chain(llg).ok


def test_daily_roots_are_stored_for_finished_days_and_checked(llg: Tenant) -> None:
    zone_today = timezone.localdate()
    assert store_closed_days(llg, today=zone_today + dt.timedelta(days=1)) >= 1
    root = AuditDailyRoot.objects.get(tenant=llg, date=zone_today)
    head = AuditChainHead.objects.get(tenant=llg)
    assert (root.last_seq, root.root_hash) == (head.seq, head.hash)
    assert store_closed_days(llg, today=zone_today + dt.timedelta(days=1)) == 0
    assert verify_chain(llg).ok
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditDailyRoot.objects.filter(pk=root.pk).update(root_hash="0" * 64)


def test_todays_root_is_the_provisional_head(llg: Tenant) -> None:
    today = timezone.localdate()
    roots = roots_between(llg, today - dt.timedelta(days=3), today)
    assert roots[-1].provisional
    assert roots[-1].root_hash == AuditChainHead.objects.get(tenant=llg).hash


def test_a_rewritten_history_contradicts_the_published_root(llg: Tenant) -> None:
    from satupintu.audit.canonical import GENESIS, record_hash

    today = timezone.localdate()
    store_closed_days(llg, today=today + dt.timedelta(days=1))
    # Rewrite the whole chain consistently: every hash recomputed, head updated.
    _drop_triggers()
    prev = GENESIS
    for row in AuditRecord.objects.filter(tenant=llg).order_by("seq").values():
        if row["seq"] == 2:
            row["reason"] = "rewritten"
        row["prev_hash"] = prev
        row["hash"] = record_hash(row)
        AuditRecord.objects.filter(pk=row["id"]).update(
            reason=row["reason"], prev_hash=row["prev_hash"], hash=row["hash"])
        prev = row["hash"]
    AuditChainHead.objects.filter(tenant=llg).update(hash=prev)
    result = verify_chain(llg)
    assert not result.ok
    assert "published root" in str(result.problem)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain() -> None:
    from tests.conftest import load_everything

    load_everything()
    tenant = Tenant.objects.get(code="llg")
    start = AuditChainHead.objects.get(tenant=tenant).seq
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                agency_create(tenant=tenant, actor=None, code=f"T{n}X{i}", name=f"Dinas {n}-{i}",
                              sector="social")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditChainHead.objects.get(tenant=tenant).seq == start + 20
    assert verify_chain(tenant).ok


def test_a_record_is_never_timed_before_the_last_one(llg: Tenant) -> None:
    # An app server whose clock runs ahead wrote the last record; a later one from a server
    # that is behind must not slip into an earlier day, whose root may be published already.
    ahead = timezone.now() + dt.timedelta(hours=3)
    AuditChainHead.objects.filter(tenant=llg).update(last_at=ahead)
    agency_create(tenant=llg, actor=None, code="JAM", name="Dinas Jam", sector="social")
    newest = AuditRecord.objects.filter(tenant=llg).order_by("-seq").first()
    assert newest is not None
    assert newest.at == ahead
    assert verify_chain(llg).ok


def test_applicants_are_recorded_by_number_not_by_name(llg: Tenant) -> None:
    from satupintu.accounts.models import User
    from satupintu.audit.services import actor_label

    applicant = User.objects.get(username="pemohon")
    assert actor_label(applicant) == f"applicant #{applicant.pk}"
    assert "Siti" not in actor_label(applicant)
    assert "Andi Saputra" in actor_label(User.objects.get(username="verifikator"))
