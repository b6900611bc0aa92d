"""The shape of a workflow definition (YAML): states, actions and parallel groups, as data.

A definition names guards and effects from the registry (`workflow.registry`); it never
contains code. `check_definition` adds the graph rules that a schema cannot express.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,59}$")]
DefinitionCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,59}$")]
OssCode = Annotated[str, StringConstraints(pattern=r"^\d{2}$")]

# Targets with a meaning of their own: back to the state a correction came from, or stay put.
RETURN = "$return"
SAME = "$same"
Target = Code | Literal["$return", "$same"]

ClockMode = Literal["not_started", "running", "paused", "stopped"]
Outcome = Literal["approved", "rejected", "withdrawn", "revoked"]
InputKind = Literal["reason", "note", "citations", "recommendation", "conditions", "days",
                    "date", "document"]
Recommendation = Literal["approve", "approve_with_conditions", "reject"]
AgencyScope = Literal["one_stop", "branch", "none"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Label(_Strict):
    id: Annotated[str, StringConstraints(min_length=2, max_length=120)]
    en: Annotated[str, StringConstraints(min_length=2, max_length=120)]


class Holder(_Strict):
    """Who holds a file: a role in the DPMPTSP, in a reviewing agency, or the applicant."""

    agency: AgencyScope
    role: Annotated[str, StringConstraints(min_length=2, max_length=40)]


class BranchAction(_Strict):
    """An action one agency takes on its own branch of a parallel review."""

    code: Code
    label: Label
    public: Label | None = None
    roles: Annotated[list[str], Field(min_length=1)]
    inputs: list[InputKind] = []
    optional_inputs: list[InputKind] = []
    completes_branch: bool = False
    oss_status: OssCode | dict[Recommendation, OssCode] | None = None


class Parallel(_Strict):
    """A state that fans out to every agency of the case and moves on when all have recommended."""

    role: Annotated[str, StringConstraints(min_length=2, max_length=40)]
    time_limit_days: Annotated[int, Field(ge=1, le=365)]
    recommendations: Annotated[list[Recommendation], Field(min_length=1)]
    actions: Annotated[list[BranchAction], Field(min_length=1)]
    then: Code
    # Deferred effects of the step that completes the group (the last recommendation).
    on_complete: list[Code] = []


class State(_Strict):
    code: Code
    label: Label
    description: Label | None = None
    holder: Holder
    time_limit_days: Annotated[int, Field(ge=0, le=365)] = 0
    clock: ClockMode
    applicant_may_edit: bool = False
    terminal: bool = False
    outcome: Outcome | None = None
    parallel: Parallel | None = None
    # Deferred effects of every step that enters this state, whatever the route (an action, a
    # $return, the end of a parallel review, an escalation): whom a new pool must tell.
    on_enter: list[Code] = []


class Action(_Strict):
    code: Code
    label: Label
    # What the public reads in a file's timeline ("The file was declared complete"), where the
    # button label ("Complete, register") is an officer's instruction.
    public: Label | None = None
    from_states: Annotated[list[Code], Field(min_length=1, alias="from")]
    to: Target
    roles: Annotated[list[str], Field(min_length=1)]
    inputs: list[InputKind] = []
    optional_inputs: list[InputKind] = []
    guards: list[Code] = []
    effects: list[Code] = []
    correction: bool = False
    oss_status: OssCode | None = None

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True,
                              populate_by_name=True)


class Correction(_Strict):
    """What happens when a file has used up its correction rounds."""

    escalate_to: Code


class DefinitionSpec(_Strict):
    format: Literal["satupintu-workflow/1"]
    code: DefinitionCode
    name: Label
    initial: Code
    correction: Correction | None = None
    states: Annotated[list[State], Field(min_length=2)]
    actions: Annotated[list[Action], Field(min_length=1)]
