"""Issued files for the register and lifecycle tests: an application walked through the real
workflow to "issued", and a register row with a small stored file (the signature itself is
tested with the signing service; here only the life after it matters)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from satupintu.accounts.models import User
from satupintu.applications.models import Application
from satupintu.issuance.models import Permit
from tests.tracking.conftest import move, submit

PDF = b"%PDF-1.7\n% SatuPintu test permit\n%%EOF\n"
_SEQ = itertools.count(7001)


def issued_application() -> Application:
    """A pharmacy application (SIA) approved and signed: its file is in `issued`."""
    application = submit()
    application = move(application, "petugas.fo", "register")
    application = move(application, "verifikator", "forward_to_review")
    application = move(application, "teknis.dinkes", "recommend", recommendation="approve")
    application = move(application, "verifikator", "submit_for_approval")
    application = move(application, "kabid", "approve")
    return move(application, "kadis", "sign")


def permit_for(application: Application, *, valid_until: dt.date | None = None,
               holder_name: str = "Siti Aminah", number: str | None = None,
               supersedes: Permit | None = None) -> Permit:
    seq = next(_SEQ)
    year = 2026
    permit = Permit(
        tenant_id=application.tenant_id, application=application, service=application.service,
        number=number or f"503/{seq:04d}/SIA/DPMPTSP/{year}", year=year, seq=seq,
        title="Surat Izin Apotek", holder_name=holder_name, issued_at=timezone.now(),
        valid_from=dt.date(2026, 11, 28), valid_until=valid_until,
        signer=User.objects.get(username="kadis"), signer_name="H. Ahmad Fauzi, S.H., M.Si.",
        signer_position="Kepala DPMPTSP", sha256="0" * 64, size=len(PDF), supersedes=supersedes)
    permit.file.save("izin.pdf", ContentFile(PDF), save=False)
    permit.save()
    return permit


def issued_permit(**kwargs: object) -> Permit:
    return permit_for(issued_application(), **kwargs)  # type: ignore[arg-type]
