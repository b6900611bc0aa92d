"""Reads of cases for pages: labels in the reader's language, the timeline of a file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from satupintu.workflow.definitions import Compiled, compiled
from satupintu.workflow.engine import REVIEWS_COMPLETE
from satupintu.workflow.models import BranchStatus, Case, CaseBranch

if TYPE_CHECKING:
    from satupintu.tenants.models import Agency

_SPECIAL = {
    "submit": ("Permohonan diajukan", "Application submitted"),
    REVIEWS_COMPLETE: ("Seluruh tim teknis telah memberi rekomendasi",
                       "Every technical team has given its recommendation"),
}


@dataclass(frozen=True)
class TimelineStep:
    at: dt.datetime
    action: str
    label: str
    state: str
    state_label: str
    inputs: dict[str, object]
    actor_name: str  # for officers' pages only; public pages never show it
    on_behalf_of_name: str = ""  # the officer a Plh/Plt acted for


def action_label(flow: Compiled, code: str, state: str, lang: str, *,
                 public: bool = False) -> str:
    """An action's label; `public` prefers the wording written for the public timeline."""
    english = lang.startswith("en")
    if code in _SPECIAL:
        return _SPECIAL[code][1 if english else 0]
    action = flow.actions.get(code)
    if action is None and state in flow.branch_actions:
        action = flow.branch_actions[state].get(code)  # type: ignore[assignment]
    if action is None:
        return code
    label = action.public if public and action.public is not None else action.label
    return label.en if english else label.id


def state_label(flow: Compiled, code: str, lang: str) -> str:
    label = flow.states[code].label
    return label.en if lang.startswith("en") else label.id


def timeline(case: Case, lang: str, *, public: bool = False) -> list[TimelineStep]:
    """Every step of the file in order, labelled for officers or (`public`) for applicants."""
    flow = compiled(case.definition)
    return [
        TimelineStep(at=t.at, action=t.action,
                     label=action_label(flow, t.action, t.from_state, lang, public=public),
                     state=t.to_state, state_label=state_label(flow, t.to_state, lang),
                     inputs=t.inputs, actor_name=t.actor.get_full_name() if t.actor else "",
                     on_behalf_of_name=t.on_behalf_of.get_full_name() if t.on_behalf_of else "")
        for t in case.transitions.select_related("actor", "on_behalf_of").order_by("seq")
    ]


@dataclass(frozen=True)
class Condition:
    """A condition a technical agency attached to its approval, to be written into the permit."""

    agency: Agency
    text: str
    recommendation: str
    decided_at: dt.datetime | None


def decision_conditions(case: Case) -> list[Condition]:
    """The conditions of the latest recommendation of each reviewing agency, in agency order.

    The engine keeps one branch per agency per review step and asks every agency afresh when
    the file re-enters review, so the branches on record are the latest round. A rejecting
    recommendation's conditions are not the permit's: only approving ones count.
    """
    latest: dict[int, Condition] = {}
    branches = (case.branches.filter(status=BranchStatus.RECOMMENDED)
                .select_related("agency").order_by("decided_at", "pk"))
    for branch in branches:
        latest[branch.agency_id] = Condition(
            agency=branch.agency, text=branch.conditions.strip(),
            recommendation=branch.recommendation, decided_at=branch.decided_at)
    return sorted((c for c in latest.values() if c.text and c.recommendation != "reject"),
                  key=lambda c: c.agency.name)


def pending_reviews(cases: list[Case]) -> dict[int, list[CaseBranch]]:
    """Per case in a parallel review: the agencies' reviews still pending in its current step
    (who holds a file the one-stop office has handed to the agencies), by agency name; one
    query."""
    found: dict[int, list[CaseBranch]] = {}
    states = {case.pk: case.state for case in cases}
    for branch in (CaseBranch.objects.filter(case__in=list(states), status=BranchStatus.PENDING)
                   .select_related("agency", "assignee").order_by("agency__name", "pk")):
        if states.get(branch.case_id) == branch.state:
            found.setdefault(branch.case_id, []).append(branch)
    return found
