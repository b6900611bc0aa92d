"""The public tracking lookup (M9): one file by tracking number and PIN, without an account.

`track` answers None alike for a malformed number, an unknown one and a wrong PIN, so callers
cannot tell them apart; the PIN is compared in constant time, also when no file was found.
It reads the application, its service, its case and the holder agency in one indexed query on
(tenant, tracking_number), and the timeline in a second; a parallel review adds one query for
the agencies still reviewing, a correction one for the names of the cited requirements.
Nothing of an officer (names, comments, recommendations) and nothing personal of the applicant
is read for the answer, apart from the correction's notes, which are addressed to the applicant.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

from django.utils.translation import get_language

from satupintu.applications.models import Application
from satupintu.catalog.models import Requirement
from satupintu.core.i18n import localized
from satupintu.workflow.definitions import APPLICANT, Compiled, compiled
from satupintu.workflow.models import BranchStatus, CaseBranch, CaseTransition, WorkflowDefinition
from satupintu.workflow.selectors import action_label, state_label

if TYPE_CHECKING:
    from satupintu.tenants.models import Agency, Tenant

# `LLG-2026-000123`: the tenant's prefix, the year, a sequence (six digits, more past 999,999).
TRACKING_NUMBER = re.compile(r"[A-Z]{2,8}-\d{4}-\d{6,9}")
MAX_TRACKING_NUMBER = 24  # Application.tracking_number's column
PIN = re.compile(r"[A-Z0-9]{6}")
_NO_PIN = b"\x00" * 6  # compared against when no file matches, so both paths take as long


@dataclass(frozen=True)
class AgencyRef:
    code: str
    name: str


@dataclass(frozen=True)
class Step:
    """One step of the timeline: when, which action (code and label), for which agency."""

    at: dt.datetime
    step: str
    label: str
    agency: AgencyRef | None


@dataclass(frozen=True)
class Cited:
    """A requirement the applicant must fix, with the officer's note to them."""

    code: str
    name: str
    note: str


class _Transition(NamedTuple):
    action: str
    from_state: str
    to_state: str
    at: dt.datetime
    inputs: dict[str, Any]
    agency_code: str | None
    agency_name: str | None
    agency_name_en: str | None


@dataclass(frozen=True)
class Tracked:
    """What the public may know of a file, in the reader's language."""

    tracking_number: str
    service_code: str
    service_name: str
    status: str
    status_label: str
    holder_kind: str  # "agency", "applicant" or "none" (closed)
    holder_agencies: list[AgencyRef]
    submitted_at: dt.datetime | None
    current_step_due: dt.date | None
    service_due_date: dt.date | None
    legal_due_date: dt.date | None
    timeline: list[Step]
    action_required: list[Cited] | None
    closed: bool
    outcome: str


def normalize_tracking_number(raw: object) -> str | None:
    """`llg-2026-000123 ` → `LLG-2026-000123`; None for anything that cannot be a number."""
    if not isinstance(raw, str) or len(raw) > 2 * MAX_TRACKING_NUMBER:
        return None
    text = raw.strip().upper()
    if len(text) > MAX_TRACKING_NUMBER or not TRACKING_NUMBER.fullmatch(text):
        return None
    return text


def normalize_pin(raw: object) -> str | None:
    if not isinstance(raw, str) or len(raw) > 32:
        return None
    text = raw.strip().upper()
    return text if PIN.fullmatch(text) else None


def track(*, tenant: Tenant, tracking_number: object, pin: object) -> Tracked | None:
    """The file with this number and PIN in this tenant, or None (never saying why)."""
    number, clean_pin = normalize_tracking_number(tracking_number), normalize_pin(pin)
    if number is None or clean_pin is None or not number.startswith(f"{tenant.tracking_prefix}-"):
        return None
    application = _lookup(tenant, number)
    stored = application.pin.encode() if application is not None else _NO_PIN
    if not hmac.compare_digest(stored, clean_pin.encode()) or application is None:
        return None
    if application.case is None:  # a draft: never numbered, but be sure
        return None
    return _describe(tenant, application, (get_language() or "id").split("-")[0])


def _lookup(tenant: Tenant, number: str) -> Application | None:
    rows = list(
        Application.objects.filter(tenant=tenant, tracking_number=number)
        .select_related("service", "case", "case__holder_agency", "case__definition")
        .only("tracking_number", "pin", "submitted_at", "variant_id",
              "service__code", "service__name", "service__name_en",
              "case__state", "case__definition__updated_at", "case__holder_agency",
              "case__holder_role", "case__state_due_date", "case__service_due_date",
              "case__legal_due_date", "case__closed_at", "case__outcome",
              "case__holder_agency__code", "case__holder_agency__name",
              "case__holder_agency__name_en")
        .order_by()[:1])
    return rows[0] if rows else None


# Published definitions never change (cases start only on published ones). Keyed by the row's
# modification time as well, so a database emptied and reloaded (tests) cannot serve a stale one.
_flows: dict[tuple[int, dt.datetime], Compiled] = {}
_flows_lock = threading.Lock()


def _flow(definition: WorkflowDefinition) -> Compiled:
    key = (definition.pk, definition.updated_at)
    flow = _flows.get(key)
    if flow is None:
        flow = compiled(WorkflowDefinition.objects.only("spec").get(pk=definition.pk))
        with _flows_lock:
            if len(_flows) > 256:
                _flows.clear()
            _flows[key] = flow
    return flow


def _agency(agency: Agency) -> AgencyRef:
    return AgencyRef(code=agency.code, name=localized(agency, "name"))


def _describe(tenant: Tenant, application: Application, lang: str) -> Tracked:
    case = application.case
    assert case is not None
    flow = _flow(case.definition)
    state = flow.states[case.state]
    zone = ZoneInfo(tenant.timezone)
    # Plain rows rather than model instances: this runs on every lookup.
    transitions = [_Transition(*row) for row in CaseTransition.objects.filter(case_id=case.pk)
                   .order_by("seq").values_list(
                       "action", "from_state", "to_state", "at", "inputs", "branch_agency__code",
                       "branch_agency__name", "branch_agency__name_en")]
    english = lang == "en"
    timeline = [
        Step(at=t.at.astimezone(zone), step=t.action,
             label=action_label(flow, t.action, t.from_state, lang, public=True),
             agency=AgencyRef(code=t.agency_code, name=(
                 t.agency_name_en if english and t.agency_name_en else t.agency_name or ""))
             if t.agency_code else None)
        for t in transitions
    ]
    closed = case.closed_at is not None
    holder_kind, holders, step_due = "agency", [], case.state_due_date
    if closed:
        holder_kind, step_due = "none", None
    elif state.holder.role == APPLICANT:
        holder_kind = "applicant"
    elif state.parallel is not None:
        pending = list(CaseBranch.objects.filter(
            case_id=case.pk, state=case.state, status=BranchStatus.PENDING)
            .select_related("agency").only("due_date", "agency__code", "agency__name",
                                           "agency__name_en").order_by("agency__name"))
        holders = [_agency(b.agency) for b in pending]
        step_due = max((b.due_date for b in pending if b.due_date), default=step_due)
    elif case.holder_agency is not None:
        holders = [_agency(case.holder_agency)]
    return Tracked(
        tracking_number=application.tracking_number or "",
        service_code=application.service.code,
        service_name=localized(application.service, "name"),
        status=case.state,
        status_label=state_label(flow, case.state, lang),
        holder_kind=holder_kind,
        holder_agencies=holders,
        submitted_at=(application.submitted_at.astimezone(zone)
                      if application.submitted_at else None),
        current_step_due=step_due,
        service_due_date=case.service_due_date,
        legal_due_date=case.legal_due_date,
        timeline=timeline,
        action_required=(_cited(application, case.state, transitions)
                         if holder_kind == "applicant" else None),
        closed=closed,
        outcome=case.outcome,
    )


def _cited(application: Application, state: str,
           transitions: list[_Transition]) -> list[Cited]:
    """The requirements cited by the return that put the file in the applicant's hands."""
    last = next((t for t in reversed(transitions) if t.to_state == state
                 and t.from_state != state), None)
    citations = (last.inputs.get("citations") if last is not None else None) or []
    notes = {c["code"]: str(c.get("note", "")) for c in citations
             if isinstance(c, dict) and isinstance(c.get("code"), str)}
    if not notes:
        return []
    names = {r.code: localized(r, "name") for r in Requirement.objects.filter(
        variant_id=application.variant_id, code__in=list(notes)).only("code", "name", "name_en")}
    return [Cited(code=code, name=names.get(code, code), note=note)
            for code, note in notes.items()]
