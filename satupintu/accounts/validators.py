"""Django validators over `lib.identifiers`: the same rules on every path, messages translated."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from satupintu.lib import identifiers as ids

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MESSAGES: dict[tuple[str, str], StrOrPromise] = {
    ("nik", "characters"): _("A NIK has only digits (spaces, dots and dashes are ignored)."),
    ("nik", "length"): _("A NIK has exactly 16 digits."),
    ("nik", "date"): _(
        "This is not a valid NIK: digits 7–12 must be a real birth date (day + 40 for women)."),
    ("npwp", "characters"): _("An NPWP has only digits (dots and dashes are ignored)."),
    ("npwp", "length"): _("An NPWP has 15 digits (old form) or 16 digits (new form)."),
    ("npwp", "checksum"): _(
        "This is not a valid NPWP. Check the digits against your tax card, or use your NIK."),
    ("nib", "characters"): _("An NIB has only digits."),
    ("nib", "length"): _("An NIB has exactly 13 digits."),
    ("kbli", "characters"): _("A KBLI code has only digits."),
    ("kbli", "length"): _("A KBLI code has exactly 5 digits."),
    ("postal_code", "characters"): _("A postal code has only digits."),
    ("postal_code", "length"): _("A postal code has exactly 5 digits."),
    ("mobile", "characters"): _("A mobile number has only digits (and + at the start)."),
    ("mobile", "prefix"): _("Enter an Indonesian mobile number starting with 08, 628 or +628."),
    ("mobile", "length"): _("This mobile number is too short or too long."),
}


def _message(exc: ids.InvalidIdentifier) -> StrOrPromise:
    return MESSAGES.get((exc.kind, exc.code), _("This value is not valid."))


def _normalised(parse: Callable[[str], str], value: str) -> str:
    try:
        return parse(value)
    except ids.InvalidIdentifier as exc:
        raise ValidationError(_message(exc), code=f"{exc.kind}_{exc.code}") from exc


# Model field validators (module-level functions, so migrations can name them).
def validate_nik(value: str) -> None:
    clean_nik(value)


def validate_npwp(value: str) -> None:
    clean_npwp(value)


def validate_nib(value: str) -> None:
    clean_nib(value)


def validate_mobile(value: str) -> None:
    clean_mobile(value)


# Form cleaners: the normalised value, or a ValidationError with the translated message.
def clean_nik(value: str) -> str:
    return _normalised(lambda v: ids.parse_nik(v).value, value)


def clean_npwp(value: str) -> str:
    return _normalised(lambda v: ids.parse_npwp(v).value, value)


def clean_nib(value: str) -> str:
    return _normalised(ids.normalize_nib, value)


def clean_mobile(value: str) -> str:
    return _normalised(ids.normalize_mobile, value)


validate_username = RegexValidator(
    r"^[a-zA-Z0-9][a-zA-Z0-9._-]{2,29}$",
    _("Use 3–30 letters, digits, dots, dashes or underscores, starting with a letter or digit."),
    code="username",
)
