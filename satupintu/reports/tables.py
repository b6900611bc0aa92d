"""A report's content as tables, the same for the spreadsheet (one sheet each) and the PDF.

Each column has a kind the writers format by: text, int, num (one decimal), pct (a share
0–1), money (rupiah) or date. Labels are gettext msgids; the writers render them in
Indonesian (official reports are in Indonesian whatever the reader's language).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from satupintu.monitoring.figures import BACKLOG_BUCKETS, Spread
from satupintu.monitoring.labels import FIGURE_LABELS
from satupintu.reports.content import ReportContent

FILE_FIGURES = ("received", "complete", "in_process", "decided", "approved", "rejected",
                "withdrawn", "issued", "fiktif_positif")
BACKLOG = (*(name for name, _low, _high in BACKLOG_BUCKETS), "open", "overdue", "overdue_legal")


@dataclass(frozen=True)
class Table:
    sheet: str  # the sheet's name (≤ 31 characters)
    title: str
    columns: list[tuple[str, str]]  # (header, kind)
    rows: list[list[Any]]
    note: str = ""
    chart: str = ""  # the chart the PDF draws next to it: "" / "trend" / "backlog"
    extra: dict[str, Any] = field(default_factory=dict)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value / 100, 4)


def _spread_row(label: str, spread: Spread) -> list[Any]:
    return [label, spread.n, spread.median, spread.p90, spread.mean]


def summary(content: ReportContent) -> Table:
    run = content.run
    scope = (", ".join(str(a) for a in content.agencies) if content.agencies
             else _("The whole region"))
    return Table("Ringkasan", _("Periodic report"), [(_("Item"), "text"), (_("Value"), "text")], [
        [_("Region"), str(content.tenant.name)],
        [_("Kind"), str(run.get_kind_display())],
        [_("Period"), f"{run.period_start:%d-%m-%Y} – {run.period_end:%d-%m-%Y}"],
        [_("Scope"), scope],
        [_("Open files counted on"), f"{content.today:%d-%m-%Y}"],
    ])


def tables(content: ReportContent) -> list[Table]:
    counts, durations = content.counts, content.durations
    found = [summary(content)]
    found.append(Table("Berkas", _("Files"), [(_("Figure"), "text"), (_("Files"), "int")],
                       [[str(FIGURE_LABELS[n]), counts[n]] for n in FILE_FIGURES]))
    found.append(Table("Ketepatan waktu", _("Decided on time"), [
        (_("Limit"), "text"), (_("On time"), "int"), (_("Late"), "int"),
        (_("Share on time"), "pct")], [
        [_("Service target"), counts["on_time"], counts["late"], _share(counts.on_time_share)],
        [_("Legal time limit"), counts["within_legal"], counts["beyond_legal"],
         _share(counts.within_legal_share)],
    ]))
    spread_columns = [(_("Measure"), "text"), (_("Files"), "int"), (_("Median"), "num"),
                      (_("90th percentile"), "int"), (_("Mean"), "num")]
    found.append(Table("Durasi", _("Working days from complete to decision"), spread_columns, [
        _spread_row(_("In total"), durations.total),
        _spread_row(_("At the government (without waiting on the applicant)"),
                    durations.at_office),
        _spread_row(_("Waiting on the applicant"), durations.waiting_on_applicant),
        _spread_row(_("Correction rounds"), durations.correction_rounds),
    ]))
    found.append(Table("Waktu per OPD", _("Time at each reviewing agency"), spread_columns,
                       [_spread_row(row.agency, row.days) for row in content.agency_times],
                       note="" if content.agency_times
                       else _("No recommendations in this period.")))
    found.append(Table("Tunggakan", _("Open files by age"), [(_("Age"), "text"),
                                                            (_("Files"), "int")],
                       [[str(FIGURE_LABELS[n]), counts[n]] for n in BACKLOG], chart="backlog"))
    found.append(Table("Tren 12 bulan", _("The last 12 months"), [
        (_("Month"), "date"), (_("Received"), "int"), (_("Decided"), "int"),
        (_("Share on time"), "pct")],
        [[m.first_day, m.received, m.decided, _share(m.on_time_share)] for m in content.trend],
        chart="trend"))
    found += ikm_tables(content)
    found.append(complaints_table(content))
    found.append(Table("Izin per sektor", _("Permits issued by sector"),
                       [(_("Sector"), "text"), (_("Permits"), "int")],
                       [[label, n] for label, n in content.permits_by_sector],
                       note="" if content.permits_by_sector
                       else _("No permits were issued in this period.")))
    found.append(investment_table(content))
    return found


def ikm_tables(content: ReportContent) -> list[Table]:
    no_data = _("The satisfaction survey has no responses in this period.")
    if not content.ikm_has_data:
        return [Table("IKM", _("Community satisfaction index (IKM)"), [(_("Item"), "text")],
                      [], note=no_data)]
    columns = [(_("Element"), "text"), *[(label or _("Index"), "num")
                                         for label, _f in content.ikm]]
    elements = content.ikm[0][1].elements
    rows: list[list[Any]] = [
        [f"{e.code} {e.official_name}",
         *[f.elements[i].converted for _l, f in content.ikm]]
        for i, e in enumerate(elements)]
    rows.append([_("IKM"), *[f.ikm_float for _l, f in content.ikm]])
    rows.append([_("Respondents"), *[f.respondents for _l, f in content.ikm]])
    found = [Table("IKM", _("Community satisfaction index (IKM) by element"), columns, rows,
                   extra={"grades": [f.grade or "—" for _l, f in content.ikm]})]
    found.append(Table("IKM per layanan", _("IKM by service"), [
        (_("Service"), "text"), (_("Respondents"), "int"), (_("IKM"), "num"),
        (_("Grade"), "text")],
        [[s.name, f.respondents, f.ikm_float, f.grade or "—"]
         for s, f in content.ikm_by_service if f.respondents]))
    return found


def complaints_table(content: ReportContent) -> Table:
    columns = [(_("Agency"), "text"), (_("Received"), "int"), (_("Answered"), "int"),
               (_("Answered on time"), "int"), (_("Resolved"), "int"),
               (_("Closed unresolved"), "int"), (_("Open now"), "int"),
               (_("Median working days to answer"), "num"),
               (_("Median working days to close"), "num")]
    rows = [[label or _("All agencies"), f.received, f.answered, f.answered_on_time,
             f.resolved, f.closed_unresolved, f.open_now, f.median_days_to_answer,
             f.median_days_to_close] for label, f in content.complaints]
    return Table("Pengaduan", _("Complaints"), columns, rows)


def investment_table(content: ReportContent) -> Table:
    inv = content.investment
    note = _("Not collected: no service asks applicants for this.")
    rows: list[list[Any]] = []
    if inv.value is not None:
        rows.append([_("Investment value of approved applications (Rp)"), inv.value])
    if inv.jobs is not None:
        rows.append([_("Jobs planned in approved applications"), inv.jobs])
    return Table("Investasi", _("Investment and jobs"), [(_("Item"), "text"),
                                                        (_("Value"), "money")],
                 rows, note="" if rows else note)


def cell_text(value: Any, kind: str) -> str:
    """A value as the PDF prints it (Indonesian separators)."""
    if value is None:
        return "—"
    if kind == "pct":
        return f"{value * 100:.1f}%".replace(".", ",")
    if kind == "num" and isinstance(value, float | int):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    if kind == "money" or (kind == "int" and isinstance(value, int | float)):
        return f"{int(value):,}".replace(",", ".")
    if isinstance(value, dt.date):
        return f"{value:%m-%Y}"
    return str(value)
