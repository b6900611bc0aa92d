"""Who works on a file: claiming from the pool, assignment by a head, automatic assignment.

A file in a step sits in the pool of the officers holding the step's role in the holding
agency (for a parallel review: each agency's reviewers, per branch). An officer claims it, or
a head assigns it; a service may instead have each step assigned automatically to the
least-loaded or a random eligible officer (random assignment makes it hard to steer a file
to a friendly officer). Every change is recorded in the audit chain.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User, UserKind
from satupintu.accounts.selectors import active_delegations
from satupintu.audit.services import record
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.workflow.models import BranchStatus, Case, CaseBranch
from satupintu.workflow.permissions import may_see_case

if TYPE_CHECKING:
    from satupintu.tenants.models import Agency

MANUAL, LEAST_LOADED, RANDOM = "manual", "least_loaded", "random"


def eligible_officers(agency: Agency, role: str) -> QuerySet[User]:
    """Active officers holding `role` in `agency` (members, not Plh/Plt substitutes)."""
    return User.objects.filter(is_active=True, kind=UserKind.OFFICER,
                               memberships__agency=agency, memberships__role=role,
                               memberships__is_active=True).distinct()


def pick_officer(agency: Agency, role: str, policy: str) -> User | None:
    """The officer a new step goes to under the service's policy; None when manual or nobody."""
    if policy == MANUAL:
        return None
    candidates = eligible_officers(agency, role)
    if policy == RANDOM:
        people = list(candidates.order_by("pk"))
        return secrets.choice(people) if people else None
    # Least loaded: open files and pending reviews assigned to each, fewest first.
    return (candidates.annotate(load=Count("assigned_cases", filter=Q(
        assigned_cases__closed_at__isnull=True), distinct=True) + Count(
        "assigned_branches", filter=Q(assigned_branches__status=BranchStatus.PENDING),
        distinct=True)).order_by("load", "pk").first())


def holds(user: User, agency: Agency, role: str) -> bool:
    """Whether the user may work in `role` in `agency`: as a member or as Plh/Plt."""
    if eligible_officers(agency, role).filter(pk=user.pk).exists():
        return True
    return active_delegations(user, agency.tenant).filter(agency=agency, role=role).exists()


def _may_assign(actor: User, agency: Agency) -> bool:
    """Heads of the agency (or their Plh/Plt) and, in the one-stop office, its approvers."""
    if holds(actor, agency, Role.HEAD):
        return True
    return agency.is_one_stop and holds(actor, agency, Role.APPROVER)


def _target(case: Case, agency: Agency | None) -> tuple[Agency, str, CaseBranch | None]:
    """What is being assigned: the case's current step, or one agency's pending review."""
    branch = None
    if agency is not None or case.holder_agency is None:
        branch = (CaseBranch.objects.select_for_update(of=("self",)).select_related("agency")
                  .filter(case=case, status=BranchStatus.PENDING,
                          **({"agency": agency} if agency is not None else {})).first())
        if branch is None:
            raise Conflict(_("There is no open review to assign on this file."),
                           code="nothing_to_assign")
        return branch.agency, _branch_role(case), branch
    return case.holder_agency, case.holder_role, None


def _branch_role(case: Case) -> str:
    from satupintu.workflow.definitions import compiled

    state = compiled(case.definition).states[case.state]
    return state.parallel.role if state.parallel else case.holder_role


def _locked(case: Case, actor: User, expected_version: int | None) -> Case:
    # holder_agency is nullable (an outer join) and PostgreSQL refuses FOR UPDATE on it: lock
    # only the case row.
    locked = Case.objects.select_for_update(of=("self",)).select_related(
        "definition", "holder_agency").filter(
        pk=case.pk, tenant=case.tenant).first()
    if locked is None or not may_see_case(actor, locked):
        raise NotFound()
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(_("This file has changed in the meantime. Reload it and try again."),
                       code="stale")
    if locked.closed_at is not None:
        raise Conflict(_("This file is closed."), code="closed")
    return locked


@transaction.atomic
def case_claim(*, case: Case, actor: User, agency: Agency | None = None,
               expected_version: int | None = None) -> Case:
    """Take a file (or one agency's review of it) from one's pool; refused if someone has it."""
    case = _locked(case, actor, expected_version)
    target_agency, role, branch = _target(case, agency)
    if not holds(actor, target_agency, role):
        raise PermissionDenied(_("This file is not in your pool."))
    current = branch.assignee_id if branch else case.assignee_id
    if current is not None and current != actor.pk:
        raise Conflict(_("Another officer has already taken this file."), code="taken")
    _set(case, branch, actor, actor, "workflow.claim")
    return case


@transaction.atomic
def case_assign(*, case: Case, actor: User, assignee: User, agency: Agency | None = None,
                expected_version: int | None = None) -> Case:
    """A head gives a file (or an agency's review) to an officer of the pool."""
    case = _locked(case, actor, expected_version)
    target_agency, role, branch = _target(case, agency)
    if not _may_assign(actor, target_agency):
        raise PermissionDenied(_("Only the head of the agency assigns files."))
    if assignee.tenant_id != case.tenant_id or not holds(assignee, target_agency, role):
        raise ValidationFailed(details={"assignee": _(
            "This officer does not hold the role the step needs.")})
    _set(case, branch, assignee, actor, "workflow.assign")
    return case


@transaction.atomic
def case_release(*, case: Case, actor: User, agency: Agency | None = None) -> Case:
    """Put a file back in the pool: by whoever holds it, or by a head."""
    case = _locked(case, actor, None)
    target_agency, _role, branch = _target(case, agency)
    current = branch.assignee_id if branch else case.assignee_id
    if current != actor.pk and not _may_assign(actor, target_agency):
        raise PermissionDenied()
    _set(case, branch, None, actor, "workflow.release")
    return case


def _set(case: Case, branch: CaseBranch | None, assignee: User | None, actor: User | None,
         action: str) -> None:
    if branch is not None:
        before = branch.assignee_id
        branch.assignee = assignee
        branch.save(update_fields=["assignee", "updated_at"])
    else:
        before = case.assignee_id
        case.assignee = assignee
        case.save(update_fields=["assignee", "updated_at"])
    record(tenant=case.tenant, actor=actor, action=action, obj=case,
           before={"assignee": before, "state": case.state},
           after={"assignee": assignee.pk if assignee else None,
                  "agency": branch.agency.code if branch else None})


def release_all_of(user: User, actor: User | None) -> int:
    """Every open file and review an officer holds goes back to its pool (they left).

    All the files are locked first, in id order, and only then changed and recorded: the
    audit chain head stays the last lock taken.
    """
    branches = list(CaseBranch.objects.filter(assignee=user, status=BranchStatus.PENDING)
                    .values_list("pk", "case_id"))
    case_ids = set(Case.objects.filter(assignee=user, closed_at__isnull=True)
                   .values_list("pk", flat=True)) | {case_id for _pk, case_id in branches}
    cases = {c.pk: c for c in Case.objects.select_for_update(of=("self",)).select_related("tenant")
             .filter(pk__in=case_ids).order_by("pk")}
    count = 0
    for case in cases.values():
        if case.assignee_id == user.pk:
            _set(case, None, None, actor, "workflow.release")
            count += 1
    for branch in CaseBranch.objects.select_related("agency").filter(
            pk__in=[pk for pk, _case in branches]).order_by("case_id"):
        _set(cases[branch.case_id], branch, None, actor, "workflow.release")
        count += 1
    return count
