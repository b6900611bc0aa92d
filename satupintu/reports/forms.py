"""The form asking for a report: one choice naming its kind and period (recent periods)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from satupintu.reports import periods
from satupintu.reports.models import ReportKind

RECENT = {ReportKind.MONTHLY: 13, ReportKind.QUARTERLY: 6, ReportKind.SEMESTER: 4}


def _label(kind: str, start: dt.date) -> str:
    if kind == ReportKind.MONTHLY:
        return formats.date_format(start, "F Y")
    if kind == ReportKind.QUARTERLY:
        number = ["I", "II", "III", "IV"][(start.month - 1) // 3]
        return str(_("Quarter %(number)s %(year)s") % {"number": number, "year": start.year})
    number = ["I", "II"][(start.month - 1) // 6]
    return str(_("Semester %(number)s %(year)s") % {"number": number, "year": start.year})


def period_choices(today: dt.date) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per kind, the current period and those before it, newest first."""
    groups = []
    for kind, count in RECENT.items():
        start, _end = periods.containing(kind, today)
        options = []
        for _i in range(count):
            options.append((f"{kind}:{start.isoformat()}", _label(kind, start)))
            start = periods.containing(kind, start - dt.timedelta(days=1))[0]
        groups.append((str(kind.label), options))
    return groups


class ReportRequestForm(forms.Form):
    period = forms.ChoiceField(label=_("Report"), choices=())

    def __init__(self, *args: object, today: dt.date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["period"].choices = period_choices(today)  # type: ignore[attr-defined]
        self.fields["period"].widget.attrs["id"] = "report-period"

    def kind_and_period(self) -> tuple[str, tuple[dt.date, dt.date]]:
        kind, start = self.cleaned_data["period"].split(":")
        return kind, periods.containing(kind, dt.date.fromisoformat(start))
