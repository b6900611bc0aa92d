"""Template helpers shared by every page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language

from satupintu.core.i18n import localized

register = template.Library()


@register.filter
def tr(obj: Any, field: str) -> str:
    """The English variant of a bilingual field when the page is in English and it exists."""
    return localized(obj, field)


@register.filter
def rupiah(amount: Decimal | int | None) -> str:
    """Rp 1.500.000 (Indonesian thousands separator) in either language."""
    if amount is None:
        return ""
    text = f"{int(amount):,}".replace(",", ".")
    return f"Rp {text}"


@register.filter
def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.simple_tag
def lang() -> str:
    return (get_language() or "id").split("-")[0]


@register.filter
def filesizeformat_kb(kilobytes: int | None) -> str:
    """2048 → "2 MB", 500 → "500 KB" (limits in the catalog are in KB)."""
    if not kilobytes:
        return ""
    if kilobytes >= 1024 and kilobytes % 1024 == 0:
        return f"{kilobytes // 1024} MB"
    if kilobytes >= 1024:
        return f"{kilobytes / 1024:.1f} MB".replace(".", ",")
    return f"{kilobytes} KB"
