"""Date ranges asked for by the public figures (`from`/`to` query parameters)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from satupintu.core.errors import ValidationFailed

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_YEARS = 20


def _label(name: str) -> str:
    """How a message names the parameter: the start or end date (the parameter itself is in
    the error's details)."""
    return {"from": _("The start date (from)"), "to": _("The end date (to)")}.get(name, name)


def parse_day(raw: object, name: str) -> dt.date:
    """An ISO date `YYYY-MM-DD` within 2000–2100, or ValidationFailed naming the parameter."""
    if not isinstance(raw, str) or not raw.strip():
        raise ValidationFailed(_("Give %(name)s as a date, YYYY-MM-DD.")
                               % {"name": _label(name).lower()},
                               details={name: "required"}, code="bad_date")
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationFailed(_("%(name)s is not a date of the form YYYY-MM-DD.")
                               % {"name": _label(name)}, details={name: "format"},
                               code="bad_date") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationFailed(
            _("%(name)s must lie between %(first)s and %(last)s.")
            % {"name": _label(name), "first": FIRST_YEAR, "last": LAST_YEAR},
            details={name: "range"},
            code="date_out_of_range")
    return day


def parse_range(raw_from: object, raw_to: object) -> tuple[dt.date, dt.date]:
    """`from` ≤ `to`, both in 2000–2100, spanning at most 20 years."""
    start, end = parse_day(raw_from, "from"), parse_day(raw_to, "to")
    check_range(start, end)
    return start, end


def check_range(start: dt.date, end: dt.date) -> None:
    """Refuse a reversed range, days outside 2000–2100, or a range over 20 years."""
    for name, day in (("from", start), ("to", end)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValidationFailed(
                _("%(name)s must lie between %(first)s and %(last)s.")
                % {"name": _label(name), "first": FIRST_YEAR, "last": LAST_YEAR},
                details={name: "range"}, code="date_out_of_range")
    if start > end:
        raise ValidationFailed(_("The start date is after the end date."),
                               details={"from": "after_to"}, code="reversed_range")
    if end > start.replace(year=start.year + MAX_YEARS, day=min(start.day, 28)):
        raise ValidationFailed(_("A range may span at most %(n)d years.") % {"n": MAX_YEARS},
                               details={"to": "too_long"}, code="range_too_long")
