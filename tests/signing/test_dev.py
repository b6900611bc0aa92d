"""The development signer: a PKI generated into the data directory, PAdES B-T signatures."""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import find_unique_cms_attribute
from pyhanko.sign.validation.status import SignatureCoverageLevel

from satupintu.signing import dev, pki
from satupintu.signing.base import STAMP_HEADING, SignerProfile, VisibleBox
from satupintu.signing.config import config_problems, trust_roots
from satupintu.signing.dev import DevSigner
from satupintu.signing.errors import DocumentNotSignable, SignerMisconfigured, WrongPassphrase
from satupintu.signing.loop import outside_event_loop
from satupintu.signing.validation import validate_pdf
from tests.signing.conftest import KADIS, PASSPHRASE, DevPki, pyhanko_statuses, sign_kwargs


def _certificate(signed: bytes, index: int = 0) -> x509.Certificate:
    embedded = PdfFileReader(BytesIO(signed)).embedded_signatures[index]
    return x509.load_der_x509_certificate(embedded.signer_cert.dump())


def _shown(appearance: bytes) -> str:
    """The text of an appearance stream, PDF string escapes (\\054 for ",") undone."""
    unescaped = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), appearance)
    return unescaped.decode("latin-1")


def _tree(directory: Path) -> dict[str, tuple[int, int]]:
    """Every file under `directory` with its inode and modification time."""
    if not directory.exists():
        return {}
    return {str(path.relative_to(directory)): (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in directory.rglob("*")}


# --- signatures -----------------------------------------------------------------------------
def test_a_dev_signature_is_intact_trusted_and_timestamped(dev_pki: DevPki, settings: Any) -> None:
    # With no roots given, validate_pdf trusts the development root of the data directory.
    settings.DATA_DIR = dev_pki.directory.parent
    result = validate_pdf(dev_pki.signed)
    assert (result.signed, result.intact, result.trusted, result.valid) == (True,) * 4
    assert result.timestamp_ok
    assert result.error == ""
    assert result.signer_name == KADIS.name
    assert result.signed_at is not None
    assert timedelta(0) <= datetime.now(UTC) - result.signed_at < timedelta(minutes=10)


def test_pyhanko_itself_validates_it_against_the_dev_root(dev_pki: DevPki) -> None:
    [status] = pyhanko_statuses(dev_pki.signed, [dev_pki.root])
    assert status.bottom_line
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.modification_level == ModificationLevel.NONE
    stamp = status.timestamp_validity
    assert stamp is not None
    assert stamp.intact
    assert stamp.valid
    assert stamp.trusted
    anchor = status.validation_path.trust_anchor.authority.name.human_friendly
    assert pki.ROOT_NAME in anchor


def test_pyhanko_does_not_trust_it_without_the_dev_root(dev_pki: DevPki) -> None:
    [status] = pyhanko_statuses(dev_pki.signed, [])
    assert status.intact
    assert status.valid
    assert not status.trusted
    assert not status.bottom_line


def test_it_is_a_pades_signature_by_an_rsa_2048_sha256_certificate(dev_pki: DevPki) -> None:
    embedded = PdfFileReader(BytesIO(dev_pki.signed)).embedded_signatures[0]
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert embedded.md_algorithm == "sha256"
    certificate = _certificate(dev_pki.signed)
    key = certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    assert key.key_size >= 2048
    assert isinstance(certificate.signature_hash_algorithm, hashes.SHA256)
    certificate.verify_directly_issued_by(dev_pki.root)
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment
    assert not usage.key_cert_sign
    assert certificate.subject.rfc4514_string().startswith(f"C=ID,O={KADIS.organisation}")
    # The signature timestamp (PAdES B-T) is embedded in the signature itself.
    token = find_unique_cms_attribute(embedded.signer_info["unsigned_attrs"],
                                      "signature_time_stamp_token")
    assert token["content_type"].native == "signed_data"


@pytest.mark.parametrize(("page", "index"), [(1, 0), (2, 1), (-1, 1), (-2, 0)])
def test_the_visible_block_is_on_the_chosen_page(dev_pki: DevPki, two_page_pdf: bytes,
                                                  page: int, index: int) -> None:
    box = VisibleBox(page=page, x=300, y=50, width=240, height=100)
    signed = dev_pki.signer().sign(two_page_pdf, passphrase=PASSPHRASE,
                                   **sign_kwargs(field=box))
    reader = PdfFileReader(BytesIO(signed))
    field = reader.embedded_signatures[0].sig_field
    assert [int(v) for v in field["/Rect"]] == [300, 50, 540, 150]
    assert int(field["/F"]) & 0b110 == 0b100  # printed, not hidden
    pages = [ref.get_object() for ref in reader.root["/Pages"]["/Kids"]]
    annotations = [[a.get_object() for a in p.get("/Annots", [])] for p in pages]
    assert field in annotations[index]
    assert field not in annotations[1 - index]
    shown = _shown(field["/AP"]["/N"].data)
    assert f"({STAMP_HEADING}) Tj T* ({KADIS.name}) Tj T* ({KADIS.title}) Tj" in shown
    assert validate_pdf(signed, trust_roots=[dev_pki.root]).valid


def test_a_page_that_is_not_there_is_refused(dev_pki: DevPki, pdf: bytes) -> None:
    with pytest.raises(DocumentNotSignable):
        dev_pki.signer().sign(pdf, passphrase=PASSPHRASE,
                              **sign_kwargs(field=VisibleBox(page=3, x=1, y=1, width=9, height=9)))


@pytest.mark.parametrize("data", [b"", b"hello", b"%PDF-1.7\nnot really\n%%EOF\n"])
def test_what_is_not_a_pdf_is_refused(dev_pki: DevPki, data: bytes) -> None:
    with pytest.raises(DocumentNotSignable):
        dev_pki.signer().sign(data, passphrase=PASSPHRASE, **sign_kwargs())


def test_names_outside_latin_1_are_folded_in_the_block(dev_pki: DevPki, pdf: bytes) -> None:
    profile = SignerProfile(key="noman", name="Dr. Ñoman Şukri", title="Kepala Dinas",
                            organisation=KADIS.organisation)
    signed = DevSigner(profile, directory=dev_pki.directory).sign(
        pdf, passphrase=PASSPHRASE, **sign_kwargs())
    field = PdfFileReader(BytesIO(signed)).embedded_signatures[0].sig_field
    assert "(Dr. Ñoman Sukri)" in _shown(field["/AP"]["/N"].data)
    # The certificate keeps the name as written.
    assert _certificate(signed).subject.get_attributes_for_oid(
        x509.NameOID.COMMON_NAME)[0].value == "Dr. Ñoman Şukri"
    assert validate_pdf(signed, trust_roots=[dev_pki.root]).valid


def test_later_signatures_reuse_the_learnt_reservation(dev_pki: DevPki, pdf: bytes,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    reserved: list[int | None] = []
    original = signers.PdfSigner.sign_pdf

    def spy(self: signers.PdfSigner, *args: Any, **kwargs: Any) -> Any:
        reserved.append(kwargs.get("bytes_reserved"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(signers.PdfSigner, "sign_pdf", spy)
    signer = dev_pki.signer()
    for _ in range(3):
        signed = signer.sign(pdf, passphrase=PASSPHRASE, **sign_kwargs())
        assert validate_pdf(signed, trust_roots=[dev_pki.root]).valid
    # The first one lets pyHanko estimate; the others sign in one pass with what it learnt.
    first, learnt, *rest = reserved
    assert first is None
    assert learnt is not None
    assert rest == [learnt]

    # A reservation that turns out too small costs a second pass, not a failure.
    kept, _ = signer._unlocked(PASSPHRASE)
    kept.reserve = 64
    reserved.clear()
    signed = signer.sign(pdf, passphrase=PASSPHRASE, **sign_kwargs())
    assert reserved == [64, None]
    assert validate_pdf(signed, trust_roots=[dev_pki.root]).valid
    assert kept.reserve is not None
    assert abs(kept.reserve - learnt) < 64


# --- the PKI in the data directory ----------------------------------------------------------
def test_the_pki_is_generated_privately_into_the_data_directory_once(
        tmp_path: Path, settings: Any, pdf: bytes, dev_pki: DevPki) -> None:
    settings.DATA_DIR = tmp_path / "data"
    in_repository = Path(settings.BASE_DIR) / "var" / "pki"
    before = _tree(in_repository)
    umask = os.umask(0)  # the modes must not depend on a careful umask
    try:
        first = DevSigner(KADIS).sign(pdf, passphrase=PASSPHRASE, **sign_kwargs())
    finally:
        os.umask(umask)

    directory = tmp_path / "data" / "pki"
    keys = {"root-ca.key", "tsa.key", f"signers/{KADIS.key}.key"}
    certificates = {"root-ca.pem", "tsa.pem", f"signers/{KADIS.key}.pem"}
    files = {name for name in _tree(directory) if not name.startswith(".")} - {"signers"}
    assert files == keys | certificates
    for name in keys | certificates | {".lock"}:
        assert (directory / name).stat().st_mode & 0o777 == 0o600, name
    for folder in (directory, directory / "signers"):
        assert folder.stat().st_mode & 0o777 == 0o700
    # The signer's key is encrypted with their passphrase; the CA's works unattended.
    signer_key = (directory / "signers" / f"{KADIS.key}.key").read_bytes()
    assert signer_key.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert _tree(in_repository) == before
    assert validate_pdf(first).valid  # the root of this data directory is the one trusted
    assert not validate_pdf(dev_pki.signed).trusted  # another installation's root is not

    # A new process (empty caches) reuses what is there.
    files_before = _tree(directory)
    root = pki.load_certificate(directory / "root-ca.pem")
    pki._authorities.clear()
    dev._timestampers.clear()
    second = DevSigner(KADIS).sign(pdf, passphrase=PASSPHRASE, **sign_kwargs())
    assert _tree(directory) == files_before
    assert (pki.load_certificate(directory / "root-ca.pem").fingerprint(hashes.SHA256())
            == root.fingerprint(hashes.SHA256()))
    assert _certificate(second) == _certificate(first)
    assert validate_pdf(second).valid


def test_a_damaged_pki_is_a_configuration_error(dev_pki: DevPki, pdf: bytes,
                                                tmp_path: Path) -> None:
    directory = tmp_path / "pki"
    shutil.copytree(dev_pki.directory, directory)
    (directory / "root-ca.key").unlink()
    newcomer = SignerProfile(key="sekda", name="Ahmad", title="Sekda", organisation="Pemkot")
    with pytest.raises(SignerMisconfigured):
        DevSigner(newcomer, directory=directory).sign(pdf, passphrase="x" * 8,
                                                      **sign_kwargs())
    # Enrolled signers do not need the CA key.
    signed = DevSigner(KADIS, directory=directory).sign(pdf, passphrase=PASSPHRASE,
                                                        **sign_kwargs())
    assert validate_pdf(signed, trust_roots=[dev_pki.root]).valid


# --- passphrases ----------------------------------------------------------------------------
def test_a_wrong_passphrase_is_refused_and_nothing_is_signed(dev_pki: DevPki,
                                                             pdf: bytes) -> None:
    before = _tree(dev_pki.directory)
    signer = dev_pki.signer()
    for wrong in ("salah", "", PASSPHRASE.upper(), PASSPHRASE + " "):
        with pytest.raises(WrongPassphrase):
            signer.sign(pdf, passphrase=wrong, **sign_kwargs())
        with pytest.raises(WrongPassphrase):
            signer.unlock(passphrase=wrong)
    # Also once the right one has unlocked the key and it is kept in memory.
    signer.unlock(passphrase=PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        signer.sign(pdf, passphrase="salah", **sign_kwargs())
    assert _tree(dev_pki.directory) == before


def test_the_first_signature_enrols_the_signer_with_their_passphrase(
        dev_pki: DevPki, pdf: bytes, tmp_path: Path) -> None:
    directory = tmp_path / "pki"
    shutil.copytree(dev_pki.directory, directory)
    newcomer = SignerProfile(key="sekda", name="Ahmad Fauzi", title="Sekretaris Daerah",
                             organisation="Pemerintah Kota Lubuklinggau")
    signer = DevSigner(newcomer, directory=directory)
    signed = signer.sign(pdf, passphrase="pilihan-ahmad", **sign_kwargs())
    result = validate_pdf(signed, trust_roots=[dev_pki.root])
    assert result.valid
    assert result.signer_name == "Ahmad Fauzi"
    with pytest.raises(WrongPassphrase):
        signer.sign(pdf, passphrase=PASSPHRASE, **sign_kwargs())


# --- production -----------------------------------------------------------------------------
def test_production_refuses_the_dev_signer_and_its_root(dev_pki: DevPki, pdf: bytes,
                                                        settings: Any, tmp_path: Path) -> None:
    settings.PRODUCTION = True
    settings.DATA_DIR = tmp_path
    with pytest.raises(SignerMisconfigured):
        DevSigner(KADIS).sign(pdf, passphrase=PASSPHRASE, **sign_kwargs())
    assert not (tmp_path / "pki").exists()
    assert any("SATUPINTU_SIGNER=dev" in problem for problem in config_problems())

    # Whatever the backend, production never trusts a root made on this machine.
    settings.DATA_DIR = dev_pki.directory.parent
    assert trust_roots() == []
    result = validate_pdf(dev_pki.signed)
    assert result.intact
    assert not result.trusted
    assert not result.valid


def test_it_signs_and_validates_from_a_thread_running_an_event_loop(dev_pki: DevPki,
                                                                    pdf: bytes) -> None:
    # An ASGI view or a Playwright-driven test calls in with a loop running: pyHanko's own
    # event loop must not collide with it.
    import asyncio

    async def inside_a_loop() -> tuple[bytes, Any]:
        signed = dev_pki.signer().sign(pdf, passphrase=PASSPHRASE, **sign_kwargs())
        return signed, validate_pdf(signed, trust_roots=[dev_pki.root])

    # A thread of its own, whose loop is this test's (the main thread's may be Playwright's).
    signed, result = outside_event_loop(lambda: asyncio.run(inside_a_loop()))
    assert result.valid
    assert result.trusted
    assert validate_pdf(signed, trust_roots=[dev_pki.root]).intact
