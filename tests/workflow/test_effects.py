"""Deferred effects: recorded with the transition, run by the worker after commit, retried."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from satupintu.workflow.definitions import definition_import
from satupintu.workflow.models import Case, EffectRun, EffectStatus
from satupintu.workflow.registry import effect
from satupintu.workflow.tasks import backoff, run_effect
from tests.workflow.helpers import act, llg, start_case

CALLS: list[int] = []
FAILURES = {"left": 0}


@effect("test_flaky", mode="deferred", max_attempts=3)
def _flaky(case: Case, ctx: dict[str, Any]) -> None:
    CALLS.append(case.pk)
    if FAILURES["left"] > 0:
        FAILURES["left"] -= 1
        raise RuntimeError("gateway down")


def _standard() -> str:
    text = (Path(__file__).resolve().parents[2]
            / "satupintu/workflow/definitions/perizinan-standar.yaml").read_text()
    text = text.replace("code: perizinan-standar", "code: uji-efek", 1)
    return text.replace("  on_enter: [notify_officers]\n", "")


def _install() -> None:
    text = _standard().replace("  effects: [clock_start, notify_applicant]\n",
                               "  effects: [clock_start, test_flaky]\n", 1)
    definition_import(tenant=llg(), actor=None, text=text, publish=True)


@pytest.fixture(autouse=True)
def _reset() -> None:
    CALLS.clear()
    FAILURES["left"] = 0


@pytest.mark.django_db
def test_a_deferred_effect_is_a_task_row_in_the_same_transaction() -> None:
    _install()
    case = start_case(code="uji-efek")
    act(case, "petugas.fo", "register")
    run = EffectRun.objects.get(case=case)
    assert (run.effect, run.status, run.attempts) == ("test_flaky", EffectStatus.PENDING, 0)
    assert DBTaskResult.objects.filter(task_path__endswith="run_effect",
                                       args_kwargs__args=[run.pk]).exists()
    assert CALLS == []  # not run inside the transition


@pytest.mark.django_db
def test_a_states_entry_effects_run_for_every_route_in_and_only_on_entry() -> None:
    text = _standard().replace(
        "- code: verification\n", "- code: verification\n  on_enter: [test_flaky]\n", 1)
    definition_import(tenant=llg(), actor=None, text=text, publish=True)
    case = start_case(code="uji-efek")
    assert not EffectRun.objects.filter(case=case, effect="test_flaky").exists()
    act(case, "petugas.fo", "register")  # an action into verification
    act(case, "verifikator", "return_for_correction", citations=["KTP"])
    act(case, "pemohon", "resubmit")  # $return into it again
    act(case, "kabid", "extend_deadline", days=1, reason="Data tambahan")  # stays: $same
    runs = EffectRun.objects.filter(case=case, effect="test_flaky").order_by("pk")
    assert [run.transition.action for run in runs] == ["register", "resubmit"]


@pytest.mark.django_db
def test_a_failing_effect_is_retried_with_back_off_then_shown_as_failed() -> None:
    _install()
    FAILURES["left"] = 99
    case = start_case(code="uji-efek")
    act(case, "petugas.fo", "register")
    run = EffectRun.objects.get(case=case)
    assert run_effect.call(run.pk) == "retrying"
    run.refresh_from_db()
    assert run.attempts == 1
    assert "gateway down" in run.last_error
    assert run.next_attempt_at is not None
    retry = DBTaskResult.objects.filter(task_path__endswith="run_effect").order_by(
        "-enqueued_at").first()
    assert retry is not None
    assert retry.run_after is not None
    assert run_effect.call(run.pk) == "retrying"
    assert run_effect.call(run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == EffectStatus.FAILED
    case.refresh_from_db()
    assert case.state == "verification"  # the transition stands


@pytest.mark.django_db
def test_a_recovered_effect_succeeds_on_retry() -> None:
    _install()
    FAILURES["left"] = 1
    case = start_case(code="uji-efek")
    act(case, "petugas.fo", "register")
    run = EffectRun.objects.get(case=case)
    assert run_effect.call(run.pk) == "retrying"
    assert run_effect.call(run.pk) == "succeeded"
    assert run_effect.call(run.pk) == "skipped"  # a duplicate delivery does nothing
    assert [case.pk, case.pk] == CALLS


def test_back_off_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(20).total_seconds() == 3600


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_the_worker_runs_the_effect_after_commit() -> None:
    _install()
    case = start_case(code="uji-efek")
    act(case, "petugas.fo", "register")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    run = EffectRun.objects.get(case=case)
    assert run.status == EffectStatus.SUCCEEDED
    assert [case.pk] == CALLS
