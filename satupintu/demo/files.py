"""Small, valid demo files: one-page PDFs that say what they stand for, and site photos.

Built in memory (no PDF engine), so the demo office's few hundred uploads cost milliseconds;
every file is marked as demo data so nobody takes it for a real document.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

DEMO_MARK = "CONTOH DOKUMEN - DATA DEMO SATUPINTU, BUKAN DOKUMEN ASLI"


def _pdf_text(value: str) -> bytes:
    """A PDF string literal in WinAnsi (cp1252), with its delimiters escaped."""
    raw = value.replace("\u2014", "-").replace("\u2013", "-").encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def demo_pdf(title: str, lines: Sequence[str] = ()) -> bytes:
    """A one-page A4 PDF: a bold title, the demo mark, then `lines` (wrapped at ~90 chars)."""
    wrapped: list[str] = []
    for line in lines:
        while len(line) > 90:
            cut = line.rfind(" ", 0, 90)
            cut = cut if cut > 0 else 90
            wrapped.append(line[:cut])
            line = line[cut:].lstrip()
        wrapped.append(line)
    ops = [b"BT /F2 14 Tf 56 780 Td 16 TL", _pdf_text(title[:80]) + b" Tj",
           b"/F1 9 Tf T* " + _pdf_text(DEMO_MARK) + b" Tj", b"/F1 11 Tf T*"]
    ops += [_pdf_text(line) + b" '" for line in wrapped[:40]]
    ops.append(b"ET 0.8 0 0 RG 2 w 40 40 515 762 re S")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
        b"/Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


@lru_cache(maxsize=4)
def demo_pas_foto(kind: str = "jpg") -> bytes:
    """A plain 4×6 passport photo stand-in (red background, as the requirement asks)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 360), (190, 30, 35))
    draw = ImageDraw.Draw(image)
    draw.ellipse((80, 70, 160, 170), fill=(225, 190, 160))
    draw.rectangle((55, 190, 185, 360), fill=(30, 45, 90))
    draw.text((95, 20), "DEMO", fill=(255, 255, 255))
    return _encode(image, kind)


def demo_site_photo(caption: str, stamp: str, seed: int, kind: str = "jpg") -> bytes:
    """A small 'site photo': sky, ground, a building front, and a GPS-camera style stamp."""
    from PIL import Image, ImageDraw

    width, height = 480, 360
    image = Image.new("RGB", (width, height), (135, 185, 225))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 230, width, height), fill=(110, 140, 80 + seed % 40))
    left = 60 + (seed * 37) % 140
    right = left + 180 + (seed * 13) % 80
    top = 90 + (seed * 7) % 50
    wall = (220 - seed % 60, 200, 170 + seed % 50)
    draw.rectangle((left, top, right, 260), fill=wall, outline=(80, 70, 60))
    draw.polygon([(left - 15, top), ((left + right) // 2, top - 50), (right + 15, top)],
                 fill=(150, 60, 40))
    for x in range(left + 20, right - 30, 45):
        draw.rectangle((x, top + 30, x + 25, top + 60), fill=(70, 90, 120))
    draw.rectangle(((left + right) // 2 - 15, 200, (left + right) // 2 + 15, 260),
                   fill=(90, 60, 40))
    draw.rectangle((0, height - 44, width, height), fill=(0, 0, 0))
    draw.text((8, height - 40), caption[:70], fill=(255, 255, 255))
    draw.text((8, height - 22), f"{stamp[:60]}  FOTO DEMO", fill=(255, 230, 120))
    return _encode(image, kind)


def _encode(image: Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "png":
        image.save(out, format="PNG")
    else:
        image.save(out, format="JPEG", quality=70)
    return out.getvalue()
