"""Checking the signatures of a PDF: is it signed, unchanged since, and by someone we trust?

`validate_pdf` never raises on what it is given — not a PDF, truncated, altered by one byte,
hostile — it answers "not valid" with the reason in `error`. Revocation is not checked (nothing
is fetched over the network); a signer certificate that has expired since is judged at the time
of a trusted signature timestamp.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from cryptography import x509

from satupintu.signing.loop import outside_event_loop

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ValidationResult:
    """What the signatures of a document say. `intact`: every signature's bytes verify and
    nothing but further signatures (or long-term validation data) was added after it;
    `trusted`: every signer's certificate chains to a trust root. Name and time are those of the
    last signature; `signed_at` is its timestamp's time when that is trusted, else the time the
    signer stated."""

    signed: bool
    intact: bool
    trusted: bool
    signer_name: str = ""
    signed_at: datetime | None = None
    timestamp_ok: bool = False
    error: str = ""

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted


def sha256(data: bytes) -> str:
    """The hex SHA-256 of `data`, as the register stores it."""
    return hashlib.sha256(data).hexdigest()


def _context(roots: Sequence[Any], moment: datetime | None = None) -> Any:
    from pyhanko_certvalidator import ValidationContext

    # An explicit list, even empty: None would mean "the operating system's roots".
    return ValidationContext(trust_roots=list(roots), allow_fetching=False,
                             revocation_mode="soft-fail", moment=moment)


def _timestamp_ok(status: Any) -> bool:
    stamp = status.timestamp_validity
    return bool(stamp is not None and stamp.intact and stamp.valid and stamp.trusted)


def _unchanged(status: Any, *, last: bool) -> bool:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if not (status.intact and status.valid):
        return False
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return False
    allowed = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES}
    if not last:
        # Later signatures are added as form filling; the last one covers those changes.
        allowed.add(ModificationLevel.FORM_FILLING)
    return bool(status.modification_level in allowed and status.docmdp_ok is not False)


def _signer_name(status: Any) -> str:
    try:
        return str(status.signing_cert.subject.native.get("common_name", ""))
    except (AttributeError, ValueError):
        return ""


async def _check(embedded: Any, roots: Sequence[Any]) -> Any:
    from pyhanko.sign.validation import async_validate_pdf_signature

    status = await async_validate_pdf_signature(embedded, signer_validation_context=_context(roots))
    if not status.trusted and _timestamp_ok(status) and status.intact and status.valid:
        # Expired since? Judge the certificate when the trusted timestamp says it was used.
        assert status.timestamp_validity is not None  # _timestamp_ok checked it
        moment = status.timestamp_validity.timestamp
        at_signing = await async_validate_pdf_signature(
            embedded, signer_validation_context=_context(roots, moment),
            ts_validation_context=_context(roots))
        if at_signing.trusted:
            return at_signing
    return status


async def _validate(data: bytes, roots: Sequence[Any]) -> ValidationResult:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        signatures = PdfFileReader(BytesIO(data)).embedded_signatures
    except Exception as exc:
        return ValidationResult(signed=False, intact=False, trusted=False,
                                error=f"not a readable PDF: {type(exc).__name__}: {exc}"[:300])
    if not signatures:
        return ValidationResult(signed=False, intact=False, trusted=False, error="not signed")
    try:
        statuses = [await _check(embedded, roots) for embedded in signatures]
    except Exception as exc:
        return ValidationResult(signed=True, intact=False, trusted=False,
                                error=f"signature unreadable: {type(exc).__name__}: {exc}"[:300])
    last = statuses[-1]
    intact = all(_unchanged(status, last=status is last) for status in statuses)
    trusted = all(bool(status.trusted) for status in statuses)
    timestamp_ok = _timestamp_ok(last)
    signed_at = (last.timestamp_validity.timestamp if timestamp_ok
                 else last.signer_reported_dt)
    error = "" if intact and trusted else ("altered after signing" if not intact
                                          else "signer not trusted")
    return ValidationResult(signed=True, intact=intact, trusted=trusted,
                            signer_name=_signer_name(last), signed_at=signed_at,
                            timestamp_ok=timestamp_ok, error=error)


def validate_pdf(data: bytes, *,
                 trust_roots: Sequence[x509.Certificate] | None = None) -> ValidationResult:
    """Validate every signature of `data` against `trust_roots` (default: the configured ones,
    `config.trust_roots()`)."""
    try:
        from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1

        from satupintu.signing.config import trust_roots as configured_roots

        roots = configured_roots() if trust_roots is None else list(trust_roots)
        asn1_roots = [translate_pyca_cryptography_cert_to_asn1(root) for root in roots]
        return outside_event_loop(lambda: asyncio.run(_validate(data, asn1_roots)))
    except Exception as exc:
        # Garbage must never become a 500; say why in the result and in the log.
        logger.warning("validate_pdf failed: %s: %s", type(exc).__name__, exc)
        return ValidationResult(signed=False, intact=False, trusted=False,
                                error=f"{type(exc).__name__}: {exc}"[:300])
