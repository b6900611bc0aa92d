"""Reads of applications, scoped to what the acting user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from satupintu.accounts.models import Role, UserKind
from satupintu.accounts.permissions import has_role
from satupintu.applications import requirements as reqs
from satupintu.applications.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    Upload,
)
from satupintu.catalog.models import Requirement, RequirementKind
from satupintu.core.errors import NotFound
from satupintu.workflow.definitions import compiled
from satupintu.workflow.permissions import may_see_case
from satupintu.workflow.selectors import Condition, decision_conditions

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant
    from satupintu.workflow.models import CaseTransition

# OSS-RBA status of an approved application (DOMAIN.md); the workflow's approving action
# carries it, whatever the definition calls that action.
OSS_APPROVED = "50"


def _base(tenant: Tenant) -> QuerySet[Application]:
    return Application.objects.filter(tenant=tenant).select_related(
        "service", "variant__standard", "case__definition", "case__holder_agency", "kelurahan")


def my_applications(*, tenant: Tenant, user: User, status: str = "") -> QuerySet[Application]:
    """The applicant's own applications; `status` filters drafts / in progress / finished."""
    qs = _base(tenant).filter(applicant=user)
    if status == "draft":
        qs = qs.filter(status=ApplicationStatus.DRAFT)
    elif status == "open":
        qs = qs.filter(status=ApplicationStatus.SUBMITTED, case__closed_at__isnull=True)
    elif status == "closed":
        qs = qs.filter(case__closed_at__isnull=False)
    return qs.order_by("-updated_at")


def application_for(*, tenant: Tenant, user: User, pk: int) -> Application:
    """One application the user may see: their own, or any of the tenant's for an officer who
    works on files; anything else is NotFound, exactly like a missing one."""
    application = _base(tenant).filter(pk=pk).first()
    if application is None or not may_view(user, application):
        raise NotFound()
    return application


def may_view(user: User, application: Application) -> bool:
    """The rule of the file (`workflow.permissions.may_see_case`); a draft has no file yet, so
    only its applicant sees it — and the front office, if it is filing it at the counter."""
    if application.case is not None:
        return may_see_case(user, application.case)
    return may_file_for(user, application)


def may_file_for(user: User, application: Application) -> bool:
    """Who may fill in, submit and print the receipt of an application: its applicant, and a
    front-office clerk only for one filed at the counter (an applicant's own drafts, receipts
    and PINs are not the counter's business)."""
    if user.tenant_id != application.tenant_id:
        return False
    if user.pk == application.applicant_id:
        return True
    return (user.kind == UserKind.OFFICER and application.assisted_by_id is not None
            and has_role(user, application.tenant, Role.FRONT_OFFICE))


def document_for(*, tenant: Tenant, user: User, application_pk: int, document_pk: int) -> (
    ApplicationDocument
):
    application = application_for(tenant=tenant, user=user, pk=application_pk)
    document = (application.documents.select_related("upload").filter(pk=document_pk).first())
    if document is None:
        raise NotFound()
    return document


@dataclass(frozen=True)
class RequirementRow:
    """One line of an application's checklist: the requirement, its answer or document."""

    requirement: Requirement
    applies: bool
    answer: Any
    document: ApplicationDocument | None

    @property
    def satisfied(self) -> bool:
        if self.requirement.kind == RequirementKind.DOCUMENT:
            return self.document is not None
        return self.answer not in (None, "")


def checklist(application: Application) -> list[RequirementRow]:
    """Every requirement of the variant, marked as applying or not, with what was provided."""
    answers = application.answers or {}
    documents = reqs.current_documents(application)
    requirements = reqs.variant_requirements(application.variant)
    applying = {r.code for r in reqs.applicable(requirements, answers)}
    return [RequirementRow(r, r.code in applying, answers.get(r.code), documents.get(r.code))
            for r in requirements]


def state_label(application: Application, lang: str) -> str:
    case = application.case
    if case is None:
        return ""
    label = compiled(case.definition).states[case.state].label
    return label.en if lang.startswith("en") else label.id


def front_office_queue(*, tenant: Tenant) -> QuerySet[Application]:
    """Open files the front office holds (completeness checks, permits to hand over), oldest
    first. The workflow definition says who holds which step; nothing here names a state."""
    return (_base(tenant).filter(case__holder_role=Role.FRONT_OFFICE,
                                 case__holder_agency__is_one_stop=True,
                                 case__closed_at__isnull=True)
            .select_related("applicant").order_by("case__state_entered_at"))


def my_uploads(*, tenant: Tenant, user: User) -> QuerySet[Upload]:
    """The files the applicant uploaded earlier, newest first, to reuse in another application."""
    return Upload.objects.filter(tenant=tenant, owner=user).order_by("-created_at", "-pk")


def upload_for(*, tenant: Tenant, user: User, pk: int) -> Upload:
    """One of the applicant's own uploads; anyone else's is NotFound, exactly like a missing one."""
    upload = my_uploads(tenant=tenant, user=user).filter(pk=pk).first()
    if upload is None:
        raise NotFound()
    return upload


def correction_notes(application: Application) -> dict[str, str]:
    """The officer's note per cited requirement, from the step that put the file where it is
    (empty unless it was returned for correction)."""
    last = _last_step_in(application)
    citations = (last.inputs.get("citations") if last else None) or []
    return {c["code"]: c.get("note", "") for c in citations}


def correction_message(application: Application) -> str:
    """The officer's general note with the request for corrections (may be empty)."""
    last = _last_step_in(application)
    return str(last.inputs.get("note", "")) if last and last.inputs.get("citations") else ""


def _last_step_in(application: Application) -> Any:
    case = application.case
    if case is None:
        return None
    return case.transitions.filter(to_state=case.state).order_by("-seq").first()


def rejection_step(application: Application) -> CaseTransition | None:
    """The step that closed the file as rejected, with the officer's written reasons; None
    while the file is not rejected."""
    case = application.case
    if case is None or case.outcome != "rejected":
        return None
    return (case.transitions.filter(to_state=case.state).select_related("actor")
            .order_by("-seq").first())


def is_approved(application: Application) -> bool:
    """Whether the decision to grant was taken (the permit may still be being signed)."""
    case = application.case
    if case is None:
        return False
    if case.closed_at is not None:
        return case.outcome == "approved"
    return case.transitions.filter(oss_status=OSS_APPROVED).exists()


def permit_conditions(application: Application) -> list[Condition]:
    """The technical agencies' conditions the permit carries, once the application is
    approved (empty before: a recommendation is not yet a decision)."""
    if application.case is None or not is_approved(application):
        return []
    return decision_conditions(application.case)
