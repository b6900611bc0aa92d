"""The PKCS#12 signer: one .p12 file per signer, unlocked by their passphrase."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader

from satupintu.signing.base import SignerProfile
from satupintu.signing.config import signer_for
from satupintu.signing.errors import (
    SignerMisconfigured,
    SignerNotRegistered,
    WrongPassphrase,
)
from satupintu.signing.pkcs12 import Pkcs12Signer, pkcs12_path
from satupintu.signing.validation import validate_pdf
from tests.signing.certs import new_signer, p12
from tests.signing.conftest import (
    P12_PASSPHRASE,
    SITI,
    DevPki,
    IndependentCa,
    pyhanko_statuses,
    sign_kwargs,
)


@pytest.fixture
def p12_dir(tmp_path: Path, test_ca: IndependentCa) -> Path:
    (tmp_path / "siti.p12").write_bytes(p12(test_ca.signer, test_ca.root, P12_PASSPHRASE))
    return tmp_path


def test_a_pkcs12_signature_validates_against_its_ca(p12_dir: Path, pdf: bytes,
                                                     test_ca: IndependentCa) -> None:
    signed = Pkcs12Signer(SITI, p12_dir / "siti.p12").sign(pdf, passphrase=P12_PASSPHRASE,
                                                           **sign_kwargs())
    result = validate_pdf(signed, trust_roots=[test_ca.root.certificate])
    assert result.valid
    assert result.intact
    assert result.trusted
    assert result.signer_name == "Siti Aminah"
    assert not result.timestamp_ok  # PAdES B-B: no timestamp authority with this backend
    [status] = pyhanko_statuses(signed, [test_ca.root.certificate])
    assert status.bottom_line
    embedded = PdfFileReader(BytesIO(signed)).embedded_signatures[0]
    assert (x509.load_der_x509_certificate(embedded.signer_cert.dump())
            == test_ca.signer.certificate)
    # The issuing CA from the file travels with the signature.
    embedded_certificates = {choice.chosen.dump()
                             for choice in embedded.signed_data["certificates"]}
    assert (test_ca.root.certificate.public_bytes(serialization.Encoding.DER)
            in embedded_certificates)


def test_it_is_not_trusted_against_another_root(p12_dir: Path, pdf: bytes,
                                                dev_pki: DevPki) -> None:
    signed = Pkcs12Signer(SITI, p12_dir / "siti.p12").sign(pdf, passphrase=P12_PASSPHRASE,
                                                           **sign_kwargs())
    result = validate_pdf(signed, trust_roots=[dev_pki.root])
    assert result.intact
    assert not result.trusted
    assert not result.valid


def test_an_ec_key_signs_too(tmp_path: Path, pdf: bytes, test_ca: IndependentCa) -> None:
    signer = new_signer(test_ca.root, "Siti Aminah (EC)", ec.generate_private_key(ec.SECP256R1()))
    (tmp_path / "siti.p12").write_bytes(p12(signer, test_ca.root, "ec-pass"))
    signed = Pkcs12Signer(SITI, tmp_path / "siti.p12").sign(pdf, passphrase="ec-pass",
                                                            **sign_kwargs())
    result = validate_pdf(signed, trust_roots=[test_ca.root.certificate])
    assert result.valid
    assert result.signer_name == "Siti Aminah (EC)"


def test_the_configured_directory_is_used(p12_dir: Path, pdf: bytes, settings: Any,
                                          test_ca: IndependentCa) -> None:
    settings.SATUPINTU_SIGNER = "pkcs12"
    settings.SATUPINTU_SIGNER_PKCS12_DIR = str(p12_dir)
    settings.SATUPINTU_SIGNING_TRUST_ROOTS = [str(p12_dir / "ca.pem")]
    (p12_dir / "ca.pem").write_bytes(
        test_ca.root.certificate.public_bytes(serialization.Encoding.PEM))
    signer = signer_for(SITI)
    assert isinstance(signer, Pkcs12Signer)
    assert signer.path == p12_dir / "siti.p12"
    signed = signer.sign(pdf, passphrase=P12_PASSPHRASE, **sign_kwargs())
    assert validate_pdf(signed).valid  # trusted through SATUPINTU_SIGNING_TRUST_ROOTS


def test_a_pfx_file_is_found_too(p12_dir: Path) -> None:
    (p12_dir / "siti.p12").rename(p12_dir / "siti.pfx")
    assert pkcs12_path(p12_dir, SITI) == p12_dir / "siti.pfx"
    Pkcs12Signer(SITI, pkcs12_path(p12_dir, SITI)).unlock(passphrase=P12_PASSPHRASE)


@pytest.mark.parametrize("wrong", ["", "salah", P12_PASSPHRASE.upper()])
def test_a_wrong_passphrase_is_refused(p12_dir: Path, pdf: bytes, wrong: str) -> None:
    signer = Pkcs12Signer(SITI, p12_dir / "siti.p12")
    with pytest.raises(WrongPassphrase):
        signer.sign(pdf, passphrase=wrong, **sign_kwargs())
    signer.unlock(passphrase=P12_PASSPHRASE)
    with pytest.raises(WrongPassphrase):  # also once the key is held in memory
        signer.sign(pdf, passphrase=wrong, **sign_kwargs())


def test_a_signer_without_a_file_is_not_registered(p12_dir: Path, pdf: bytes) -> None:
    nobody = SignerProfile(key="nobody", name="Nobody", title="", organisation="")
    signer = Pkcs12Signer(nobody, pkcs12_path(p12_dir, nobody))
    with pytest.raises(SignerNotRegistered):
        signer.sign(pdf, passphrase="anything", **sign_kwargs())
    with pytest.raises(SignerNotRegistered):
        Pkcs12Signer(SITI, p12_dir / "missing" / "siti.p12").unlock(passphrase="anything")


def test_an_unreadable_file_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "siti.p12").mkdir()
    with pytest.raises(SignerMisconfigured):
        Pkcs12Signer(SITI, tmp_path / "siti.p12").unlock(passphrase=P12_PASSPHRASE)


def test_a_file_with_no_key_is_a_configuration_error(tmp_path: Path,
                                                     test_ca: IndependentCa) -> None:
    data = pkcs12.serialize_key_and_certificates(
        b"certs only", None, None, [test_ca.root.certificate],
        serialization.BestAvailableEncryption(b"pass"))
    (tmp_path / "siti.p12").write_bytes(data)
    with pytest.raises(SignerMisconfigured):
        Pkcs12Signer(SITI, tmp_path / "siti.p12").unlock(passphrase="pass")

