"""Walking one file at a time through its workflow in memory, as `workflow.engine` would move it.

`Walker.begin` opens a case as `engine.case_start` does; `Run.act` and `Run.branch_act` take
an action as `engine.case_perform` does (states, holders, step deadlines, correction rounds and
escalation, parallel reviews with per-agency days, the clock mode of each state and the clock
effects of each action, on the tenant's working-day calendar); `Run.step` picks a plausible
next action and waits a plausible number of working days for it, stopping at the present.
Rows are plain objects, written by `loadgen.write`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from satupintu.applications.models import Application
from satupintu.applications.services import SUBJECT
from satupintu.catalog.models import Service, VariantStandard
from satupintu.lib.workdays import WorkingDayCalendar
from satupintu.surveys.models import SurveyResponse
from satupintu.tenants.models import Tenant
from satupintu.workflow.clock import (
    MEASURED_KINDS,
    paused_so_far,
    refresh_due_dates,
    summarize_decision,
)
from satupintu.workflow.definitions import APPLICANT, SYSTEM, Compiled
from satupintu.workflow.engine import REVIEWS_COMPLETE, CaseParams
from satupintu.workflow.models import (
    OSS_CLOCK_CODES,
    BranchStatus,
    Case,
    ClockEventKind,
    ClockState,
    WorkflowDefinition,
)
from satupintu.workflow.schema import RETURN, SAME

MAX_STEPS = 60
NOTES = ["Dokumen tidak terbaca; unggah pindaian yang lebih jelas.",
         "Masa berlaku dokumen sudah habis.", "Nama pada dokumen tidak sesuai dengan KTP.",
         "Halaman tanda tangan belum dilampirkan.", ""]
REASONS = ["Lokasi tidak sesuai rencana tata ruang.", "Pemohon mengajukan ulang dengan data baru.",
           "Perlu kajian tambahan dari tim teknis.", "Dokumen pendukung perlu diperbarui."]


@dataclass(frozen=True)
class Variant:
    service: Service
    variant: VariantStandard
    params: CaseParams
    definition: WorkflowDefinition
    flow: Compiled
    answers: dict[str, Any]


# Rows of the many small tables as plain objects: a model instance costs several times more to
# build, and these are written with executemany anyway (columns as in workflow.models).
@dataclass(slots=True)
class TransitionRow:
    case: Case
    seq: int
    action: str
    from_state: str
    to_state: str
    actor_id: int | None
    role: str
    branch_agency_id: int | None
    inputs: dict[str, Any]
    oss_status: str
    at: dt.datetime


@dataclass(slots=True)
class EventRow:
    case: Case
    kind: str
    on: dt.date
    at: dt.datetime
    days: int
    reason: str
    oss_code: str
    legal_due_date: dt.date | None
    service_due_date: dt.date | None


@dataclass(slots=True)
class BranchRow:
    case: Case
    state: str
    agency_id: int
    due_date: dt.date | None
    status: str = BranchStatus.PENDING
    recommendation: str = ""
    conditions: str = ""
    reason: str = ""
    decided_by_id: int | None = None
    decided_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    working_days: int | None = None


ISSUED = "issued"  # the state a signed permit puts the file in


@dataclass
class Rows:
    cases: list[Case] = field(default_factory=list)
    agencies: list[tuple[Case, int]] = field(default_factory=list)
    transitions: list[TransitionRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    branches: list[BranchRow] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    issued: list[tuple[Case, dt.datetime]] = field(default_factory=list)  # signed: permit due
    signer_id: int | None = None  # who signs the generated permits
    surveys: list[SurveyResponse] = field(default_factory=list)


# --- Walking a file through its workflow --------------------------------------------------------
class Walker:
    """Moves one unsaved case at a time through its definition, as `workflow.engine` would."""

    def __init__(self, *, tenant: Tenant, calendar: WorkingDayCalendar, rng: random.Random,
                 now: dt.datetime, one_stop_id: int,
                 officers: dict[tuple[int, str], list[int]]) -> None:
        self.tenant, self.calendar, self.rng = tenant, calendar, rng
        self.zone = ZoneInfo(tenant.timezone)
        self.now = now.astimezone(self.zone)
        self.today_now = self.now.date()
        self.one_stop_id = one_stop_id
        self.officers = officers

    def walk(self, choice: Variant, owner_id: int, submitted: dt.datetime, rows: Rows) -> Case:
        """Submit a file at `submitted` and take its steps until the next one lies ahead."""
        run = self.begin(choice.definition, choice.flow, choice.params, owner_id, submitted,
                         rows)
        for _ in range(MAX_STEPS):
            if not run.step():
                break
        return self.finish(run)

    def begin(self, definition: WorkflowDefinition, flow: Compiled, params: CaseParams,
              owner_id: int, submitted: dt.datetime, rows: Rows) -> Run:
        """The case as `engine.case_start` opens it."""
        case = Case(
            tenant=self.tenant, definition=definition, subject_type=SUBJECT,
            owner_id=owner_id, state=flow.spec.initial, version=1,
            state_entered_at=submitted, received_at=submitted, legal_days=params.legal_days,
            service_days=params.service_days, citable=list(params.citable),
            correction_limit=params.correction_limit, review_days=dict(params.review_days),
            fiktif_positif_applies=params.fiktif_positif,
        )
        agencies = [(a.pk, a.code) for a in params.agencies]
        run = Run(self, flow, case, agencies, submitted.astimezone(self.zone), rows)
        rows.cases.append(case)
        rows.agencies += [(case, agency_id) for agency_id, _code in agencies]
        run.event(ClockEventKind.RECEIVED)
        run.enter(flow.spec.initial)
        run.record("submit", "", case.state, actor_id=owner_id, role=APPLICANT, inputs={},
                   oss="09")
        return run

    def finish(self, run: Run) -> Case:
        case = run.case
        if case.clock_state == ClockState.PAUSED:
            # What the hourly clock tick does for paused files: due dates move with the pause.
            refresh_due_dates(case, self.calendar, self.today_now)
        run.rows.branches += run.branches.values()
        return case


class Run:
    """One case being walked: its clock (mirroring `workflow.clock.Clock`) and its next steps."""

    def __init__(self, walker: Walker, flow: Compiled, case: Case,
                 agencies: list[tuple[int, str]], at: dt.datetime, rows: Rows) -> None:
        self.w, self.flow, self.case, self.agencies, self.rows = walker, flow, case, agencies, rows
        self.rng = walker.rng
        self.at = at
        self.branches: dict[tuple[str, int], BranchRow] = {}
        self.inspected: set[int] = set()
        self.history: list[tuple[str, dt.date]] = []  # measured clock events (kind, day)

    @property
    def today(self) -> dt.date:
        return self.at.date()

    # -- the clock, as workflow.clock.Clock does it --
    def event(self, kind: ClockEventKind, *, days: int = 0, reason: str = "") -> None:
        case = self.case
        if kind in MEASURED_KINDS:
            self.history.append((kind, self.today))
        self.rows.events.append(EventRow(
            case=case, kind=kind, on=self.today, at=self.at, days=days, reason=reason,
            oss_code=OSS_CLOCK_CODES.get(kind, ""), legal_due_date=case.legal_due_date,
            service_due_date=case.service_due_date))

    def _refresh(self) -> None:
        refresh_due_dates(self.case, self.w.calendar, self.today)

    def clock(self, name: str, inputs: dict[str, Any]) -> None:
        case = self.case
        reason = str(inputs.get("reason", ""))
        if name == "clock_start" and case.clock_state == ClockState.NOT_STARTED:
            case.clock_state, case.clock_started_on = ClockState.RUNNING, self.today
            self._refresh()
            self.event(ClockEventKind.STARTED)
        elif name in ("clock_pause", "clock_pause_restart") and (
                case.clock_state == ClockState.RUNNING):
            case.clock_state, case.paused_since = ClockState.PAUSED, self.today
            case.restart_on_resume = name == "clock_pause_restart"
            self._refresh()
            self.event(ClockEventKind.PAUSED, reason=reason)
        elif name == "clock_resume" and case.clock_state == ClockState.PAUSED:
            if case.restart_on_resume:
                case.paused_since, case.restart_on_resume = None, False
                self._restart("")
                return
            case.paused_days = paused_so_far(case, self.w.calendar, self.today)
            case.paused_since, case.clock_state = None, ClockState.RUNNING
            self._refresh()
            self.event(ClockEventKind.RESUMED)
        elif name == "clock_restart" and case.clock_state != ClockState.NOT_STARTED:
            case.paused_since = None
            self._restart(reason)
        elif name == "clock_extend" and case.clock_state in (ClockState.RUNNING,
                                                             ClockState.PAUSED):
            case.extension_days += int(inputs["days"])
            case.warned_on = None
            self._refresh()
            self.event(ClockEventKind.EXTENDED, days=int(inputs["days"]), reason=reason)
        elif name == "clock_stop":
            self.stop()

    def _restart(self, reason: str) -> None:
        case = self.case
        case.clock_state, case.clock_started_on = ClockState.RUNNING, self.today
        case.paused_days = case.extension_days = 0
        case.warned_on = None
        self._refresh()
        self.event(ClockEventKind.RESTARTED, reason=reason)

    def stop(self) -> None:
        case = self.case
        if case.clock_state == ClockState.STOPPED:
            return
        if case.clock_state == ClockState.PAUSED:
            case.paused_days = paused_so_far(case, self.w.calendar, self.today)
            case.paused_since = None
        was_started = case.clock_state != ClockState.NOT_STARTED
        case.clock_state = ClockState.STOPPED
        case.decided_at = case.decided_at or self.at
        if was_started:
            self._refresh()
        self.event(ClockEventKind.STOPPED)
        if was_started:  # the summary the monitoring figures read, as Clock.stop stores it
            summarize_decision(case, self.w.calendar, self.history)

    # -- states and transitions, as workflow.engine does them --
    def enter(self, code: str) -> None:
        case, state = self.case, self.flow.states[code]
        calendar = self.w.calendar
        case.state = code
        case.state_entered_at = self.at
        if code == ISSUED:
            self.rows.issued.append((case, self.at))
        case.holder_role = state.parallel.role if state.parallel else state.holder.role
        case.holder_agency_id = self.w.one_stop_id if state.holder.agency == "one_stop" else None
        case.state_due_date = (calendar.add_working_days(self.today, state.time_limit_days)
                               if state.time_limit_days and not state.terminal else None)
        # The state's clock mode, as the engine's _apply_clock_mode.
        if state.terminal or state.clock == "stopped":
            self.stop()
        elif state.clock == "paused":
            self.clock("clock_pause", {})
        elif state.clock == "running":
            self.clock("clock_resume", {})
        if state.terminal:
            case.outcome = state.outcome or ""
            case.closed_at = self.at
            return
        if state.parallel is not None:
            # Each entry asks every agency afresh: the engine replaces the state's branches.
            days = case.review_days or {}
            for agency_id, agency_code in self.agencies:
                self.branches[(code, agency_id)] = BranchRow(
                    case=case, state=code, agency_id=agency_id, due_date=calendar.add_working_days(
                        self.today, int(days.get(agency_code, state.parallel.time_limit_days))),
                    created_at=self.at)
            case.state_due_date = max((due for a, _code in self.agencies
                                       if (due := self.branches[(code, a)].due_date)),
                                      default=None)
            self.inspected.clear()
            if not self.agencies:
                self.enter(state.parallel.then)

    def record(self, action: str, from_state: str, to_state: str, *, actor_id: int | None,
               role: str, inputs: dict[str, Any], oss: str, agency_id: int | None = None) -> None:
        case = self.case
        if from_state:
            case.version += 1
        self.rows.transitions.append(TransitionRow(
            case=case, seq=case.version, action=action, from_state=from_state, to_state=to_state,
            actor_id=actor_id, role=role, branch_agency_id=agency_id, inputs=inputs,
            oss_status=oss, at=self.at))

    def _actor(self, agency_id: int | None, roles: list[str]) -> tuple[int | None, str]:
        if APPLICANT in roles:
            return self.case.owner_id, APPLICANT
        role = roles[0]
        people = self.w.officers.get((agency_id or self.w.one_stop_id, role), [])
        return (self.rng.choice(people) if people else None), role

    def act(self, code: str, inputs: dict[str, Any]) -> None:
        case, flow = self.case, self.flow
        action = flow.actions[code]
        from_state, target, effects = case.state, action.to, list(action.effects)
        oss = action.oss_status or ""
        if action.correction:
            assert flow.spec.correction is not None
            case.return_state = from_state
            if case.correction_rounds >= case.correction_limit:
                target, effects, oss = flow.spec.correction.escalate_to, [], ""
            else:
                case.correction_rounds += 1
        if target == RETURN:
            target, case.return_state = case.return_state, ""
        for name in effects:
            self.clock(name, inputs)
        if target != SAME:
            self.enter(target)
        actor_id, role = self._actor(None, action.roles)
        self.record(code, from_state, case.state, actor_id=actor_id, role=role, inputs=inputs,
                    oss=oss)

    def branch_act(self, code: str, agency_id: int, inputs: dict[str, Any]) -> None:
        case = self.case
        state = self.flow.states[case.state]
        assert state.parallel is not None
        action = self.flow.branch_actions[state.code][code]
        oss = action.oss_status
        if isinstance(oss, dict):
            oss = oss.get(inputs.get("recommendation", ""), "")
        actor_id, role = self._actor(agency_id, action.roles)
        if action.completes_branch:
            branch = self.branches[(state.code, agency_id)]
            branch.status = BranchStatus.RECOMMENDED
            branch.recommendation = inputs.get("recommendation", "")
            branch.conditions = inputs.get("conditions", "")
            branch.reason = inputs.get("reason", "")
            branch.decided_by_id, branch.decided_at = actor_id, self.at
            branch.working_days = max(0, self.w.calendar.count_working_days(
                branch.created_at.date() if branch.created_at else self.today, self.today))
        self.record(code, state.code, state.code, actor_id=actor_id, role=role, inputs=inputs,
                    oss=oss or "", agency_id=agency_id)
        if action.completes_branch and not self._pending(state.code):
            self.enter(state.parallel.then)
            self.record(REVIEWS_COMPLETE, state.code, case.state, actor_id=None, role=SYSTEM,
                        inputs={}, oss="")

    def _pending(self, state: str) -> list[int]:
        return [a for a, _code in self.agencies
                if self.branches[(state, a)].status == BranchStatus.PENDING]

    # -- what happens next, and when --
    def _wait(self, low: int, high: int) -> bool:
        """Move the clock on by low..high working days; False when that is in the future."""
        days = self.rng.randint(low, high)
        if days == 0:
            moment = self.at + dt.timedelta(minutes=self.rng.randint(5, 180))
        else:
            day = self.w.calendar.add_working_days(self.today, days)
            moment = dt.datetime.combine(day, dt.time(self.rng.randint(8, 15),
                                                      self.rng.randint(0, 59)),
                                         tzinfo=self.w.zone)
        if moment <= self.at:
            moment = self.at + dt.timedelta(minutes=1)
        if moment > self.w.now:
            return False
        self.at = moment
        return True

    def _pick(self, *weighted: tuple[str, float]) -> str:
        codes = [code for code, _weight in weighted]
        return self.rng.choices(codes, [weight for _code, weight in weighted])[0]

    def _citations(self) -> dict[str, Any]:
        citable = list(self.case.citable) or ["KTP"]
        chosen = self.rng.sample(citable, k=min(len(citable), self.rng.choice((1, 1, 2))))
        return {"citations": [{"code": code, "note": self.rng.choice(NOTES)}
                              for code in chosen]}

    def step(self) -> bool:
        """Take the next step of the file if its time has come; False when the walk ends."""
        state = self.case.state
        spec_state = self.flow.states[state]
        if spec_state.terminal:
            return False
        if spec_state.parallel is not None:
            return self._review_step(state)
        plan = _PLANS.get(state)
        if plan is None:
            return False
        low, high, weighted = plan
        choices = [(code, weight) for code, weight in weighted if code in self.flow.actions
                   and state in self.flow.actions[code].from_states]
        if not choices or not self._wait(low, high):
            return False
        code = self._pick(*choices)
        if code == "approve" and any(b.recommendation == "reject" for b in self.branches.values()):
            code = "reject" if self.rng.random() < 0.8 else code
        self.act(code, self._inputs(code))
        return True

    def _inputs(self, code: str) -> dict[str, Any]:
        action = self.flow.actions[code]
        inputs: dict[str, Any] = {}
        if "citations" in action.inputs:
            inputs.update(self._citations())
        if "reason" in action.inputs:
            inputs["reason"] = self.rng.choice(REASONS)
        if "days" in action.inputs:
            inputs["days"] = self.rng.randint(2, 5)
        return inputs

    def _review_step(self, state: str) -> bool:
        pending = self._pending(state)
        branch_actions = self.flow.branch_actions[state]
        if not pending or "recommend" not in branch_actions or not self._wait(1, 3):
            return False
        returnable = self.flow.actions.get("return_for_correction")
        if returnable is not None and state in returnable.from_states and self.rng.random() < 0.03:
            self.act("return_for_correction", self._citations())
            return True
        agency_id = self.rng.choice(pending)
        if (agency_id not in self.inspected and "schedule_inspection" in branch_actions
                and self.rng.random() < 0.3):
            self.inspected.add(agency_id)
            visit = self.w.calendar.add_working_days(self.today, 2)
            self.branch_act("schedule_inspection", agency_id, {"date": visit.isoformat()})
            return True
        recommendation = self._pick(("approve", 0.8), ("approve_with_conditions", 0.15),
                                    ("reject", 0.05))
        inputs: dict[str, Any] = {"recommendation": recommendation}
        if recommendation == "approve_with_conditions":
            inputs["conditions"] = "Papan nama usaha dipasang sesuai ketentuan."
        elif recommendation == "reject":
            inputs["reason"] = self.rng.choice(REASONS)
        self.branch_act("recommend", agency_id, inputs)
        return True


# Per state: (fewest, most working days until the next step, the next actions with weights).
_PLANS: dict[str, tuple[int, int, tuple[tuple[str, float], ...]]] = {
    "completeness_check": (0, 1, (("register", 0.78), ("return_incomplete", 0.17),
                                  ("withdraw", 0.05))),
    "correction": (1, 7, (("resubmit", 0.88), ("withdraw", 0.12))),
    "verification": (0, 2, (("forward_to_review", 0.86), ("return_for_correction", 0.08),
                            ("return_for_major_correction", 0.02), ("extend_deadline", 0.04))),
    "recommendation_review": (0, 2, (("submit_for_approval", 0.93),
                                     ("return_for_correction", 0.07))),
    "approval": (0, 2, (("approve", 0.92), ("reject", 0.03), ("send_back_to_review", 0.03),
                        ("extend_deadline", 0.02))),
    "head_review": (1, 2, (("continue_processing", 0.6), ("reject", 0.4))),
    "signing": (0, 1, (("sign", 1.0),)),
    "issued": (1, 6, (("hand_over", 1.0),)),
}
