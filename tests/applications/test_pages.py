"""The applicant's pages and the front office's, through the test client."""

from __future__ import annotations

import pytest
from django.test import Client

from satupintu.accounts.models import User
from satupintu.applications.models import Application
from satupintu.audit.models import AuditRecord
from tests.applications.helpers import EXE, draft_sia, pdf, submitted_sia
from tests.personas import sign_in

pytestmark = pytest.mark.django_db


def _as(client: Client, username: str) -> Client:
    return sign_in(client, User.objects.get(username=username))


def test_the_wizard_walks_from_a_service_to_the_receipt(client: Client) -> None:
    _as(client, "pemohon")
    response = client.post("/permohonan/baru/SIA/", {"variant": "new"})
    assert response.status_code == 302
    application = Application.objects.filter(applicant__username="pemohon").latest("created_at")
    step = f"/permohonan/{application.pk}/langkah/"
    page = client.get(step + "data/")
    assert page.status_code == 200
    assert "Nama apotek" in page.content.decode()
    response = client.post(step + "data/", {"NAMA_APOTEK": "Apotek Uji",
                                            "SEWA_MILIK_SENDIRI": "milik sendiri"})
    assert response["Location"].endswith("/langkah/dokumen/")
    for code in ["KTP", "STRA"]:
        client.post(step + "dokumen/", {"requirement": code, "file": pdf(f"{code}.pdf")})
    review = client.get(step + "kirim/").content.decode()
    assert "idempotency_key" in review
    key = review.split('name="idempotency_key" value="')[1].split('"')[0]
    response = client.post(step + "kirim/", {"idempotency_key": key})
    assert response["Location"] == f"/permohonan/{application.pk}/bukti/"
    client.post(step + "kirim/", {"idempotency_key": key})  # the double click
    application.refresh_from_db()
    assert application.tracking_number
    receipt = client.get(f"/permohonan/{application.pk}/bukti/").content.decode()
    assert application.tracking_number in receipt
    assert application.pin in receipt
    pdf_response = client.get(f"/permohonan/{application.pk}/bukti.pdf")
    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response.content.startswith(b"%PDF-")


def test_a_bad_answer_is_shown_on_its_field_and_nothing_is_saved(client: Client) -> None:
    _as(client, "pemohon")
    application = draft_sia()
    response = client.post(f"/permohonan/{application.pk}/langkah/data/",
                           {"NAMA_APOTEK": "<script>alert(1)</script>",
                            "SEWA_MILIK_SENDIRI": "bukan pilihan"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    application.refresh_from_db()
    assert application.answers["NAMA_APOTEK"] == "Apotek Sehat Linggau"


def test_a_renamed_program_is_refused_with_the_requirement_named(client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    _as(client, "pemohon")
    application = draft_sia()
    response = client.post(f"/permohonan/{application.pk}/langkah/dokumen/",
                           {"requirement": "STRA",
                            "file": SimpleUploadedFile("stra.pdf", EXE)}, follow=True)
    html = response.content.decode()
    assert "Surat Tanda Registrasi Apoteker" in html
    assert application.documents.filter(requirement_code="STRA").count() == 1


def test_documents_are_served_to_the_applicant_and_the_office_only(client: Client) -> None:
    application = submitted_sia()
    document = application.documents.get(requirement_code="KTP")
    url = f"/permohonan/{application.pk}/dokumen/{document.pk}/"
    assert client.get(url).status_code == 302  # sign in first
    _as(client, "pemohon")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    _as(client, "teknis.pupr")  # SIA is reviewed by the health office only
    assert client.get(url).status_code == 404
    client.logout()
    _as(client, "petugas.fo")
    assert client.get(url).status_code == 200
    assert AuditRecord.objects.filter(action="application.document_view",
                                      object_id=str(application.pk)).exists()


def test_another_applicants_application_is_not_found(client: Client) -> None:
    from satupintu.accounts.models import UserKind

    application = submitted_sia()
    stranger = User.objects.create(username="pemohon.asing", tenant=application.tenant,
                                   kind=UserKind.APPLICANT)
    sign_in(client, stranger)
    for path in ["", "langkah/data/", "bukti/", "bukti.pdf"]:
        assert client.get(f"/permohonan/{application.pk}/{path}").status_code == 404, path


def test_the_front_office_registers_a_complete_file(client: Client) -> None:
    application = submitted_sia()
    _as(client, "petugas.fo")
    queue = client.get("/petugas/loket/").content.decode()
    assert application.tracking_number in queue
    page = client.get(f"/petugas/loket/berkas/{application.pk}/").content.decode()
    assert "Surat Tanda Registrasi Apoteker" in page
    case = application.case
    assert case is not None
    response = client.post(f"/petugas/loket/berkas/{application.pk}/tindakan/",
                           {"action": "register", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "verification"


def test_the_front_office_returns_a_file_citing_requirements(client: Client) -> None:
    application = submitted_sia()
    case = application.case
    assert case is not None
    _as(client, "petugas.fo")
    client.post(f"/petugas/loket/berkas/{application.pk}/tindakan/",
                {"action": "return_incomplete", "version": case.version, "cite": ["KTP"],
                 "note_KTP": "Foto KTP tidak terbaca"})
    case.refresh_from_db()
    assert case.state == "correction"
    client.logout()
    _as(client, "pemohon")
    page = client.get(f"/permohonan/{application.pk}/").content.decode()
    assert "Foto KTP tidak terbaca" in page


def test_a_clerk_acting_on_a_file_that_changed_is_told_so(client: Client) -> None:
    from satupintu.applications import services

    application = submitted_sia()
    case = application.case
    assert case is not None
    stale = case.version
    _as(client, "petugas.fo")
    # Meanwhile a colleague returned the file and the applicant sent it back: the same step,
    # a newer version.
    client.post(f"/petugas/loket/berkas/{application.pk}/tindakan/",
                {"action": "return_incomplete", "version": stale, "cite": ["STRA"]})
    case.refresh_from_db()
    services.application_resubmit(application=application,
                                  actor=User.objects.get(username="pemohon"),
                                  expected_version=case.version)
    response = client.post(f"/petugas/loket/berkas/{application.pk}/tindakan/",
                           {"action": "return_incomplete", "version": stale, "cite": ["KTP"],
                            "note_KTP": "Foto buram", "note": "Catatan umum"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "berubah" in html  # "Berkas ini telah berubah …"
    assert 'value="KTP" id="cite-KTP" checked' in html  # nothing the clerk entered is lost
    assert 'value="Foto buram"' in html
    assert "Catatan umum" in html
    case.refresh_from_db()
    assert (case.state, case.correction_rounds) == ("completeness_check", 1)


def test_officer_pages_refuse_applicants_and_other_roles(client: Client) -> None:
    application = submitted_sia()
    _as(client, "pemohon")
    assert client.get("/petugas/loket/").status_code == 403
    client.logout()
    _as(client, "teknis.dinkes")
    assert client.get(f"/petugas/loket/berkas/{application.pk}/").status_code == 403


def test_an_uploaded_path_name_is_refused_and_nothing_is_stored(client: Client) -> None:
    """A browser sending `filename="../../etc/passwd.pdf"`: refused, naming the requirement,
    though Django's parser would have cut the path off."""
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    from tests.applications.helpers import PDF

    _as(client, "pemohon")
    application = draft_sia()
    body = encode_multipart(BOUNDARY, {"requirement": "KTP"}).replace(
        f"--{BOUNDARY}--".encode(), b"")
    body += (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
             f'filename="../../etc/passwd.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
             ).encode() + PDF + f"\r\n--{BOUNDARY}--\r\n".encode()
    before = set(application.documents.values_list("pk", flat=True))
    response = client.generic("POST", f"/permohonan/{application.pk}/langkah/dokumen/", body,
                              content_type=MULTIPART_CONTENT)
    page = client.get(response["Location"]).content.decode()
    assert "Kartu Tanda Penduduk" in page  # the requirement is named in the message
    assert "nama berkas" in page.lower() or "file name" in page.lower()
    assert set(application.documents.values_list("pk", flat=True)) == before
