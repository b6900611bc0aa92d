"""The holder's copy of the signed permit: from their account, or after a tracking lookup.

A tracking lookup proves the PIN once; the download link it shows carries a short-lived signed
token (django.core.signing) naming the permit, never the PIN, so addresses, histories and
logs hold nothing that opens the file for long.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from satupintu.applications.models import Application
from satupintu.calendars.selectors import local_date
from satupintu.core.decorators import applicant_required
from satupintu.core.request import TenantRequest
from satupintu.issuance import lifecycle, register
from satupintu.issuance.models import Permit, PermitStatus
from satupintu.issuance.status import permit_status
from satupintu.issuance.views_register import serve_permit
from satupintu.tenants.models import Tenant

TOKEN_SALT = "satupintu.issuance.permit-download"  # noqa: S105 - a namespace, not a secret
# Long enough to read the tracking page and tap the link on a slow phone; short enough that a
# link forwarded or left in a history soon stops working.
TOKEN_MAX_AGE = 15 * 60


def download_token(permit: Permit) -> str:
    return signing.dumps({"p": permit.pk, "t": permit.tenant_id}, salt=TOKEN_SALT)


def permit_from_token(tenant: Tenant, token: str) -> Permit | None:
    """The permit a valid, unexpired token of this tenant names; None for anything else."""
    if len(token) > 200:
        return None
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("t") != tenant.pk or not isinstance(
            data.get("p"), int):
        return None
    return Permit.objects.filter(tenant=tenant, pk=data["p"]).first()


@dataclass(frozen=True)
class HolderPermit:
    """What the holder sees of their permit on their application or the tracking page."""

    permit: Permit
    status: PermitStatus
    download_url: str
    verify_url: str


def holder_permit(application: Application, *, via_tracking: bool) -> HolderPermit | None:
    """The application's current permit with its links, or None before one is issued."""
    permit = register.current_permit(application.pk)
    if permit is None:
        return None
    url = (reverse("permits:download_token", args=[download_token(permit)]) if via_tracking
           else reverse("permits:download", args=[permit.pk]))
    return HolderPermit(permit=permit,
                        status=permit_status(permit, local_date(application.tenant)),
                        download_url=url, verify_url=f"/verifikasi/{permit.token}")


# Workflow states in which the file's permit exists (signed, then handed over).
PERMIT_STATES = frozenset({"issued", "handed_over"})


def tracked_permit(tenant: Tenant, tracking_number: str, state: str) -> HolderPermit | None:
    """After a successful lookup by number and PIN: the file's permit with a download link
    carrying a short-lived token. Costs no query for files without a permit yet."""
    if state not in PERMIT_STATES:
        return None
    application = Application.objects.filter(tenant=tenant,
                                             tracking_number=tracking_number).first()
    return holder_permit(application, via_tracking=True) if application is not None else None


@applicant_required
@require_GET
def download(request: TenantRequest, pk: int) -> HttpResponse:
    """The applicant's own permit; anyone else's answers like a missing one."""
    permit = Permit.objects.filter(tenant=request.tenant, pk=pk,
                                   application__applicant_id=request.user.pk).first()
    if permit is None:
        raise Http404
    lifecycle.permit_download_recorded(permit=permit, actor=request.user,  # type: ignore[arg-type]
                                       via="account")
    return serve_permit(permit)


@never_cache
@require_GET
def download_by_token(request: TenantRequest, token: str) -> HttpResponse:
    permit = permit_from_token(request.tenant, token)
    if permit is None:
        return render(request, "issuance/download_expired.html", status=404)
    lifecycle.permit_download_recorded(permit=permit, actor=None, via="tracking")
    return serve_permit(permit)
