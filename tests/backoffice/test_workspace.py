"""The officer workspace: pools, claiming and assigning, stand-ins, inspections, the file."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from satupintu.accounts.models import DelegationKind, Role, User
from satupintu.accounts.officers import delegation_create, officer_deactivate
from satupintu.audit.models import AuditRecord
from satupintu.backoffice.selectors import InboxFilters, inbox
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.inspections.models import InspectionPhoto
from satupintu.inspections.services import inspection_report, inspection_schedule
from satupintu.tenants.models import Agency
from satupintu.workflow.assignment import case_assign, case_claim, case_release
from satupintu.workflow.models import Case
from tests.personas import sign_in
from tests.workflow.helpers import act, llg, start_case, user

pytestmark = pytest.mark.django_db


def _rows(username: str, **filters: object) -> list[Case]:
    page = inbox(user=user(username), tenant=llg(), filters=InboxFilters(**filters),  # type: ignore[arg-type]
                 lang="id")
    return [row.case for row in page.rows]


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 0)).save(out, format="PNG")
    return out.getvalue()


def test_each_officer_sees_the_files_their_roles_hold() -> None:
    at_counter = start_case()
    in_verification = start_case()
    act(in_verification, "petugas.fo", "register")
    review = start_case(agencies=("PUPR",))
    act(review, "petugas.fo", "register")
    act(review, "verifikator", "forward_to_review")
    assert at_counter in _rows("petugas.fo")
    assert in_verification not in _rows("petugas.fo")
    assert in_verification in _rows("verifikator")
    assert review in _rows("teknis.pupr")
    assert review in _rows("lapangan.pupr")  # inspectors of the reviewing agency
    assert review not in _rows("teknis.dinkes")
    assert review not in _rows("verifikator")


def test_the_inbox_is_ordered_by_due_date_and_filters() -> None:
    first = start_case()
    act(first, "petugas.fo", "register")
    second = start_case()
    act(second, "petugas.fo", "register")
    Case.objects.filter(pk=first.pk).update(state_due_date=dt.date(2027, 1, 12))
    Case.objects.filter(pk=second.pk).update(state_due_date=dt.date(2027, 1, 5))
    mine = [c for c in _rows("verifikator") if c.pk in {first.pk, second.pk}]
    assert mine == [second, first]
    assert first not in _rows("verifikator", state="approval")
    case_claim(case=first, actor=user("verifikator"))
    assert first in _rows("verifikator", assigned="me")
    assert first not in _rows("verifikator", assigned="none")


def test_the_inbox_page_costs_the_same_queries_for_many_files(client: Client) -> None:
    for _ in range(3):
        act(start_case(), "petugas.fo", "register")
    sign_in(client, user("verifikator"))
    client.get("/petugas/")  # warm caches (calendar, definitions)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/petugas/").status_code == 200
    for _ in range(12):
        act(start_case(), "petugas.fo", "register")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/petugas/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 16


def test_two_officers_claiming_one_file_one_wins() -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    other = user("kabid")  # an approver is not a verifier: not in the pool
    with pytest.raises(PermissionDenied):
        case_claim(case=case, actor=other)
    case_claim(case=case, actor=user("verifikator"))
    from satupintu.accounts.models import Membership, UserKind
    from satupintu.accounts.services import user_create

    second = user_create(tenant=llg(), actor=None, username="verifikator2",
                         kind=UserKind.OFFICER, password=None, full_name="Verifikator Dua")
    Membership.objects.create(tenant=llg(), user=second, role=Role.VERIFIER,
                              agency=Agency.objects.get(tenant=llg(), is_one_stop=True))
    with pytest.raises(Conflict):
        case_claim(case=case, actor=second)
    case_release(case=case, actor=user("verifikator"))
    case_claim(case=case, actor=second)
    actions = list(AuditRecord.objects.filter(object_id=str(case.pk), action__in=[
        "workflow.claim", "workflow.release"]).values_list("action", flat=True))
    assert actions == ["workflow.claim", "workflow.release", "workflow.claim"]


def test_a_head_assigns_an_agencys_review() -> None:
    case = start_case(agencies=("PUPR", "DINKES"))
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    pupr = Agency.objects.get(tenant=llg(), code="PUPR")
    with pytest.raises(PermissionDenied):
        case_assign(case=case, actor=user("teknis.pupr"), assignee=user("teknis.pupr"),
                    agency=pupr)
    with pytest.raises(ValidationFailed):  # the inspector is not a reviewer of the branch
        case_assign(case=case, actor=user("kepala.pupr"), assignee=user("lapangan.pupr"),
                    agency=pupr)
    case_assign(case=case, actor=user("kepala.pupr"), assignee=user("teknis.pupr"), agency=pupr)
    assert case.branches.get(agency=pupr).assignee == user("teknis.pupr")
    with pytest.raises(PermissionDenied):  # another agency's head
        case_assign(case=case, actor=user("kepala.pupr"), assignee=user("teknis.dinkes"),
                    agency=Agency.objects.get(tenant=llg(), code="DINKES"))


def test_automatic_assignment_goes_to_the_least_loaded_officer_and_is_audited() -> None:
    from satupintu.tenants.models import Agency as AgencyModel
    from satupintu.workflow.definitions import DEFAULT_CODE, published_definition
    from satupintu.workflow.engine import CaseParams, case_start

    tenant = llg()
    params = CaseParams(legal_days=10, service_days=5, assignment="least_loaded",
                        agencies=list(AgencyModel.objects.filter(tenant=tenant, code="PUPR")))
    case = case_start(tenant=tenant, definition=published_definition(tenant=tenant,
                                                                     code=DEFAULT_CODE),
                      subject_type="test", owner=user("pemohon"), actor=user("pemohon"),
                      params=params)
    assert case.assignee == user("petugas.fo")
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    case.refresh_from_db()
    assert case.branches.get().assignee == user("teknis.pupr")
    record = AuditRecord.objects.filter(object_id=str(case.pk),
                                        action="workflow.forward_to_review").get()
    assert record.after["assigned"] == {"PUPR": user("teknis.pupr").pk}  # type: ignore[index]


def test_a_stand_in_acts_in_the_principals_name_within_the_dates() -> None:
    from tests.workflow.helpers import through_review

    case = through_review(start_case())
    act(case, "verifikator", "submit_for_approval")
    one_stop = Agency.objects.get(tenant=llg(), is_one_stop=True)
    today = dt.date.today()
    with pytest.raises(PermissionDenied):  # someone else cannot appoint for the approver
        delegation_create(actor=user("verifikator"), principal=user("kabid"),
                          substitute=user("verifikator"), agency=one_stop, role=Role.APPROVER,
                          kind=DelegationKind.PLH, starts_on=today, ends_on=today,
                          reason="Cuti")
    with pytest.raises(PermissionDenied):
        act(case, "verifikator", "approve")
    delegation_create(actor=user("kabid"), principal=user("kabid"),
                      substitute=user("verifikator"), agency=one_stop, role=Role.APPROVER,
                      kind=DelegationKind.PLH, starts_on=today - dt.timedelta(days=1),
                      ends_on=today + dt.timedelta(days=3), reason="Dinas luar kota",
                      letter_number="800/12/DPMPTSP/2026")
    act(case, "verifikator", "approve")
    transition = case.transitions.get(action="approve")
    assert (transition.actor, transition.on_behalf_of) == (user("verifikator"), user("kabid"))
    record = AuditRecord.objects.filter(object_id=str(case.pk), action="workflow.approve").get()
    assert "kabid" in record.after["on_behalf_of"]  # type: ignore[index]


def test_a_stand_in_from_another_agency_sees_the_files_of_the_role() -> None:
    from tests.workflow.helpers import through_review

    case = through_review(start_case())
    act(case, "verifikator", "submit_for_approval")
    one_stop = Agency.objects.get(tenant=llg(), is_one_stop=True)
    today = dt.date.today()
    outsider = user("teknis.dinkes")
    case.agencies.remove(Agency.objects.get(tenant=llg(), code="DINKES"))  # PUPR reviewed alone
    with pytest.raises(NotFound):  # a Dinkes reviewer does not learn this file exists
        act(case, "teknis.dinkes", "approve")
    delegation_create(actor=user("kabid"), principal=user("kabid"), substitute=outsider,
                      agency=one_stop, role=Role.APPROVER, kind=DelegationKind.PLH,
                      starts_on=today, ends_on=today, reason="Cuti tahunan")
    assert case in _rows("teknis.dinkes")
    act(case, "teknis.dinkes", "approve")
    transition = case.transitions.get(action="approve")
    assert (transition.actor, transition.on_behalf_of) == (outsider, user("kabid"))


def test_an_expired_delegation_no_longer_counts() -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    one_stop = Agency.objects.get(tenant=llg(), is_one_stop=True)
    past = dt.date.today() - dt.timedelta(days=10)
    delegation_create(actor=user("kabid"), principal=user("kabid"), substitute=user("kadis"),
                      agency=one_stop, role=Role.APPROVER, kind=DelegationKind.PLT,
                      starts_on=past, ends_on=past + dt.timedelta(days=2), reason="Lampau")
    with pytest.raises(PermissionDenied):
        act(case, "kadis", "extend_deadline", days=1, reason="x")


def test_an_officer_who_leaves_keeps_history_and_releases_files() -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    case_claim(case=case, actor=user("verifikator"))
    officer_deactivate(officer=user("verifikator"), actor=user("admin.llg"), reason="Pindah")
    case.refresh_from_db()
    assert case.assignee is None
    leaver = user("verifikator")
    assert not leaver.is_active
    assert not leaver.memberships.filter(is_active=True).exists()
    assert User.objects.filter(pk=leaver.pk).exists()  # deactivated, never deleted
    with pytest.raises(NotFound):  # no role left: the file is not theirs to see any more
        act(case, "verifikator", "forward_to_review")


def test_an_inspection_is_scheduled_and_reported_from_a_phone() -> None:
    case = start_case(agencies=("PUPR",))
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    case.refresh_from_db()
    pupr = Agency.objects.get(tenant=llg(), code="PUPR")
    with pytest.raises(ValidationFailed):
        inspection_schedule(case=case, agency=pupr, actor=user("lapangan.pupr"),
                            scheduled_on=dt.date.today(), team=[user("teknis.dinkes")],
                            letter_number="SPT-1", expected_version=case.version)
    inspection = inspection_schedule(
        case=case, agency=pupr, actor=user("lapangan.pupr"), scheduled_on=dt.date.today(),
        team=[user("lapangan.pupr"), user("teknis.pupr")], letter_number="800/45/PUPR/2026",
        expected_version=case.version)
    case.refresh_from_db()
    assert case.transitions.last().oss_status == "40"  # type: ignore[union-attr]
    photo = SimpleUploadedFile("lokasi.png", _png(), content_type="image/png")
    not_a_photo = SimpleUploadedFile("lokasi.png", b"%PDF-1.4\n", content_type="image/png")
    for bad in [{"photos": [not_a_photo], "latitude": "-3.29", "longitude": "102.86"},
                {"photos": [photo], "latitude": "48.85", "longitude": "2.35"},
                {"photos": [photo], "latitude": "", "longitude": ""}]:
        with pytest.raises(ValidationFailed):
            inspection_report(inspection=inspection, actor=user("lapangan.pupr"),
                              inspected_on=dt.date.today(), findings="Sesuai",
                              attendees="Pemohon", expected_version=case.version, **bad)  # type: ignore[arg-type]
    assert not InspectionPhoto.objects.filter(inspection=inspection).exists()
    photo.seek(0)
    inspection_report(inspection=inspection, actor=user("lapangan.pupr"),
                      inspected_on=dt.date.today(), findings="Bangunan sesuai gambar",
                      attendees="Pemohon\nLurah Kayu Ara", latitude="-3.296", longitude="102.86",
                      photos=[photo], expected_version=case.version)
    inspection.refresh_from_db()
    assert inspection.status == "reported"
    assert inspection.photos.count() == 1
    assert case.transitions.filter(action="record_inspection").exists()


def test_the_officer_file_page_and_its_acts(client: Client) -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    sign_in(client, user("verifikator"))
    page = client.get(f"/petugas/berkas/{case.pk}/").content.decode()
    assert 'data-action="forward_to_review"' in page
    case.refresh_from_db()
    client.post(f"/petugas/berkas/{case.pk}/tindakan/",
                {"action": "forward_to_review", "version": case.version})
    case.refresh_from_db()
    assert case.state == "technical_review"
    client.logout()
    sign_in(client, user("teknis.dinkes"))
    refused = client.post(f"/petugas/berkas/{case.pk}/tindakan/",
                          {"action": "recommend", "version": case.version,
                           "recommendation": "reject"}, follow=True)
    assert refused.status_code == 200
    case.refresh_from_db()
    assert case.branches.get(agency__code="DINKES").status == "pending"  # reasons required
    client.post(f"/petugas/berkas/{case.pk}/tindakan/",
                {"action": "recommend", "version": case.version,
                 "recommendation": "approve_with_conditions", "conditions": "Papan nama"})
    assert case.branches.get(agency__code="DINKES").conditions == "Papan nama"


def test_the_approver_sees_the_brief_of_all_recommendations(client: Client) -> None:
    from tests.workflow.helpers import through_review

    case = through_review(start_case())
    act(case, "verifikator", "submit_for_approval")
    sign_in(client, user("kabid"))
    page = client.get(f"/petugas/berkas/{case.pk}/").content.decode()
    assert "brief-title" in page
    assert "Papan nama dipasang sesuai desain" in page
