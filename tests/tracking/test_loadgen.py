"""`manage.py generate_load_data`: consistent rows, quickly, and never in production."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from satupintu.accounts.models import User
from satupintu.applications.models import Application, TrackingCounter
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.tenants.models import Agency, Tenant
from satupintu.tenants.selectors import one_stop_agency
from satupintu.tracking import loadgen
from satupintu.tracking.loadgen.walk import Rows, Walker
from satupintu.tracking.selectors import track
from satupintu.workflow.clock import compute_due_dates
from satupintu.workflow.definitions import DEFAULT_CODE, compiled, published_definition
from satupintu.workflow.engine import CaseParams
from satupintu.workflow.models import Case, CaseBranch, CaseTransition, ClockEvent, ClockState
from tests.tracking.conftest import api_url
from tests.workflow.helpers import act, start_case

pytestmark = pytest.mark.django_db

N = 250


@pytest.fixture
def generated(db: None) -> loadgen.LoadReport:
    return loadgen.generate(tenant=Tenant.objects.get(code="llg"), count=N, seed=7, chunk=100)


def loaded() -> Any:
    return Application.objects.filter(idempotency_key__startswith=loadgen.KEY_PREFIX)


def test_it_writes_the_applications_asked_for(generated: loadgen.LoadReport) -> None:
    assert generated.applications == N == loaded().count()
    numbers = list(loaded().values_list("tracking_number", flat=True))
    assert len(set(numbers)) == N
    assert sum(generated.states.values()) == N
    # Spread over services and states, like a real office's files.
    assert loaded().values("service").distinct().count() >= 10
    assert len(generated.states) >= 6
    assert generated.transitions == CaseTransition.objects.filter(
        case__application__in=loaded()).count()


def test_every_file_chains_from_the_initial_state(generated: loadgen.LoadReport) -> None:
    steps: dict[int, list[CaseTransition]] = {}
    for t in CaseTransition.objects.filter(case__application__in=loaded()).order_by("case",
                                                                                   "seq"):
        steps.setdefault(t.case_id, []).append(t)
    cases = Case.objects.filter(application__in=loaded()).select_related("definition")
    assert cases.count() == N
    for case in cases:
        chain = steps[case.pk]
        flow = compiled(case.definition)
        first = chain[0]
        assert (first.seq, first.action, first.from_state, first.to_state) == (
            1, "submit", "", flow.spec.initial)
        for before, after in itertools.pairwise(chain):
            assert after.seq == before.seq + 1
            assert after.from_state == before.to_state, (case.pk, before.action, after.action)
            assert after.at >= before.at
        assert chain[-1].to_state == case.state
        assert chain[-1].seq == case.version
        assert case.subject_type == "application"
        state = flow.states[case.state]
        assert (case.closed_at is not None) == state.terminal
        if state.terminal:
            assert case.outcome == state.outcome
            assert case.clock_state == ClockState.STOPPED


def test_due_dates_and_clock_events_agree_with_the_clock(
    generated: loadgen.LoadReport,
) -> None:
    tenant = Tenant.objects.get(code="llg")
    calendar, today = working_calendar(tenant), local_date(tenant)
    now = timezone.now()
    open_cases = Case.objects.filter(application__in=loaded(), closed_at__isnull=True,
                                     clock_state__in=[ClockState.RUNNING, ClockState.PAUSED])
    assert open_cases.exists()
    for case in open_cases:
        assert (case.legal_due_date, case.service_due_date) == compute_due_dates(
            case, calendar, today)
    kinds = ClockEvent.objects.filter(case__application__in=loaded()).values_list("kind",
                                                                                flat=True)
    assert {"received", "started", "stopped"} <= set(kinds)
    assert not ClockEvent.objects.filter(case__application__in=loaded(), at__gt=now).exists()
    registered = Case.objects.filter(application__in=loaded(), clock_started_on__isnull=False)
    assert not registered.filter(legal_due_date__isnull=True).exists()
    assert Application.objects.filter(pk__in=loaded(), submitted_at__gt=now).count() == 0


def test_reviews_belong_to_the_files_agencies(generated: loadgen.LoadReport) -> None:
    for branch in CaseBranch.objects.filter(case__application__in=loaded()).select_related(
            "case"):
        assert branch.agency_id in set(branch.case.agencies.values_list("pk", flat=True))
    in_review = Case.objects.filter(application__in=loaded(), state="technical_review")
    for case in in_review:
        assert case.branches.filter(status="pending").exists()


def test_generated_files_can_be_tracked_with_the_known_pin(
    client: Client, generated: loadgen.LoadReport
) -> None:
    application = loaded().order_by("?").first()
    number = application.tracking_number
    assert application.pin == loadgen.load_pin(int(number.rsplit("-", 1)[1]))
    assert loadgen.load_pin(1) == "AAAAAB"
    body = client.get(api_url(number, application.pin)).json()
    assert body["status"] == application.case.state
    assert len(body["timeline"]) == application.case.version
    found = track(tenant=application.tenant, tracking_number=number, pin=application.pin)
    assert found is not None


def test_marks_and_counters(generated: loadgen.LoadReport) -> None:
    tenant = Tenant.objects.get(code="llg")
    applicants = User.objects.filter(applications__in=loaded()).distinct()
    assert applicants.exists()
    assert not applicants.exclude(username__startswith="loadgen-llg-").exists()
    assert not applicants.exclude(email__endswith="@loadgen.invalid").exists()
    assert not any(user.has_usable_password() for user in applicants)
    # The counters moved past the numbers used, so real submissions never collide.
    for year, last in loaded().values_list("submitted_at__year").annotate(
            n=Count("pk")).values_list("submitted_at__year", "n"):
        counter = TrackingCounter.objects.get(tenant=tenant, year=year)
        assert counter.last >= last


def test_a_second_run_adds_more_without_collisions(generated: loadgen.LoadReport) -> None:
    again = loadgen.generate(tenant=Tenant.objects.get(code="llg"), count=50, seed=7)
    assert again.users_created == 0
    assert loaded().count() == N + 50
    assert loaded().values("tracking_number").distinct().count() == N + 50


def test_the_command_reports_and_refuses_production(db: None, settings: Any) -> None:
    out = StringIO()
    call_command("generate_load_data", "--applications", "30", "--seed", "3", stdout=out)
    assert "30 applications" in out.getvalue()
    assert "AAAA" in out.getvalue()
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("generate_load_data", "--applications", "30")


def test_it_refuses_a_tenant_that_is_not_a_demo(db: None) -> None:
    with pytest.raises(CommandError, match="not a demo"):
        call_command("generate_load_data", "--applications", "10", "--tenant", "pga")
    with pytest.raises(CommandError, match="No tenant"):
        call_command("generate_load_data", "--applications", "10", "--tenant", "nope")


# --- The walker moves a file exactly as the engine does ---------------------------------------
SCENARIOS: dict[str, list[tuple[str | None, str, str | None, dict[str, Any]]]] = {
    "approved after a correction and an extension": [
        ("petugas.fo", "register", None, {}),
        ("verifikator", "return_for_correction", None,
         {"citations": [{"code": "KTP", "note": "Tidak terbaca"}]}),
        ("pemohon", "resubmit", None, {}),
        ("verifikator", "forward_to_review", None, {}),
        ("teknis.dinkes", "schedule_inspection", "DINKES", {"date": "TODAY"}),
        ("teknis.dinkes", "recommend", "DINKES", {"recommendation": "approve"}),
        ("teknis.pupr", "recommend", "PUPR",
         {"recommendation": "approve_with_conditions", "conditions": "Papan nama"}),
        ("verifikator", "submit_for_approval", None, {}),
        ("kabid", "extend_deadline", None, {"days": 3, "reason": "Cuti bersama"}),
        ("kabid", "send_back_to_review", None, {"reason": "Kajian ulang"}),
        ("teknis.dinkes", "recommend", "DINKES", {"recommendation": "approve"}),
        ("teknis.pupr", "recommend", "PUPR", {"recommendation": "approve"}),
        ("verifikator", "submit_for_approval", None, {}),
        ("kabid", "approve", None, {}),
        ("kadis", "sign", None, {}),
        ("petugas.fo", "hand_over", None, {}),
    ],
    "escalated after the correction rounds, waiting on a substantial correction": [
        ("petugas.fo", "return_incomplete", None, {"citations": ["STRA"]}),
        ("pemohon", "resubmit", None, {}),
        ("petugas.fo", "register", None, {}),
        ("verifikator", "return_for_major_correction", None,
         {"citations": ["KTP"], "reason": "Data berubah"}),
        ("pemohon", "resubmit", None, {}),
        ("verifikator", "return_for_correction", None, {"citations": ["DENAH"]}),
        ("kabid", "continue_processing", None, {"reason": "Lanjutkan"}),
        ("kabid", "restart_clock", None, {"reason": "Perubahan substansial"}),
        ("verifikator", "return_for_correction", None, {"citations": ["DENAH"]}),
    ],
}
CASE_FIELDS = ["state", "version", "holder_role", "holder_agency_id", "state_due_date",
               "return_state", "correction_rounds", "clock_state", "clock_started_on",
               "paused_since", "paused_days", "restart_on_resume", "extension_days",
               "legal_due_date", "service_due_date", "outcome"]


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_walker_moves_a_file_as_the_engine_does(name: str) -> None:
    tenant = Tenant.objects.get(code="llg")
    today = local_date(tenant).isoformat()
    scenario = [(who, action, agency, {k: today if v == "TODAY" else v
                                        for k, v in inputs.items()})
                for who, action, agency, inputs in SCENARIOS[name]]
    engine_case = start_case()
    for who, action, agency, inputs in scenario:
        engine_case = act(engine_case, who, action, agency=agency, **inputs)
    engine_case.refresh_from_db()

    definition = published_definition(tenant=tenant, code=DEFAULT_CODE)
    agencies = list(Agency.objects.filter(tenant=tenant, code__in=["DINKES", "PUPR"]))
    walker = Walker(tenant=tenant, calendar=working_calendar(tenant), rng=random.Random(1),
                    now=timezone.now() + dt.timedelta(days=1),
                    one_stop_id=one_stop_agency(tenant=tenant).pk, officers={})
    rows = Rows()
    run = walker.begin(definition, compiled(definition), CaseParams(
        legal_days=10, service_days=5, agencies=agencies, citable=["KTP", "STRA", "DENAH"]),
        User.objects.get(username="pemohon").pk, timezone.now(), rows)
    by_code = {a.code: a.pk for a in agencies}
    for _who, action, agency, inputs in scenario:
        clean = {**inputs}
        if isinstance(clean.get("citations"), list):
            clean["citations"] = [c if isinstance(c, dict) else {"code": c, "note": ""}
                                  for c in clean["citations"]]
        if agency is None:
            run.act(action, clean)
        else:
            run.branch_act(action, by_code[agency], clean)
    walked = walker.finish(run)

    for name_ in CASE_FIELDS:
        assert getattr(walked, name_) == getattr(engine_case, name_), name_
    assert (walked.closed_at is None) == (engine_case.closed_at is None)
    expected = list(engine_case.transitions.order_by("seq").values_list(
        "seq", "action", "from_state", "to_state", "oss_status", "branch_agency_id", "inputs"))
    assert [(t.seq, t.action, t.from_state, t.to_state, t.oss_status, t.branch_agency_id,
             t.inputs) for t in rows.transitions] == expected
    assert [(e.kind, e.days, e.legal_due_date, e.service_due_date) for e in rows.events] == list(
        engine_case.clock_events.order_by("at", "id").values_list(
            "kind", "days", "legal_due_date", "service_due_date"))
    assert sorted((b.state, b.agency_id, b.status, b.recommendation, b.due_date)
                  for b in rows.branches) == sorted(engine_case.branches.values_list(
                      "state", "agency_id", "status", "recommendation", "due_date"))
