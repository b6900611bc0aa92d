"""The rejection letter (PDF) and the conditions an approval carries to the permit."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.test import Client

from satupintu.accounts.models import User, UserKind
from satupintu.applications.models import Application
from satupintu.applications.rejection import letter_number, rejection_letter
from satupintu.applications.selectors import permit_conditions
from satupintu.notifications.models import Channel, Notification
from satupintu.workflow.models import Case, EffectRun, EffectStatus
from satupintu.workflow.selectors import decision_conditions
from satupintu.workflow.tasks import run_effect
from tests.applications.helpers import llg, submitted_sia
from tests.personas import api_token, sign_in
from tests.workflow.helpers import act, start_case, through_review, user

pytestmark = pytest.mark.django_db

REASONS = "Lokasi apotek berada dalam radius 100 m dari apotek lain.\nDenah tidak sesuai."


def _case(application: Application) -> Case:
    assert application.case is not None
    return application.case


def _to_approval(application: Application, **recommendation: str) -> None:
    case = _case(application)
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    act(case, "teknis.dinkes", "recommend", **(recommendation or {"recommendation": "approve"}))
    act(case, "verifikator", "submit_for_approval")


def _rejected() -> Application:
    application = submitted_sia()
    _to_approval(application)
    act(_case(application), "kabid", "reject", reason=REASONS)
    application.refresh_from_db()
    return application


def _text(pdf: bytes) -> str:
    """The PDF's text (WeasyPrint compresses its streams), one line per line of the letter."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                         check=True)
    return " ".join(out.stdout.decode().split())


def _stranger() -> User:
    return User.objects.create(username="pemohon.asing", tenant=llg(), kind=UserKind.APPLICANT,
                               full_name="Pemohon Asing")


# --- the letter -------------------------------------------------------------------------------
def test_the_letter_number_comes_from_the_tracking_number() -> None:
    assert letter_number("LLG-2026-000123") == "503/000123/TLK/DPMPTSP/2026"
    assert letter_number("PGA-2025-000001") == "503/000001/TLK/DPMPTSP/2025"
    assert letter_number("IMPORT/77") == "503/IMPORT/77/TLK/DPMPTSP"


def test_the_applicant_downloads_the_letter_with_the_reasons(client: Client) -> None:
    application = _rejected()
    sign_in(client, user("pemohon"))
    page = client.get(f"/permohonan/{application.pk}/").content.decode()
    assert f'href="/permohonan/{application.pk}/surat-penolakan.pdf"' in page
    assert "Denah tidak sesuai." in page
    response = client.get(f"/permohonan/{application.pk}/surat-penolakan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    text = _text(response.content)
    number = letter_number(application.tracking_number or "")
    for expected in [
        "PEMERINTAH KOTA LUBUKLINGGAU", f"Nomor : {number}",
        "Penolakan Permohonan Surat Izin Apotek", "Sdr. Siti Aminah",
        "Jl. Yos Sudarso No. 12", str(application.tracking_number), "DITOLAK",
        "Lokasi apotek berada dalam radius 100 m dari apotek lain.", "Denah tidak sesuai.",
        "Peraturan Menteri Kesehatan Nomor 9 Tahun 2017 tentang Apotek",  # legal basis
        "http://127.0.0.1:8000/pengaduan/", "SP4N-LAPOR!",  # the right to object
        "KEPALA DPMPTSP", "H. Ahmad Fauzi, S.H., M.Si.",  # the head of office signs
    ]:
        assert expected in text, expected
    # The officer's name is not the applicant's business.
    assert "Yuliana" not in text


def test_the_letter_is_dated_on_the_regions_day_of_the_rejection() -> None:
    application = _rejected()
    step = _case(application).transitions.get(action="reject")
    # 18:30 UTC on 17 March is already 18 March in Lubuklinggau (WIB, UTC+7).
    type(step).objects.filter(pk=step.pk).update(
        at=dt.datetime(2026, 3, 17, 18, 30, tzinfo=dt.UTC))
    assert rejection_letter(application).date == dt.date(2026, 3, 18)


def test_there_is_no_letter_before_a_rejection(client: Client) -> None:
    application = submitted_sia()
    _to_approval(application)
    sign_in(client, user("pemohon"))
    assert client.get(f"/permohonan/{application.pk}/surat-penolakan.pdf").status_code == 404
    assert "surat-penolakan" not in client.get(f"/permohonan/{application.pk}/").content.decode()
    response = client.get(f"/api/v1/applications/{application.pk}/rejection-letter",
                          HTTP_AUTHORIZATION=f"Bearer {api_token(user('pemohon'))}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    # A withdrawal is not a rejection either.
    act(_case(application), "pemohon", "withdraw", reason="Tidak jadi")
    assert client.get(f"/permohonan/{application.pk}/surat-penolakan.pdf").status_code == 404


def test_who_may_open_the_letter(client: Client) -> None:
    application = _rejected()
    path = f"/permohonan/{application.pk}/surat-penolakan.pdf"
    anonymous = client.get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/masuk/")
    for username, status in [("petugas.fo", 200), ("kabid", 200), ("auditor", 200),
                             ("teknis.pupr", 404)]:  # PUPR does not review a pharmacy
        client.logout()
        sign_in(client, user(username))
        assert client.get(path).status_code == status, username
    client.logout()
    sign_in(client, _stranger())
    assert client.get(path).status_code == 404


def test_an_officer_finds_the_letter_on_the_file_page(client: Client) -> None:
    application = _rejected()
    sign_in(client, user("kabid"))
    page = client.get(f"/petugas/berkas/{_case(application).pk}/").content.decode()
    assert f'href="/permohonan/{application.pk}/surat-penolakan.pdf"' in page


def test_the_api_gives_the_same_letter(client: Client) -> None:
    application = _rejected()
    url = f"/api/v1/applications/{application.pk}/rejection-letter"
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {api_token(user('pemohon'))}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Denah tidak sesuai." in text
    assert letter_number(application.tracking_number or "") in text
    assert client.get(url).status_code == 401
    theirs = client.get(url, HTTP_AUTHORIZATION=f"Bearer {api_token(_stranger())}")
    assert theirs.status_code == 404
    officer = client.get(url, HTTP_AUTHORIZATION=f"Bearer {api_token(user('petugas.fo'))}")
    assert officer.status_code == 403


def test_the_rejection_email_says_where_the_letter_is() -> None:
    application = _rejected()
    for run in EffectRun.objects.filter(status=EffectStatus.PENDING).order_by("pk"):
        assert run_effect.call(run.pk) == "succeeded", run.last_error
    message = Notification.objects.filter(application=application, channel=Channel.EMAIL,
                                          event="rejected").get()
    url = f"http://127.0.0.1:8000/permohonan/{application.pk}/surat-penolakan.pdf"
    indonesian, english = message.body.split("\nEnglish\n")
    for part in (indonesian, english):
        assert url in part
        assert letter_number(application.tracking_number or "") in part
        assert "Denah tidak sesuai." in part


# --- conditions carried to the permit ---------------------------------------------------------
def test_the_conditions_are_the_latest_approving_recommendation_of_each_agency() -> None:
    case = through_review(start_case())  # DINKES approves, PUPR with conditions
    act(case, "verifikator", "submit_for_approval")
    assert [(c.agency.code, c.text) for c in decision_conditions(case)] == [
        ("PUPR", "Papan nama dipasang sesuai desain")]
    # Sent back: each agency recommends afresh and only the new round counts.
    act(case, "kabid", "send_back_to_review", reason="Perlu kajian ulang")
    assert decision_conditions(case) == []
    act(case, "teknis.dinkes", "recommend", recommendation="approve_with_conditions",
        conditions="Apoteker penanggung jawab hadir pada jam buka")
    act(case, "teknis.pupr", "recommend", recommendation="approve")
    assert [(c.agency.code, c.text) for c in decision_conditions(case)] == [
        ("DINKES", "Apoteker penanggung jawab hadir pada jam buka")]


def test_a_rejecting_recommendation_carries_no_conditions_to_a_permit() -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    act(case, "teknis.dinkes", "recommend", recommendation="reject", reason="Tidak layak",
        conditions="Kalau pun disetujui: renovasi")
    act(case, "teknis.pupr", "recommend", recommendation="approve_with_conditions",
        conditions="Papan nama")
    assert [c.agency.code for c in decision_conditions(case)] == ["PUPR"]


def test_the_applicant_sees_the_conditions_once_approved(client: Client) -> None:
    application = submitted_sia()
    _to_approval(application, recommendation="approve_with_conditions",
                 conditions="Papan nama apotek dipasang sebelum beroperasi")
    sign_in(client, user("pemohon"))
    detail = f"/permohonan/{application.pk}/"
    assert permit_conditions(application) == []  # a recommendation is not yet a decision
    assert "Papan nama apotek" not in client.get(detail).content.decode()
    # The approver sees what the permit will carry in the brief.
    officer = Client()
    sign_in(officer, user("kabid"))
    brief = officer.get(f"/petugas/berkas/{_case(application).pk}/").content.decode()
    assert 'class="mb-2 permit-conditions"' in brief
    act(_case(application), "kabid", "approve")
    assert [c.text for c in permit_conditions(application)] == [
        "Papan nama apotek dipasang sebelum beroperasi"]
    page = client.get(detail).content.decode()
    assert "Persyaratan/ketentuan izin" in page
    assert "Papan nama apotek dipasang sebelum beroperasi" in page
    act(_case(application), "kadis", "sign")
    act(_case(application), "petugas.fo", "hand_over")
    assert len(permit_conditions(application)) == 1  # and stays with the issued permit
