"""The workflow engine's one entry point: perform an action on a case for an actor.

`case_perform` checks visibility (404), the version (409), that the action is available in the
current state (409), the actor's role (403), the inputs (422) and the guards (409); then it
moves the case, runs the inline effects (the clock), records the transition and its audit
record, and records deferred effects as task rows — all in one transaction, so two concurrent
attempts on one case cannot both succeed and a crash after commit loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Membership, User, UserKind
from satupintu.accounts.selectors import active_delegations
from satupintu.audit.services import actor_label, record
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.tenants.models import Agency
from satupintu.tenants.selectors import one_stop_agency
from satupintu.workflow.assignment import pick_officer
from satupintu.workflow.clock import Clock, clock_event, summarize_branch
from satupintu.workflow.definitions import APPLICANT, SYSTEM, Compiled, compiled
from satupintu.workflow.inputs import validate_inputs
from satupintu.workflow.models import (
    BranchStatus,
    Case,
    CaseBranch,
    CaseTransition,
    ClockEventKind,
    DefinitionStatus,
    EffectRun,
    WorkflowDefinition,
)
from satupintu.workflow.permissions import may_see_case
from satupintu.workflow.registry import EFFECTS, GUARDS
from satupintu.workflow.schema import RETURN, SAME, Action, BranchAction, State

if TYPE_CHECKING:
    from satupintu.tenants.models import Tenant

REVIEWS_COMPLETE = "reviews_complete"


@dataclass(frozen=True)
class CaseParams:
    """What the engine needs to know of the service standard a file was filed under."""

    legal_days: int
    service_days: int
    agencies: Sequence[Agency] = ()
    citable: Sequence[str] = ()
    correction_limit: int = 2
    fiktif_positif: bool = False
    review_days: Mapping[str, int] = field(default_factory=dict)  # agency code → working days
    assignment: str = "manual"  # manual | least_loaded | random (the service's policy)


@dataclass
class _Step:
    """Everything one call changes, gathered so it is written in one place."""

    case: Case
    flow: Compiled
    clock: Clock
    now: dt.datetime
    deferred: list[tuple[str, CaseTransition]] = field(default_factory=list)
    assigned: dict[str, int | None] = field(default_factory=dict)  # for the audit record
    # Effects of the states entered (and groups completed) since the last recorded transition:
    # the next transition recorded is the step that ran them.
    entering: list[str] = field(default_factory=list)
    _one_stop: Agency | None = None

    @property
    def one_stop(self) -> Agency:
        if self._one_stop is None:
            self._one_stop = one_stop_agency(tenant=self.case.tenant)
        return self._one_stop


# --- Starting ---------------------------------------------------------------------------------
@transaction.atomic
def case_start(
    *,
    tenant: Tenant,
    definition: WorkflowDefinition,
    subject_type: str,
    owner: User | None,
    actor: User | None,
    params: CaseParams,
) -> Case:
    """Open a case in the definition's initial state (pinned to this definition version)."""
    if definition.status != DefinitionStatus.PUBLISHED or definition.tenant_id != tenant.pk:
        raise ValidationFailed(_("Files can only start on a published workflow of this region."))
    if params.service_days > params.legal_days:
        raise ValidationFailed(_("The service target may not exceed the legal time limit."))
    if any(agency.tenant_id != tenant.pk for agency in params.agencies):
        raise ValidationFailed(_("An agency of another region cannot review this file."))
    flow = compiled(definition)
    now = timezone.now()
    case = Case(
        tenant=tenant, definition=definition, subject_type=subject_type, owner=owner,
        state=flow.spec.initial, version=1, state_entered_at=now, received_at=now,
        legal_days=params.legal_days, service_days=params.service_days,
        citable=list(params.citable), correction_limit=params.correction_limit,
        review_days=dict(params.review_days), assignment=params.assignment,
        fiktif_positif_applies=params.fiktif_positif,
    )
    case.save()
    case.agencies.set(params.agencies)
    step = _Step(case=case, flow=flow, clock=Clock(case), now=now)
    clock_event(case, ClockEventKind.RECEIVED, step.clock.today)
    _enter(step, flow.spec.initial)
    _record(step, action="submit", from_state="", to_state=case.state, actor=actor,
            authority=Authority(APPLICANT if actor is not None and actor == owner else ""),
            inputs={}, oss_status="09")
    case.save()
    _after(step)
    return case


# --- Acting -----------------------------------------------------------------------------------
@transaction.atomic
def case_perform(
    *,
    tenant: Tenant,
    case_id: int,
    actor: User | None,
    action: str,
    expected_version: int,
    inputs: Mapping[str, Any] | None = None,
    agency: Agency | None = None,
) -> Case:
    """Perform `action` on the case for `actor` (None = the system), or raise and change nothing."""
    case = (Case.objects.select_for_update().select_related("definition")
            .filter(pk=case_id, tenant=tenant).first())
    if case is None or not may_see_case(actor, case):
        raise NotFound()
    case.tenant = tenant  # the same row; saves a query
    if not isinstance(inputs or {}, Mapping):
        raise ValidationFailed(_("The inputs must be an object of named values."))
    flow = compiled(case.definition)
    state = flow.states[case.state]
    step = _Step(case=case, flow=flow, clock=Clock(case), now=timezone.now())
    # Order of refusals: not yours to see (404) → not your role (403) → stale or wrong
    # step (409) → bad inputs (422) → guards (409).
    branch_act = flow.branch_actions.get(case.state, {}).get(action)
    if branch_act is not None:
        assert state.parallel is not None
        branch, authority = _branch_for(step, state, branch_act, actor, agency)
        _check_version(case, expected_version)
        _branch_action(step, state, branch_act, branch, authority, actor, inputs or {})
    else:
        act = flow.actions.get(action)
        if act is None:
            raise Conflict(_("This action is not possible at the file's current step."),
                           code="not_allowed_now")
        authority = _authorize(case, act.roles, actor, step.one_stop)
        _check_version(case, expected_version)
        if case.state not in act.from_states:
            raise Conflict(_("This action is not possible at the file's current step."),
                           code="not_allowed_now")
        _action(step, act, authority, actor, inputs or {})
    case.save()
    _after(step)
    return case


def _check_version(case: Case, expected: int) -> None:
    if case.version != expected:
        raise Conflict(_("This file has changed in the meantime (now at step %(version)s). "
                         "Reload it and try again.") % {"version": case.version}, code="stale")


def _action(step: _Step, act: Action, authority: Authority, actor: User | None,
            raw: Mapping[str, Any]) -> CaseTransition:
    case, flow = step.case, step.flow
    code = act.code
    inputs = validate_inputs(raw, required=act.inputs, optional=act.optional_inputs,
                             citable=list(case.citable), today=step.clock.today)
    for name in act.guards:
        GUARDS[name](case, inputs)
    from_state = case.state
    target, effects, oss_status = act.to, list(act.effects), act.oss_status or ""
    if act.correction:
        spec_correction = flow.spec.correction
        assert spec_correction is not None  # checked when the definition was published
        case.return_state = from_state
        if case.correction_rounds >= case.correction_limit:
            # Rounds used up: the file goes to the head of office rather than back again.
            target, effects, oss_status = spec_correction.escalate_to, [], ""
        else:
            case.correction_rounds += 1
    if target == RETURN:
        if not case.return_state:
            raise Conflict(_("There is no step to return this file to."), code="no_return")
        target, case.return_state = case.return_state, ""
    ctx = {"inputs": inputs, "actor": actor, "clock": step.clock, "now": step.now}
    for name in effects:
        if EFFECTS[name].mode == "inline":
            EFFECTS[name].fn(case, ctx)
    if target != SAME:
        _enter(step, target)
    transition = _record(step, action=code, from_state=from_state, to_state=case.state,
                         actor=actor, authority=authority, inputs=inputs,
                         oss_status=oss_status)
    step.deferred += [(name, transition) for name in effects if EFFECTS[name].mode == "deferred"]
    return transition


def _branch_for(
    step: _Step, state: State, act: BranchAction, actor: User | None, agency: Agency | None,
) -> tuple[CaseBranch, Authority]:
    """The pending branch the actor acts on, and the role they act in (403/409/422)."""
    case = step.case
    branches = list(CaseBranch.objects.select_related("agency").filter(
        case=case, state=state.code))
    if agency is not None:
        branches = [b for b in branches if b.agency_id == agency.pk]
    elif actor is not None:
        mine = set(Membership.objects.filter(user=actor, is_active=True, role__in=act.roles)
                   .values_list("agency_id", flat=True))
        mine |= set(active_delegations(actor, case.tenant).filter(role__in=act.roles)
                    .values_list("agency_id", flat=True))
        branches = [b for b in branches if b.agency_id in mine]
        if not branches:
            raise PermissionDenied(_("Your role does not allow this action on this file."))
    pending = [b for b in branches if b.status == BranchStatus.PENDING]
    if branches and not pending:
        raise Conflict(_("This agency's review is already complete."), code="branch_done")
    if not branches:
        raise Conflict(_("This agency has no review on this file."), code="no_branch")
    if len(pending) > 1:
        raise ValidationFailed(_("Choose the agency you act for."), code="agency_required")
    branch = pending[0]
    return branch, _authorize(case, act.roles, actor, branch.agency)


def _branch_action(
    step: _Step, state: State, act: BranchAction, branch: CaseBranch, authority: Authority,
    actor: User | None, raw: Mapping[str, Any],
) -> CaseTransition:
    case = step.case
    assert state.parallel is not None
    inputs = validate_inputs(raw, required=act.inputs, optional=act.optional_inputs,
                             recommendations=state.parallel.recommendations,
                             today=step.clock.today)
    oss = act.oss_status
    if isinstance(oss, dict):
        oss = oss.get(inputs.get("recommendation", ""), "")
    if act.completes_branch:
        branch.status = BranchStatus.RECOMMENDED
        branch.recommendation = inputs.get("recommendation", "")
        branch.conditions = inputs.get("conditions", "")
        branch.reason = inputs.get("reason", "")
        branch.decided_by = actor
        branch.decided_at = step.now
        summarize_branch(branch, step.clock.calendar, ZoneInfo(case.tenant.timezone))
        branch.save()
    transition = _record(step, action=act.code, from_state=case.state, to_state=case.state,
                         actor=actor, authority=authority, inputs=inputs, oss_status=oss or "",
                         branch_agency=branch.agency)
    if act.completes_branch and not CaseBranch.objects.filter(
            case=case, state=state.code, status=BranchStatus.PENDING).exists():
        step.entering += state.parallel.on_complete
        _enter(step, state.parallel.then)
        _record(step, action=REVIEWS_COMPLETE, from_state=state.code, to_state=case.state,
                actor=None, authority=Authority(SYSTEM), inputs={}, oss_status="")
    return transition


@dataclass(frozen=True)
class Authority:
    """The role an actor acts in, and whose role it is when they stand in as Plh/Plt."""

    role: str
    on_behalf_of: User | None = None


def _authorize(case: Case, roles: Sequence[str], actor: User | None, agency: Agency) -> (
    Authority
):
    """The authority under which the actor may act, or PermissionDenied."""
    if actor is None:
        if SYSTEM in roles:
            return Authority(SYSTEM)
        raise PermissionDenied()
    if APPLICANT in roles and case.owner_id == actor.pk:
        return Authority(APPLICANT)
    officer_roles = [r for r in roles if r not in (APPLICANT, SYSTEM)]
    if not officer_roles or actor.kind != UserKind.OFFICER:
        raise PermissionDenied(_("Your role does not allow this action on this file."))
    held = (Membership.objects.filter(user=actor, agency=agency, role__in=officer_roles,
                                      is_active=True).values_list("role", flat=True).first())
    if held is not None:
        return Authority(str(held))
    delegation = active_delegations(actor, case.tenant).filter(
        agency=agency, role__in=officer_roles).select_related("principal").first()
    if delegation is not None:
        return Authority(delegation.role, on_behalf_of=delegation.principal)
    raise PermissionDenied(_("Your role does not allow this action on this file."))


def _enter(step: _Step, code: str) -> None:
    """Move the case into a state: holder, step deadline, parallel branches, closing."""
    case, state = step.case, step.flow.states[code]
    calendar, today = step.clock.calendar, step.clock.today
    case.state = code
    case.state_entered_at = step.now
    step.entering += state.on_enter
    case.holder_role = state.parallel.role if state.parallel else state.holder.role
    case.holder_agency = step.one_stop if state.holder.agency == "one_stop" else None
    case.state_due_date = (calendar.add_working_days(today, state.time_limit_days)
                           if state.time_limit_days and not state.terminal else None)
    # A new step is a new pool: whoever held the last one does not hold this one.
    case.assignee = (pick_officer(case.holder_agency, case.holder_role, case.assignment)
                     if case.holder_agency is not None and not state.terminal else None)
    if case.assignee is not None:
        step.assigned[code] = case.assignee.pk
    _apply_clock_mode(step, state)
    if state.terminal:
        case.outcome = state.outcome or ""
        case.closed_at = step.now
        return
    if state.parallel is not None:
        # Every entry asks every agency afresh: the file changed (a correction) or the
        # approver sent it back. Earlier recommendations stay in the transitions and audit.
        CaseBranch.objects.filter(case=case, state=code).delete()
        days = case.review_days or {}
        branches = [
            CaseBranch(tenant_id=case.tenant_id, case=case, state=code, agency=agency,
                       due_date=calendar.add_working_days(
                           today, int(days.get(agency.code, state.parallel.time_limit_days))),
                       assignee=pick_officer(agency, state.parallel.role, case.assignment))
            for agency in case.agencies.all()
        ]
        step.assigned.update({b.agency.code: b.assignee_id for b in branches if b.assignee_id})
        CaseBranch.objects.bulk_create(branches)
        # The step is due when the slowest agency is due.
        case.state_due_date = max((b.due_date for b in branches if b.due_date), default=None)
        if not CaseBranch.objects.filter(case=case, state=code,
                                         status=BranchStatus.PENDING).exists():
            # No agency has anything to review: the group is complete at once.
            _enter(step, state.parallel.then)


def _apply_clock_mode(step: _Step, state: State) -> None:
    """The clock does what the state says: stop, pause, or run again if it was paused.

    Starting is never implied: only the `clock_start` effect (declaring the file complete)
    starts the legal time limit.
    """
    clock, mode = step.clock, state.clock
    if state.terminal or mode == "stopped":
        clock.stop()
    elif mode == "paused":
        clock.pause()
    elif mode == "running":
        clock.resume()


def _record(
    step: _Step, *, action: str, from_state: str, to_state: str, actor: User | None,
    authority: Authority, inputs: dict[str, Any], oss_status: str,
    branch_agency: Agency | None = None,
) -> CaseTransition:
    case = step.case
    if from_state:  # the start is version 1
        case.version += 1
    principal = authority.on_behalf_of
    # Automatic assignments made by this step go into this step's audit record, once.
    transition = CaseTransition.objects.create(
        tenant_id=case.tenant_id, case=case, seq=case.version, action=action,
        from_state=from_state, to_state=to_state, actor=actor, role=authority.role,
        on_behalf_of=principal, branch_agency=branch_agency, inputs=inputs,
        oss_status=oss_status, at=step.now,
    )
    record(tenant=case.tenant, actor=actor, action=f"workflow.{action}", obj=case,
           before={"state": from_state} if from_state else None,
           after={"state": to_state, "version": case.version, "role": authority.role,
                  "on_behalf_of": actor_label(principal) if principal else None,
                  "agency": branch_agency.code if branch_agency else None,
                  "inputs": inputs, "assigned": dict(step.assigned) or None},
           reason=str(inputs.get("reason", "")))
    step.assigned.clear()
    step.deferred += [(name, transition) for name in step.entering]
    step.entering.clear()
    return transition


def _after(step: _Step) -> None:
    """Record deferred effects as task rows, in this transaction: the worker runs them."""
    from satupintu.workflow.tasks import run_effect

    for name, source in step.deferred:
        run = EffectRun.objects.create(tenant_id=step.case.tenant_id, case=step.case,
                                       transition=source, effect=name,
                                       context={"transition_id": source.pk})
        run_effect.enqueue(run.pk)


# --- Reading ----------------------------------------------------------------------------------
def available_actions(case: Case, actor: User | None) -> list[str]:
    """Codes of the actions the actor could perform on the case now (for pages and the API)."""
    flow = compiled(case.definition)
    state = flow.states[case.state]
    codes: list[str] = []
    one_stop = one_stop_agency(tenant=case.tenant)
    for act in flow.actions_from.get(case.state, []):
        try:
            _authorize(case, act.roles, actor, one_stop)
        except PermissionDenied:
            continue
        codes.append(act.code)
    if state.parallel is not None:
        pending = CaseBranch.objects.filter(case=case, state=state.code,
                                            status=BranchStatus.PENDING).select_related("agency")
        for act_code, branch_act in flow.branch_actions[state.code].items():
            for branch in pending:
                try:
                    _authorize(case, branch_act.roles, actor, branch.agency)
                except PermissionDenied:
                    continue
                codes.append(act_code)
                break
    return codes
