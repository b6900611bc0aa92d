"""The report as a spreadsheet (XlsxWriter, in memory): one sheet per table, bold headers,
the header row frozen, numbers, shares and months formatted, columns sized to their text."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from satupintu.reports.tables import Table

FORMATS = {"int": "#,##0", "num": "0.00", "pct": "0.0%", "money": "#,##0", "date": "mmm yyyy"}


def _width(table: Table, column: int) -> int:
    texts = [table.columns[column][0]] + [str(row[column]) for row in table.rows
                                          if row[column] is not None]
    return min(60, max(10, *(len(t) + 2 for t in texts)))


def workbook(tables: list[Table]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "remove_timezone": True})
    bold = book.add_format({"bold": True, "bg_color": "#E9ECEF", "border": 1,
                            "text_wrap": True, "valign": "top"})
    title = book.add_format({"bold": True, "font_size": 13})
    formats: dict[str, Any] = {kind: book.add_format({"num_format": f})
                               for kind, f in FORMATS.items()}
    for table in tables:
        sheet = book.add_worksheet(table.sheet[:31])
        sheet.write(0, 0, table.title, title)
        header = 2
        for col, (label, _kind) in enumerate(table.columns):
            sheet.write(header, col, label, bold)
            sheet.set_column(col, col, _width(table, col))
        sheet.freeze_panes(header + 1, 1)
        for r, row in enumerate(table.rows, start=header + 1):
            for col, value in enumerate(row):
                kind = table.columns[col][1]
                if value is None:
                    sheet.write_blank(r, col, None)
                elif kind == "date":
                    sheet.write_datetime(r, col, value, formats["date"])
                elif kind == "money" or (kind in formats and isinstance(value, int | float)):
                    sheet.write_number(r, col, float(value), formats[kind])
                else:
                    sheet.write(r, col, value)
        if table.note:
            sheet.write(header + 1 + len(table.rows) + 1, 0, table.note)
    book.close()
    return out.getvalue()
