"""Plausible answers and files for benchmarks and load data (never for real applications)."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable
from typing import Any

from satupintu.catalog.models import DataType, Requirement, RequirementKind

_ANSWERS: dict[str, Any] = {
    DataType.TEXT: "Apotek Sehat Sentosa",
    DataType.LONG_TEXT: "Usaha perdagangan eceran obat di lantai dasar bangunan milik sendiri.",
    DataType.NUMBER: "120",
    DataType.DATE: "2026-01-15",
    DataType.BOOLEAN: True,
    DataType.NIK: "1673015507900001",
    DataType.NPWP: "091234567890123",
    DataType.NIB: "9120001234567",
    DataType.KBLI: "47721",
    DataType.EMAIL: "pemohon@contoh.invalid",
    DataType.PHONE: "081234567890",
}


def sample_answer(requirement: Requirement) -> Any:
    """A valid answer to a data item, by its data type (the first choice of a choice)."""
    if requirement.data_type == DataType.CHOICE:
        return (requirement.choices or [""])[0]
    if requirement.data_type == DataType.DATE:
        return (dt.date.today() - dt.timedelta(days=400)).isoformat()
    return _ANSWERS.get(requirement.data_type, "contoh")


def sample_answers(requirements: Iterable[Requirement]) -> dict[str, Any]:
    """Answers to every data item among `requirements`."""
    return {r.code: sample_answer(r) for r in requirements if r.kind == RequirementKind.DATA}


def sample_pdf(text: str = "SatuPintu", size: int = 20_000) -> bytes:
    """A small valid one-page PDF of about `size` bytes (padded with a comment)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n" % (len(objects) + 1, xref)
    # Padding that compresses badly, like a scan, placed after the end marker readers skip.
    padding = max(size - len(out) - 7, 0)
    noise = zlib.compress(bytes(range(256)) * 64)
    out += b"%%EOF\n%" + (noise * (padding // len(noise) + 1))[:padding]
    return bytes(out)
