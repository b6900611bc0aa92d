"""A database check: every guard and effect that published workflows name must exist.

Removing an effect from the code while files still run on a definition naming it would make
those files fail at their next step; `manage.py check` (and CI) says so first.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from satupintu.workflow.registry import EFFECTS, GUARDS


@register(Tags.database)
def registry_covers_published_definitions(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Runs with `manage.py check --database default` (it reads the database)."""
    from satupintu.workflow.models import DefinitionStatus, WorkflowDefinition

    if not kwargs.get("databases"):
        return []
    errors: list[Error] = []
    try:
        definitions = list(WorkflowDefinition.objects.filter(status=DefinitionStatus.PUBLISHED)
                           .values_list("pk", "code", "version", "spec"))
    except DatabaseError:
        return []  # no tables yet (before migrate): nothing published to check
    for _pk, code, version, spec in definitions:
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
