"""`manage.py generate_load_data`: consistent rows, quickly, and never in production."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
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
from satupintu.complaints.deadlines import stages_to_escalate
from satupintu.complaints.figures import (
    ComplaintCounts,
    complaint_counts_by_agency,
    complaint_figures,
    complaint_figures_by_agency,
)
from satupintu.complaints.intake import ComplaintInput, complaint_submit, route
from satupintu.complaints.models import (
    CLOSED_STATUSES,
    Complaint,
    ComplaintStatus,
    UpdateKind,
)
from satupintu.tenants.models import Agency, Tenant
from satupintu.tenants.selectors import one_stop_agency
from satupintu.tracking import loadgen
from satupintu.tracking.loadgen.complaints import MARK as COMPLAINT_MARK
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
    assert "1 complaints" in out.getvalue()
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


# --- Complaints filed and handled alongside -------------------------------------------------
COMPLAINT_FILES = 1000


@pytest.fixture
def with_complaints(db: None) -> loadgen.LoadReport:
    return loadgen.generate(tenant=Tenant.objects.get(code="llg"), count=COMPLAINT_FILES,
                            seed=11, months=36, chunk=250)


def load_complaints() -> Any:
    return Complaint.objects.filter(secret__startswith=COMPLAINT_MARK)


def test_it_files_complaints_over_the_period(with_complaints: loadgen.LoadReport) -> None:
    tenant = Tenant.objects.get(code="llg")
    complaints = load_complaints()
    assert with_complaints.complaints == complaints.count() == round(COMPLAINT_FILES / 40)
    days = sorted(local_date(tenant, at) for at in complaints.values_list("submitted_at",
                                                                          flat=True))
    assert (days[-1] - days[0]).days > 2 * 365  # spread like the files, over three years
    assert not complaints.filter(submitted_at__gt=timezone.now()).exists()
    statuses = Counter(complaints.values_list("status", flat=True))
    assert len(statuses) >= 2  # mostly resolved, some closed otherwise or still open
    assert statuses[ComplaintStatus.RESOLVED] > sum(statuses.values()) / 2
    assert complaints.values("channel").distinct().count() >= 2
    assert complaints.values("category").distinct().count() >= 3
    assert complaints.filter(application__idempotency_key__startswith=loadgen.KEY_PREFIX).exists()
    assert complaints.values("number").distinct().count() == complaints.count()
    # Routed as intake routes them (forwarding moves them on afterwards); no real contacts.
    for complaint in complaints.select_related("category", "kelurahan", "subject_agency"):
        received = complaint.updates.get(kind=UpdateKind.RECEIVED)
        assert received.agency == route(tenant=tenant, category=complaint.category,
                                        kelurahan=complaint.kelurahan,
                                        subject_agency=complaint.subject_agency)
        if complaint.application is not None:
            assert complaint.subject_agency_id == complaint.application.service.lead_agency_id
        assert complaint.contact_email == "" or complaint.contact_email.endswith(
            "@loadgen.invalid")
        assert complaint.contact_phone == ""


def test_each_complaint_is_left_as_the_handling_services_leave_it(
    with_complaints: loadgen.LoadReport,
) -> None:
    tenant = Tenant.objects.get(code="llg")
    today, now = local_date(tenant), timezone.now()
    internal = {UpdateKind.NOTE, UpdateKind.HIDDEN, UpdateKind.ESCALATED}
    for complaint in load_complaints().prefetch_related("updates"):
        steps = sorted(complaint.updates.all(), key=lambda s: (s.at, s.pk))
        assert (steps[0].kind, steps[0].status, steps[0].at) == (
            UpdateKind.RECEIVED, ComplaintStatus.RECEIVED, complaint.submitted_at)
        assert all(before.at <= after.at for before, after in itertools.pairwise(steps))
        assert steps[-1].at < now
        assert steps[-1].status == complaint.status
        assert steps[-1].agency_id == complaint.agency_id
        assert complaint.version == 1 + sum(1 for s in steps[1:] if s.kind not in internal)
        assert (complaint.closed_at is not None) == (complaint.status in CLOSED_STATUSES)
        assert complaint.reopen_count == sum(1 for s in steps if s.kind == UpdateKind.REOPENED)
        if complaint.answered_at is not None:
            assert complaint.acknowledged_at is not None
            assert complaint.submitted_at < complaint.acknowledged_at <= complaint.answered_at
        if complaint.status == ComplaintStatus.DUPLICATE:
            assert complaint.duplicate_of is not None
            assert complaint.duplicate_of.submitted_at < complaint.submitted_at
        # The daily scan already escalated every overdue stage: nothing old is escalated again.
        assert stages_to_escalate(complaint, today) == []


def test_the_complaint_figures_of_the_load(with_complaints: loadgen.LoadReport) -> None:
    tenant = Tenant.objects.get(code="llg")
    end = local_date(tenant)
    start = end - dt.timedelta(days=3 * 365 + 31)
    by_agency = complaint_figures_by_agency(tenant=tenant, start=start, end=end)
    received = sum(f.received for _agency, f in by_agency)
    assert received >= with_complaints.complaints > 0
    assert sum(f.resolved for _agency, f in by_agency) > 0
    assert len(by_agency) >= 2
    total = complaint_figures(tenant=tenant, start=start, end=end)
    assert total.received == received
    assert total.answered_on_time >= total.answered / 2
    # Working days from the day received: about the categories' limits (2–5 to answer).
    assert total.median_days_to_answer is not None
    assert 0 <= total.median_days_to_answer <= 5
    assert total.median_days_to_close is not None
    assert 1 <= total.median_days_to_close <= 30
    for _agency, figures in by_agency:
        assert figures.answered <= figures.received
        if figures.median_days_to_close is not None:
            assert 0 <= figures.median_days_to_close <= 90
    # The public scoreboard's grouped counts agree with the full figures.
    assert complaint_counts_by_agency(tenant=tenant, start=start, end=end) == {
        agency.pk: ComplaintCounts(received=f.received, closed=f.closed, resolved=f.resolved)
        for agency, f in by_agency}


def test_a_complaint_filed_afterwards_takes_the_next_number(
    with_complaints: loadgen.LoadReport,
) -> None:
    tenant = Tenant.objects.get(code="llg")
    filed = complaint_submit(tenant=tenant, actor=None, data=ComplaintInput(
        category="layanan-lambat", description="Permohonan saya belum diproses sampai hari ini."))
    year = filed.number.split("-")[1]
    before = set(Complaint.objects.filter(tenant=tenant).exclude(pk=filed.pk)
                 .values_list("number", flat=True))
    assert filed.number not in before
    loaded_this_year = [int(n[-5:]) for n in load_complaints().values_list("number", flat=True)
                        if n.startswith(f"ADU-{year}-")]
    assert loaded_this_year
    assert int(filed.number[-5:]) == max(int(n[-5:]) for n in before
                                          if n.startswith(f"ADU-{year}-")) + 1
