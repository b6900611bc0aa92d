"""The officers' complaint pages (`/petugas/pengaduan/`): the inbox, one complaint with its
steps, photo review, and filing at the counter. Thin: forms carry input, services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from satupintu.accounts.models import User
from satupintu.audit.services import record
from satupintu.complaints import forms_office, handling, inbox
from satupintu.complaints.forms_public import PHOTO_LIMITS
from satupintu.complaints.intake import complaint_submit
from satupintu.complaints.models import Complaint, ComplaintChannel, ComplaintMedia
from satupintu.complaints.notify import private_path, public_path
from satupintu.complaints.permissions import (
    COUNTER_ROLES,
    OFFICE_ROLES,
    may_file_at_counter,
    may_handle,
    may_read,
    may_see_contact,
)
from satupintu.complaints.selectors import active_categories
from satupintu.core.decorators import officer_required
from satupintu.core.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from satupintu.core.request import TenantRequest
from satupintu.notifications.messages import public_url


def _user(request: TenantRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _complaint(request: TenantRequest, number: str) -> Complaint:
    found = inbox.office_complaint(user=request.user, tenant=request.tenant, number=number)
    if found is None:
        raise Http404
    return found


def _page(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 10**6))
    except ValueError:
        return 1


@never_cache
@officer_required(*OFFICE_ROLES)
def complaint_inbox(request: TenantRequest) -> HttpResponse:
    get = request.GET
    status = get.get("status", "open")
    filters = inbox.InboxFilters(
        status=status if status in inbox.STATUS_FILTERS else "open",
        category=get.get("category", "")[:40], overdue=get.get("overdue") == "1",
        mine=get.get("mine") == "1", page=_page(get.get("page")))
    page = inbox.inbox(user=request.user, tenant=request.tenant, filters=filters)
    from satupintu.complaints.models import ComplaintStatus

    return render(request, "complaints/office_inbox.html", {
        "page": page, "filters": filters, "categories": active_categories(request.tenant),
        "statuses": ComplaintStatus.choices,
        "can_file": may_file_at_counter(request.user, request.tenant),
    })


def _detail(request: TenantRequest, complaint: Complaint, *, bound: Any = None,
            status: int = 200) -> HttpResponse:
    user = _user(request)
    handler = may_handle(user, complaint)
    steps = forms_office.available_steps(complaint, user) if handler else []
    step_forms = [bound if bound is not None and bound.action == code
                  else forms_office.STEP_FORMS[code](complaint=complaint) for code in steps]
    show_contact = may_see_contact(user, complaint) and request.GET.get("kontak") == "1"
    if show_contact:
        # The complainant's contact details are personal data: each look is recorded.
        with transaction.atomic():
            record(tenant=request.tenant, actor=user, action="complaint.contact_view",
                   obj=complaint)
    hide = bound if bound is not None and bound.action == "hide" else None
    return render(request, "complaints/office_detail.html", {
        "c": complaint, "handler": handler, "step_forms": step_forms,
        "hide_form": hide or forms_office.HideForm(complaint=complaint),
        "may_contact": may_see_contact(user, complaint), "show_contact": show_contact,
        "timeline": inbox.timeline(complaint), "photos": inbox.photos(complaint),
        "clock": inbox.clock(complaint), "reopen_until": handling.reopen_until(complaint),
        "public_path": public_path(complaint),
    }, status=status)


@never_cache
@officer_required(*OFFICE_ROLES)
def complaint_detail(request: TenantRequest, number: str) -> HttpResponse:
    return _detail(request, _complaint(request, number))


def _failed(request: TenantRequest, complaint: Complaint, form: Any,
            exc: DomainError) -> HttpResponse:
    if isinstance(exc, NotFound):
        raise Http404 from exc
    if isinstance(exc, PermissionDenied):
        return render(request, "errors/403.html", {"message": exc.message}, status=403)
    if isinstance(exc, ValidationFailed) and exc.details:
        form.add_service_errors(exc.details)
    messages.error(request, str(exc.message))
    fresh = _complaint(request, complaint.number)
    if isinstance(exc, Conflict):
        # Keep what the officer typed, on the current version: they resend it, or not, after
        # seeing what changed on the page.
        data = request.POST.copy()
        data[f"{form.prefix}-version"] = str(fresh.version)
        form = type(form)(data, complaint=fresh)
        form.is_valid()
    return _detail(request, fresh, bound=form, status=exc.http_status)


@officer_required(*OFFICE_ROLES)
@require_POST
def complaint_act(request: TenantRequest, number: str) -> HttpResponse:
    """Perform one step (`action`) with its form; errors come back next to the fields."""
    complaint = _complaint(request, number)
    form_class = forms_office.STEP_FORMS.get(request.POST.get("action", ""))
    if form_class is None:
        raise Http404
    if not may_handle(request.user, complaint):
        return render(request, "errors/403.html", status=403)
    form = form_class(request.POST, complaint=complaint)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed; check the marked fields."))
        return _detail(request, complaint, bound=form, status=422)
    try:
        form.perform(_user(request))
    except DomainError as exc:
        return _failed(request, complaint, form, exc)
    messages.success(request, _("Done: %(step)s.") % {"step": form.label})
    if not may_read(request.user, Complaint.objects.get(pk=complaint.pk)):
        return redirect("complaints_office:inbox")  # forwarded out of the officer's sight
    return redirect("complaints_office:detail", number=complaint.number)


def _media(complaint: Complaint, pk: int) -> ComplaintMedia:
    media: ComplaintMedia | None = ComplaintMedia.objects.filter(pk=pk,
                                                                 complaint=complaint).first()
    if media is None:
        raise Http404
    return media


@officer_required(*OFFICE_ROLES)
def complaint_photo(request: TenantRequest, number: str, pk: int) -> HttpResponse:
    """A photo of the complaint (reviewed or not), for officers who see the complaint."""
    media = _media(_complaint(request, number), pk)
    response = FileResponse(media.file.open("rb"), content_type=media.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]  # a streaming HttpResponseBase


@officer_required(*OFFICE_ROLES)
@require_POST
def complaint_photo_review(request: TenantRequest, number: str, pk: int) -> HttpResponse:
    complaint = _complaint(request, number)
    media = _media(complaint, pk)
    decision = request.POST.get("decision")
    if decision not in {"approve", "reject"}:
        # Only the two buttons' values mean something; anything else changes nothing.
        messages.error(request, _("Choose whether to publish the photo or not."))
        return redirect("complaints_office:detail", number=complaint.number)
    try:
        handling.complaint_media_review(media=media, actor=_user(request),
                                        approve=decision == "approve")
    except NotFound as exc:
        raise Http404 from exc
    except PermissionDenied:
        return render(request, "errors/403.html", status=403)
    messages.success(request, _("The photo's review was saved."))
    return redirect("complaints_office:detail", number=complaint.number)


@never_cache
@officer_required(*COUNTER_ROLES)
def complaint_new(request: TenantRequest) -> HttpResponse:
    """Filing a complaint at the counter for a walk-in complainant."""
    form = forms_office.CounterComplaintForm(request.POST or None, tenant=request.tenant)
    context: dict[str, Any] = {"form": form, "limits": PHOTO_LIMITS}
    if request.method == "POST" and form.is_valid():
        try:
            complaint = complaint_submit(
                tenant=request.tenant, actor=_user(request),
                data=form.to_input(request.FILES.getlist("photos")),
                channel=ComplaintChannel.COUNTER)
        except ValidationFailed as exc:
            form.add_intake_errors(exc.details)
            form.add_error(None, str(exc.message))
        else:
            # The private link is shown once, to be printed or written down for the person.
            return render(request, "complaints/office_filed.html", {
                "c": complaint, "private_url": public_url(private_path(complaint)),
                "public_url": public_url(public_path(complaint)),
                "may_open": may_read(request.user, complaint)}, status=201)
        return render(request, "complaints/office_new.html", context, status=422)
    return render(request, "complaints/office_new.html", context)
