"""Issued permits for tests, without the issuing service: a real PDF (WeasyPrint), really
signed by a development PKI made once per session in a temporary directory, stored in the test
storage, and its register row.

Use the `trusted_pki` fixture (import it into the test module): it makes the session's PKI the
trust root, so `validate_pdf` accepts what `make_permit` signs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from weasyprint import HTML

from satupintu.accounts.models import User
from satupintu.applications.models import Application
from satupintu.issuance.models import Permit
from satupintu.signing.base import SignerProfile, VisibleBox
from satupintu.signing.dev import DevSigner
from satupintu.signing.validation import sha256
from satupintu.tenants.models import Tenant

PASSPHRASE = "kunci-verifikasi-2026"
KADIS = SignerProfile(key="kadis-verifikasi", name="Budi Santoso, S.H.",
                      title="Kepala DPMPTSP", organisation="Pemerintah Kota Lubuklinggau")
BOX = VisibleBox(page=1, x=340, y=60, width=220, height=90)
_SEQ = itertools.count(9001)


@dataclass(frozen=True)
class SigningPki:
    """A development PKI in a temporary directory."""

    directory: Path

    @property
    def root_path(self) -> Path:
        return self.directory / "root-ca.pem"

    def sign(self, pdf: bytes) -> bytes:
        return DevSigner(KADIS, directory=self.directory).sign(
            pdf, passphrase=PASSPHRASE, field=BOX, reason="Penerbitan izin",
            location="Lubuklinggau")


@pytest.fixture(scope="session")
def verification_pki(tmp_path_factory: pytest.TempPathFactory) -> SigningPki:
    return SigningPki(tmp_path_factory.mktemp("verification-data") / "pki")


@pytest.fixture
def trusted_pki(verification_pki: SigningPki, settings: Any) -> SigningPki:
    settings.SATUPINTU_SIGNING_TRUST_ROOTS = [str(verification_pki.root_path)]
    # The root exists only after the first signature: make it now.
    if not verification_pki.root_path.exists():
        verification_pki.sign(document_pdf("init"))
    return verification_pki


def document_pdf(text: str) -> bytes:
    """A small one-page PDF, unsigned."""
    return bytes(HTML(string=f"<h1>Surat Izin</h1><p>{text}</p>").write_pdf())


def make_permit(pki: SigningPki, *, tenant: Tenant | None = None, number: str | None = None,
                holder_name: str = "Budi Santoso", holder_is_person: bool = True,
                valid_until: dt.date | None = None, revoked_at: dt.datetime | None = None,
                revocation_reason: str = "", supersedes: Permit | None = None,
                title: str = "Surat Izin Apotek", title_en: str = "Pharmacy Licence",
                ) -> tuple[Permit, bytes]:
    """A signed permit in the register of `tenant` (the demo's by default) and its file."""
    tenant = tenant or Tenant.objects.get(code="llg")
    application = Application.objects.filter(tenant=tenant).order_by("pk").first()
    assert application is not None, "the demo has a submitted application"
    seq = next(_SEQ)
    number = number or f"503/{seq:04d}/SIA/DPMPTSP/2026"
    signed = pki.sign(document_pdf(f"Nomor {number} — {holder_name}"))
    issued_at = timezone.now() - dt.timedelta(days=30)
    signer = User.objects.get(username="kadis")
    permit = Permit(
        tenant=tenant, application=application, service=application.service, number=number,
        year=2026, seq=seq, title=title, title_en=title_en, holder_name=holder_name,
        holder_is_person=holder_is_person, issued_at=issued_at,
        valid_from=issued_at.date(), valid_until=valid_until, signer=signer,
        signer_name=KADIS.name, signer_position=KADIS.title, sha256=sha256(signed),
        size=len(signed), revoked_at=revoked_at, revocation_reason=revocation_reason,
        supersedes=supersedes,
    )
    permit.file.save("permit.pdf", ContentFile(signed), save=False)
    permit.save()
    return permit, signed
