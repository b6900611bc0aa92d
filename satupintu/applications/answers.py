"""Validation of the answers to a variant's data items, by their catalog data type."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from satupintu.catalog.models import DataType, Requirement, RequirementKind
from satupintu.core.errors import ValidationFailed
from satupintu.lib import identifiers

MAX_TEXT = 300
MAX_LONG_TEXT = 4000


def _clean_one(requirement: Requirement, raw: Any) -> Any:
    """The stored form of one answer, or raise ValueError with a message for people."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    if isinstance(raw, bool) and requirement.data_type != DataType.BOOLEAN:
        raise ValueError(_("Not a valid answer."))
    if isinstance(raw, float) and not math.isfinite(raw):  # JSON's 1e400 reads as infinity
        raise ValueError(_("Not a valid answer."))
    text = str(raw).strip()
    if "\x00" in text:
        raise ValueError(_("Not a valid answer."))
    kind = requirement.data_type
    if kind == DataType.TEXT:
        if len(text) > MAX_TEXT:
            raise ValueError(_("At most %(max)s characters.") % {"max": MAX_TEXT})
        return text
    if kind == DataType.LONG_TEXT:
        if len(text) > MAX_LONG_TEXT:
            raise ValueError(_("At most %(max)s characters.") % {"max": MAX_LONG_TEXT})
        return text
    if kind == DataType.NUMBER:
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation as exc:
            raise ValueError(_("Enter a number.")) from exc
        if not number.is_finite() or abs(number) > Decimal("1e12"):
            raise ValueError(_("Enter a number."))
        return str(number.normalize()) if number != number.to_integral() else str(int(number))
    if kind == DataType.DATE:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(_("Enter a date like 2026-03-17.")) from exc
        if not 1900 <= day.year <= 2100:
            raise ValueError(_("Enter a date between 1900 and 2100."))
        return day.isoformat()
    if kind == DataType.CHOICE:
        if text not in (requirement.choices or []):
            raise ValueError(_("Choose one of the options."))
        return text
    if kind == DataType.BOOLEAN:
        if text.lower() in {"true", "1", "ya", "yes", "on"}:
            return True
        if text.lower() in {"false", "0", "tidak", "no", "off"}:
            return False
        raise ValueError(_("Answer yes or no."))
    if kind == DataType.EMAIL:
        try:
            validate_email(text)
        except ValidationError as exc:
            raise ValueError(_("Enter a valid e-mail address.")) from exc
        return text.lower()
    parsers: dict[str, tuple[Callable[[str], str], str]] = {
        DataType.NIK: (lambda v: identifiers.parse_nik(v).value,
                       _("Enter a valid NIK: 16 digits with a real birth date.")),
        DataType.NPWP: (lambda v: identifiers.parse_npwp(v).value,
                        _("Enter a valid NPWP (15 or 16 digits).")),
        DataType.NIB: (identifiers.normalize_nib, _("Enter a valid NIB: 13 digits.")),
        DataType.KBLI: (identifiers.normalize_kbli, _("Enter a KBLI 2020 code: 5 digits.")),
        DataType.PHONE: (identifiers.normalize_mobile,
                         _("Enter a mobile number such as 0812 3456 7890.")),
    }
    parse, message = parsers[kind]
    try:
        return parse(text)
    except identifiers.InvalidIdentifier as exc:
        raise ValueError(message) from exc


def clean_answers(requirements: Iterable[Requirement], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate answers to data items; raise ValidationFailed with a message per item."""
    items = {r.code: r for r in requirements if r.kind == RequirementKind.DATA}
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for code, value in raw.items():
        requirement = items.get(code)
        if requirement is None:
            errors[str(code)[:30]] = _("This application has no such item.")
            continue
        try:
            clean[code] = _clean_one(requirement, value)
        except ValueError as exc:
            errors[code] = f"{requirement.name}: {exc}"
    if errors:
        raise ValidationFailed(_("Some answers are not valid."), details=errors)
    return clean
