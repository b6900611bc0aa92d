"""The officer API: `/api/v1/officer/…` — the inbox, the file, acting on it, assignment.

Thin operations over the same selectors and services as the officer workspace. Every operation
takes an officer's bearer token (issued only with their second factor) and a role that works
on files: an applicant's token or an officer without such a role answers 403 before any input
is read; a file the officer may not see — another agency's, another region's — answers 404
exactly like a missing one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict, StrictInt, StringConstraints

from satupintu.accounts.api_auth import TokenAuth
from satupintu.accounts.models import ApiToken, Role, User, UserKind
from satupintu.accounts.permissions import has_role
from satupintu.accounts.selectors import applicant_profile_of
from satupintu.api.errors import ErrorOut
from satupintu.applications.api import Input
from satupintu.applications.selectors import checklist
from satupintu.backoffice import selectors
from satupintu.backoffice.forms import (
    INSPECTION_ACTIONS,
    OWN_FORM_ACTIONS,
    RECOMMENDATION_LABELS,
    REGISTER_ACTIONS,
    SIGNING_ACTIONS,
)
from satupintu.backoffice.views import OFFICER_ROLES, _assign_choices, _pool_ok
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.catalog.models import DataType, Requirement, RequirementKind
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.core.i18n import localized
from satupintu.core.request import TenantRequest
from satupintu.lib.workdays import CalendarNotConfigured, WorkingDayCalendar
from satupintu.tenants.models import Agency
from satupintu.workflow import assignment
from satupintu.workflow.clock import paused_so_far, remaining_working_days
from satupintu.workflow.definitions import Compiled, compiled
from satupintu.workflow.engine import available_actions, case_perform
from satupintu.workflow.models import BranchStatus, Case, ClockEventKind
from satupintu.workflow.permissions import may_see_case
from satupintu.workflow.schema import Action, BranchAction
from satupintu.workflow.selectors import action_label, state_label


class OfficerAuth(TokenAuth):
    """An officer's token (second factor included) and one of `roles` in this region."""

    openapi_description = ("An officer's token from POST /api/v1/auth/token (with `otp`), sent "
                           "as `Authorization: Bearer …`.")

    def __init__(self, *roles: Role) -> None:
        super().__init__(kind=UserKind.OFFICER)
        self.roles = roles

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = super().authenticate(request, token)
        if found is None or not found.user.is_verified():  # type: ignore[attr-defined]
            return None  # an officer's token is worth nothing without their second factor
        if not has_role(found.user, request.tenant, *self.roles):  # type: ignore[attr-defined]
            raise PermissionDenied(_("Your roles do not include work on files."),
                                   code="no_file_role")
        return found


# The workspace's roles (auditors included: they read every file; the engine lets them do
# nothing). Administrators, treasurers and complaint handlers have no business in files.
officer_router = Router(tags=["officer"], auth=OfficerAuth(*OFFICER_ROLES))


def _errors(*codes: int) -> dict[int, Any]:
    return dict.fromkeys(codes, ErrorOut)


# --- input types ----------------------------------------------------------------------------
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
AgencyCode = Annotated[str, StringConstraints(min_length=1, max_length=31)]
Text = Annotated[str, StringConstraints(max_length=20000)]


class InboxQuery(Schema):
    service: Annotated[str, StringConstraints(max_length=20)] = Field(
        "", description="Service code, e.g. `SIA`.")
    state: Annotated[str, StringConstraints(max_length=60)] = Field(
        "", description="Machine code of the step, e.g. `verification`.")
    kecamatan: Annotated[str, StringConstraints(max_length=10)] = Field(
        "", description="Kemendagri code of the kecamatan of the activity, e.g. `16.73.01`.")
    assigned: Literal["me", "none"] | None = Field(
        None, description="`me`: assigned to you; `none`: still in the pool.")
    page: int = Field(1, ge=1, le=10**6, description=f"{selectors.PAGE_SIZE} files a page.")


class CitationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, StringConstraints(max_length=30)]
    note: Text = ""


class ActionInputs(Schema):
    """The inputs an action takes; which it requires is in the file's `actions`."""

    model_config = ConfigDict(extra="forbid")

    reason: Text | None = Field(None, description="Written reasons (at most 4000 characters).")
    note: Text | None = None
    conditions: Text | None = Field(None, description="Conditions of an approval with "
                                                      "conditions (carried to the permit).")
    recommendation: Annotated[str, StringConstraints(max_length=30)] | None = Field(
        None, description="`approve`, `approve_with_conditions` or `reject`.")
    citations: list[Annotated[str, StringConstraints(max_length=30)] | CitationIn] | None = (
        Field(None, max_length=100, description="Requirements the file fails: codes, or "
                                                "`{code, note}` objects."))
    days: StrictInt | None = Field(None, description="Working days (1–365).")
    date: Annotated[str, StringConstraints(max_length=10)] | None = Field(
        None, description="A date like `2026-03-17`.")
    document: Text | None = None


class ActIn(Input):
    action: Annotated[str, StringConstraints(min_length=1, max_length=60)] = Field(
        description="An action code from the file's `actions`.")
    version: Id = Field(description="The file's `version` as last read; a stale one answers "
                                    "409 `stale`.")
    inputs: ActionInputs | None = Field(None, description="Named inputs; absent: none.")
    agency: AgencyCode | None = Field(
        None, description="For an action on one agency's review when you act for several "
                          "(the action's `agencies`).")


class ReleaseIn(Input):
    agency: AgencyCode | None = Field(None, description="An agency's review of a parallel "
                                                        "review, by agency code.")


class ClaimIn(ReleaseIn):
    version: Id | None = Field(None, description="Refuse (409 `stale`) if the file changed.")


class AssignIn(ClaimIn):
    assignee: Id = Field(description="The officer's id (the file's `assign_to`).")


# --- output types ---------------------------------------------------------------------------
class Ref(Schema):
    code: str
    name: str


class PersonOut(Schema):
    id: int
    name: str


class InboxRowOut(Schema):
    case_id: int
    version: int
    tracking_number: str | None = Field(description="Null for a file that is not an "
                                                    "application.")
    service: Ref | None
    kecamatan: Ref | None
    state: str
    state_label: str
    holder_agency: Ref | None = Field(description="Null during a parallel review (each "
                                                  "agency holds its own part).")
    holder_role: str
    assignee: PersonOut | None = Field(description="Who works on it: the step's officer, or "
                                                   "in a review your agency's reviewer.")
    due_date: dt.date | None = Field(description="Your part's due date: the review's, the "
                                                 "step's or the service target.")
    remaining_working_days: int | None = Field(description="Negative when overdue; null "
                                                           "without a due date.")
    overdue: bool


class InboxOut(Schema):
    items: list[InboxRowOut]
    page: int
    pages: int
    total: int
    page_size: int


class ApplicantOut(Schema):
    name: str
    email: str
    phone: str
    kind: str
    nik: str
    company_name: str
    legal_form: str
    nib: str


class KelurahanOut(Schema):
    code: str
    name: str
    kecamatan: Ref


class ApplicationOut(Schema):
    id: int
    tracking_number: str | None
    service: Ref
    variant: str
    standard_version: int
    submitted_at: dt.datetime | None
    assisted: bool = Field(description="Filed at the counter for the applicant.")
    applicant: ApplicantOut | None
    kelurahan: KelurahanOut | None
    location_detail: str


class AnswerOut(Schema):
    requirement: str
    name: str
    answer: str | int | float | bool | None


class DocumentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int = Field(description="Bytes.")
    sha256: str
    uploaded_at: dt.datetime
    url: str = Field(description="The document, for an officer signed in on the website; "
                                 "each opening is recorded in the audit chain.")


class DocumentRowOut(Schema):
    requirement: str
    name: str
    mandatory: bool
    document: DocumentOut | None = Field(description="Null: not provided.")


class StepOut(Schema):
    seq: int
    at: dt.datetime
    action: str
    label: str
    from_state: str
    state: str
    state_label: str
    actor: PersonOut | None = Field(description="Null for the system.")
    role: str
    on_behalf_of: PersonOut | None = Field(description="The officer a Plh/Plt acted for.")
    agency: str | None = Field(description="The agency of a review step.")
    reason: str
    note: str
    inputs: dict[str, Any]


class ClockEventOut(Schema):
    kind: str
    label: str
    on: dt.date
    days: int
    reason: str
    oss_code: str


class ClockOut(Schema):
    state: str
    state_label: str
    started_on: dt.date | None = Field(description="Declared complete: day 0.")
    elapsed_working_days: int
    paused_working_days: int
    paused_since: dt.date | None
    extension_days: int
    service_due_date: dt.date | None
    service_remaining_days: int | None
    legal_due_date: dt.date | None
    legal_remaining_days: int | None
    step_due_date: dt.date | None
    fiktif_positif_at: dt.datetime | None
    events: list[ClockEventOut]


class BranchOut(Schema):
    agency: Ref
    state: str
    status: Literal["pending", "recommended"]
    due_date: dt.date | None
    assignee: PersonOut | None
    recommendation: str
    recommendation_label: str
    conditions: str
    reason: str
    decided_by: PersonOut | None
    decided_at: dt.datetime | None


class PhotoOut(Schema):
    id: int
    size: int
    sha256: str
    url: str


class InspectionOut(Schema):
    id: int
    agency: Ref
    status: Literal["scheduled", "reported"]
    scheduled_on: dt.date
    letter_number: str
    team: list[PersonOut]
    inspected_on: dt.date | None
    findings: str
    attendees: str
    latitude: float | None
    longitude: float | None
    reported_by: PersonOut | None
    reported_at: dt.datetime | None
    photos: list[PhotoOut]


class ChoiceOut(Schema):
    value: str
    label: str


class InputSpecOut(Schema):
    name: str
    required: bool
    type: Literal["text", "citations", "choice", "integer", "date"]
    choices: list[ChoiceOut] = Field(description="For `choice` and `citations`.")


class ActionOut(Schema):
    code: str
    label: str
    agencies: list[str] = Field(description="Review actions: the agencies you may act for; "
                                            "send one as `agency` if there are several.")
    inputs: list[InputSpecOut]


class AssignTargetOut(Schema):
    agency: str | None = Field(description="Null: the file's current step.")
    officers: list[PersonOut]


class FileOut(Schema):
    id: int
    version: int = Field(description="Send back as `version` when acting.")
    state: str
    state_label: str
    holder_agency: Ref | None
    holder_role: str
    assignee: PersonOut | None
    received_at: dt.datetime
    state_entered_at: dt.datetime
    closed_at: dt.datetime | None
    outcome: str
    correction_rounds: int
    correction_limit: int
    application: ApplicationOut | None
    answers: list[AnswerOut]
    documents: list[DocumentRowOut]
    timeline: list[StepOut]
    clock: ClockOut
    branches: list[BranchOut]
    inspections: list[InspectionOut]
    actions: list[ActionOut] = Field(description="What you may do now.")
    may_claim: bool
    assign_to: list[AssignTargetOut] = Field(description="As a head: to whom you may assign "
                                                         "the step or an agency's review.")


# --- helpers ----------------------------------------------------------------------------------
def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _lang() -> str:
    return get_language() or "id"


def _ref(obj: Any) -> dict[str, str] | None:
    return {"code": obj.code, "name": localized(obj, "name")} if obj is not None else None


def _person(user: User | None) -> dict[str, Any] | None:
    return {"id": user.pk, "name": user.get_full_name()} if user is not None else None


def _case(request: TenantRequest, case_id: int) -> Case:
    """The file, if this officer may see it; otherwise NotFound, exactly like a missing one."""
    case = (Case.objects.select_related(
        "definition", "holder_agency", "assignee", "owner", "application__service",
        "application__variant__standard", "application__kelurahan__kecamatan")
        .filter(pk=case_id, tenant=request.tenant).first())
    if case is None or not may_see_case(_user(request), case):
        raise NotFound()
    return case


def _agency(request: TenantRequest, code: str | None) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(tenant=request.tenant, code=code).first()
    if agency is None:
        raise ValidationFailed(details={"agency": _("There is no agency with this code.")})
    return agency


def _remaining(calendar: WorkingDayCalendar, today: dt.date, due: dt.date | None) -> int | None:
    try:
        return remaining_working_days(calendar, today, due)
    except CalendarNotConfigured:
        return None  # a date the calendar does not cover yet: unknown, not an error


def _answer(requirement: Requirement, value: Any) -> Any:
    """Numbers are stored as exact decimal text; the API sends JSON numbers."""
    if requirement.data_type != DataType.NUMBER or not isinstance(value, str) or not value:
        return value
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return int(number) if number == number.to_integral() else float(number)


# --- the file -------------------------------------------------------------------------------
def _application(request: TenantRequest, case: Case) -> dict[str, Any]:
    """The application part of the file: what it is, who applied, answers and documents."""
    application = getattr(case, "application", None)
    if application is None:
        return {"application": None, "answers": [], "documents": [], "citable": {}}
    rows = checklist(application)
    names = {row.requirement.code: localized(row.requirement, "name") for row in rows}
    profile = applicant_profile_of(case.owner) if case.owner else None
    owner = case.owner
    kelurahan = application.kelurahan
    documents = []
    for row in rows:
        r, doc = row.requirement, row.document
        if not row.applies or r.kind != RequirementKind.DOCUMENT:
            continue
        documents.append({"requirement": r.code, "name": names[r.code], "mandatory": r.mandatory,
                          "document": None if doc is None else {
                              "id": doc.pk, "name": doc.upload.original_name,
                              "content_type": doc.upload.content_type, "size": doc.upload.size,
                              "sha256": doc.upload.sha256, "uploaded_at": doc.created_at,
                              "url": request.build_absolute_uri(reverse(
                                  "applications:document", args=[application.pk, doc.pk]))}})
    return {
        "application": {
            "id": application.pk, "tracking_number": application.tracking_number,
            "service": _ref(application.service), "variant": application.variant.kind,
            "standard_version": application.variant.standard.version,
            "submitted_at": application.submitted_at,
            "assisted": application.assisted_by_id is not None,
            "applicant": None if owner is None else {
                "name": owner.get_full_name(), "email": owner.email, "phone": owner.phone,
                "kind": profile.kind if profile else "", "nik": profile.nik if profile else "",
                "company_name": profile.company_name if profile else "",
                "legal_form": profile.legal_form if profile else "",
                "nib": profile.nib if profile else ""},
            "kelurahan": None if kelurahan is None else {
                "code": kelurahan.code, "name": kelurahan.name,
                "kecamatan": _ref(kelurahan.kecamatan)},
            "location_detail": application.location_detail,
        },
        "answers": [{"requirement": r.code, "name": names[r.code],
                     "answer": _answer(r, row.answer)}
                    for row in rows for r in [row.requirement]
                    if row.applies and r.kind != RequirementKind.DOCUMENT],
        "documents": documents,
        "citable": names,
    }


def _timeline(case: Case, lang: str) -> list[dict[str, Any]]:
    # Read here rather than through workflow.selectors.timeline: officers also see the role
    # each step was taken in and the agency of a review step, which its rows do not carry.
    flow = compiled(case.definition)
    return [{
        "seq": t.seq, "at": t.at, "action": t.action,
        "label": action_label(flow, t.action, t.from_state, lang),
        "from_state": t.from_state, "state": t.to_state,
        "state_label": state_label(flow, t.to_state, lang),
        "actor": _person(t.actor), "role": t.role, "on_behalf_of": _person(t.on_behalf_of),
        "agency": t.branch_agency.code if t.branch_agency else None,
        "reason": str(t.inputs.get("reason", "")), "note": str(t.inputs.get("note", "")),
        "inputs": t.inputs,
    } for t in case.transitions.select_related("actor", "on_behalf_of", "branch_agency")
        .order_by("seq")]


def _clock(case: Case, calendar: WorkingDayCalendar, today: dt.date) -> dict[str, Any]:
    started = case.clock_started_on
    try:
        paused = paused_so_far(case, calendar, today)
        elapsed = (calendar.count_working_days(started, today) - paused
                   if started and today > started else 0)
    except CalendarNotConfigured:
        paused, elapsed = case.paused_days, 0
    return {
        "state": case.clock_state, "state_label": case.get_clock_state_display(),
        "started_on": started, "elapsed_working_days": elapsed,
        "paused_working_days": paused, "paused_since": case.paused_since,
        "extension_days": case.extension_days,
        "service_due_date": case.service_due_date,
        "service_remaining_days": _remaining(calendar, today, case.service_due_date),
        "legal_due_date": case.legal_due_date,
        "legal_remaining_days": _remaining(calendar, today, case.legal_due_date),
        "step_due_date": case.state_due_date, "fiktif_positif_at": case.fiktif_positif_at,
        "events": [{"kind": e.kind, "label": e.get_kind_display(), "on": e.on, "days": e.days,
                    "reason": e.reason, "oss_code": e.oss_code}
                   for e in case.clock_events.exclude(kind=ClockEventKind.RECOMPUTED)
                   .order_by("at", "pk")],
    }


def _branch_out(branch: Any) -> dict[str, Any]:
    return {
        "agency": _ref(branch.agency), "state": branch.state, "status": branch.status,
        "due_date": branch.due_date, "assignee": _person(branch.assignee),
        "recommendation": branch.recommendation,
        "recommendation_label": str(RECOMMENDATION_LABELS.get(branch.recommendation,
                                                              branch.recommendation)),
        "conditions": branch.conditions, "reason": branch.reason,
        "decided_by": _person(branch.decided_by), "decided_at": branch.decided_at,
    }


def _inspection_out(request: HttpRequest, case: Case, inspection: Any) -> dict[str, Any]:
    return {
        "id": inspection.pk, "agency": _ref(inspection.agency), "status": inspection.status,
        "scheduled_on": inspection.scheduled_on, "letter_number": inspection.letter_number,
        "team": [_person(m) for m in inspection.team.all()],
        "inspected_on": inspection.inspected_on, "findings": inspection.findings,
        "attendees": inspection.attendees,
        "latitude": float(inspection.latitude) if inspection.latitude is not None else None,
        "longitude": float(inspection.longitude) if inspection.longitude is not None else None,
        "reported_by": _person(inspection.reported_by), "reported_at": inspection.reported_at,
        "photos": [{"id": p.pk, "size": p.size, "sha256": p.sha256,
                    "url": request.build_absolute_uri(reverse(
                        "backoffice:inspection_photo", args=[case.pk, p.pk]))}
                   for p in inspection.photos.all()],
    }


INPUT_TYPES = {"reason": "text", "note": "text", "conditions": "text", "document": "text",
               "citations": "citations", "recommendation": "choice", "days": "integer",
               "date": "date"}


def _action_out(case: Case, flow: Compiled, user: User, spec: Action | BranchAction,
                branches: list[Any], citable: dict[str, str], lang: str) -> dict[str, Any]:
    """An action the user may take, with the inputs it takes (as `validate_inputs` reads them)."""
    group = flow.states[case.state].parallel
    required = list(spec.inputs)
    names = required + [n for n in spec.optional_inputs if n not in required]
    if "recommendation" in names:
        names += [n for n in ("reason", "conditions") if n not in names]
    choices: dict[str, list[dict[str, str]]] = {
        "recommendation": [{"value": r, "label": str(RECOMMENDATION_LABELS.get(r, r))}
                           for r in (group.recommendations if group is not None else [])],
        "citations": [{"value": code, "label": citable.get(code, code)}
                      for code in case.citable],
    }
    agencies = []
    if isinstance(spec, BranchAction):
        agencies = [b.agency.code for b in branches if b.status == BranchStatus.PENDING
                    and any(assignment.holds(user, b.agency, role) for role in spec.roles)]
    return {
        "code": spec.code, "label": action_label(flow, spec.code, case.state, lang),
        "agencies": agencies,
        "inputs": [{"name": n, "required": n in required, "type": INPUT_TYPES[n],
                    "choices": choices.get(n, [])} for n in names],
    }


def _file_out(request: TenantRequest, case: Case) -> dict[str, Any]:
    user, lang = _user(request), _lang()
    flow = compiled(case.definition)
    calendar = working_calendar(request.tenant)
    today = local_date(request.tenant)
    app = _application(request, case)
    branches = list(case.branches.select_related("agency", "assignee", "decided_by")
                    .order_by("agency__name"))
    actions = []
    for code in available_actions(case, user):
        spec = flow.actions.get(code) or flow.branch_actions.get(case.state, {}).get(code)
        if spec is not None and code not in OWN_FORM_ACTIONS:
            actions.append(_action_out(case, flow, user, spec, branches, app["citable"], lang))
    return {
        "id": case.pk, "version": case.version, "state": case.state,
        "state_label": state_label(flow, case.state, lang),
        "holder_agency": _ref(case.holder_agency), "holder_role": case.holder_role,
        "assignee": _person(case.assignee), "received_at": case.received_at,
        "state_entered_at": case.state_entered_at, "closed_at": case.closed_at,
        "outcome": case.outcome, "correction_rounds": case.correction_rounds,
        "correction_limit": case.correction_limit,
        "application": app["application"], "answers": app["answers"],
        "documents": app["documents"], "timeline": _timeline(case, lang),
        "clock": _clock(case, calendar, today),
        "branches": [_branch_out(b) for b in branches],
        "inspections": [_inspection_out(request, case, i) for i in case.inspections
                        .select_related("agency", "reported_by")
                        .prefetch_related("team", "photos")],
        "actions": actions,
        "may_claim": _pool_ok(user, case, branches),
        "assign_to": [{"agency": code or None, "officers": [_person(o) for o in officers]}
                      for code, officers in _assign_choices(user, case, branches)],
    }


def _fresh(request: TenantRequest, case_id: int) -> dict[str, Any]:
    return _file_out(request, _case(request, case_id))


# --- operations -------------------------------------------------------------------------------
@officer_router.get("/inbox", response={200: InboxOut, **_errors(401, 403, 422)},
                    summary="My inbox: the files in my pools, the most urgent first")
def officer_inbox(request: TenantRequest, filters: Query[InboxQuery]) -> dict[str, Any]:
    """The same files as the workspace's inbox: steps your roles hold in your agencies and
    pending reviews of the agencies you review for, ordered by due date."""
    page = selectors.inbox(
        user=_user(request), tenant=request.tenant, lang=_lang(),
        filters=selectors.InboxFilters(service=filters.service, state=filters.state,
                                       kecamatan=filters.kecamatan,
                                       assigned=filters.assigned or "", page=filters.page))
    reviewers = {u.pk: u for u in User.objects.filter(pk__in={
        row.my_branch_assignee_id for row in page.rows if row.my_branch_assignee_id})}
    items = []
    for row in page.rows:
        case = row.case
        application = getattr(case, "application", None)
        kelurahan = application.kelurahan if application is not None else None
        assignee = case.assignee if case.holder_agency_id is not None else reviewers.get(
            row.my_branch_assignee_id or 0, case.assignee)
        items.append({
            "case_id": case.pk, "version": case.version,
            "tracking_number": application.tracking_number if application else None,
            "service": _ref(application.service) if application else None,
            "kecamatan": _ref(kelurahan.kecamatan) if kelurahan else None,
            "state": case.state, "state_label": row.state_label,
            "holder_agency": _ref(case.holder_agency), "holder_role": case.holder_role,
            "assignee": _person(assignee), "due_date": row.due,
            "remaining_working_days": row.remaining, "overdue": row.overdue,
        })
    return {"items": items, "page": page.page, "pages": page.pages, "total": page.total,
            "page_size": selectors.PAGE_SIZE}


@officer_router.get("/files/{case_id}",
                    response={200: FileOut, **_errors(401, 403, 404, 422)},
                    summary="A file: application, documents, timeline, clock, reviews, actions")
def officer_file(request: TenantRequest, case_id: Id) -> dict[str, Any]:
    """Everything the workspace's file page shows (never the applicant's PIN), the `version`
    to act on, and the actions you may take now with the inputs each takes."""
    return _fresh(request, case_id)


@officer_router.post("/files/{case_id}/actions",
                     response={200: FileOut, **_errors(400, 401, 403, 404, 409, 422)},
                     summary="Act on a file")
def officer_act(request: TenantRequest, case_id: Id, payload: ActIn) -> dict[str, Any]:
    """Performs one action of the file's workflow and returns the file as it is now.
    404: a file you may not see; 403 `forbidden`: your role does not allow this action;
    409 `stale`: the file changed since you read `version` (nothing was done; read it again),
    409 `not_allowed_now`: not an action of the file's current step; 409 `sign_on_page`:
    `sign` is done on the signing page with the signer's passphrase; 409
    `hand_over_in_register`: the handover is recorded in the register with the receiver's
    identity; 422: inputs that break a
    rule, each named in `details` (nothing was changed)."""
    case = _case(request, case_id)
    if payload.action in SIGNING_ACTIONS:
        raise Conflict(_("Permits are signed with the signing passphrase on the signing page "
                         "(/petugas/tanda-tangan/), not as a bare action."), code="sign_on_page")
    if payload.action in REGISTER_ACTIONS:
        raise Conflict(_("Hand the permit over in the register of issued permits "
                         "(/petugas/izin/), with the receiver's identity."),
                       code="hand_over_in_register")
    if payload.action in INSPECTION_ACTIONS:
        raise ValidationFailed(details={"action": _(
            "Field inspections are scheduled and reported in the officer workspace.")})
    inputs = payload.inputs.model_dump(exclude_none=True) if payload.inputs else {}
    case_perform(tenant=request.tenant, case_id=case.pk, actor=_user(request),
                 action=payload.action, expected_version=payload.version, inputs=inputs,
                 agency=_agency(request, payload.agency))
    return _fresh(request, case.pk)


@officer_router.post("/files/{case_id}/claim",
                     response={200: FileOut, **_errors(400, 401, 403, 404, 409, 422)},
                     summary="Take a file from my pool")
def officer_claim(request: TenantRequest, case_id: Id,
                  payload: ClaimIn | None = None) -> dict[str, Any]:
    """The file's step, or with `agency` that agency's review. 403: not in your pool; 409
    `taken`: another officer has it, `closed`, `stale` (with `version`)."""
    assignment.case_claim(case=_case(request, case_id), actor=_user(request),
                          agency=_agency(request, payload.agency if payload else None),
                          expected_version=payload.version if payload else None)
    return _fresh(request, case_id)


@officer_router.post("/files/{case_id}/release",
                     response={200: FileOut, **_errors(400, 401, 403, 404, 409, 422)},
                     summary="Put a file back in the pool")
def officer_release(request: TenantRequest, case_id: Id,
                    payload: ReleaseIn | None = None) -> dict[str, Any]:
    """By the officer who has it, or by a head; 403 for anyone else."""
    assignment.case_release(case=_case(request, case_id), actor=_user(request),
                            agency=_agency(request, payload.agency if payload else None))
    return _fresh(request, case_id)


@officer_router.post("/files/{case_id}/assign",
                     response={200: FileOut, **_errors(400, 401, 403, 404, 409, 422)},
                     summary="Assign a file to an officer (heads)")
def officer_assign(request: TenantRequest, case_id: Id, payload: AssignIn) -> dict[str, Any]:
    """Heads of the agency (in the DPMPTSP also approvers) give the step, or with `agency` an
    agency's review, to an officer holding its role (422 `details.assignee` otherwise)."""
    case = _case(request, case_id)
    assignee = User.objects.filter(pk=payload.assignee, tenant=request.tenant,
                                   kind=UserKind.OFFICER).first()
    if assignee is None:
        raise ValidationFailed(details={"assignee": _("There is no such officer.")})
    assignment.case_assign(case=case, actor=_user(request), assignee=assignee,
                           agency=_agency(request, payload.agency),
                           expected_version=payload.version)
    return _fresh(request, case_id)

