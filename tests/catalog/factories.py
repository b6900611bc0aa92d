"""Small catalog files for tests, built from the schema's own shape."""

from __future__ import annotations

import copy
from typing import Any

import yaml

VARIANT: dict[str, Any] = {
    "kind": "new",
    "procedure": "Ajukan permohonan.\nPeriksa berkas.\nTerbitkan izin.",
    "legal_time_limit_days": 10,
    "service_time_limit_days": 5,
    "fee": {"kind": "free"},
    "output": "Surat izin uji",
    "complaints": "Melalui menu pengaduan.",
    "legal_basis": "UU 25/2009",
    "facilities": "Ruang pelayanan",
    "staff_competence": "Memahami perizinan",
    "internal_oversight": "Atasan langsung",
    "staff_count": "2 orang",
    "service_guarantee": "Sesuai standar",
    "security_guarantee": "Data dijaga",
    "performance_evaluation": "Setiap triwulan",
    "requirements": [
        {"code": "LUAS", "name": "Luas tempat usaha (m2)", "kind": "data",
         "data_type": "number"},
        {"code": "KTP", "name": "KTP pemohon", "kind": "document",
         "file_types": ["pdf", "jpg"], "max_size_kb": 2048},
        {"code": "DENAH", "name": "Denah bangunan", "kind": "document", "file_types": ["pdf"],
         "max_size_kb": 5120, "condition": {"field": "LUAS", "op": "gt", "value": 100},
         "condition_text": "Jika luas lebih dari 100 m2"},
    ],
}


def service(code: str = "UJI", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": code, "name": f"Izin Uji {code}", "category": "perizinan", "sector": "health",
        "lead_agency": "DINKES", "agencies": ["PUPR"],
        "standards": [{"version": 1, "status": "published", "effective_from": "2025-01-01",
                       "variants": [copy.deepcopy(VARIANT)]}],
    }
    data.update(overrides)
    return data


def catalog(*services: dict[str, Any]) -> str:
    return yaml.safe_dump({"format": "satupintu-catalog/1", "services": list(services)},
                          allow_unicode=True, sort_keys=False)
