"""A permit's life after signing: revocation, counter handover, recorded downloads, reminders."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.core.errors import Conflict, PermissionDenied, ValidationFailed
from satupintu.issuance import lifecycle
from satupintu.issuance.models import Permit, PermitStatus
from satupintu.issuance.status import permit_status
from satupintu.notifications.models import Notification
from satupintu.scheduler.registry import JOBS
from satupintu.tenants.models import Tenant
from satupintu.workflow.models import Case
from tests.issuance.permits import issued_application, issued_permit, permit_for

pytestmark = pytest.mark.django_db

NIK = "3171011708450001"  # valid: a man born on 17-08-1945 (DOMAIN.md)
TODAY = dt.date(2026, 11, 28)


def user(username: str) -> User:
    return User.objects.get(username=username)


def records(permit: Permit, action: str) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(object_type="issuance.permit",
                                           object_id=str(permit.pk), action=action))


def case_of(permit: Permit) -> Case:
    return Case.objects.get(pk=permit.application.case_id)


# --- revocation -----------------------------------------------------------------------------
def test_the_head_revokes_with_a_reason_and_it_is_recorded_and_told() -> None:
    permit = issued_permit()
    revoked = lifecycle.permit_revoke(permit=permit, actor=user("kadis"),
                                      reason="Apotek tidak beroperasi lagi")
    assert revoked.revoked_by == user("kadis")
    assert permit_status(Permit.objects.get(pk=permit.pk), TODAY) == PermitStatus.REVOKED
    [entry] = records(permit, "permit.revoke")
    assert entry.reason == "Apotek tidak beroperasi lagi"
    told = Notification.objects.filter(application=permit.application, event="permit_revoked")
    assert {n.channel for n in told} >= {"in_app", "email"}
    assert permit.number in told.get(channel="email").body


def test_revocation_needs_a_reason() -> None:
    permit = issued_permit()
    with pytest.raises(ValidationFailed) as caught:
        lifecycle.permit_revoke(permit=permit, actor=user("kadis"), reason="   ")
    assert "reason" in caught.value.details
    assert Permit.objects.get(pk=permit.pk).revoked_at is None
    assert records(permit, "permit.revoke") == []


def test_a_second_revocation_is_a_conflict() -> None:
    permit = issued_permit()
    lifecycle.permit_revoke(permit=permit, actor=user("kadis"), reason="Izin palsu")
    with pytest.raises(Conflict) as caught:
        lifecycle.permit_revoke(permit=permit, actor=user("kadis"), reason="Lagi")
    assert caught.value.code == "already_revoked"
    assert len(records(permit, "permit.revoke")) == 1


@pytest.mark.parametrize("username", ["petugas.fo", "verifikator", "auditor", "admin.llg",
                                      "kepala.dinkes", "pemohon"])
def test_only_the_signing_authority_revokes(username: str) -> None:
    permit = issued_permit()
    with pytest.raises(PermissionDenied):
        lifecycle.permit_revoke(permit=permit, actor=user(username), reason="Coba")
    assert Permit.objects.get(pk=permit.pk).revoked_at is None


# --- handover at the counter ----------------------------------------------------------------
def test_the_clerk_hands_over_and_the_file_is_closed() -> None:
    permit = issued_permit()
    case = case_of(permit)
    lifecycle.permit_hand_over(permit=permit, actor=user("petugas.fo"),
                               receiver_name="Siti Aminah",
                               receiver_id_number="3171 0117 0845 0001",
                               receiver_relation="Pemegang izin", expected_version=case.version)
    fresh = Permit.objects.get(pk=permit.pk)
    assert fresh.handed_over_by == user("petugas.fo")
    assert fresh.receiver_id_number == NIK  # stored normalised
    case.refresh_from_db()
    assert case.state == "handed_over"
    assert case.transitions.filter(action="hand_over").exists()  # on the file's timeline
    [entry] = records(permit, "permit.hand_over")
    assert NIK not in str(entry.after)
    assert "Siti Aminah" not in str(entry.after)


@pytest.mark.parametrize("nik", ["3171013002001234", "317101170845000", "abc", ""])
def test_the_receivers_nik_is_checked(nik: str) -> None:
    permit = issued_permit()
    with pytest.raises(ValidationFailed) as caught:
        lifecycle.permit_hand_over(permit=permit, actor=user("petugas.fo"),
                                   receiver_name="Siti", receiver_id_number=nik,
                                   receiver_relation="Pemegang izin",
                                   expected_version=case_of(permit).version)
    assert "receiver_id_number" in caught.value.details
    assert case_of(permit).state == "issued"


def test_a_stale_or_repeated_handover_is_a_conflict() -> None:
    permit = issued_permit()
    version = case_of(permit).version
    with pytest.raises(Conflict):
        lifecycle.permit_hand_over(permit=permit, actor=user("petugas.fo"), receiver_name="A",
                                   receiver_id_number=NIK, receiver_relation="Pemegang izin",
                                   expected_version=version - 1)
    lifecycle.permit_hand_over(permit=permit, actor=user("petugas.fo"), receiver_name="A",
                               receiver_id_number=NIK, receiver_relation="Pemegang izin",
                               expected_version=version)
    with pytest.raises(Conflict):
        lifecycle.permit_hand_over(permit=permit, actor=user("petugas.fo"), receiver_name="A",
                                   receiver_id_number=NIK, receiver_relation="Pemegang izin",
                                   expected_version=version + 1)


def test_only_front_office_clerks_hand_over() -> None:
    permit = issued_permit()
    with pytest.raises(PermissionDenied):
        lifecycle.permit_hand_over(permit=permit, actor=user("verifikator"), receiver_name="A",
                                   receiver_id_number=NIK, receiver_relation="Pemegang izin",
                                   expected_version=case_of(permit).version)


def test_a_revoked_permit_is_not_handed_over() -> None:
    permit = issued_permit()
    lifecycle.permit_revoke(permit=permit, actor=user("kadis"), reason="Dicabut")
    with pytest.raises(Conflict):
        lifecycle.permit_hand_over(permit=permit, actor=user("petugas.fo"), receiver_name="A",
                                   receiver_id_number=NIK, receiver_relation="Pemegang izin",
                                   expected_version=case_of(permit).version)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_of_concurrent_handovers_exactly_one_wins() -> None:
    permit = issued_permit()
    version = case_of(permit).version
    clerk = user("petugas.fo")
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def attempt(index: int) -> None:
        try:
            barrier.wait()
            lifecycle.permit_hand_over(permit=permit, actor=clerk, receiver_name=f"R{index}",
                                       receiver_id_number=NIK, receiver_relation="Kuasa",
                                       expected_version=version)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        except BaseException as exc:
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["ok"]
    assert case_of(permit).transitions.filter(action="hand_over").count() == 1
    assert len(records(permit, "permit.hand_over")) == 1


# --- downloads ------------------------------------------------------------------------------
def test_a_download_is_recorded_with_how_it_was_made() -> None:
    permit = issued_permit()
    lifecycle.permit_download_recorded(permit=permit, actor=user("pemohon"), via="account")
    lifecycle.permit_download_recorded(permit=permit, actor=None, via="tracking")
    assert [r.after["via"] for r in records(permit, "permit.download")] == ["account",
                                                                           "tracking"]


# --- reminders before expiry ----------------------------------------------------------------
def test_holders_are_reminded_once_within_the_window() -> None:
    tenant = Tenant.objects.get(code="llg")
    application = issued_application()
    soon = permit_for(application, valid_until=TODAY + dt.timedelta(days=20))
    later = permit_for(issued_application(), valid_until=TODAY + dt.timedelta(days=90))
    indefinite = permit_for(issued_application(), valid_until=None)
    revoked = permit_for(issued_application(), valid_until=TODAY + dt.timedelta(days=10))
    Permit.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now(),
                                                revocation_reason="x")
    old = permit_for(issued_application(), valid_until=TODAY + dt.timedelta(days=5))
    permit_for(old.application, valid_until=TODAY + dt.timedelta(days=400), supersedes=old)
    expired = permit_for(issued_application(), valid_until=TODAY - dt.timedelta(days=1))

    assert lifecycle.permits_remind_expiring(tenant, TODAY) == 1
    assert lifecycle.permits_remind_expiring(tenant, TODAY) == 0  # idempotent
    assert Permit.objects.get(pk=soon.pk).expiry_reminded_on == TODAY
    for other in (later, indefinite, revoked, old, expired):
        assert Permit.objects.get(pk=other.pk).expiry_reminded_on is None
    told = Notification.objects.filter(event="permit_expiring")
    assert {(n.application_id, n.channel) for n in told} == {
        (application.pk, "in_app"), (application.pk, "email")}
    email = told.get(channel="email")
    assert soon.number in email.body
    assert "18 Desember 2026" in email.body
    assert len(records(soon, "permit.expiry_reminder")) == 1


def test_the_reminder_job_runs_daily() -> None:
    import satupintu.issuance.tasks  # noqa: F401 - the scheduler imports every app's tasks

    job = JOBS["issuance_permit_expiry_reminders"]
    assert job.every == dt.timedelta(days=1)
    assert job.task.call()["failed_tenants"] == 0
