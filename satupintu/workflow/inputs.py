"""Validation of the inputs an action requires: reasons, citations, recommendations, …"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from satupintu.core.errors import ValidationFailed

MAX_TEXT = 4000


def _text(value: Any, name: str, errors: dict[str, str], *, required: bool) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = _("This is required.")
        return ""
    if not isinstance(value, str):
        errors[name] = _("Must be text.")
        return ""
    if not _storable(value) or len(value) > MAX_TEXT:
        errors[name] = _("At most %(max)s characters of text.") % {"max": MAX_TEXT}
        return ""
    return value.strip()


def _storable(value: str) -> bool:
    """No NUL (PostgreSQL refuses it) and no lone surrogate (not encodable as UTF-8)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _citations(value: Any, citable: list[str], errors: dict[str, str]) -> list[dict[str, str]]:
    if not isinstance(value, list) or not value:
        errors["citations"] = _("Cite at least one published requirement or field.")
        return []
    out: list[dict[str, str]] = []
    for item in value:
        code, note = (item, "") if isinstance(item, str) else (
            (item.get("code"), item.get("note", "")) if isinstance(item, dict) else (None, ""))
        if not isinstance(code, str) or code not in citable:
            errors["citations"] = _("%(code)s is not a requirement of this file's service "
                                    "standard.") % {"code": str(code)[:50]}
            return []
        if not isinstance(note, str) or len(note) > MAX_TEXT or not _storable(note):
            errors["citations"] = _("Each citation's note must be text.")
            return []
        if any(c["code"] == code for c in out):
            continue
        out.append({"code": code, "note": note.strip()})
    return out


def validate_inputs(
    raw: Mapping[str, Any],
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    citable: list[str] = (),  # type: ignore[assignment]
    recommendations: Iterable[str] = (),
    today: dt.date,
) -> dict[str, Any]:
    """Return the clean inputs, or raise ValidationFailed listing every problem by input name."""
    required, optional = set(required), set(optional)
    allowed = required | optional
    if "recommendation" in allowed:
        allowed |= {"reason", "conditions"}
    errors: dict[str, str] = {}
    unknown = set(raw) - allowed
    for name in sorted(unknown):
        errors[name] = _("This action does not take this input.")
    clean: dict[str, Any] = {}
    for name in sorted(allowed):
        needed = name in required
        value = raw.get(name)
        if name in {"reason", "note", "conditions", "document"}:
            text = _text(value, name, errors, required=needed)
            if text:
                clean[name] = text
        elif name == "citations":
            if needed or value is not None:
                clean[name] = _citations(value, list(citable), errors)
        elif name == "days":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
                if needed or value is not None:
                    errors[name] = _("A whole number of working days from 1 to 365.")
            else:
                clean[name] = value
        elif name == "date":
            clean_date = _date(value, today, errors, needed)
            if clean_date is not None:
                clean[name] = clean_date.isoformat()
        elif name == "recommendation":
            if value not in set(recommendations):
                if needed or value is not None:
                    errors[name] = _("Choose one of: %(choices)s.") % {
                        "choices": ", ".join(recommendations)}
            else:
                clean[name] = value
    if clean.get("recommendation") == "reject" and not clean.get("reason"):
        errors["reason"] = _("A rejection needs written reasons.")
    if clean.get("recommendation") == "approve_with_conditions" and not clean.get("conditions"):
        errors["conditions"] = _("State the conditions of the approval.")
    if errors:
        raise ValidationFailed(details=errors)
    return clean


def _date(value: Any, today: dt.date, errors: dict[str, str], needed: bool) -> dt.date | None:
    if value is None:
        if needed:
            errors["date"] = _("This is required.")
        return None
    try:
        parsed = dt.date.fromisoformat(str(value)) if not isinstance(value, dt.date) else value
    except ValueError:
        errors["date"] = _("Use a date like 2026-03-17.")
        return None
    if abs((parsed - today).days) > 366:
        errors["date"] = _("The date must be within a year of today.")
        return None
    return parsed
