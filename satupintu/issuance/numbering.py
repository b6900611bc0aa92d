"""Permit numbers: the tenant's format, parsed here (never `str.format`), and the sequence.

A format is literal text and whitelisted placeholders only: `{seq}` (zero-padded to the
tenant's `numbering_seq_width`), `{service}` (the service code), `{unit}` (the one-stop
office's short name or code), `{year}` and `{month}` (two digits). Administrators type the
format, so it is data: `str.format` would let `{seq.__class__}` or `{0}` reach into Python
objects, and a typo such as `{yaer}` would only fail when the first permit is signed. The
parser below accepts exactly the grammar above, and `validate_numbering_format` refuses
anything else when the format is saved.

The sequence (`PermitSequence`, per tenant and local year) is incremented only inside the
transaction that stores the signed permit (services.permit_sign): a failed signature rolls the
increment back with everything else, so the register has neither gaps nor duplicates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from satupintu.core.sequences import take_next

PLACEHOLDERS = ("seq", "service", "unit", "year", "month")
# Both must appear: without {seq} every permit of a year has the same number, and without
# {year} the sequence (which restarts each year) repeats last year's numbers.
REQUIRED = ("seq", "year")
MAX_FORMAT_LENGTH = 100
MAX_NUMBER_LENGTH = 120  # Permit.number


@dataclass(frozen=True)
class Placeholder:
    name: str


Segment = str | Placeholder


class NumberingFormatError(ValueError):
    """The format is not one SatuPintu can number permits with; the message is for people."""


def parse_format(text: str) -> list[Segment]:
    """The format as literal strings and placeholders, or NumberingFormatError."""
    if not text or not text.strip():
        raise NumberingFormatError(_("The numbering format is empty."))
    if len(text) > MAX_FORMAT_LENGTH:
        raise NumberingFormatError(_("The numbering format is longer than %(max)s characters.")
                                   % {"max": MAX_FORMAT_LENGTH})
    if any(ord(ch) < 32 for ch in text):
        raise NumberingFormatError(_("The numbering format may not contain control characters."))
    allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    segments: list[Segment] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "}":
            raise NumberingFormatError(
                _("A closing brace '}' at position %(pos)s has no opening brace.")
                % {"pos": i + 1})
        if ch != "{":
            literal.append(ch)
            i += 1
            continue
        end = text.find("}", i + 1)
        if end == -1:
            raise NumberingFormatError(
                _("The brace '{' at position %(pos)s is never closed.") % {"pos": i + 1})
        name = text[i + 1:end]
        if name not in PLACEHOLDERS:
            # `{0}`, `{seq.__class__}`, `{seq[0]}`, `{seq:>9}`, `{ {seq} }`: all refused.
            raise NumberingFormatError(
                _("'{%(name)s}' is not a placeholder of permit numbers. Use only %(allowed)s.")
                % {"name": name[:30], "allowed": allowed})
        if literal:
            segments.append("".join(literal))
            literal = []
        segments.append(Placeholder(name))
        i = end + 1
    if literal:
        segments.append("".join(literal))
    used = {s.name for s in segments if isinstance(s, Placeholder)}
    missing = [name for name in REQUIRED if name not in used]
    if missing:
        raise NumberingFormatError(
            _("The numbering format must contain %(names)s, or numbers would repeat.")
            % {"names": " ".join("{" + name + "}" for name in missing)})
    return segments


def validate_numbering_format(value: str) -> None:
    """Model and form validator of `Tenant.numbering_format`."""
    try:
        parse_format(value)
    except NumberingFormatError as exc:
        raise ValidationError(str(exc), code="numbering_format") from exc


def render_number(segments: Sequence[Segment] | str, *, seq: int, width: int, service: str,
                  unit: str, year: int, month: int) -> str:
    """The number for these values; the values are inserted as text, never interpreted."""
    parts = parse_format(segments) if isinstance(segments, str) else segments
    values = {"seq": str(seq).zfill(max(1, width)), "service": service, "unit": unit,
              "year": f"{year:04d}", "month": f"{month:02d}"}
    number = "".join(values[p.name] if isinstance(p, Placeholder) else p for p in parts)
    if len(number) > MAX_NUMBER_LENGTH:
        raise NumberingFormatError(_("The permit number would be longer than %(max)s "
                                     "characters.") % {"max": MAX_NUMBER_LENGTH})
    return number


def take_sequence(*, tenant_id: int, year: int) -> int:
    """The next permit sequence number of the tenant's year, in the caller's transaction (the
    one storing the signed permit: a failed signature frees the number again)."""
    from satupintu.issuance.models import PermitSequence

    return take_next(PermitSequence, tenant_id=tenant_id, year=year)
