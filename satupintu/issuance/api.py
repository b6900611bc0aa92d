"""`GET /api/v1/verify/{token}`, `POST /api/v1/verify/document` (public, throttled per client).

Anyone — a bank, the police, a neighbour — may ask whether a permit is valid, without an
account. Answers carry no personal data beyond the masked holder name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from satupintu.api.errors import ErrorOut, error_body
from satupintu.core.i18n import localized
from satupintu.core.request import TenantRequest
from satupintu.issuance import selectors
from satupintu.issuance.throttle import VerificationThrottle
from satupintu.issuance.verify_upload import read_pdf

router = Router(tags=["verification"])
_throttle = VerificationThrottle()

STATUS_HELP = "`valid`, `revoked`, `expired` or `superseded` (by a corrected document)."


class PermitRef(Schema):
    number: str
    token: str = Field(description="The newer document's register code: "
                                   "`GET /api/v1/verify/{token}`.")


class VerifyOut(Schema):
    status: str = Field(description=STATUS_HELP)
    status_label: str = Field(description="The status in the reader's language.")
    number: str
    service: str = Field(description="What the document is, in the reader's language.")
    service_code: str
    holder: str = Field(description="The holder: a business's name whole, an individual's "
                                    "masked (`B*** S******`).")
    issued_at: dt.datetime = Field(description="When it was signed, in the region's time zone.")
    valid_from: dt.date
    valid_until: dt.date | None = Field(description="Null: valid as long as it is not "
                                                    "revoked.")
    signer: str = Field(description="The signing official's name.")
    signer_position: str
    signature_valid: bool = Field(
        description="The register's stored file is signed, unchanged since, and by a trusted "
                    "authority. Says nothing about revocation: see `status`.")
    revoked_at: dt.datetime | None
    revocation_reason: str | None
    superseded_by: PermitRef | None


class DocumentOut(Schema):
    matches_register: bool = Field(
        description="The file is byte for byte a document of this region's register.")
    signature_valid: bool = Field(
        description="Every signature in the file verifies, nothing was changed after it, and "
                    "the signer chains to a trusted authority.")
    status: str | None = Field(description=f"Of the matched permit: {STATUS_HELP} "
                                           "Null when nothing matches.")
    number: str | None = Field(description="The matched permit's number; null when nothing "
                                           "matches.")


# Declared before `/{token}`: ninja routes in declaration order, and the token pattern would
# otherwise take `document` and answer the POST 405.
@router.post("/document",
             response={200: DocumentOut, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
             throttle=[_throttle], summary="Check that a PDF is exactly an issued document")
def verify_document(request: TenantRequest, response: HttpResponse,
                    file: File[UploadedFile | None] = None) -> Status[dict[str, Any]]:
    """Multipart form with `file`. Any file that starts with `%PDF-` gets 200, however damaged:
    `matches_register` is true only for a byte-for-byte copy of an issued document. Anything
    else — no file, not a PDF, over 20 MB — is 422. Nothing is stored. Limited per client."""
    add_never_cache_headers(response)
    check = selectors.document_check(request.tenant, read_pdf(file))
    return Status(200, {
        "matches_register": check.matches_register,
        "signature_valid": check.signature_valid,
        "status": check.status.value if check.status else None,
        "number": check.number,
    })


@router.get("/{token}", response={200: VerifyOut, 404: ErrorOut, 429: ErrorOut},
            throttle=[_throttle], summary="Verify a permit by its register code")
def verify_permit(request: TenantRequest, response: HttpResponse,
                  token: str) -> Status[dict[str, Any]]:
    """The status of the permit whose register code (printed under its QR code) is `token`:
    valid, revoked (with date and reason), expired or superseded (with the newer document).
    An unknown code → 404 `not_found`. Limited per client (429 with `Retry-After`)."""
    # A permit may be revoked at any moment: an answer is never reused from a cache.
    add_never_cache_headers(response)
    permit = selectors.permit_by_token(request.tenant, token)
    if permit is None:
        return Status(404, error_body("not_found", _("Not found.")))
    found = selectors.verification(permit, selectors.region_today(request.tenant))
    return Status(200, {
        "status": found.status.value,
        "status_label": str(found.status.label),
        "number": found.number,
        "service": localized(found, "title"),
        "service_code": found.service_code,
        "holder": found.holder,
        "issued_at": found.issued_at,
        "valid_from": found.valid_from,
        "valid_until": found.valid_until,
        "signer": found.signer_name,
        "signer_position": found.signer_position,
        "signature_valid": selectors.stored_signature_valid(permit),
        "revoked_at": found.revoked_at,
        "revocation_reason": found.revocation_reason or None,
        "superseded_by": None if found.superseded_by_token is None else {
            "number": found.superseded_by_number, "token": found.superseded_by_token},
    })
