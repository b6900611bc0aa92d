"""The officer workspace: the inbox, the file, acting on it, assignment, inspections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.accounts.models import Role, User
from satupintu.accounts.selectors import applicant_profile_of, request_roles
from satupintu.backoffice import forms, selectors
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.core.decorators import officer_required
from satupintu.core.errors import DomainError
from satupintu.core.request import TenantRequest
from satupintu.inspections import services as inspections
from satupintu.tenants.models import Agency
from satupintu.workflow import assignment
from satupintu.workflow.clock import paused_so_far, remaining_working_days
from satupintu.workflow.definitions import compiled
from satupintu.workflow.engine import available_actions, case_perform
from satupintu.workflow.models import BranchStatus, Case, ClockEventKind
from satupintu.workflow.permissions import may_see_case
from satupintu.workflow.selectors import decision_conditions, timeline

OFFICER_ROLES = [r for r in Role if r not in {Role.ADMINISTRATOR, Role.COMPLAINT_HANDLER,
                                               Role.TREASURER}]


def _case(request: TenantRequest, case_id: int) -> Case:
    case = (Case.objects.select_related("definition", "holder_agency", "assignee", "owner")
            .filter(pk=case_id, tenant=request.tenant).first())
    if case is None or not may_see_case(request.user, case):  # type: ignore[arg-type]
        raise Http404
    return case


def _fail(request: TenantRequest, exc: DomainError) -> None:
    messages.error(request, str(exc.message))
    if isinstance(exc.details, dict):
        for value in exc.details.values():
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and len(text) > 12:
                    messages.error(request, text)


def _int(value: str | None, default: int = 1) -> int:
    try:
        return max(1, min(int(value or default), 10**6))
    except ValueError:
        return default


@officer_required(*OFFICER_ROLES)
def inbox(request: TenantRequest) -> HttpResponse:
    get = request.GET
    filters = selectors.InboxFilters(
        service=get.get("service", "")[:20], state=get.get("state", "")[:60],
        kecamatan=get.get("kecamatan", "")[:10],
        assigned=get.get("assigned", "") if get.get("assigned") in {"me", "none"} else "",
        page=_int(get.get("page")))
    page = selectors.inbox(user=request.user, tenant=request.tenant,  # type: ignore[arg-type]
                           filters=filters, lang=get_language() or "id",
                           held=request_roles(request))
    from satupintu.catalog.models import Service
    from satupintu.tenants.models import Kecamatan

    return render(request, "backoffice/inbox.html", {
        "page": page, "filters": filters,
        "services": Service.objects.filter(tenant=request.tenant, is_active=True)
        .order_by("name").values_list("code", "name"),
        "kecamatan": Kecamatan.objects.filter(tenant=request.tenant).values_list("code", "name"),
        "states": _state_choices(request),
    })


def _state_choices(request: TenantRequest) -> list[tuple[str, str]]:
    from satupintu.workflow.definitions import DEFAULT_CODE, published_definition

    try:
        flow = compiled(published_definition(tenant=request.tenant, code=DEFAULT_CODE))
    except DomainError:
        return []
    lang = get_language() or "id"
    return [(s.code, s.label.en if lang.startswith("en") else s.label.id)
            for s in flow.spec.states if not s.terminal]


@officer_required(*OFFICER_ROLES, Role.AUDITOR)
def file(request: TenantRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    user: User = request.user  # type: ignore[assignment]
    lang = get_language() or "id"
    flow = compiled(case.definition)
    application = getattr(case, "application", None)
    calendar = working_calendar(request.tenant)
    today = local_date(request.tenant)
    codes = available_actions(case, user)
    citable = _citable(case, application)
    group = flow.states[case.state].parallel
    recommendations = group.recommendations if group is not None else []
    action_forms = []
    for code in codes:
        spec = flow.actions.get(code) or flow.branch_actions.get(case.state, {}).get(code)
        # forms.OWN_FORM_ACTIONS: never a bare action button.
        if spec is None or code in forms.OWN_FORM_ACTIONS:
            continue
        action_forms.append((spec, forms.ActionForm(
            initial={"action": code, "version": case.version}, spec=spec, citable=citable,
            recommendations=list(recommendations), auto_id=f"id_{code}_%s")))
    branches = list(case.branches.select_related("agency", "assignee", "decided_by")
                    .order_by("agency__name"))
    started = case.clock_started_on
    elapsed = (calendar.count_working_days(started, today) - paused_so_far(case, calendar, today)
               if started and today > started else 0)
    return render(request, "backoffice/file.html", {
        "case": case, "application": application,
        "profile": applicant_profile_of(case.owner) if case.owner else None,
        "state": flow.states[case.state],
        "state_label": flow.states[case.state].label.en if lang.startswith("en")
        else flow.states[case.state].label.id,
        "timeline": timeline(case, lang),
        "rows": _checklist(application), "branches": branches,
        # Each agency's review with its recommendation in words (the field stores the code).
        "reviews": [(b, str(forms.RECOMMENDATION_LABELS.get(b.recommendation, b.recommendation)))
                    for b in branches],
        "inspections": case.inspections.select_related("agency", "reported_by")
        .prefetch_related("team", "photos"),
        "action_forms": action_forms, "codes": codes,
        "clock": {
            "started": started, "elapsed": elapsed,
            "paused": paused_so_far(case, calendar, today),
            "service_left": remaining_working_days(calendar, today,
                                                   case.service_due_date),
            "legal_left": remaining_working_days(calendar, today, case.legal_due_date),
            "events": case.clock_events.exclude(kind=ClockEventKind.RECOMPUTED).order_by("at"),
        },
        "can_claim": _pool_ok(user, case, branches),
        "assign_choices": _assign_choices(user, case, branches),
        "schedule_agencies": _inspecting_agencies(user, branches) if "schedule_inspection"
        in codes else [],
        "brief": user_is_decider(user, case),
        # What the permit will carry: the approving agencies' conditions (latest round).
        "permit_conditions": decision_conditions(case),
        "signing": _signing(user, case, codes),
    })


def _signing(user: User, case: Case, codes: list[str]) -> dict[str, Any]:
    """The signing panel and the issued permits (issuance owns both)."""
    from satupintu.issuance.selectors_office import failed_attempts, permits_of_case
    from satupintu.issuance.services import may_sign

    awaiting = case.state == "signing"
    signer = may_sign(user, case.tenant)
    return {"awaiting": awaiting, "can_sign": awaiting and "sign" in codes,
            "can_correct": signer, "failures": failed_attempts(case) if awaiting else [],
            "permits": permits_of_case(case)}


def _inspecting_agencies(user: User, branches: list[Any]) -> list[Agency]:
    """Agencies whose pending review the user may schedule an inspection for."""
    return [b.agency for b in branches if b.status == BranchStatus.PENDING and (
        assignment.holds(user, b.agency, Role.TECHNICAL_REVIEWER)
        or assignment.holds(user, b.agency, Role.INSPECTOR))]


def user_is_decider(user: User, case: Case) -> bool:
    """Approvers and signers of the one-stop office see the brief of every recommendation."""
    agency = case.holder_agency
    return agency is not None and agency.is_one_stop and (
        assignment.holds(user, agency, Role.APPROVER) or assignment.holds(user, agency,
                                                                           Role.SIGNER))


def _citable(case: Case, application: Any) -> list[tuple[str, str]]:
    names = {}
    if application is not None:
        names = {r.code: r.name for r in application.variant.requirements.all()}
    return [(code, names.get(code, code)) for code in case.citable]


def _checklist(application: Any) -> list[Any]:
    if application is None:
        return []
    from satupintu.applications.selectors import checklist

    return [row for row in checklist(application) if row.applies]


def _pool_ok(user: User, case: Case, branches: list[Any]) -> bool:
    if case.holder_agency is not None:
        return case.assignee_id is None and assignment.holds(user, case.holder_agency,
                                                             case.holder_role)
    return any(b.status == BranchStatus.PENDING and b.assignee_id is None
               and assignment.holds(user, b.agency, Role.TECHNICAL_REVIEWER) for b in branches)


def _assign_choices(user: User, case: Case, branches: list[Any]) -> list[tuple[str, Any]]:
    """(agency code or "", officers) the user may assign this file to, as a head."""
    targets: list[tuple[str, Any]] = []
    if case.holder_agency is not None:
        if assignment._may_assign(user, case.holder_agency):
            targets.append(("", assignment.eligible_officers(case.holder_agency,
                                                               case.holder_role)))
    else:
        for branch in branches:
            if branch.status == BranchStatus.PENDING and assignment._may_assign(user,
                                                                                branch.agency):
                targets.append((branch.agency.code, assignment.eligible_officers(
                    branch.agency, Role.TECHNICAL_REVIEWER)))
    return targets


def _agency(request: TenantRequest, code: str) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(tenant=request.tenant, code=code[:31]).first()
    if agency is None:
        raise Http404
    return agency


@officer_required(*OFFICER_ROLES)
@require_POST
def act(request: TenantRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    flow = compiled(case.definition)
    code = request.POST.get("action", "")
    if code == "sign":  # numbered and signed only through the signing panel (passphrase)
        messages.error(request, _("Permits are signed with the signing passphrase in the "
                                  "signing panel."))
        return redirect("backoffice:file", case_id=case.pk)
    if code == "hand_over":  # the register records who received the permit
        messages.error(request, _("Hand the permit over in the register of issued permits, "
                                  "with the receiver's identity."))
        return redirect("backoffice:file", case_id=case.pk)
    spec = flow.actions.get(code) or flow.branch_actions.get(case.state, {}).get(code)
    if spec is None:
        messages.error(request, _("This action is not possible at the file's current step."))
        return redirect("backoffice:file", case_id=case.pk)
    state = flow.states[case.state]
    form = forms.ActionForm(request.POST, spec=spec, citable=_citable(
        case, getattr(case, "application", None)), recommendations=list(
        state.parallel.recommendations if state.parallel else []))
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else field}"
                                    f": {' '.join(str(e) for e in errors)}")
        return redirect("backoffice:file", case_id=case.pk)
    try:
        case_perform(tenant=request.tenant, case_id=case.pk, actor=request.user,  # type: ignore[arg-type]
                     action=code, expected_version=form.cleaned_data["version"],
                     inputs=form.inputs(), agency=_agency(request, form.cleaned_data["agency"]))
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Done: %(action)s.") % {
            "action": spec.label.en if (get_language() or "id").startswith("en")
            else spec.label.id})
    return redirect("backoffice:file", case_id=case.pk)


@officer_required(*OFFICER_ROLES)
@require_POST
def claim(request: TenantRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    try:
        if request.POST.get("release"):
            assignment.case_release(case=case, actor=request.user,  # type: ignore[arg-type]
                                    agency=_agency(request, request.POST.get("agency", "")))
            messages.success(request, _("The file is back in the pool."))
        else:
            assignment.case_claim(case=case, actor=request.user,  # type: ignore[arg-type]
                                  agency=_agency(request, request.POST.get("agency", "")))
            messages.success(request, _("You have taken this file."))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("backoffice:file", case_id=case.pk)


@officer_required(*OFFICER_ROLES)
@require_POST
def assign(request: TenantRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    assignee = User.objects.filter(pk=_int(request.POST.get("assignee"), 0),
                                   tenant=request.tenant).first()
    if assignee is None:
        messages.error(request, _("Choose an officer."))
        return redirect("backoffice:file", case_id=case.pk)
    try:
        assignment.case_assign(case=case, actor=request.user, assignee=assignee,  # type: ignore[arg-type]
                               agency=_agency(request, request.POST.get("agency", "")))
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The file was assigned to %(name)s.") % {
            "name": assignee.get_full_name()})
    return redirect("backoffice:file", case_id=case.pk)


@officer_required(Role.TECHNICAL_REVIEWER, Role.INSPECTOR)
def inspection_schedule(request: TenantRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    agency = _agency(request, request.POST.get("agency") or request.GET.get("agency", ""))
    if agency is None:
        raise Http404
    team = list(User.objects.filter(
        is_active=True, memberships__agency=agency, memberships__is_active=True,
        memberships__role__in=[Role.INSPECTOR, Role.TECHNICAL_REVIEWER]).distinct()
        .order_by("full_name"))
    form = forms.ScheduleForm(request.POST or None,
                              initial={"version": case.version, "agency": agency.code},
                              team_choices=[(str(u.pk), u.get_full_name()) for u in team])
    if request.method == "POST" and form.is_valid():
        try:
            inspections.inspection_schedule(
                case=case, agency=agency, actor=request.user,  # type: ignore[arg-type]
                scheduled_on=form.cleaned_data["scheduled_on"],
                team=[u for u in team if str(u.pk) in form.cleaned_data["team"]],
                letter_number=form.cleaned_data["letter_number"],
                expected_version=form.cleaned_data["version"])
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The inspection was scheduled."))
            return redirect("backoffice:file", case_id=case.pk)
    return render(request, "backoffice/inspection_schedule.html",
                  {"case": case, "agency": agency, "form": form})


@officer_required(Role.TECHNICAL_REVIEWER, Role.INSPECTOR)
def inspection_report(request: TenantRequest, case_id: int, inspection_id: int) -> HttpResponse:
    case = _case(request, case_id)
    try:
        inspection = inspections.inspection_for(case=case, pk=inspection_id)
    except DomainError as exc:
        raise Http404 from exc
    form = forms.ReportForm(request.POST or None, initial={
        "version": case.version, "inspected_on": local_date(request.tenant)})
    if request.method == "POST" and form.is_valid():
        try:
            inspections.inspection_report(
                inspection=inspection, actor=request.user,  # type: ignore[arg-type]
                inspected_on=form.cleaned_data["inspected_on"],
                findings=form.cleaned_data["findings"],
                attendees=form.cleaned_data["attendees"],
                latitude=form.cleaned_data["latitude"],
                longitude=form.cleaned_data["longitude"],
                photos=request.FILES.getlist("photos"),
                expected_version=form.cleaned_data["version"])
        except DomainError as exc:
            for name, message in (exc.details or {}).items():
                form.add_error(name if name in form.fields else None, str(message))
            if not exc.details:
                _fail(request, exc)
        else:
            messages.success(request, _("The inspection report was recorded."))
            return redirect("backoffice:file", case_id=case.pk)
    return render(request, "backoffice/inspection_report.html",
                  {"case": case, "inspection": inspection, "form": form})


@officer_required(*OFFICER_ROLES)
def inspection_photo(request: TenantRequest, case_id: int, photo_id: int) -> HttpResponse:
    """A photo of an inspection report, only for those who may see the file."""
    from django.http import FileResponse

    from satupintu.inspections.models import InspectionPhoto

    case = _case(request, case_id)
    photo = InspectionPhoto.objects.filter(pk=photo_id, inspection__case=case).first()
    if photo is None:
        raise Http404
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]  # a streaming HttpResponseBase


@officer_required(*OFFICER_ROLES)
def delegations(request: TenantRequest) -> HttpResponse:
    """An officer appoints a stand-in (Plh/Plt) for one of their roles, or revokes one."""
    from satupintu.accounts import officers
    from satupintu.accounts.models import Delegation, Membership

    user: User = request.user  # type: ignore[assignment]
    mine = list(Membership.objects.filter(user=user, is_active=True).select_related("agency"))
    colleagues = User.objects.filter(tenant=request.tenant, kind="officer", is_active=True
                                     ).exclude(pk=user.pk).order_by("full_name")
    form = forms.DelegationForm(request.POST or None, memberships=mine, colleagues=colleagues)
    if request.method == "POST" and request.POST.get("revoke"):
        delegation = Delegation.objects.filter(pk=_int(request.POST.get("revoke"), 0),
                                               tenant=request.tenant, principal=user).first()
        if delegation is None:
            raise Http404
        try:
            officers.delegation_revoke(delegation=delegation, actor=user,
                                       reason=request.POST.get("reason", "")[:300])
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The delegation was revoked."))
        return redirect("backoffice:delegations")
    if request.method == "POST" and form.is_valid():
        membership = next(m for m in mine if str(m.pk) == form.cleaned_data["membership"])
        try:
            officers.delegation_create(
                actor=user, principal=user,
                substitute=colleagues.get(pk=form.cleaned_data["substitute"]),
                agency=membership.agency, role=Role(membership.role),
                kind=form.cleaned_data["kind"], starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"], reason=form.cleaned_data["reason"],
                letter_number=form.cleaned_data["letter_number"])
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The substitute was appointed."))
            return redirect("backoffice:delegations")
    return render(request, "backoffice/delegations.html", {
        "form": form,
        "given": Delegation.objects.filter(tenant=request.tenant, principal=user)
        .select_related("substitute", "agency").order_by("-starts_on"),
        "held": Delegation.objects.filter(tenant=request.tenant, substitute=user,
                                          revoked_at__isnull=True)
        .select_related("principal", "agency").order_by("-starts_on"),
    })
