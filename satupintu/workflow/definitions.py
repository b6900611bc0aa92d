"""Workflow definitions: checking, compiling, importing, publishing and exporting them."""

from __future__ import annotations

import json
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path as FilePath
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role
from satupintu.audit.services import record
from satupintu.core.errors import Conflict, NotFound
from satupintu.lib.yamlio import (
    FileError,
    LineIndex,
    Path,
    YamlFileInvalid,
    dump_yaml,
    format_path,
    parse_yaml,
)
from satupintu.workflow.models import DefinitionStatus, WorkflowDefinition
from satupintu.workflow.registry import EFFECTS, GUARDS
from satupintu.workflow.schema import (
    RETURN,
    SAME,
    Action,
    BranchAction,
    DefinitionSpec,
    State,
)

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant

DEFAULTS_DIR = FilePath(__file__).parent / "definitions"
DEFAULT_CODE = "perizinan-standar"
APPLICANT = "applicant"
SYSTEM = "system"
KNOWN_ROLES = {*Role.values, APPLICANT, SYSTEM}


@dataclass(frozen=True)
class Compiled:
    """A definition ready for the engine: lookups by state and action code."""

    spec: DefinitionSpec
    states: dict[str, State]
    actions: dict[str, Action]
    actions_from: dict[str, list[Action]] = field(default_factory=dict)
    branch_actions: dict[str, dict[str, BranchAction]] = field(default_factory=dict)


def compile_spec(spec: DefinitionSpec) -> Compiled:
    actions_from: dict[str, list[Action]] = defaultdict(list)
    for action in spec.actions:
        for state in action.from_states:
            actions_from[state].append(action)
    return Compiled(
        spec=spec,
        states={s.code: s for s in spec.states},
        actions={a.code: a for a in spec.actions},
        actions_from=dict(actions_from),
        branch_actions={s.code: {a.code: a for a in s.parallel.actions}
                        for s in spec.states if s.parallel},
    )


@lru_cache(maxsize=256)
def _compiled_by_pk(pk: int, spec_json: str) -> Compiled:
    return compile_spec(DefinitionSpec.model_validate_json(spec_json))


def compiled(definition: WorkflowDefinition) -> Compiled:
    """The compiled form of a stored definition, cached (published versions never change)."""
    return _compiled_by_pk(definition.pk, json.dumps(definition.spec, sort_keys=True))


# --- Checks ---------------------------------------------------------------------------------
def check_definition(spec: DefinitionSpec) -> list[tuple[Path, str]]:
    """Every rule of a publishable definition that the schema cannot express."""
    problems: list[tuple[Path, str]] = []
    states = {s.code: s for s in spec.states}
    for code in _duplicates([s.code for s in spec.states]):
        problems.append((("states",), f"state {code} is defined twice"))
    for code in _duplicates([a.code for a in spec.actions]):
        problems.append((("actions",), f"action {code} is defined twice"))
    if spec.initial not in states:
        problems.append((("initial",), f"unknown state {spec.initial}"))
    corrections = [a for a in spec.actions if a.correction]
    if spec.correction is not None and spec.correction.escalate_to not in states:
        problems.append((("correction", "escalate_to"),
                         f"unknown state {spec.correction.escalate_to}"))
    if corrections and spec.correction is None:
        problems.append((("correction",), "correction actions need correction.escalate_to"))
    for i, state in enumerate(spec.states):
        path: Path = ("states", i)
        if state.holder.role not in KNOWN_ROLES:
            problems.append(((*path, "holder", "role"), f"unknown role {state.holder.role}"))
        if (state.holder.agency == "none") != (state.holder.role == APPLICANT):
            problems.append(((*path, "holder"), "only the applicant holds a file outside agencies"))
        if state.terminal and state.outcome is None:
            problems.append(((*path, "outcome"), "a terminal state needs an outcome"))
        if not state.terminal and state.outcome is not None:
            problems.append(((*path, "outcome"), "only terminal states have an outcome"))
        if state.parallel is not None:
            problems.extend(_check_parallel(state, path, states))
            if state.holder.agency != "branch":
                problems.append(((*path, "holder", "agency"),
                                 "a parallel review is held by its branches: use branch"))
            for code in [a.code for a in state.parallel.actions]:
                if code in {a.code for a in spec.actions}:
                    problems.append(((*path, "parallel", "actions"),
                                     f"branch action {code} has the name of a main action"))
            for code in _duplicates([a.code for a in state.parallel.actions]):
                problems.append(((*path, "parallel", "actions"),
                                 f"branch action {code} is defined twice"))
    for i, state in enumerate(spec.states):
        problems.extend(_check_deferred(state.on_enter, ("states", i, "on_enter")))
        if state.parallel is not None:
            problems.extend(_check_deferred(state.parallel.on_complete,
                                            ("states", i, "parallel", "on_complete")))
    for i, action in enumerate(spec.actions):
        problems.extend(_check_action(action, ("actions", i), states, bool(corrections), spec))
    problems.extend(_check_graph(spec, states))
    return problems


def _duplicates(codes: list[str]) -> list[str]:
    seen: set[str] = set()
    return [c for c in codes if c in seen or seen.add(c)]  # type: ignore[func-returns-value]


def _check_deferred(names: list[str], path: Path) -> list[tuple[Path, str]]:
    """Effects run on entering a state or completing a group are deferred (the worker's): the
    clock belongs to the actions that mean it."""
    problems: list[tuple[Path, str]] = []
    for k, name in enumerate(names):
        if name not in EFFECTS:
            problems.append(((*path, k), f"no effect named {name} exists"))
        elif EFFECTS[name].mode != "deferred":
            problems.append(((*path, k), f"{name} runs inline: only an action may name it"))
    return problems


def _check_parallel(state: State, path: Path, states: dict[str, State]) -> list[tuple[Path, str]]:
    assert state.parallel is not None
    group = state.parallel
    problems: list[tuple[Path, str]] = []
    if group.role not in Role.values:
        problems.append(((*path, "parallel", "role"), f"unknown role {group.role}"))
    if group.then not in states:
        problems.append(((*path, "parallel", "then"), f"unknown state {group.then}"))
    if not any(a.completes_branch and "recommendation" in a.inputs for a in group.actions):
        problems.append(((*path, "parallel", "actions"),
                         "one branch action must complete the branch with a recommendation"))
    for j, action in enumerate(group.actions):
        for role in action.roles:
            if role not in Role.values:
                problems.append(((*path, "parallel", "actions", j, "roles"),
                                 f"unknown role {role}"))
    return problems


def _returnable_states(spec: DefinitionSpec) -> set[str]:
    """States a correction sends files to, and the escalation state: where $return is sound."""
    targets = {a.to for a in spec.actions if a.correction}
    if spec.correction is not None:
        targets.add(spec.correction.escalate_to)
    return targets


def _check_action(
    action: Action, path: Path, states: dict[str, State], has_corrections: bool,
    spec: DefinitionSpec,
) -> list[tuple[Path, str]]:
    problems: list[tuple[Path, str]] = []
    for k, code in enumerate(action.from_states):
        if code not in states:
            problems.append(((*path, "from", k), f"unknown state {code}"))
        elif states[code].terminal:
            problems.append(((*path, "from", k), f"{code} is terminal: nothing leaves it"))
    if action.to not in states and action.to not in {RETURN, SAME}:
        problems.append(((*path, "to"), f"unknown state {action.to}"))
    if action.to == RETURN and not has_corrections:
        problems.append(((*path, "to"), "$return needs a correction action to return from"))
    if action.to == RETURN:
        returnable = _returnable_states(spec)
        for k, code in enumerate(action.from_states):
            if code in states and code not in returnable:
                problems.append(((*path, "from", k), f"nothing returns to a step from {code}: "
                                 "$return only leaves a correction or escalation state"))
    for k, role in enumerate(action.roles):
        if role not in KNOWN_ROLES:
            problems.append(((*path, "roles", k), f"unknown role {role}"))
    for k, name in enumerate(action.guards):
        if name not in GUARDS:
            problems.append(((*path, "guards", k), f"no guard named {name} exists"))
    for k, name in enumerate(action.effects):
        if name not in EFFECTS:
            problems.append(((*path, "effects", k), f"no effect named {name} exists"))
    if action.correction and "citations" not in action.inputs:
        problems.append(((*path, "inputs"), "a return for correction must require citations"))
    if "clock_extend" in action.effects and not {"days", "reason"} <= set(action.inputs):
        problems.append(((*path, "inputs"), "clock_extend needs the days and reason inputs"))
    return problems


def _targets(spec: DefinitionSpec, action: Action, source: str) -> set[str]:
    """The states `action` may move a file to from `source`."""
    if action.to == RETURN:
        found = {s for a in spec.actions if a.correction for s in a.from_states}
    elif action.to == SAME:
        found = {source}
    else:
        found = {action.to}
    if action.correction and spec.correction is not None:
        found.add(spec.correction.escalate_to)
    return found


def _edges(spec: DefinitionSpec) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for action in spec.actions:
        for source in action.from_states:
            edges[source] |= _targets(spec, action, source)
    for state in spec.states:
        if state.parallel is not None:
            edges[state.code].add(state.parallel.then)
    return edges


def _check_graph(spec: DefinitionSpec, states: dict[str, State]) -> list[tuple[Path, str]]:
    if spec.initial not in states:
        return []
    edges = _edges(spec)
    reached = _reach([spec.initial], edges)
    reverse: dict[str, set[str]] = defaultdict(set)
    for source, targets in edges.items():
        for target in targets:
            reverse[target].add(source)
    finishing = _reach([s.code for s in spec.states if s.terminal], reverse)
    problems: list[tuple[Path, str]] = []
    if not any(s.terminal for s in spec.states):
        problems.append((("states",), "no terminal state"))
    for i, state in enumerate(spec.states):
        if state.code not in reached:
            problems.append((("states", i), f"{state.code} cannot be reached from "
                                            f"{spec.initial}"))
        elif state.code not in finishing:
            problems.append((("states", i), f"no terminal state can be reached from "
                                            f"{state.code}"))
        if state.clock == "stopped" and not state.terminal:
            problems.extend(_check_decided(("states", i), f"{state.code} stops the clock",
                                           _reach([state.code], edges), states))
    for i, action in enumerate(spec.actions):
        if "clock_stop" in action.effects:
            onward = _reach(sorted({t for source in action.from_states
                                    for t in _targets(spec, action, source)}), edges)
            problems.extend(_check_decided(("actions", i, "effects"),
                                           f"{action.code} stops the clock", onward, states))
    return problems


# Outcomes that undo a decision in the figures: a rejection is not an approval, and a
# withdrawn file was never decided.
UNDOING_OUTCOMES = ("rejected", "withdrawn")


def _check_decided(path: Path, what: str, onward: set[str],
                   states: dict[str, State]) -> list[tuple[Path, str]]:
    """A state or action that stops the clock short of the end decides the file: the decision
    is dated and counted as an approval the moment the clock stops, and the monitoring summary
    stores that day once settled (ADR 0016). No rejection or withdrawal may follow it in the
    states `onward`."""
    return [(path, f"{what}, so the file is decided there; it may not end "
                   f"{states[end].outcome} (in {end})")
            for end in sorted(onward)
            if end in states and states[end].terminal
            and states[end].outcome in UNDOING_OUTCOMES]


def _reach(starts: list[str], edges: dict[str, set[str]]) -> set[str]:
    seen = set(starts)
    queue = deque(starts)
    while queue:
        for target in edges.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def parse_definition(text: str) -> DefinitionSpec:
    """Parse and check a definition file; raise YamlFileInvalid listing every problem by line."""
    spec, index = parse_yaml(text, DefinitionSpec)
    _raise_problems(check_definition(spec), index)
    return spec


def _raise_problems(problems: list[tuple[Path, str]], index: LineIndex | None) -> None:
    if problems:
        raise YamlFileInvalid([
            FileError(index.line_for(path) if index else None, format_path(path), message)
            for path, message in problems
        ])


# --- Services -------------------------------------------------------------------------------
@transaction.atomic
def definition_import(
    *, tenant: Tenant, actor: User | None, text: str, publish: bool = False
) -> WorkflowDefinition:
    """Store a definition as the next draft version of its code (or the unchanged latest one)."""
    spec = parse_definition(text)
    spec_json = spec.model_dump(mode="json", by_alias=True)
    latest = (WorkflowDefinition.objects.filter(tenant=tenant, code=spec.code)
              .order_by("-version").first())
    if latest is not None and latest.spec == spec_json:
        definition = latest
    elif latest is not None and latest.status == DefinitionStatus.DRAFT:
        definition = latest
        definition.spec = spec_json
        definition.name = spec.name.id
        definition.save(update_fields=["spec", "name", "updated_at"])
        record(tenant=tenant, actor=actor, action="workflow.definition.update", obj=definition,
               after={"code": spec.code, "version": definition.version})
    else:
        version = (WorkflowDefinition.objects.filter(tenant=tenant, code=spec.code)
                   .aggregate(v=Max("version"))["v"] or 0) + 1
        definition = WorkflowDefinition.objects.create(
            tenant=tenant, code=spec.code, version=version, name=spec.name.id, spec=spec_json)
        record(tenant=tenant, actor=actor, action="workflow.definition.create", obj=definition,
               after={"code": spec.code, "version": version})
    if publish and definition.status == DefinitionStatus.DRAFT:
        definition = definition_publish(definition=definition, actor=actor)
    return definition


@transaction.atomic
def definition_publish(*, definition: WorkflowDefinition, actor: User | None) -> (
    WorkflowDefinition
):
    """Check a draft against the registry as it is now, draw it, and publish it."""
    from satupintu.workflow.diagram import render_svg

    definition = WorkflowDefinition.objects.select_for_update().get(pk=definition.pk)
    if definition.status != DefinitionStatus.DRAFT:
        raise Conflict(_("This version is already published; import a new version instead."))
    spec = DefinitionSpec.model_validate(definition.spec)
    _raise_problems(check_definition(spec), None)
    definition.diagram_id = render_svg(spec, "id")
    definition.diagram_en = render_svg(spec, "en")
    definition.status = DefinitionStatus.PUBLISHED
    definition.published_at = timezone.now()
    definition.save(update_fields=["diagram_id", "diagram_en", "status", "published_at",
                                   "updated_at"])
    record(tenant=definition.tenant, actor=actor, action="workflow.definition.publish",
           obj=definition, after={"code": definition.code, "version": definition.version})
    return definition


def install_default_definitions(*, tenant: Tenant, actor: User | None) -> list[str]:
    """Import and publish the definitions shipped in `workflow/definitions/` (idempotent)."""
    installed = []
    for path in sorted(DEFAULTS_DIR.glob("*.yaml")):
        definition = definition_import(tenant=tenant, actor=actor, text=path.read_text(),
                                       publish=True)
        installed.append(str(definition))
    return installed


def published_definition(*, tenant: Tenant, code: str) -> WorkflowDefinition:
    """The newest published version of a definition: what new cases start on."""
    definition = (WorkflowDefinition.objects.filter(
        tenant=tenant, code=code, status=DefinitionStatus.PUBLISHED).order_by("-version").first())
    if definition is None:
        raise NotFound(_("No published workflow %(code)s.") % {"code": code},
                       code="workflow_not_found")
    return definition


def definition_export(definition: WorkflowDefinition) -> str:
    """The definition as YAML, importable unchanged (`workflow_export`)."""
    return dump_yaml(DefinitionSpec.model_validate(definition.spec))
