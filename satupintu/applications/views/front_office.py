"""The front office: the counter's queue and the completeness check of a file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.accounts.models import Role
from satupintu.applications import selectors
from satupintu.applications.models import Application
from satupintu.core.decorators import officer_required
from satupintu.core.errors import DomainError, NotFound
from satupintu.core.request import TenantRequest
from satupintu.issuance.register import current_permit
from satupintu.workflow.engine import available_actions, case_perform
from satupintu.workflow.selectors import timeline

CHECK_ACTIONS = {"register", "return_incomplete", "hand_over"}


def _get(request: TenantRequest, pk: int) -> Application:
    try:
        return selectors.application_for(tenant=request.tenant, user=request.user, pk=pk)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404 from exc


@officer_required(Role.FRONT_OFFICE)
def queue(request: TenantRequest) -> HttpResponse:
    lang = get_language() or "id"
    rows = selectors.front_office_queue(tenant=request.tenant)
    return render(request, "applications/fo_queue.html", {
        "rows": [(a, selectors.state_label(a, lang)) for a in rows],
    })


@officer_required(Role.FRONT_OFFICE)
def check(request: TenantRequest, pk: int) -> HttpResponse:
    return _check_page(request, _get(request, pk))


def _check_page(request: TenantRequest, application: Application, *,
                posted: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    """The checklist page; after a refused act it shows again what the clerk had entered."""
    if application.case is None:
        raise Http404
    case = application.case
    case.refresh_from_db()
    lang = get_language() or "id"
    return render(request, "applications/fo_check.html", {
        "application": application, "case": case,
        "state_label": selectors.state_label(application, lang),
        "rows": selectors.checklist(application),
        "actions": set(available_actions(case, request.user)) & CHECK_ACTIONS,  # type: ignore[arg-type]
        "timeline": timeline(case, lang),
        "posted": posted or {"cite": [], "notes": {}, "note": ""},
        # With a signed permit in the register, the handover records the receiver's identity
        # there (issuance.lifecycle.permit_hand_over) instead of a free-text note.
        "permit": current_permit(application.pk) if case.state == "issued" else None,
    }, status=status)


@officer_required(Role.FRONT_OFFICE)
@require_POST
def act(request: TenantRequest, pk: int) -> HttpResponse:
    """Register the file, return it citing requirements, or hand the permit over."""
    application = _get(request, pk)
    action = request.POST.get("action", "")
    if application.case is None or action not in CHECK_ACTIONS:
        raise Http404
    inputs: dict[str, Any] = {}
    note = request.POST.get("note", "").strip()
    if action == "return_incomplete":
        codes = request.POST.getlist("cite")
        inputs["citations"] = [{"code": code, "note": request.POST.get(f"note_{code}", "")}
                               for code in codes]
    if note:
        inputs["note"] = note
    try:
        version = int(request.POST.get("version", ""))
        case_perform(tenant=request.tenant, case_id=application.case.pk,
                     actor=request.user, action=action, expected_version=version,  # type: ignore[arg-type]
                     inputs=inputs)
    except ValueError:
        messages.error(request, _("This file has changed in the meantime. Reload it and try "
                                  "again."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
        if isinstance(exc.details, dict):
            for value in exc.details.values():
                if isinstance(value, str) and len(value) > 10:
                    messages.error(request, value)
        # Nothing the clerk ticked or wrote is lost: the page comes back with it.
        codes = request.POST.getlist("cite")
        return _check_page(request, application, status=exc.http_status, posted={
            "cite": codes, "note": note,
            "notes": {code: request.POST.get(f"note_{code}", "") for code in codes}})
    else:
        messages.success(request, {
            "register": _("The file was registered; the clock has started."),
            "return_incomplete": _("The file was returned to the applicant."),
            "hand_over": _("The handover was recorded."),
        }[action])
    return redirect("front_office:queue")
