"""`/pengaduan/`: the public complaint pages (Bahasa Indonesia first), no account needed.

Anyone files a complaint, reads the public list and each complaint's public page; those never
show who complained (name, contact, NIK, exact address). The complainant's private page is
reached by the secret link given after filing (`/pengaduan/saya/<secret>/`), where they also
reopen a closed complaint; signed-in applicants find their complaints at `/pengaduan/saya/`.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from satupintu.accounts.models import User, UserKind
from satupintu.complaints import selectors
from satupintu.complaints.forms_public import (
    PHOTO_LIMITS,
    ComplaintForm,
    FilterForm,
    ReopenForm,
)
from satupintu.complaints.handling import complaint_reopen
from satupintu.complaints.intake import complaint_submit
from satupintu.complaints.models import ComplaintChannel
from satupintu.core.decorators import applicant_required
from satupintu.core.errors import Conflict, DomainError, ValidationFailed
from satupintu.core.request import TenantRequest
from satupintu.tracking.throttle import count_hit, parse_rate

PER_PAGE = 20
PHOTO_TYPES = {"image/jpeg", "image/png"}


def _applicant(request: TenantRequest) -> User | None:
    """The signed-in applicant of this region, or None (anonymous visitors, officers)."""
    user = request.user
    if (isinstance(user, User) and user.is_authenticated and user.kind == UserKind.APPLICANT
            and user.tenant_id == request.tenant.pk):
        return user
    return None


@never_cache
@require_GET
def complaint_list(request: TenantRequest) -> HttpResponse:
    """The public list with filters, paged, and the time limits of every category."""
    form = FilterForm(request.GET or None, tenant=request.tenant)
    rows = selectors.public_complaints(tenant=request.tenant, filters=form.filters())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "complaints/public_list.html", {
        "form": form, "page": page, "complaints": selectors.as_public(page.object_list),
        "query": form.query_without_page(),
        "categories": selectors.active_categories(request.tenant),
    })


def _throttled(request: TenantRequest, form: ComplaintForm, wait: float) -> HttpResponse:
    response = render(request, "complaints/public_form.html",
                      {"form": form, "throttled": True, "limits": PHOTO_LIMITS}, status=429)
    response["Retry-After"] = str(math.ceil(wait))
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_new(request: TenantRequest) -> HttpResponse:
    """The complaint form; a complaint filed leads to its private page, which confirms it."""
    applicant = _applicant(request)
    posted = request.method == "POST"
    form = ComplaintForm(request.POST if posted else None, tenant=request.tenant)
    context: dict[str, Any] = {"form": form, "applicant": applicant, "limits": PHOTO_LIMITS}
    if not posted:
        form.initial["category"] = request.GET.get("kategori", "")
        return render(request, "complaints/public_form.html", context)
    # Spam: anonymous filings are limited per client (applicants are known by their account).
    # Only complaints filed count, so a citizen correcting typos is never locked out.
    rate = parse_rate(settings.SATUPINTU_COMPLAINT_RATE)
    if applicant is None:
        wait = count_hit(request, scope="complaint", rate=rate, peek=True)
        if wait is not None:
            return _throttled(request, form, wait)
    if form.is_valid():
        data = form.to_input(request.FILES.getlist("photos"))
        if applicant is not None:
            # The account is the contact: its name and addresses are used for replies.
            data.contact_name = data.contact_email = data.contact_phone = ""
        try:
            complaint = complaint_submit(tenant=request.tenant, actor=applicant, data=data,
                                         channel=ComplaintChannel.WEB)
        except ValidationFailed as exc:
            form.add_intake_errors(exc.details)
            form.add_error(None, str(exc.message))
        else:
            if applicant is None:
                count_hit(request, scope="complaint", rate=rate)
            return redirect(reverse("complaints:private", args=[complaint.secret]) + "?baru=1")
    return render(request, "complaints/public_form.html", context, status=422)


@never_cache
@require_GET
def complaint_detail(request: TenantRequest, number: str) -> HttpResponse:
    """A complaint's public page; an unknown number is the 404 page."""
    found = selectors.public_complaint(tenant=request.tenant, number=number)
    if found is None:
        raise Http404
    return render(request, "complaints/public_detail.html", {"c": found})


@require_GET
def complaint_photo(request: TenantRequest, number: str, pk: int) -> HttpResponse:
    """An approved photo of a complaint; any other photo answers like a missing one."""
    photo = selectors.public_photo(tenant=request.tenant, number=number, pk=pk)
    if photo is None or photo.content_type not in PHOTO_TYPES:
        raise Http404
    try:
        handle = photo.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response  # type: ignore[return-value]  # a streaming HttpResponseBase


def _private(response: HttpResponse) -> HttpResponse:
    # The address is the key to the complainant's data: keep it out of caches, search
    # engines and other sites' logs.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store, private"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def complaint_private(request: TenantRequest, secret: str) -> HttpResponse:
    """The complainant's own page: the public page, their contact, and reopening."""
    own = selectors.own_complaint(tenant=request.tenant, secret=secret)
    if own is None:
        raise Http404
    form = ReopenForm(request.POST if request.method == "POST" else None,
                      initial={"version": own.complaint.version})
    status = 200
    if request.method == "POST":
        outcome = _reopen(request, own, form, secret)
        if outcome is None:
            return _private(redirect(reverse("complaints:private", args=[secret]) + "?dibuka=1"))
        status = outcome
    return _private(render(request, "complaints/public_private.html", {
        "own": own, "c": own.public, "form": form, "filed": request.GET.get("baru") == "1",
        "reopened": request.GET.get("dibuka") == "1",
        "private_url": request.build_absolute_uri(
            reverse("complaints:private", args=[secret])),
        "public_url": request.build_absolute_uri(
            reverse("complaints:detail", args=[own.public.number])),
    }, status=status))


def _reopen(request: TenantRequest, own: selectors.OwnComplaint, form: ReopenForm,
            secret: str) -> int | None:
    """Reopen through the handling service: None when done, else the status to answer."""
    if not own.may_reopen:
        form.add_error(None, _("This complaint can no longer be reopened: a complaint may be "
                               "reopened only within 14 days of its closing, and never when it "
                               "was joined to another complaint. Please file a new complaint."))
        return 409
    if not form.is_valid():
        return 422
    try:
        complaint_reopen(complaint=own.complaint, actor=_applicant(request), secret=secret,
                         reason=form.cleaned_data["reason"],
                         expected_version=form.cleaned_data["version"])
    except Conflict as exc:
        form.add_error(None, str(exc.message))
        return 409
    except DomainError as exc:
        if isinstance(exc.details, dict) and "reason" in exc.details:
            form.add_error("reason", str(exc.details["reason"]))
        form.add_error(None, str(exc.message))
        return exc.http_status
    return None


@never_cache
@applicant_required
def my_complaints(request: TenantRequest) -> HttpResponse:
    """A signed-in applicant's complaints, each linking to its private page."""
    rows = list(selectors.my_complaints(tenant=request.tenant, user=request.user))
    for row in rows:
        row["state"] = selectors.open_closed(row["status"])
        row["status_label"] = dict(selectors.status_choices()).get(row["status"], row["status"])
    return render(request, "complaints/public_mine.html", {"rows": rows})
