"""Shared bits of the Open311 tests: the demo key, a tiny PNG, parsing either format."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from typing import Any

from PIL import Image

from satupintu.open311.demo import DEMO_KEY, ensure_demo_open311_client
from satupintu.tenants.models import Tenant


def _tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 80, 40)).save(out, format="PNG")
    return out.getvalue()


PNG = _tiny_png()
BASE = "/open311/v2"
CATEGORY = "layanan-lambat"
PLACE_CATEGORY = "pelanggaran-izin"  # needs a location
KELURAHAN = "16.73.01.1001"

__all__ = ["DEMO_KEY", "demo_key", "errors_of", "post_data"]


def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def demo_key() -> str:
    ensure_demo_open311_client(llg())
    return DEMO_KEY


def post_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"api_key": DEMO_KEY, "service_code": CATEGORY,
            "description": "Izin usaha saya belum selesai padahal sudah lewat batas waktu.",
            "email": "warga.rahasia@example.org", "first_name": "Siti", "last_name": "Rahasia",
            "phone": "081234567890", "address_string": "Jl. Rahasia No. 7"}
    data.update(extra)
    return data


def errors_of(content: bytes, fmt: str) -> list[dict[str, Any]]:
    """The error list of an answer, as dicts, from either format."""
    if fmt == "json":
        body = json.loads(content)
        assert isinstance(body, list)
        return body
    root = ET.fromstring(content)  # noqa: S314 (our own answer)
    assert root.tag == "errors"
    return [{"code": int(e.findtext("code") or 0), "description": e.findtext("description")}
            for e in root.findall("error")]
