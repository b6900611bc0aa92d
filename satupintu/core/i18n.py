"""Bilingual content stored as `<field>` (Indonesian) and `<field>_en` (English)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def localized(obj: Any, field: str) -> str:
    """Pick the English column on English pages, falling back to the Indonesian original."""
    value = getattr(obj, field, "")
    if (get_language() or "id").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return "" if value is None else str(value)
