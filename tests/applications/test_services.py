"""Applying through the services: drafts, answers, uploads, submission, corrections."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.accounts.models import User, UserKind
from satupintu.applications import requirements as reqs
from satupintu.applications import services
from satupintu.applications.models import Application, ApplicationDocument, Upload
from satupintu.audit.models import AuditRecord
from satupintu.core.errors import Conflict, NotFound, ValidationFailed
from satupintu.workflow.engine import case_perform
from tests.applications.helpers import EXE, PNG, applicant, draft_sia, llg, pdf, submitted_sia

pytestmark = pytest.mark.django_db


def test_a_draft_is_pinned_to_the_standard_in_force() -> None:
    application = services.application_start(tenant=llg(), applicant=applicant(),
                                             actor=applicant(), service_code="SIPD",
                                             variant_kind="new")
    assert application.variant.standard.version == 2  # SIPD's version in force since 2025-07
    assert application.is_draft


def test_answers_are_validated_by_data_type() -> None:
    application = draft_sia()
    with pytest.raises(ValidationFailed) as caught:
        services.application_save_answers(application=application, actor=applicant(),
                                          answers={"SEWA_MILIK_SENDIRI": "dipinjam"})
    assert "SEWA_MILIK_SENDIRI" in caught.value.details
    with pytest.raises(ValidationFailed):
        services.application_save_answers(application=application, actor=applicant(),
                                          answers={"NOT_AN_ITEM": "x"})


def test_a_conditional_document_applies_only_when_its_condition_holds() -> None:
    owned = draft_sia(rented=False)
    assert "PERJANJIAN_SEWA" not in {r.code for r in reqs.missing(owned)}
    services.application_save_answers(application=owned, actor=applicant(),
                                      answers={"SEWA_MILIK_SENDIRI": "sewa"})
    owned.refresh_from_db()
    assert [r.code for r in reqs.missing(owned)] == ["PERJANJIAN_SEWA"]
    with pytest.raises(ValidationFailed) as caught:
        services.application_submit(application=owned, actor=applicant())
    assert set(caught.value.details) == {"PERJANJIAN_SEWA"}


def test_an_upload_is_checked_by_content_not_by_name() -> None:
    application = draft_sia()
    before = Upload.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        services.document_attach(application=application, actor=applicant(),
                                 requirement_code="STRA",
                                 file=SimpleUploadedFile("stra.pdf", EXE))
    assert "STRA" in caught.value.details
    with pytest.raises(ValidationFailed):  # a PNG where only PDF is accepted
        services.document_attach(application=application, actor=applicant(),
                                 requirement_code="STRA",
                                 file=SimpleUploadedFile("stra.pdf", PNG))
    with pytest.raises(ValidationFailed):  # over the 2 MB limit
        services.document_attach(application=application, actor=applicant(),
                                 requirement_code="STRA", file=pdf(size=2 * 1024 * 1024 + 1))
    assert Upload.objects.count() == before


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\boot.pdf", "a/b.pdf",
                                  "ktp\x00.pdf", ".."])
def test_a_file_name_that_is_a_path_is_refused_and_nothing_is_stored(name: str) -> None:
    """Django's request parser already strips directories from uploaded names; whatever else
    hands a file to the service (an import, another parser) gets the same refusal."""
    application = draft_sia()
    before = Upload.objects.count()
    upload = pdf()
    upload._name = name  # type: ignore[attr-defined]  # past UploadedFile's own basename()
    with pytest.raises(ValidationFailed) as caught:
        services.document_attach(application=application, actor=applicant(),
                                 requirement_code="KTP", file=upload)
    assert caught.value.details == {"KTP": "name"}
    assert Upload.objects.count() == before


def test_the_stored_name_is_random() -> None:
    application = draft_sia()
    document = services.document_attach(application=application, actor=applicant(),
                                        requirement_code="KTP", file=pdf("KTP saya (1).pdf"))
    upload = document.upload
    assert upload.original_name == "KTP saya (1).pdf"
    assert re.fullmatch(r"uploads/\d+/[0-9a-f]{2}/[0-9a-f]{32}", upload.file.name)
    assert default_storage.exists(upload.file.name)
    assert len(upload.sha256) == 64


def test_replacing_a_document_keeps_the_old_one_on_record() -> None:
    application = draft_sia()
    services.document_attach(application=application, actor=applicant(),
                             requirement_code="KTP", file=pdf("ktp-baru.pdf"))
    rows = ApplicationDocument.objects.filter(application=application, requirement_code="KTP")
    assert rows.count() == 2
    assert rows.filter(replaced_at__isnull=True).get().upload.original_name == "ktp-baru.pdf"


def test_a_document_on_file_can_be_reused_but_not_anothers() -> None:
    first = draft_sia()
    ktp = first.documents.get(requirement_code="KTP").upload
    second = services.application_start(tenant=llg(), applicant=applicant(), actor=applicant(),
                                        service_code="SIA", variant_kind="new")
    services.document_reuse(application=second, actor=applicant(), requirement_code="KTP",
                            upload=ktp)
    assert second.documents.get(requirement_code="KTP").upload == ktp
    stranger = User.objects.create(username="pemohon.lain", tenant=llg(),
                                   kind=UserKind.APPLICANT)
    theirs = Upload.objects.create(tenant=llg(), owner=stranger, file="uploads/x",
                                   original_name="x.pdf", content_type="application/pdf",
                                   size=10, sha256="0" * 64, uploaded_by=stranger)
    with pytest.raises(NotFound):
        services.document_reuse(application=second, actor=applicant(), requirement_code="KTP",
                                upload=theirs)


def test_submission_gives_a_tracking_number_a_pin_and_a_file_at_the_counter() -> None:
    application = submitted_sia()
    assert re.fullmatch(r"LLG-\d{4}-\d{6}", application.tracking_number or "")
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", application.pin)
    case = application.case
    assert case is not None
    assert case.state == "completeness_check"
    assert case.owner == applicant()
    assert set(case.citable) >= {"NAMA_APOTEK", "KTP", "STRA"}
    assert AuditRecord.objects.filter(action="application.submit",
                                      object_id=str(application.pk)).exists()
    second = submitted_sia()
    assert int(second.tracking_number[-6:]) == int(application.tracking_number[-6:]) + 1  # type: ignore[index]


def test_a_double_submit_makes_one_application() -> None:
    application = draft_sia()
    first = services.application_submit(application=application, actor=applicant(),
                                        idempotency_key="klik-1")
    again = services.application_submit(application=application, actor=applicant(),
                                        idempotency_key="klik-1")
    assert again.pk == first.pk
    assert again.tracking_number == first.tracking_number
    with pytest.raises(Conflict):
        services.application_submit(application=application, actor=applicant())


def test_submission_is_refused_while_something_mandatory_is_missing() -> None:
    application = services.application_start(tenant=llg(), applicant=applicant(),
                                             actor=applicant(), service_code="SIA",
                                             variant_kind="new")
    with pytest.raises(ValidationFailed) as caught:
        services.application_submit(application=application, actor=applicant())
    assert {"KTP", "STRA", "NAMA_APOTEK"} <= set(caught.value.details)
    application.refresh_from_db()
    assert application.is_draft


def test_an_unverified_email_cannot_submit() -> None:
    from satupintu.accounts.models import ApplicantProfile

    application = draft_sia()
    ApplicantProfile.objects.filter(user=applicant()).update(email_verified_at=None)
    with pytest.raises(Conflict) as caught:
        services.application_submit(application=application, actor=applicant())
    assert caught.value.code == "email_unverified"


def test_a_correction_may_change_only_the_cited_requirements() -> None:
    application = submitted_sia()
    case = application.case
    assert case is not None
    case_perform(tenant=llg(), case_id=case.pk, actor=User.objects.get(username="petugas.fo"),
                 action="return_incomplete", expected_version=case.version,
                 inputs={"citations": [{"code": "KTP", "note": "Buram"}]})
    application.refresh_from_db()
    assert services.editable_codes(application) == {"KTP"}
    with pytest.raises(Conflict):
        services.document_attach(application=application, actor=applicant(),
                                 requirement_code="STRA", file=pdf())
    with pytest.raises(Conflict):
        services.application_save_answers(application=application, actor=applicant(),
                                          answers={"NAMA_APOTEK": "Lain"})
    services.document_attach(application=application, actor=applicant(),
                             requirement_code="KTP", file=pdf("ktp-jelas.pdf"))
    case.refresh_from_db()
    services.application_resubmit(application=application, actor=applicant(),
                                  expected_version=case.version)
    case.refresh_from_db()
    assert case.state == "completeness_check"
    assert services.editable_codes(application) == set()


def test_only_drafts_are_deleted_and_withdrawal_needs_a_reason() -> None:
    draft = draft_sia()
    services.application_delete_draft(application=draft, actor=applicant())
    assert not Application.objects.filter(pk=draft.pk).exists()
    application = submitted_sia()
    with pytest.raises(Conflict):
        services.application_delete_draft(application=application, actor=applicant())
    case = application.case
    assert case is not None
    with pytest.raises(ValidationFailed):
        services.application_withdraw(application=application, actor=applicant(),
                                      expected_version=case.version, reason=" ")
    services.application_withdraw(application=application, actor=applicant(),
                                  expected_version=case.version, reason="Batal buka apotek")
    case.refresh_from_db()
    assert case.outcome == "withdrawn"


def test_another_applicant_cannot_touch_the_application() -> None:
    application = draft_sia()
    stranger = User.objects.create(username="pemohon.lain2", tenant=llg(),
                                   kind=UserKind.APPLICANT)
    with pytest.raises(NotFound):
        services.application_save_answers(application=application, actor=stranger,
                                          answers={"NAMA_APOTEK": "Curian"})
    with pytest.raises(NotFound):
        services.document_attach(application=application, actor=stranger,
                                 requirement_code="KTP", file=pdf())
