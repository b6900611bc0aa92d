"""The applicant's pages: start, the wizard (data, documents, review), status, corrections."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.applications import requirements as reqs
from satupintu.applications import selectors, services
from satupintu.applications.forms import AnswersForm, ResubmitForm, UploadForm, WithdrawForm
from satupintu.applications.models import Application
from satupintu.applications.selectors import application_for, checklist, may_file_for
from satupintu.catalog import selectors as catalog
from satupintu.core.decorators import applicant_or_counter, applicant_required
from satupintu.core.errors import DomainError, NotFound
from satupintu.core.request import TenantRequest
from satupintu.issuance.views_download import holder_permit
from satupintu.workflow.engine import available_actions
from satupintu.workflow.selectors import timeline

STEPS = ["data", "dokumen", "kirim"]


def _get(request: TenantRequest, pk: int) -> Application:
    """An application the user may fill in: theirs, or — for a clerk — one filed at the
    counter (a clerk sees other submitted files on the officer pages, not here)."""
    try:
        application = application_for(tenant=request.tenant, user=request.user, pk=pk)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404 from exc
    if not may_file_for(request.user, application):  # type: ignore[arg-type]
        raise Http404
    return application


def _fail(request: TenantRequest, exc: DomainError) -> None:
    messages.error(request, str(exc.message))
    if isinstance(exc.details, dict):
        for value in exc.details.values():
            if isinstance(value, str) and value not in {"missing", "type", "too_large", "empty"}:
                messages.error(request, value)


@applicant_required
def my_applications(request: TenantRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = selectors.my_applications(tenant=request.tenant, user=request.user,  # type: ignore[arg-type]
                                     status=status if status in {"draft", "open", "closed"} else "")
    lang = get_language() or "id"
    return render(request, "applications/mine.html", {
        "rows": [(a, selectors.state_label(a, lang)) for a in rows], "status": status,
    })


@applicant_required
def start(request: TenantRequest, code: str) -> HttpResponse:
    try:
        service = catalog.service_get(tenant=request.tenant, code=code.upper())
    except NotFound as exc:
        raise Http404 from exc
    standard = catalog.current_standard(service, catalog.tenant_today(request.tenant))
    variants = list(standard.variants.all()) if standard else []
    if request.method == "POST":
        try:
            application = services.application_start(
                tenant=request.tenant, applicant=request.user, actor=request.user,  # type: ignore[arg-type]
                service_code=service.code, variant_kind=request.POST.get("variant", ""))
        except DomainError as exc:
            _fail(request, exc)
        else:
            return redirect("applications:step", pk=application.pk, step="data")
    return render(request, "applications/start.html", {"service": service, "variants": variants})


@applicant_required
def detail(request: TenantRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    if application.is_draft:
        return redirect("applications:step", pk=pk, step="data")
    case = application.case
    assert case is not None
    lang = get_language() or "id"
    return render(request, "applications/detail.html", {
        "application": application, "case": case,
        "state_label": selectors.state_label(application, lang),
        "timeline": timeline(case, lang, public=True),
        "cited": selectors.correction_notes(application),
        "correction_note": selectors.correction_message(application),
        "actions": available_actions(case, request.user),  # type: ignore[arg-type]
        "editable": services.editable_codes(application),
        "rows": checklist(application),
        "withdraw_form": WithdrawForm(initial={"version": case.version}),
        "rejection": selectors.rejection_step(application),
        "conditions": selectors.permit_conditions(application),
        "permit_copy": holder_permit(application, via_tracking=False),
    })


def _wizard_context(application: Application, step: str, **extra: Any) -> dict[str, Any]:
    rows = checklist(application)
    return {"application": application, "step": step, "steps": STEPS, "rows": rows,
            "missing": reqs.missing(application), **extra}


@applicant_or_counter
def step(request: TenantRequest, pk: int, step: str) -> HttpResponse:
    application = _get(request, pk)
    if step not in STEPS:
        raise Http404
    editable = services.editable_codes(application)
    if editable is not None and not editable:
        return redirect("applications:detail", pk=pk)
    requirements = reqs.variant_requirements(application.variant)
    if step == "data":
        return _data_step(request, application, requirements, editable)
    if step == "dokumen":
        return _documents_step(request, application)
    return _review_step(request, application)


def _data_step(request: TenantRequest, application: Application, requirements: list[Any],
               editable: set[str] | None) -> HttpResponse:
    initial = {**application.answers, "kelurahan": application.kelurahan_id,
               "location_detail": application.location_detail}
    form = AnswersForm(request.POST or None, initial=initial, requirements=requirements,
                       tenant=request.tenant, editable=editable)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save_answers(
                application=application, actor=request.user,  # type: ignore[arg-type]
                answers=form.answers(),
                kelurahan=form.cleaned_data["kelurahan"] if editable is None else None,
                location_detail=form.cleaned_data["location_detail"] if editable is None
                else None)
        except DomainError as exc:
            for code, message in (exc.details or {}).items():
                if code in form.fields:
                    form.add_error(code, str(message))
            if not form.errors:
                _fail(request, exc)
        else:
            return redirect("applications:step", pk=application.pk, step="dokumen")
    return render(request, "applications/step_data.html",
                  _wizard_context(application, "data", form=form))


def _documents_step(request: TenantRequest, application: Application) -> HttpResponse:
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                code = form.cleaned_data["requirement"]
                if form.cleaned_data["file"]:
                    services.document_attach(application=application, actor=request.user,  # type: ignore[arg-type]
                                             requirement_code=code,
                                             file=form.cleaned_data["file"])
                elif form.cleaned_data["reuse"]:
                    upload = application.applicant.uploads.filter(
                        pk=form.cleaned_data["reuse"]).first()
                    if upload is None:
                        raise NotFound()
                    services.document_reuse(application=application, actor=request.user,  # type: ignore[arg-type]
                                            requirement_code=code, upload=upload)
                else:
                    messages.error(request, _("Choose a file to upload."))
                    return redirect(request.path)
            except DomainError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("The document was saved."))
        else:
            messages.error(request, _("The upload could not be read. Try again."))
        return redirect(request.path)
    previous = application.applicant.uploads.exclude(
        attachments__application=application).order_by("-created_at")[:20]
    return render(request, "applications/step_documents.html",
                  _wizard_context(application, "dokumen", previous=previous,
                                  editable=services.editable_codes(application)))


def _review_step(request: TenantRequest, application: Application) -> HttpResponse:
    if request.method == "POST":
        try:
            services.application_submit(application=application, actor=request.user,  # type: ignore[arg-type]
                                        idempotency_key=request.POST.get("idempotency_key", ""))
        except DomainError as exc:
            _fail(request, exc)
            return redirect(request.path)
        return redirect("applications:receipt", pk=application.pk)
    if not application.is_draft:
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/step_review.html",
                  _wizard_context(application, "kirim", idempotency_key=uuid.uuid4().hex))


@applicant_or_counter
@require_POST
def delete_draft(request: TenantRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    try:
        services.application_delete_draft(application=application, actor=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        _fail(request, exc)
        return redirect("applications:detail", pk=pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("applications:mine")


@applicant_required
@require_POST
def withdraw(request: TenantRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawing."))
        return redirect("applications:detail", pk=pk)
    try:
        services.application_withdraw(application=application, actor=request.user,  # type: ignore[arg-type]
                                      expected_version=form.cleaned_data["version"],
                                      reason=form.cleaned_data["reason"])
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The application was withdrawn."))
    return redirect("applications:detail", pk=pk)


@applicant_required
@require_POST
def resubmit(request: TenantRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    form = ResubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long, or the page was out of date; reload "
                                  "it and try again."))
        return redirect("applications:detail", pk=pk)
    try:
        services.application_resubmit(application=application, actor=request.user,  # type: ignore[arg-type]
                                      expected_version=form.cleaned_data["version"],
                                      note=form.cleaned_data["note"])
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Your corrections were sent to the office."))
    return redirect("applications:detail", pk=pk)


@applicant_or_counter
def receipt(request: TenantRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    if application.is_draft:
        raise Http404
    return render(request, "applications/receipt.html", {
        "application": application, "rows": checklist(application),
        "pdf_url": reverse("applications:receipt_pdf", args=[pk]),
    })


@applicant_or_counter
def receipt_pdf(request: TenantRequest, pk: int) -> HttpResponse:
    from satupintu.applications.receipt import receipt_pdf as render_pdf

    application = _get(request, pk)
    if application.is_draft:
        raise Http404
    response = HttpResponse(render_pdf(application, request), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="bukti-{application.tracking_number}.pdf"')
    return response



