"""Database checks of the published workflows: every guard and effect they name must exist,
and each must still pass the rules a definition is published under.

Removing an effect from the code while files still run on a definition naming it would make
those files fail at their next step; `manage.py check` (and CI) says so first. A rule added
after a definition was published (such as: no rejection once the clock has stopped) is
reported as a warning, for an administrator to publish a corrected version.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError

from satupintu.workflow.registry import EFFECTS, GUARDS


def _published(kwargs: dict[str, Any]) -> list[tuple[str, int, dict[str, Any]]]:
    """(code, version, spec) of every published definition; none when the check does not
    read the database, or before `migrate` made the tables."""
    from satupintu.workflow.models import DefinitionStatus, WorkflowDefinition

    if not kwargs.get("databases"):
        return []
    try:
        return list(WorkflowDefinition.objects.filter(status=DefinitionStatus.PUBLISHED)
                    .values_list("code", "version", "spec"))
    except DatabaseError:
        return []


@register(Tags.database)
def registry_covers_published_definitions(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Runs with `manage.py check --database default` (it reads the database)."""
    errors: list[Error] = []
    for code, version, spec in _published(kwargs):
        for action in spec.get("actions", []):
            for name in action.get("guards", []):
                if name not in GUARDS:
                    errors.append(Error(f"Workflow {code} v{version} names the guard {name}, "
                                        "which is not registered.", id="workflow.E001"))
            for name in action.get("effects", []):
                if name not in EFFECTS:
                    errors.append(_unknown_effect(code, version, name))
        for state in spec.get("states", []):
            for name in [*state.get("on_enter", []),
                         *(state.get("parallel") or {}).get("on_complete", [])]:
                if name not in EFFECTS:
                    errors.append(_unknown_effect(code, version, name))
    return errors


def _unknown_effect(code: str, version: int, name: str) -> Error:
    return Error(f"Workflow {code} v{version} names the effect {name}, which is not registered.",
                 id="workflow.E002")


@register(Tags.database)
def published_definitions_follow_the_rules(app_configs: Any, **kwargs: Any) -> list[CheckWarning]:
    """Runs with `manage.py check --database default`: the rules of `check_definition`
    against every published definition (all were checked when published, under the rules of
    that day)."""
    from pydantic import ValidationError

    from satupintu.workflow.definitions import check_definition
    from satupintu.workflow.schema import DefinitionSpec

    warnings: list[CheckWarning] = []
    for code, version, spec in _published(kwargs):
        try:
            problems = [message for _path, message
                        in check_definition(DefinitionSpec.model_validate(spec))]
        except ValidationError as exc:
            problems = [str(exc)]
        warnings += [CheckWarning(f"Workflow {code} v{version}: {message}.", id="workflow.W001",
                             hint="Import and publish a corrected version.")
                     for message in problems]
    return warnings
