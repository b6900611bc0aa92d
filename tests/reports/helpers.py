"""Reading a report's files in tests."""

from __future__ import annotations

import io
import subprocess
from typing import Any

import openpyxl

from satupintu.reports.models import ReportRun


def sheets(data: bytes) -> dict[str, list[list[Any]]]:
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book}


def body(sheet: list[list[Any]]) -> list[list[Any]]:
    """The rows below the header (row 3), without their label (the first cell)."""
    return [row[1:] for row in sheet[3:] if row and row[0] is not None]


def column(sheet: list[list[Any]]) -> list[Any]:
    """The second column below the header."""
    return [row[0] for row in body(sheet)]


def file_bytes(run: ReportRun, fmt: str) -> bytes:
    item = run.files.get(format=fmt)
    with item.file.open("rb") as handle:
        data: bytes = handle.read()
    return data


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()
