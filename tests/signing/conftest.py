"""Shared material of the signing tests: small PDFs, one development PKI and one independent
test CA per session (RSA key generation is what makes signing tests slow), all in temporary
directories, and an independent check of signatures with pyHanko itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from weasyprint import HTML

from satupintu.signing import keycache
from satupintu.signing.base import SignerProfile, VisibleBox
from satupintu.signing.dev import DevSigner
from satupintu.signing.loop import outside_event_loop
from tests.signing.certs import Identity, new_ca, new_signer

PASSPHRASE = "kunci-rahasia-budi"
BOX = VisibleBox(page=1, x=340, y=60, width=220, height=90)
KADIS = SignerProfile(key="kadis-dpmptsp", name="Budi Santoso, S.H.",
                      title="Kepala DPMPTSP", organisation="Pemerintah Kota Lubuklinggau",
                      nik="1673012345670001")
SITI = SignerProfile(key="siti", name="Siti Aminah", title="Kepala Dinas PUPR",
                     organisation="Pemerintah Kota Lubuklinggau", nik="1673015508800002")
P12_PASSPHRASE = "siti-punya-kunci"


def sign_kwargs(**overrides: Any) -> dict[str, Any]:
    return {"field": BOX, "reason": "Penerbitan izin", "location": "Lubuklinggau",
            **overrides}


@pytest.fixture(scope="session")
def pdf() -> bytes:
    """A one-page PDF such as the permit generator makes."""
    return bytes(HTML(string="<h1>Surat Izin</h1><p>Nomor 503/001/DPMPTSP/2026</p>")
                 .write_pdf())


@pytest.fixture(scope="session")
def two_page_pdf() -> bytes:
    html = ('<p style="break-after: page">Halaman satu</p><p>Halaman dua</p>')
    return bytes(HTML(string=html).write_pdf())


@dataclass(frozen=True)
class DevPki:
    """One development PKI made by the code under test, and a document it signed."""

    directory: Path
    signed: bytes

    @property
    def root(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate((self.directory / "root-ca.pem").read_bytes())

    def signer(self, profile: SignerProfile = KADIS) -> DevSigner:
        return DevSigner(profile, directory=self.directory)


@pytest.fixture(scope="session")
def dev_pki(tmp_path_factory: pytest.TempPathFactory, pdf: bytes) -> DevPki:
    directory = tmp_path_factory.mktemp("data") / "pki"
    signed = DevSigner(KADIS, directory=directory).sign(pdf, passphrase=PASSPHRASE,
                                                        **sign_kwargs())
    return DevPki(directory=directory, signed=signed)


@dataclass(frozen=True)
class IndependentCa:
    """An authority made independently of the code under test, with two signers."""

    root: Identity
    signer: Identity
    other_signer: Identity


@pytest.fixture(scope="session")
def test_ca() -> IndependentCa:
    root = new_ca("BSrE Test Root")
    return IndependentCa(root=root, signer=new_signer(root, "Siti Aminah"),
                  other_signer=new_signer(root, "Rudi Hartono"))


@pytest.fixture(autouse=True)
def _fresh_key_cache() -> Iterator[None]:
    # Each test unlocks keys itself: a passphrase accepted by an earlier test proves nothing.
    keycache.unlocked_keys.clear()
    yield
    keycache.unlocked_keys.clear()


def pyhanko_statuses(data: bytes, roots: list[x509.Certificate]) -> list[Any]:
    """Every signature of `data` validated by pyHanko itself against `roots` only."""
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(BytesIO(data))
    context = ValidationContext(
        trust_roots=[translate_pyca_cryptography_cert_to_asn1(root) for root in roots],
        allow_fetching=False)
    # pyHanko's synchronous call runs an event loop: not in a thread already running one (the
    # browser tests' Playwright leaves the main thread's loop running).
    return outside_event_loop(lambda: [validate_pdf_signature(embedded, context)
                                       for embedded in reader.embedded_signatures])
