"""Public verification of issued permits: pure, tenant-scoped reads (no login, no writes).

What the public sees is what the document itself shows, less the holder's personal name (masked
for individuals); never the application, officers' notes or the holder's data.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import QuerySet

from satupintu.issuance.models import Permit, PermitStatus
from satupintu.issuance.status import masked_name, permit_status
from satupintu.signing.validation import sha256, validate_pdf
from satupintu.tenants.models import Tenant

logger = logging.getLogger(__name__)

# Longer than any permit number (`Permit.number` max_length) or token: longer input is refused
# before it reaches the database.
MAX_QUERY_LENGTH = 120
# The stored file never changes once issued, and the trust roots rarely do; a day of caching
# keeps repeated API calls from re-running the signature check.
SIGNATURE_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Verification:
    """What the public verification page and API show about one permit."""

    status: PermitStatus
    number: str
    token: str
    title: str
    title_en: str
    service_code: str
    holder: str
    holder_masked: bool  # an individual's name, partly starred
    issued_at: dt.datetime  # in the region's time zone
    valid_from: dt.date
    valid_until: dt.date | None
    signer_name: str
    signer_position: str
    revoked_at: dt.datetime | None
    revocation_reason: str
    superseded_by_number: str | None
    superseded_by_token: str | None


@dataclass(frozen=True)
class DocumentCheck:
    """Whether an uploaded file is exactly a document of this region's register, and whether
    its signature is valid and trusted. `status` and `number` are None when nothing matches."""

    matches_register: bool
    signature_valid: bool
    status: PermitStatus | None
    number: str | None
    token: str | None


def _permits(tenant: Tenant) -> QuerySet[Permit]:
    # The reverse one-to-one is joined, so permit_status costs no extra query.
    return (Permit.objects.filter(tenant=tenant)
            .select_related("tenant", "service", "superseded_by"))


def permit_by_token(tenant: Tenant, token: str) -> Permit | None:
    """The tenant's permit with this register code (exact), or None."""
    token = (token or "").strip()
    if not token or len(token) > MAX_QUERY_LENGTH or "\x00" in token:
        return None
    return _permits(tenant).filter(token=token).first()


def permit_by_number(tenant: Tenant, number: str) -> Permit | None:
    """The tenant's permit with this number, compared exactly but ignoring case and the
    surrounding spaces people type or paste."""
    number = (number or "").strip()
    if not number or len(number) > MAX_QUERY_LENGTH or "\x00" in number:
        return None
    # The exact spelling first: it uses the (tenant, number) index; case-folding may not.
    permits = _permits(tenant)
    return (permits.filter(number=number).first()
            or permits.filter(number__iexact=number).first())


def permit_by_number_or_token(tenant: Tenant, query: str) -> Permit | None:
    """What the verification form looks up: the register code printed under the QR code, or
    the permit's number."""
    return permit_by_token(tenant, query) or permit_by_number(tenant, query)


def verification(permit: Permit, today: dt.date) -> Verification:
    """The public view of `permit` on `today` (a date in the region's time zone)."""
    zone = ZoneInfo(permit.tenant.timezone)
    newer: Permit | None = getattr(permit, "superseded_by", None)
    return Verification(
        status=permit_status(permit, today),
        number=permit.number,
        token=permit.token,
        title=permit.title,
        title_en=permit.title_en,
        service_code=permit.service.code,
        holder=masked_name(permit.holder_name) if permit.holder_is_person
        else permit.holder_name,
        holder_masked=permit.holder_is_person,
        issued_at=permit.issued_at.astimezone(zone),
        valid_from=permit.valid_from,
        valid_until=permit.valid_until,
        signer_name=permit.signer_name,
        signer_position=permit.signer_position,
        revoked_at=permit.revoked_at.astimezone(zone) if permit.revoked_at else None,
        revocation_reason=permit.revocation_reason if permit.revoked_at else "",
        superseded_by_number=newer.number if newer else None,
        superseded_by_token=newer.token if newer else None,
    )


def region_today(tenant: Tenant) -> dt.date:
    """Today in the region's time zone: a permit expires at the region's midnight."""
    return dt.datetime.now(ZoneInfo(tenant.timezone)).date()


def _signature_valid(data: bytes) -> bool:
    result = validate_pdf(data)
    return result.valid


def _signature_valid_of_register_file(digest: str, data: bytes) -> bool:
    # Keyed by the hash: the register's file never changes once issued, so neither does the
    # answer, until the trust roots do (hence a day, not forever).
    key = f"sp:verify:sig:{digest}"
    cached: bool | None = cache.get(key)
    if cached is None:
        cached = _signature_valid(data)
        cache.set(key, cached, timeout=SIGNATURE_CACHE_SECONDS)
    return cached


def stored_signature_valid(permit: Permit) -> bool:
    """Whether the register's own file validates (signed, unchanged, trusted). Cached per file
    hash, since validating takes tens of milliseconds; a cached answer is given without reading
    the file. A missing, unreadable or changed file is not valid (not cached), and is logged:
    the register has lost its document."""
    cached: bool | None = cache.get(f"sp:verify:sig:{permit.sha256}")
    if cached is not None:
        return cached
    try:
        with permit.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        logger.error("permit %s: stored file %s cannot be read", permit.pk, permit.file.name)
        return False
    if sha256(data) != permit.sha256:
        logger.error("permit %s: stored file %s does not match its register hash",
                     permit.pk, permit.file.name)
        return False
    return _signature_valid_of_register_file(permit.sha256, data)


def document_check(tenant: Tenant, data: bytes) -> DocumentCheck:
    """Is `data` byte for byte a document in this region's register, and is its signature
    valid and trusted? Never raises on garbage: a damaged file simply does not match."""
    digest = sha256(data)
    permit = _permits(tenant).filter(sha256=digest).first()
    if permit is None:
        return DocumentCheck(matches_register=False, signature_valid=_signature_valid(data),
                             status=None, number=None, token=None)
    return DocumentCheck(matches_register=True,
                         signature_valid=_signature_valid_of_register_file(digest, data),
                         status=permit_status(permit, region_today(tenant)),
                         number=permit.number, token=permit.token)
