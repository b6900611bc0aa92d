"""The register as a spreadsheet (CSV or XLSX) of what the officer's search found."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from satupintu.issuance.models import Permit
from satupintu.issuance.status import permit_status

# A spreadsheet runs a cell that starts like a formula (CSV injection); holders' names and
# reasons are typed by people, so such cells are prefixed with an apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def headers() -> list[str]:
    return [_("Permit number"), _("Register code"), _("Tracking number"), _("Service code"),
            _("Service"), _("Holder"), _("Issued on"), _("Valid from"), _("Valid until"),
            _("Status"), _("Signed by"), _("Handed over on"), _("Revoked on"),
            _("Reason for revocation")]


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _date(moment: dt.datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).date().isoformat() if moment else ""


def rows(permits: QuerySet[Permit], *, zone: ZoneInfo, today: dt.date) -> Iterator[list[str]]:
    for p in permits.iterator(chunk_size=500):
        yield [_cell(v) for v in (
            p.number, p.token, p.application.tracking_number, p.service.code, p.title,
            p.holder_name, _date(p.issued_at, zone), p.valid_from.isoformat(),
            p.valid_until.isoformat() if p.valid_until else "",
            permit_status(p, today).label, p.signer_name, _date(p.handed_over_at, zone),
            _date(p.revoked_at, zone), p.revocation_reason)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(data: Iterable[list[str]]) -> Iterator[str]:
    """CSV lines one by one (streamed: a whole year's register needs no memory), with a BOM so
    spreadsheet programs read the Indonesian text as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers())
    for row in data:
        yield writer.writerow(row)


def xlsx_bytes(data: Iterable[list[str]]) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    sheet = book.add_worksheet(_("Register"))
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, headers(), bold)
    for index, row in enumerate(data, start=1):
        sheet.write_row(index, 0, row)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
