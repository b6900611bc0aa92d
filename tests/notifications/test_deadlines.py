"""Deadline warnings (`due_soon`) and escalations (`overdue`) from the hourly job: once per
step entry, to the right people, recorded, and nothing if the run is rolled back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from satupintu.accounts.models import Delegation, DelegationKind, Role
from satupintu.audit.models import AuditRecord
from satupintu.audit.verify import verify_chain
from satupintu.notifications.deadlines import alert_deliver, deadline_alerts
from satupintu.notifications.models import Channel, DeadlineAlert, Notification
from satupintu.scheduler.registry import JOBS
from satupintu.tenants.models import Agency
from satupintu.workflow.models import Case, CaseBranch
from tests.notifications.officers import head, told
from tests.workflow.helpers import act, llg, start_case, user

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """`on("2026-03-02")` makes that the tenant's today for the clock (as in test_clock)."""
    current: dict[str, dt.date] = {}

    def set_day(iso: str) -> None:
        current["day"] = dt.date.fromisoformat(iso)

    monkeypatch.setattr("satupintu.workflow.clock.local_date",
                        lambda tenant, moment=None: current["day"])
    return set_day


def _arrived(case: Case, iso: str) -> None:
    """The step was entered that morning (the engine stamps the real time of the test run)."""
    moment = dt.datetime.fromisoformat(iso).replace(hour=9, tzinfo=WIB)
    Case.objects.filter(pk=case.pk).update(state_entered_at=moment)


def _run(iso: str) -> dict[str, int]:
    """One run of the job on that day, and the worker delivering what it recorded."""
    counts = deadline_alerts(llg(), today=dt.date.fromisoformat(iso))
    for alert in DeadlineAlert.objects.all():
        alert_deliver(alert.pk)
    return counts


def _registered(on: Callable[[str], None], **kwargs: object) -> Case:
    on("2026-03-02")  # a Monday
    case = start_case(**kwargs)  # type: ignore[arg-type]
    act(case, "petugas.fo", "register")
    _arrived(case, "2026-03-02")
    case.refresh_from_db()
    return case


def test_a_step_is_warned_once_before_it_is_due_but_not_on_the_day_it_arrived(
    on: Callable[[str], None],
) -> None:
    case = _registered(on, legal=10, service=8)
    assert case.state == "verification"
    assert case.state_due_date == dt.date(2026, 3, 3)  # one working day
    assert _run("2026-03-02") == {"due_soon": 0, "overdue": 0}  # entered_pool said it today
    assert _run("2026-03-03") == {"due_soon": 1, "overdue": 0}
    assert _run("2026-03-03") == {"due_soon": 0, "overdue": 0}
    [alert] = DeadlineAlert.objects.filter(case=case)
    assert (alert.kind, alert.state, alert.agency.code, alert.due_date, alert.detected_on) == (
        "due_soon", "verification", "DPMPTSP", dt.date(2026, 3, 3), dt.date(2026, 3, 3))
    # Nobody has the step: its pool is warned, in the list and by e-mail.
    assert told("due_soon", case=case) == {"verifikator"}
    assert told("due_soon", Channel.EMAIL, case=case) == {"verifikator"}
    mail = Notification.objects.get(case=case, event="due_soon", channel=Channel.EMAIL)
    assert mail.subject == (f"[#{case.pk}] Batas waktu mendekat: 3 Maret 2026 / "
                            "Due soon: 3 March 2026")
    assert "Berkas ini harus diselesaikan hari ini (3 Maret 2026)." in mail.body
    assert "This file is due today (3 March 2026)." in mail.body


def test_an_overdue_step_is_escalated_once_to_the_heads_and_recorded(
    on: Callable[[str], None],
) -> None:
    office_head = head("kepala.uji.dpmptsp", "DPMPTSP")
    health_head = head("kepala.uji.dinkes", "DINKES")
    case = _registered(on, legal=10, service=8)
    Case.objects.filter(pk=case.pk).update(assignee=user("verifikator"))
    assert _run("2026-03-04") == {"due_soon": 0, "overdue": 1}
    assert _run("2026-03-04") == {"due_soon": 0, "overdue": 0}
    assert _run("2026-03-05") == {"due_soon": 0, "overdue": 0}
    escalated = told("overdue", case=case)
    assert {office_head.username, "verifikator"} <= escalated
    assert health_head.username not in escalated  # not the agency holding it
    assert office_head.username in told("overdue", Channel.EMAIL, case=case)
    # One message per person and channel, though the DPMPTSP head is both kinds of head.
    assert Notification.objects.filter(case=case, event="overdue", recipient=office_head,
                                       channel=Channel.IN_APP).count() == 1
    to_head = Notification.objects.get(case=case, event="overdue", recipient=office_head,
                                       channel=Channel.EMAIL)
    assert "dieskalasikan kepada Anda sebagai pimpinan" in to_head.body
    assert "Ditangani oleh: Andi Saputra" in to_head.body
    assert "terlambat 1 hari kerja" in to_head.body
    records = AuditRecord.objects.filter(action="notification.escalation",
                                         object_id=str(case.pk))
    assert records.count() == 1
    assert verify_chain(llg()).ok


def test_an_overdue_review_escalates_to_its_own_agencys_heads_and_the_dpmptsps(
    on: Callable[[str], None],
) -> None:
    office_head = head("kepala.uji.dpmptsp", "DPMPTSP")
    health_head = head("kepala.uji.dinkes", "DINKES")
    works_head = head("kepala.uji.pupr", "PUPR")
    case = _registered(on, legal=30, service=20, agencies=("DINKES", "PUPR"))
    act(case, "verifikator", "forward_to_review")
    act(case, "teknis.pupr", "recommend", recommendation="approve")  # PUPR is done
    _arrived(case, "2026-03-02")
    branch = CaseBranch.objects.get(case=case, agency__code="DINKES")
    assert branch.due_date == dt.date(2026, 3, 9)
    CaseBranch.objects.filter(pk=branch.pk).update(assignee=user("teknis.dinkes"))
    assert _run("2026-03-06") == {"due_soon": 1, "overdue": 0}
    assert told("due_soon", case=case) == {"teknis.dinkes"}  # assigned: not the pool
    assert _run("2026-03-10") == {"due_soon": 0, "overdue": 1}
    escalated = told("overdue", case=case)
    assert {health_head.username, office_head.username, "teknis.dinkes"} <= escalated
    assert works_head.username not in escalated
    assert "teknis.pupr" not in escalated
    alert = DeadlineAlert.objects.get(case=case, kind="overdue")
    assert alert.agency == Agency.objects.get(tenant=llg(), code="DINKES")


def test_the_head_standing_in_plh_is_told_too(on: Callable[[str], None]) -> None:
    head("kepala.uji.dpmptsp", "DPMPTSP")
    case = _registered(on, legal=10, service=8)
    kabid = user("kabid")
    Delegation.objects.create(
        tenant=llg(), principal=user("kepala.uji.dpmptsp"), substitute=kabid,
        agency=Agency.objects.get(tenant=llg(), code="DPMPTSP"), role=Role.HEAD,
        kind=DelegationKind.PLH, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2099, 1, 1),
        reason="Cuti tahunan")
    _run("2026-03-04")
    assert "kabid" in told("overdue", case=case)


def test_a_file_waiting_for_the_applicant_is_not_warned(on: Callable[[str], None]) -> None:
    case = _registered(on, legal=10, service=8)
    act(case, "verifikator", "return_for_correction", citations=["KTP"])
    assert _run("2026-03-20") == {"due_soon": 0, "overdue": 0}


def test_a_file_that_moved_on_before_delivery_sends_nothing(on: Callable[[str], None]) -> None:
    case = _registered(on, legal=10, service=8, agencies=("DINKES",))
    assert deadline_alerts(llg(), today=dt.date(2026, 3, 3))["due_soon"] == 1
    act(case, "verifikator", "forward_to_review")
    for alert in DeadlineAlert.objects.filter(case=case):
        assert alert_deliver(alert.pk) == 0
    assert not Notification.objects.filter(case=case, event="due_soon").exists()


def test_a_rolled_back_run_records_and_sends_nothing(on: Callable[[str], None]) -> None:
    case = _registered(on, legal=10, service=8)
    tasks_before = DBTaskResult.objects.count()
    counts: dict[str, int] = {}

    def run_then_fail() -> None:
        with transaction.atomic():
            counts.update(deadline_alerts(llg(), today=dt.date(2026, 3, 4)))
            raise RuntimeError("the worker died before commit")

    with pytest.raises(RuntimeError):
        run_then_fail()
    assert counts["overdue"] == 1
    assert not DeadlineAlert.objects.filter(case=case).exists()
    assert not AuditRecord.objects.filter(action="notification.escalation").exists()
    assert DBTaskResult.objects.count() == tasks_before
    assert not Notification.objects.filter(case=case, event="overdue").exists()
    # The next run does it.
    assert deadline_alerts(llg(), today=dt.date(2026, 3, 4))["overdue"] == 1
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_alert").exists()


def test_the_job_runs_hourly() -> None:
    assert JOBS["notifications_deadline_alerts"].every == dt.timedelta(hours=1)
    assert JOBS["notifications_deadline_alerts"].task.call()["failed_tenants"] == 0
