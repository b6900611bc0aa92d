"""Showing the index's figures to people: rounded, with the reader's decimal separator."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def ikm_number(value: float | Decimal | None, places: int = 2) -> str:
    """`91.4808…` → `91,48` (Indonesian) / `91.48` (English); nothing for a missing figure."""
    if value is None or value == "":
        return ""
    step = Decimal(1).scaleb(-int(places))
    rounded = Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, int(places))
