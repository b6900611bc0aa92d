"""`GET /api/v1/audit/roots`: the audit chain's daily root hashes, public.

Anyone who kept an earlier copy of these can check that history was not rewritten: a changed
or deleted record changes every later record's hash, so the published root of its day (and of
every day after) would no longer match (README, "Checking the audit chain").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Field, Query, Router, Schema, Status

from satupintu.api.errors import ErrorOut
from satupintu.audit.roots import roots_between
from satupintu.core.periods import parse_range
from satupintu.core.request import TenantRequest

router = Router(tags=["audit"])


class RootsQuery(Schema):
    from_: str = Field("", alias="from", description="First day, YYYY-MM-DD.")
    to: str = Field("", description="Last day, YYYY-MM-DD (at most 20 years after `from`).")


class RootOut(Schema):
    date: dt.date = Field(description="The day, in the region's time zone.")
    tenant: str = Field(description="The region's code.")
    root_hash: str = Field(description="SHA-256 (hex) of the day's last audit record.")
    provisional: bool = Field(description="True for today: the chain's head so far, final "
                                          "once the day is over.")


@router.get("/roots", response={200: list[RootOut], 422: ErrorOut},
            summary="Daily root hashes of the audit chain")
def audit_roots(request: TenantRequest, response: HttpResponse,
                query: Query[RootsQuery]) -> Status[list[dict[str, Any]]]:
    """One entry per day with audit records in [`from`, `to`], oldest first; today's root is
    included as `provisional: true`. Reversed ranges, dates outside 2000–2100 or ranges over 20
    years → 422."""
    start, end = parse_range(query.from_, query.to)
    roots = roots_between(request.tenant, start, end)
    # Past roots never change; today's moves with every record, so keep caches short.
    patch_cache_control(response, public=True, max_age=60)
    return Status(200, [{"date": r.date, "tenant": request.tenant.code,
                         "root_hash": r.root_hash, "provisional": r.provisional}
                        for r in roots])
