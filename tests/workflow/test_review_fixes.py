"""Engine behaviour pinned after review: refusal order, visibility, clock modes, effects."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.workflow.definitions import definition_import
from satupintu.workflow.engine import case_perform
from satupintu.workflow.models import Case, ClockState, DefinitionStatus, EffectRun
from satupintu.workflow.registry import effect
from satupintu.workflow.tasks import requeue_abandoned_effects, run_effect
from tests.workflow.helpers import act, llg, start_case, user

SEEN: list[bool] = []


@effect("test_sees_transaction", mode="deferred")
def _sees_transaction(case: Case, ctx: dict[str, Any]) -> None:
    SEEN.append(connection.in_atomic_block)


@pytest.mark.django_db
def test_a_role_refusal_comes_before_the_step_check() -> None:
    case = start_case()
    with pytest.raises(PermissionDenied):
        act(case, "pemohon", "approve")  # an approver's action, not possible now either
    with pytest.raises(Conflict):
        act(case, "kabid", "approve")  # the right role, the wrong step


@pytest.mark.django_db
def test_a_role_refusal_comes_before_the_version_check() -> None:
    case = start_case()
    with pytest.raises(PermissionDenied):
        case_perform(tenant=case.tenant, case_id=case.pk, actor=user("kabid"),
                     action="register", expected_version=99)


@pytest.mark.django_db
def test_officers_of_unrelated_agencies_do_not_see_the_file() -> None:
    case = start_case(agencies=("PUPR",))
    with pytest.raises(NotFound):
        act(case, "teknis.dinkes", "register")
    with pytest.raises(NotFound):
        act(case, "pengaduan", "register")  # a complaint handler has no business with files
    with pytest.raises(PermissionDenied):
        act(case, "teknis.pupr", "register")  # sees it (reviews it), may not register it


@pytest.mark.django_db
def test_an_escalated_correction_reports_no_oss_pause() -> None:
    case = start_case(limit=0)
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "return_for_correction", citations=["KTP"])
    case.refresh_from_db()
    assert case.state == "head_review"
    assert case.clock_state == ClockState.RUNNING
    assert case.transitions.last().oss_status == ""  # type: ignore[union-attr]


@pytest.mark.django_db
def test_entering_a_stopped_state_stops_the_clock_without_an_effect() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2]
            / "satupintu/workflow/definitions/perizinan-standar.yaml").read_text()
    text = text.replace("code: perizinan-standar", "code: uji-mode", 1)
    text = text.replace("  effects: [clock_stop, ", "  effects: [", 1)
    definition = definition_import(tenant=llg(), actor=None, text=text, publish=True)
    assert definition.status == DefinitionStatus.PUBLISHED
    case = start_case(code="uji-mode")
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    act(case, "teknis.dinkes", "recommend", recommendation="approve")
    act(case, "teknis.pupr", "recommend", recommendation="approve")
    act(case, "verifikator", "submit_for_approval")
    act(case, "kabid", "approve")
    case.refresh_from_db()
    assert case.state == "signing"
    assert case.clock_state == ClockState.STOPPED


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["\ud800", "a\x00b"])
def test_unstorable_text_is_a_422_not_a_500(bad: str) -> None:
    case = start_case()
    with pytest.raises(ValidationFailed):
        act(case, "pemohon", "withdraw", reason=bad)
    with pytest.raises(ValidationFailed):
        act(case, "petugas.fo", "return_incomplete", citations=[{"code": "KTP", "note": bad}])


@pytest.mark.django_db
def test_inputs_that_are_not_an_object_are_a_422() -> None:
    case = start_case()
    with pytest.raises(ValidationFailed):
        case_perform(tenant=case.tenant, case_id=case.pk, actor=user("petugas.fo"),
                     action="register", expected_version=1, inputs=["x"])  # type: ignore[arg-type]


@pytest.mark.django_db
def test_each_agency_has_its_own_review_time_limit() -> None:
    from satupintu.tenants.models import Agency
    from satupintu.workflow.definitions import DEFAULT_CODE, published_definition
    from satupintu.workflow.engine import CaseParams, case_start

    tenant = llg()
    case = case_start(
        tenant=tenant, definition=published_definition(tenant=tenant, code=DEFAULT_CODE),
        subject_type="test", owner=user("pemohon"), actor=user("pemohon"),
        params=CaseParams(legal_days=20, service_days=10, review_days={"PUPR": 9},
                          agencies=list(Agency.objects.filter(tenant=tenant,
                                                              code__in=["DINKES", "PUPR"]))))
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    case.refresh_from_db()
    dues = {b.agency.code: b.due_date for b in case.branches.select_related("agency")}
    assert dues["PUPR"] is not None
    assert dues["DINKES"] is not None
    assert dues["PUPR"] > dues["DINKES"]
    assert case.state_due_date == dues["PUPR"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_a_race_on_the_same_version_in_the_same_step_has_one_winner() -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    case.refresh_from_db()
    version = case.version
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def extend() -> None:
        try:
            barrier.wait()
            case_perform(tenant=case.tenant, case_id=case.pk, actor=user("kabid"),
                         action="extend_deadline", expected_version=version,
                         inputs={"days": 1, "reason": "Uji"})
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=extend) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Case.objects.get(pk=case.pk).extension_days == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_effects_run_outside_any_transaction_and_abandoned_runs_are_requeued() -> None:
    from pathlib import Path

    from django.utils import timezone

    text = (Path(__file__).resolve().parents[2]
            / "satupintu/workflow/definitions/perizinan-standar.yaml").read_text()
    text = text.replace("code: perizinan-standar", "code: uji-luar", 1)
    text = text.replace("  effects: [clock_start", "  effects: [test_sees_transaction, clock_start",
                        1)
    definition_import(tenant=llg(), actor=None, text=text, publish=True)
    case = start_case(code="uji-luar")
    act(case, "petugas.fo", "register")
    run = EffectRun.objects.get(case=case, effect="test_sees_transaction")
    # A worker claimed it and died mid-run: while its lease holds nobody else runs it…
    EffectRun.objects.filter(pk=run.pk).update(
        lease_until=timezone.now() + dt.timedelta(minutes=5), attempts=1)
    assert run_effect.call(run.pk) == "skipped"
    # …and once the lease has run out, the periodic job queues it again.
    EffectRun.objects.filter(pk=run.pk).update(
        lease_until=timezone.now() - dt.timedelta(minutes=1))
    SEEN.clear()
    assert requeue_abandoned_effects.call() >= 1
    assert run_effect.call(run.pk) == "succeeded"
    assert SEEN == [False]
