"""The API's one error format: `{"code", "message", "details"}` (SPEC.md, API contract)."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """Every error response of the API."""

    code: str
    message: str
    details: Any = None


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"code": code, "message": message, "details": details}


def responses(ok: Any, *codes: int) -> dict[int, Any]:
    """A response map declaring `ok` for 200 and the error schema for every other code."""
    return {200: ok, **dict.fromkeys(codes, ErrorOut)}
