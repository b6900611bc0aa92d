"""Issuing: approve → sign, the signed PDF, numbering without gaps, failures, batch, correction.

Real components throughout: the development signer in a temporary data directory, WeasyPrint,
pyHanko validation, poppler's pdftoppm and zxing-cpp for the QR code.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from satupintu.audit.models import AuditRecord
from satupintu.core.errors import Conflict, PermissionDenied, ValidationFailed
from satupintu.issuance.document import valid_until
from satupintu.issuance.models import AttemptOutcome, Permit, PermitSequence, SigningAttempt
from satupintu.issuance.services import permit_correct, permit_sign, permits_sign_batch
from satupintu.issuance.status import permit_status
from satupintu.signing.errors import SignerUnavailable, WrongPassphrase
from satupintu.signing.validation import sha256, validate_pdf
from satupintu.tenants.selectors import one_stop_agency
from tests.issuance.issue_helpers import (
    PASSPHRASE,
    _signing_data_dir,  # noqa: F401  (a fixture)
    awaiting_signature,
    case_of,
    kadis,
    signing_dir,  # noqa: F401  (a fixture)
    stored_bytes,
)
from tests.workflow.helpers import user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signing_dir")]


def _sign(application: Any, passphrase: str = PASSPHRASE) -> Permit:
    case = case_of(application)
    return permit_sign(case=case, actor=kadis(), passphrase=passphrase,
                       expected_version=case.version)


def _sequence_last(year: int) -> int:
    row = PermitSequence.objects.filter(tenant__code="llg", year=year).first()
    return row.last if row else 0


def test_approve_then_sign_issues_a_valid_signed_permit() -> None:
    application = awaiting_signature()
    permit = _sign(application)
    case = case_of(application)
    assert case.state == "issued"
    data = stored_bytes(permit)
    assert data.startswith(b"%PDF-")
    assert sha256(data) == permit.sha256
    assert len(data) == permit.size
    result = validate_pdf(data)
    assert result.valid, result
    assert result.timestamp_ok, result
    assert result.signer_name == kadis().get_full_name()
    # The register row says what the document says.
    assert permit.number == f"503/{permit.seq:04d}/SIA/DPMPTSP/{permit.year}"
    assert permit.holder_name
    assert permit.title == application.variant.output
    assert "papan nama" in permit.conditions
    assert permit.signer == kadis()
    assert permit.on_behalf_of is None
    assert permit.valid_from == permit.issued_at.date() or permit.valid_from
    assert permit.valid_until == valid_until(permit.valid_from,
                                             application.variant.validity_months)
    assert permit_status(permit, permit.valid_from).value == "valid"
    attempt = SigningAttempt.objects.get(case=case)
    assert attempt.outcome == AttemptOutcome.SIGNED
    assert attempt.permit == permit
    assert AuditRecord.objects.filter(action="issuance.sign", object_id=str(permit.pk)).exists()
    assert case.transitions.filter(action="sign", actor=kadis()).exists()
    # One altered byte: no longer intact.
    middle = len(data) // 3
    altered = data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]
    assert sha256(altered) != permit.sha256
    assert not validate_pdf(altered).valid
    text = _text(data)
    assert permit.number in text
    assert "TENTANG" in text
    assert permit.token in text
    assert "Syarat dari DINKES" in text


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                         check=True)
    return " ".join(out.stdout.decode().split())


def test_the_qr_code_on_page_one_decodes_to_the_verification_url(tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    permit = _sign(awaiting_signature())
    pdf = tmp_path / "izin.pdf"
    pdf.write_bytes(stored_bytes(permit))
    dpi = 150
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(pdf),
                    str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    found = [r for r in zxingcpp.read_barcodes(Image.open(page))
             if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert [r.text for r in found] == [
        f"{settings.SATUPINTU_PUBLIC_URL.rstrip('/')}/verifikasi/{permit.token}"]
    position = found[0].position
    width_px = max(abs(position.top_right.x - position.top_left.x),
                   abs(position.bottom_right.x - position.bottom_left.x))
    # zxing reports the symbol without its quiet zone: that alone must be ≥ 25 mm wide.
    assert width_px / dpi * 25.4 >= 25, width_px


def test_a_wrong_passphrase_takes_no_number_and_is_recorded() -> None:
    application = awaiting_signature()
    case = case_of(application)
    year_before = {y: _sequence_last(y) for y in (2026, 2027)}
    with pytest.raises(WrongPassphrase) as caught:
        _sign(application, "salah-kata-sandi")
    assert caught.value.http_status == 422
    assert str(caught.value.message)
    assert {y: _sequence_last(y) for y in (2026, 2027)} == year_before
    assert case_of(application).state == "signing"
    assert not Permit.objects.filter(application=application).exists()
    attempt = SigningAttempt.objects.get(case=case)
    assert attempt.outcome == AttemptOutcome.WRONG_PASSPHRASE
    assert attempt.error_code == "wrong_passphrase"
    audit = AuditRecord.objects.get(action="issuance.sign_failed", object_id=str(case.pk))
    assert "salah" not in str(audit.after)  # the passphrase is never recorded
    # The next number goes to the next permit actually signed: no gap.
    permit = _sign(application)
    assert permit.seq == year_before[permit.year] + 1


def test_an_unavailable_remote_signer_leaves_the_file_awaiting_signature(
        monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    from satupintu.issuance import services
    from satupintu.signing import remote

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SATUPINTU_SIGNER = "remote"
    settings.SATUPINTU_SIGNER_REMOTE_URL = f"http://127.0.0.1:{port}"
    settings.SATUPINTU_SIGNER_REMOTE_TIMEOUT = 2
    # BSrE knows the signing official by the NIK kept on their officer account.
    signer = kadis()
    signer.officer_nik = "1673012345670001"
    signer.save(update_fields=["officer_nik"])
    assert services.signer_profile(signer, services.signatory_for(
        signer, one_stop_agency(tenant=signer.tenant)), signer.tenant).nik == "1673012345670001"
    assert remote  # the real HTTP adapter is what fails here
    application = awaiting_signature()
    before = _sequence_last(2026), _sequence_last(2027)
    with pytest.raises(SignerUnavailable):
        _sign(application)
    case = case_of(application)
    assert case.state == "signing"
    assert (_sequence_last(2026), _sequence_last(2027)) == before
    attempt = SigningAttempt.objects.get(case=case)
    assert attempt.outcome == AttemptOutcome.UNAVAILABLE
    assert AuditRecord.objects.filter(action="issuance.sign_failed",
                                      object_id=str(case.pk)).exists()


def test_only_the_signer_signs_and_only_files_awaiting_signature() -> None:
    application = awaiting_signature()
    case = case_of(application)
    with pytest.raises(PermissionDenied):
        permit_sign(case=case, actor=user("kabid"), passphrase=PASSPHRASE,
                    expected_version=case.version)
    with pytest.raises(Conflict):
        permit_sign(case=case, actor=kadis(), passphrase=PASSPHRASE,
                    expected_version=case.version - 1)
    _sign(application)
    with pytest.raises(Conflict):
        _sign(application)
    assert Permit.objects.filter(application=application).count() == 1


def test_batch_signing_signs_each_file_in_its_own_transaction() -> None:
    first, second, third = (awaiting_signature() for _ in range(3))
    stale = case_of(second)
    results = permits_sign_batch(
        cases=[(case_of(first), case_of(first).version), (stale, stale.version - 1),
               (case_of(third), case_of(third).version)], actor=kadis(), passphrase=PASSPHRASE)
    assert [bool(r.permit) for r in results] == [True, False, True]
    assert results[1].error is not None
    assert results[1].error.code == "stale"
    assert results[2].permit is not None
    assert results[0].permit is not None
    assert results[2].permit.seq == results[0].permit.seq + 1  # the stale one took no number
    wrong = permits_sign_batch(cases=[(case_of(second), case_of(second).version),
                                      (case_of(second), case_of(second).version)],
                               actor=kadis(), passphrase="salah")
    assert wrong[0].error is not None
    assert wrong[0].error.code == "wrong_passphrase"
    assert wrong[1].skipped


def test_a_correction_supersedes_the_old_permit_under_a_new_number() -> None:
    application = awaiting_signature()
    old = _sign(application)
    with pytest.raises(ValidationFailed):
        permit_correct(permit=old, actor=kadis(), passphrase=PASSPHRASE, reason=" ")
    new = permit_correct(permit=old, actor=kadis(), passphrase=PASSPHRASE,
                         reason="Salah ketik nama apotek")
    old.refresh_from_db()
    assert new.supersedes == old
    assert new.number != old.number
    assert new.seq == old.seq + 1
    assert (new.valid_from, new.valid_until) == (old.valid_from, old.valid_until)
    assert permit_status(old, old.valid_from).value == "superseded"
    assert permit_status(new, new.valid_from).value == "valid"
    assert validate_pdf(stored_bytes(new)).valid
    assert AuditRecord.objects.filter(action="issuance.correct", object_id=str(new.pk)).exists()
    with pytest.raises(Conflict):
        permit_correct(permit=old, actor=kadis(), passphrase=PASSPHRASE, reason="lagi")


def test_a_stand_in_signs_as_plh_in_the_principals_position() -> None:
    import datetime as dt

    from satupintu.accounts.models import DelegationKind, Role
    from satupintu.accounts.officers import delegation_create
    from satupintu.tenants.selectors import one_stop_agency
    from tests.issuance.issue_helpers import enrol

    kabid = user("kabid")
    office = one_stop_agency(tenant=kabid.tenant)  # type: ignore[arg-type]
    today = dt.date.today()
    delegation_create(principal=kadis(), actor=kadis(), substitute=kabid, agency=office,
                      role=Role.SIGNER, kind=DelegationKind.PLH, starts_on=today,
                      ends_on=today + dt.timedelta(days=3), reason="Dinas luar",
                      letter_number="800/1/2026")
    enrol(kabid, "Kata-Sandi-Plh-2026")
    application = awaiting_signature()
    case = case_of(application)
    permit = permit_sign(case=case, actor=kabid, passphrase="Kata-Sandi-Plh-2026",
                         expected_version=case.version)
    assert permit.signer_position.startswith("Plh. ")
    assert permit.on_behalf_of == kadis()
    assert "PLH. " in _text(stored_bytes(permit)).upper()


# --- numbers under concurrency ----------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_parallel_issuers_get_numbers_one_to_n_without_gaps(settings: Any) -> None:
    """N signers' requests at once (several threads, each its own connection): every permit
    gets a number, the numbers are exactly 1..N, and the sequence row says N."""
    from satupintu.issuance.numbering import take_sequence  # noqa: F401  (the code under test)

    count = 5
    applications = [awaiting_signature() for _ in range(count)]
    PermitSequence.objects.all().delete()  # the demo's own issued permits, if any
    Permit.objects.all().update()  # nothing else changes: numbers are counted afresh per year
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def issue(application: Any) -> None:
        try:
            barrier.wait()
            _sign(application)
            outcomes.append("ok")
        except BaseException as exc:
            outcomes.append(repr(exc))
        finally:
            connection.close()

    existing = set(Permit.objects.values_list("pk", flat=True))
    threads = [threading.Thread(target=issue, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["ok"] * count
    fresh = Permit.objects.exclude(pk__in=existing)
    years = set(fresh.values_list("year", flat=True))
    assert len(years) == 1
    year = years.pop()
    assert sorted(fresh.values_list("seq", flat=True)) == list(range(1, count + 1))
    assert PermitSequence.objects.get(tenant__code="llg", year=year).last == count
    assert len(set(fresh.values_list("number", flat=True))) == count


def test_validity_runs_to_the_day_before_the_same_date_months_later() -> None:
    import datetime as dt

    assert valid_until(dt.date(2026, 3, 1), 12) == dt.date(2027, 2, 28)
    assert valid_until(dt.date(2026, 11, 28), 60) == dt.date(2031, 11, 27)
    assert valid_until(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 27)
    assert valid_until(dt.date(2026, 1, 31), None) is None


def test_a_failure_after_the_file_is_stored_leaves_no_file_and_no_number(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from satupintu.issuance import services

    def files() -> set[Path]:
        root = Path(default_storage.path("permits"))
        return set(root.rglob("*.pdf")) if root.exists() else set()

    def broken_workflow(**kwargs: Any) -> None:
        raise Conflict("the file moved on")

    application = awaiting_signature()
    before, last = files(), (_sequence_last(2026), _sequence_last(2027))
    monkeypatch.setattr(services, "case_perform", broken_workflow)
    with pytest.raises(Conflict):
        _sign(application)
    assert files() == before
    assert (_sequence_last(2026), _sequence_last(2027)) == last
    assert not Permit.objects.filter(application=application).exists()


def test_a_storage_fault_is_recorded_on_the_file_and_takes_no_number(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Not a signing error: the disk is full. The officer gets a clear message, the register
    # an explainable failed attempt, and nothing is numbered.
    from satupintu.issuance import services
    from satupintu.issuance.services import IssuanceFailed

    def full_disk(*args: Any, **kwargs: Any) -> str:
        raise OSError(28, "No space left on device")

    application = awaiting_signature()
    last = (_sequence_last(2026), _sequence_last(2027))
    monkeypatch.setattr(services.default_storage, "save", full_disk)
    with pytest.raises(IssuanceFailed):
        _sign(application)
    assert (_sequence_last(2026), _sequence_last(2027)) == last
    attempt = SigningAttempt.objects.get(case=case_of(application))
    assert attempt.outcome == AttemptOutcome.FAILED
    assert attempt.error_code == "issuance_failed"
    assert "No space" not in attempt.message  # technical detail stays in the log
    assert case_of(application).state == "signing"


def test_templates_load_no_files_or_urls_only_data_urls() -> None:
    from satupintu.issuance.document import render_html, render_pdf, sample_context

    context = {**sample_context(), "preview": False}
    html = render_html(
        '<html><body><img src="{{ permit.qr }}" style="width:30mm">'
        '<img src="file:///etc/hostname"><a rel="attachment" href="file:///etc/passwd">x</a>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></body></html>', context)
    pdf = render_pdf(html, context).pdf
    assert b"root:" not in pdf
    assert b"/EmbeddedFile" not in pdf


def test_the_qr_code_leads_to_valid_then_revoked_for_the_signed_file(
        tmp_path: Path, client: Any) -> None:
    # The whole chain a bank clerk follows: scan the QR code of the signed PDF, open the URL,
    # upload the PDF; after the office revokes the permit, the same steps say revoked.
    import zxingcpp
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from satupintu.issuance.lifecycle import permit_revoke

    permit = _sign(awaiting_signature())
    data = stored_bytes(permit)
    (tmp_path / "izin.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png",
                    str(tmp_path / "izin.pdf"), str(tmp_path / "page")], check=True)
    [url] = [r.text for r in zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("page*.png"))))]
    path = url.removeprefix(settings.SATUPINTU_PUBLIC_URL.rstrip("/"))
    token = path.rsplit("/", 1)[1]

    def api() -> dict[str, Any]:
        response = client.get(f"/api/v1/verify/{token}")
        assert response.status_code == 200
        body: dict[str, Any] = response.json()
        return body

    def upload() -> dict[str, Any]:
        response = client.post("/api/v1/verify/document",
                               {"file": SimpleUploadedFile("izin.pdf", data, "application/pdf")})
        assert response.status_code == 200
        body: dict[str, Any] = response.json()
        return body

    assert client.get(path).status_code == 200
    assert api()["status"] == "valid"
    assert api()["signature_valid"] is True
    assert api()["number"] == permit.number
    assert upload() == {"matches_register": True, "signature_valid": True, "status": "valid",
                        "number": permit.number}

    permit_revoke(permit=permit, actor=kadis(), reason="Persyaratan ternyata tidak sah.")
    assert api()["status"] == "revoked"
    assert upload()["status"] == "revoked"
    assert "Persyaratan ternyata tidak sah." in client.get(path).content.decode()


@pytest.mark.parametrize("html", [
    "<p>{% url 'verification:index' %}</p>",  # routes are not the template's business
    "<p>{% lorem 100000000 w %}</p>",  # nor gigabytes of filler
    "<p>{% include 'base.html' %}</p>",
])
def test_an_administrators_template_with_unsafe_tags_is_refused(html: str) -> None:
    from satupintu.issuance.services import check_template

    with pytest.raises(ValidationFailed):
        check_template(html)
