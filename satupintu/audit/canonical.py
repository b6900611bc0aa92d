"""Canonical serialisation and hashing of audit records.

The hash covers every column except `hash`, serialised as JSON with sorted keys, no whitespace,
UTF-8, datetimes as ISO-8601 UTC with microseconds. Anyone can recompute it from an export.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64


def clean_text(value: str) -> str:
    """Text the chain can hash and every database can store: no NULs, no lone surrogates."""
    return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def jsonable(value: Any) -> Any:
    """Turn a value into plain JSON (str/int/bool/None/list/dict) that survives a round trip
    through the database unchanged, so a stored record hashes the same when read back."""
    if isinstance(value, str):
        return clean_text(value)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float | Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return utc_iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if hasattr(value, "pk"):
        return jsonable(value.pk)
    return str(value)


def utc_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_payload(fields: dict[str, Any]) -> bytes:
    """The bytes that are hashed: every column but the hash, canonical JSON."""
    data = {
        "id": str(fields["id"]),
        "tenant_id": fields["tenant_id"],
        "seq": fields["seq"],
        "hash_version": fields["hash_version"],
        "at": utc_iso(fields["at"]),
        "actor_id": fields["actor_id"],
        "actor_label": fields["actor_label"],
        "action": fields["action"],
        "object_type": fields["object_type"],
        "object_id": fields["object_id"],
        "object_label": fields["object_label"],
        "before": fields["before"],
        "after": fields["after"],
        "reason": fields["reason"],
        "request": fields["request"],
        "prev_hash": fields["prev_hash"],
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def record_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(record_payload(fields)).hexdigest()
