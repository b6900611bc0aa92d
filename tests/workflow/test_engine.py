"""The default workflow, every path: roles, states, versions, corrections, parallel review."""

from __future__ import annotations

import pytest

from satupintu.audit.models import AuditChainHead, AuditRecord
from satupintu.audit.verify import verify_chain
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.workflow.engine import available_actions
from satupintu.workflow.models import BranchStatus, Case, CaseTransition, ClockState
from tests.workflow.helpers import act, llg, start_case, through_review, user

pytestmark = pytest.mark.django_db


def test_a_file_goes_all_the_way_to_handover() -> None:
    case = start_case()
    assert case.state == "completeness_check"
    assert case.holder_role == "front_office"
    assert case.clock_state == ClockState.NOT_STARTED
    act(case, "petugas.fo", "register")
    case.refresh_from_db()
    assert case.state == "verification"
    assert case.clock_state == ClockState.RUNNING
    assert case.legal_due_date is not None
    assert case.service_due_date is not None
    act(case, "verifikator", "forward_to_review")
    act(case, "teknis.dinkes", "recommend", recommendation="approve")
    act(case, "teknis.pupr", "recommend", recommendation="approve")
    case.refresh_from_db()
    assert case.state == "recommendation_review"
    act(case, "verifikator", "submit_for_approval")
    act(case, "kabid", "approve")
    case.refresh_from_db()
    assert case.state == "signing"
    assert case.clock_state == ClockState.STOPPED
    assert case.decided_at is not None
    act(case, "kadis", "sign")
    act(case, "petugas.fo", "hand_over")
    case.refresh_from_db()
    assert case.state == "handed_over"
    assert case.outcome == "approved"
    assert case.closed_at is not None
    steps = list(case.transitions.values_list("action", "oss_status"))
    assert steps[0] == ("submit", "09")
    assert ("register", "10") in steps
    assert ("approve", "50") in steps
    assert [s for s, _ in steps].count("reviews_complete") == 1
    assert [t.seq for t in case.transitions.all()] == list(range(1, case.version + 1))


def test_a_rejection_needs_reasons_and_closes_the_file() -> None:
    case = through_review(start_case())
    act(case, "verifikator", "submit_for_approval")
    with pytest.raises(ValidationFailed) as caught:
        act(case, "kabid", "reject")
    assert "reason" in caught.value.details
    act(case, "kabid", "reject", reason="Lokasi tidak sesuai rencana tata ruang")
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("rejected", "rejected")
    assert case.transitions.last().oss_status == "90"  # type: ignore[union-attr]


def test_the_applicant_can_withdraw_with_a_reason_until_a_decision() -> None:
    case = start_case()
    act(case, "pemohon", "withdraw", reason="Salah memilih layanan")
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("withdrawn", "withdrawn")
    with pytest.raises(Conflict):
        act(case, "pemohon", "withdraw", reason="lagi")


def test_a_return_before_registration_cites_requirements_and_leaves_the_clock_off() -> None:
    case = start_case()
    with pytest.raises(ValidationFailed):
        act(case, "petugas.fo", "return_incomplete", citations=[])
    with pytest.raises(ValidationFailed):
        act(case, "petugas.fo", "return_incomplete", citations=["NOT_A_REQUIREMENT"])
    act(case, "petugas.fo", "return_incomplete",
        citations=[{"code": "KTP", "note": "Foto KTP buram"}])
    case.refresh_from_db()
    assert case.state == "correction"
    assert case.holder_role == "applicant"
    assert case.holder_agency is None
    assert case.clock_state == ClockState.NOT_STARTED
    assert case.correction_rounds == 1
    citations = case.transitions.last().inputs["citations"]  # type: ignore[union-attr]
    assert citations == [{"code": "KTP", "note": "Foto KTP buram"}]
    act(case, "pemohon", "resubmit")
    case.refresh_from_db()
    assert case.state == "completeness_check"


def test_after_the_correction_limit_the_file_goes_to_the_head_of_office() -> None:
    case = start_case(limit=2)
    act(case, "petugas.fo", "register")
    for _ in range(2):
        act(case, "verifikator", "return_for_correction", citations=["STRA"])
        act(case, "pemohon", "resubmit")
    case.refresh_from_db()
    assert (case.state, case.correction_rounds) == ("verification", 2)
    act(case, "verifikator", "return_for_correction", citations=["STRA"])
    case.refresh_from_db()
    assert case.state == "head_review"
    assert case.holder_role == "approver"
    assert case.clock_state == ClockState.RUNNING  # not paused: it stays with the office
    act(case, "kabid", "continue_processing", reason="Kekurangan kecil, lanjutkan")
    case.refresh_from_db()
    assert case.state == "verification"


def test_the_parallel_review_waits_for_every_agency() -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    case.refresh_from_db()
    assert case.state == "technical_review"
    branches = {b.agency.code: b for b in case.branches.select_related("agency")}
    assert set(branches) == {"DINKES", "PUPR"}
    assert all(b.due_date for b in branches.values())
    act(case, "teknis.dinkes", "recommend", recommendation="approve")
    case.refresh_from_db()
    assert case.state == "technical_review"
    with pytest.raises(Conflict):
        act(case, "teknis.dinkes", "recommend", recommendation="approve")
    with pytest.raises(ValidationFailed) as caught:
        act(case, "teknis.pupr", "recommend", recommendation="approve_with_conditions")
    assert "conditions" in caught.value.details
    with pytest.raises(ValidationFailed):
        act(case, "teknis.pupr", "recommend", recommendation="reject")
    act(case, "lapangan.pupr", "schedule_inspection", date=str(case.received_at.date()),
        note="SPT 800/12/PUPR/2026")
    act(case, "lapangan.pupr", "record_inspection", note="Bangunan sesuai gambar")
    act(case, "teknis.pupr", "recommend", recommendation="reject", reason="Melanggar sempadan")
    case.refresh_from_db()
    assert case.state == "recommendation_review"
    pupr = case.branches.get(agency__code="PUPR")
    assert (pupr.status, pupr.recommendation) == (BranchStatus.RECOMMENDED, "reject")
    oss = list(case.transitions.filter(action="recommend").values_list("oss_status", flat=True))
    assert oss == ["45", "93"]


def test_a_reviewer_acts_only_for_their_own_agency() -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    with pytest.raises(PermissionDenied):
        act(case, "teknis.pupr", "recommend", agency="DINKES", recommendation="approve")
    with pytest.raises(PermissionDenied):
        act(case, "lapangan.pupr", "recommend", recommendation="approve")


def test_a_file_without_reviewing_agencies_skips_the_review() -> None:
    case = start_case(agencies=())
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    case.refresh_from_db()
    assert case.state == "recommendation_review"


def test_a_role_that_may_not_act_is_refused_with_403_and_nothing_changes() -> None:
    case = start_case()
    head = AuditChainHead.objects.get(tenant=case.tenant).seq
    with pytest.raises(PermissionDenied):
        act(case, "teknis.dinkes", "register")
    with pytest.raises(PermissionDenied):
        act(case, "pemohon", "register")
    case.refresh_from_db()
    assert (case.state, case.version) == ("completeness_check", 1)
    assert AuditChainHead.objects.get(tenant=case.tenant).seq == head


def test_an_action_of_another_step_is_a_409() -> None:
    case = start_case()
    with pytest.raises(Conflict):
        act(case, "kabid", "approve")
    with pytest.raises(Conflict):
        act(case, "petugas.fo", "no_such_action")


def test_a_stale_version_is_a_409_and_changes_nothing() -> None:
    from satupintu.workflow.engine import case_perform

    case = start_case()
    act(case, "petugas.fo", "register")
    with pytest.raises(Conflict) as caught:
        case_perform(tenant=case.tenant, case_id=case.pk, actor=user("verifikator"),
                     action="forward_to_review", expected_version=1)
    assert caught.value.code == "stale"
    case.refresh_from_db()
    assert case.state == "verification"


def test_others_files_are_not_found() -> None:
    from satupintu.accounts.models import UserKind
    from satupintu.accounts.services import user_create

    case = start_case()
    stranger = user_create(tenant=case.tenant, actor=None, username="pemohon.lain",
                           kind=UserKind.APPLICANT, password=None)
    with pytest.raises(NotFound):
        act(case, stranger.username, "withdraw", reason="bukan milik saya")
    with pytest.raises(NotFound):
        act(case, "admin.pga", "register")


def test_available_actions_follow_role_and_step() -> None:
    case = start_case()
    assert set(available_actions(case, user("petugas.fo"))) == {"register", "return_incomplete"}
    assert available_actions(case, user("pemohon")) == ["withdraw"]
    assert available_actions(case, user("kabid")) == []
    through_review(case)
    case.refresh_from_db()
    assert "submit_for_approval" in available_actions(case, user("verifikator"))


def test_every_transition_is_in_the_audit_chain() -> None:
    case = start_case()
    through_review(case)
    actions = list(AuditRecord.objects.filter(
        tenant=case.tenant, object_type="workflow.case", object_id=str(case.pk))
        .order_by("seq").values_list("action", flat=True))
    assert actions == ["workflow.submit", "workflow.register", "workflow.forward_to_review",
                       "workflow.recommend", "workflow.recommend", "workflow.reviews_complete"]
    assert CaseTransition.objects.filter(case=case).count() == len(actions)
    assert verify_chain(llg()).ok


def test_files_stay_on_the_workflow_version_they_started_on() -> None:
    from pathlib import Path

    from satupintu.workflow.definitions import definition_import, published_definition

    old = start_case()
    text = (Path(__file__).resolve().parents[2] / "satupintu/workflow/definitions/"
            "perizinan-standar.yaml").read_text()
    changed = text.replace("time_limit_days: 5", "time_limit_days: 7")
    newer = definition_import(tenant=llg(), actor=None, text=changed, publish=True)
    assert newer.version == 2
    assert published_definition(tenant=llg(), code="perizinan-standar") == newer
    fresh = start_case()
    assert fresh.definition == newer
    old.refresh_from_db()
    assert old.definition.version == 1
    act(old, "petugas.fo", "register")  # still moves on its own version
    assert Case.objects.get(pk=old.pk).state == "verification"


def test_the_approver_can_send_a_file_back_to_the_technical_team() -> None:
    case = through_review(start_case())
    act(case, "verifikator", "submit_for_approval")
    act(case, "kabid", "send_back_to_review", reason="Rekomendasi PUPR belum lengkap")
    case.refresh_from_db()
    assert case.state == "technical_review"
    # Every agency is asked again; the earlier recommendations stay in the history.
    assert case.branches.filter(status=BranchStatus.PENDING).count() == 2
    assert case.transitions.filter(action="recommend").count() == 2
    act(case, "teknis.dinkes", "recommend", recommendation="approve")
    act(case, "teknis.pupr", "recommend", recommendation="approve")
    case.refresh_from_db()
    assert case.state == "recommendation_review"


def test_the_head_of_office_can_reject_after_the_correction_limit() -> None:
    case = start_case(limit=0)
    act(case, "petugas.fo", "return_incomplete", citations=["KTP"])
    case.refresh_from_db()
    assert case.state == "head_review"
    act(case, "kabid", "reject", reason="Berkas berulang kali tidak lengkap")
    case.refresh_from_db()
    assert case.outcome == "rejected"


def test_the_front_office_can_resubmit_for_an_applicant_at_the_counter() -> None:
    case = start_case()
    act(case, "petugas.fo", "return_incomplete", citations=["KTP"])
    act(case, "petugas.fo", "resubmit", note="Dokumen diserahkan di loket")
    case.refresh_from_db()
    assert case.state == "completeness_check"
    assert case.transitions.last().role == "front_office"  # type: ignore[union-attr]
