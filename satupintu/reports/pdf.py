"""The report as PDF (WeasyPrint): the same tables as the spreadsheet, in Indonesian, with
the 12-month trend and the open files by age drawn as inline SVG."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from satupintu.reports.content import ReportContent
from satupintu.reports.svg import bar_chart
from satupintu.reports.tables import Table, cell_text


def charts(content: ReportContent) -> dict[str, str]:
    months = [f"{m.first_day:%m/%y}" for m in content.trend]
    backlog = ("backlog_0_5", "backlog_6_10", "backlog_11_20", "backlog_over_20")
    return {
        "trend": mark_safe(bar_chart(months, [  # noqa: S308 - built from numbers, escaped labels
            (_("Received"), [m.received for m in content.trend], "#0d6efd"),
            (_("Decided"), [m.decided for m in content.trend], "#198754")],
            _("The last 12 months"))),
        "backlog": mark_safe(bar_chart(  # noqa: S308 - built from numbers, escaped labels
            ["0–5", "6–10", "11–20", ">20"],
            [(_("Open files"), [content.counts[n] for n in backlog], "#fd7e14")],
            _("Open files by age"))),
    }


def document(content: ReportContent, tables: list[Table]) -> bytes:
    from weasyprint import HTML

    rendered = [{"table": t, "rows": [[(cell_text(v, t.columns[i][1]), t.columns[i][1])
                                       for i, v in enumerate(row)] for row in t.rows]}
                for t in tables]
    html = render_to_string("reports/report_pdf.html", {
        "content": content, "run": content.run, "tenant": content.tenant,
        "tables": rendered, "charts": charts(content)})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
