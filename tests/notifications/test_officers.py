"""`entered_pool`: the officers whose pool a step enters are told — the assignee if there is
one, else the pool of the step's role in the holding agency, per agency in a parallel review."""

from __future__ import annotations

from pathlib import Path

import pytest

from satupintu.accounts.models import Role, User
from satupintu.notifications.models import Channel, Notification
from satupintu.tenants.models import Agency
from satupintu.workflow.assignment import eligible_officers
from satupintu.workflow.definitions import parse_definition
from satupintu.workflow.models import Case, EffectRun
from tests.notifications.helpers import submitted
from tests.notifications.officers import officer, run_effects, told
from tests.workflow.helpers import act, llg, start_case, user

pytestmark = pytest.mark.django_db

DEFINITION = (Path(__file__).resolve().parents[2]
              / "satupintu/workflow/definitions/perizinan-standar.yaml")
OTHERS = {"teknis.dinkes", "teknis.pupr", "lapangan.pupr", "kabid", "kadis", "admin.llg",
          "admin.pga", "pemohon"}


def test_every_state_officers_hold_tells_them_on_entry() -> None:
    spec = parse_definition(DEFINITION.read_text())
    officer_held = {s.code for s in spec.states if s.holder.role != "applicant"
                    and not s.terminal}
    telling = {s.code for s in spec.states if "notify_officers" in s.on_enter}
    assert telling == officer_held
    # Told once per entry: no action also names it.
    assert not [a.code for a in spec.actions if "notify_officers" in a.effects]


def _pool(agency: str, role: Role) -> set[str]:
    return set(eligible_officers(Agency.objects.get(tenant=llg(), code=agency), role)
               .values_list("username", flat=True))


def test_registering_tells_the_verifiers_pool_in_the_list_only() -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    run_effects()
    verifiers = _pool("DPMPTSP", Role.VERIFIER)
    assert "verifikator" in verifiers
    assert told("entered_pool", case=case) == verifiers
    assert not told("entered_pool", case=case) & OTHERS
    # A whole pool is told in its list; e-mail is for the one a step is assigned to.
    assert told("entered_pool", Channel.EMAIL, case=case) == set()
    message = Notification.objects.get(event="entered_pool", recipient__username="verifikator",
                                       case=case)
    assert message.url == f"/petugas/berkas/{case.pk}/"
    assert message.case_id == case.pk
    assert message.subject == f"[#{case.pk}] Berkas baru di antrean / New file in your pool"
    assert "Verifikasi berkas" in message.body
    assert "Verification" in message.body


def test_a_parallel_review_tells_each_reviewing_agencys_reviewers_only() -> None:
    only_health = start_case(agencies=("DINKES",))
    act(only_health, "petugas.fo", "register")
    act(only_health, "verifikator", "forward_to_review")
    run_effects()
    review = Notification.objects.filter(case=only_health, event="entered_pool",
                                         transition__action="forward_to_review")
    assert set(review.values_list("recipient__username", flat=True)) == _pool(
        "DINKES", Role.TECHNICAL_REVIEWER)
    assert not review.filter(recipient__username__in=["teknis.pupr", "lapangan.pupr"]).exists()

    both = start_case(agencies=("DINKES", "PUPR"))
    act(both, "petugas.fo", "register")
    act(both, "verifikator", "forward_to_review")
    run_effects()
    review = Notification.objects.filter(case=both, event="entered_pool",
                                         transition__action="forward_to_review")
    assert set(review.values_list("recipient__username", flat=True)) == (
        _pool("DINKES", Role.TECHNICAL_REVIEWER) | _pool("PUPR", Role.TECHNICAL_REVIEWER))
    assert "Dinas PUPR" in review.get(recipient__username="teknis.pupr").body
    assert "Public Works" in review.get(recipient__username="teknis.pupr").body
    assert "Dinkes · " in review.get(recipient__username="teknis.dinkes").body
    assert "Health Office" in review.get(recipient__username="teknis.dinkes").body
    assert not review.filter(recipient__username="lapangan.pupr").exists()  # an inspector


def test_an_assigned_step_tells_its_assignee_by_email_too_and_not_the_pool() -> None:
    officer("verifikator.dua", "DPMPTSP", Role.VERIFIER)
    unassigned = start_case()
    act(unassigned, "petugas.fo", "register")
    run_effects()
    assert {"verifikator", "verifikator.dua"} <= told("entered_pool", case=unassigned)

    assigned = start_case()
    act(assigned, "petugas.fo", "register")
    Case.objects.filter(pk=assigned.pk).update(assignee=user("verifikator"))
    run_effects()
    assert told("entered_pool", case=assigned) == {"verifikator"}
    assert told("entered_pool", Channel.EMAIL, case=assigned) == {"verifikator"}
    mail = Notification.objects.get(case=assigned, channel=Channel.EMAIL)
    assert mail.to_address == "verifikator@lubuklinggau.demo"
    assert "File assigned to you" in mail.subject
    assert "Sebuah berkas ditugaskan kepada Anda" in mail.body
    assert f"/petugas/berkas/{assigned.pk}/" in mail.body


def test_whoever_took_the_step_is_not_told_of_it() -> None:
    officer("petugas.fo", "DPMPTSP", Role.VERIFIER)  # the clerk also verifies
    case = start_case()
    act(case, "petugas.fo", "register")
    run_effects()
    assert "petugas.fo" not in told("entered_pool", case=case)
    assert "verifikator" in told("entered_pool", case=case)


def test_a_step_already_left_when_the_worker_comes_tells_nobody() -> None:
    case = start_case(agencies=("DINKES",))
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")  # before the worker got to the register
    run_effects()
    assert not Notification.objects.filter(case=case, event="entered_pool",
                                           transition__action="register").exists()
    assert told("entered_pool", case=case) == _pool("DINKES", Role.TECHNICAL_REVIEWER)


def test_an_effect_run_twice_tells_each_officer_once() -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    run_effects()
    EffectRun.objects.filter(case=case, effect="notify_officers").update(status="pending")
    run_effects()
    assert Notification.objects.filter(case=case, event="entered_pool",
                                       recipient__username="verifikator").count() == 1


# --- steps no action names: the states' on_enter and the group's on_complete ----------------
def test_a_submission_tells_the_front_office() -> None:
    case = start_case()  # the applicant submits
    run_effects()
    assert told("entered_pool", case=case) == _pool("DPMPTSP", Role.FRONT_OFFICE)


def test_the_end_of_a_parallel_review_tells_the_verifiers_and_the_applicant() -> None:
    application = submitted()
    case = application.case
    assert case is not None
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    act(case, "teknis.dinkes", "recommend", recommendation="approve")
    run_effects()
    ended = Notification.objects.filter(case=case, transition__action="reviews_complete")
    assert set(ended.filter(event="entered_pool").values_list(
        "recipient__username", flat=True)) == _pool("DPMPTSP", Role.VERIFIER)
    applicant = ended.filter(recipient=application.applicant)
    assert set(applicant.values_list("event", "channel")) == {
        ("recommended", Channel.IN_APP), ("recommended", Channel.EMAIL)}
    assert "Kajian tim teknis selesai / Technical review complete" in applicant.first().subject  # type: ignore[union-attr]


def test_a_file_escalated_past_its_correction_limit_tells_the_approvers() -> None:
    case = start_case(limit=0)
    act(case, "petugas.fo", "return_incomplete", citations=["KTP"])
    case.refresh_from_db()
    assert case.state == "head_review"
    run_effects()
    assert told("entered_pool", case=case, transition__action="return_incomplete") == _pool(
        "DPMPTSP", Role.APPROVER)


def test_another_regions_officers_are_never_told(other_tenant_officer: User) -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    run_effects()
    assert not Notification.objects.filter(recipient=other_tenant_officer).exists()
