"""The scoreboard and the issued permits as CSV (UTF-8 with a BOM for spreadsheet programs,
formula-safe like the register export)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from satupintu.issuance.export import FORMULA_START
from satupintu.transparency.selectors import FIELDS, PermitRow, Row

PERMIT_FIELDS = ("number", "service", "service_name", "kelurahan", "kecamatan", "issued_on",
                 "holder")


def cell(value: object) -> str:
    """A value as spreadsheet text: empty for None, dot decimals, formulas defused."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _lines(headers: Iterable[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(list(headers))
    for row in rows:
        yield writer.writerow([cell(v) for v in row])


def summary_lines(rows: Iterable[Row], totals: Row) -> Iterator[str]:
    """The field names of the data dictionary as headers; the totals last (codes empty)."""
    table = [[getattr(r, f) for f in FIELDS] for r in (*rows, totals)]
    return _lines(FIELDS, table)


def permit_lines(rows: Iterable[PermitRow]) -> Iterator[str]:
    return _lines(PERMIT_FIELDS, ([getattr(r, f) for f in PERMIT_FIELDS] for r in rows))
