"""Helpers shared by every app's service functions (the one write path)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models

from satupintu.core.errors import ValidationFailed


def validate_instance(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Run the model's own validation; raise ValidationFailed with every field's messages."""
    try:
        instance.full_clean(exclude=list(exclude))
    except DjangoValidationError as exc:
        raise ValidationFailed(details=_flatten(exc)) from exc


def _flatten(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages]
                for field, errors in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def apply_changes(instance: models.Model, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Set the given attributes; return {name: old value} for those that actually changed.

    Services save and audit only real changes, so re-running an import or saving an unchanged
    admin form writes nothing.
    """
    old: dict[str, Any] = {}
    for name, value in changes.items():
        current = getattr(instance, name)
        if current != value:
            old[name] = current
            setattr(instance, name, value)
    return old
