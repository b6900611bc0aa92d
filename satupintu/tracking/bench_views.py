"""The reference of `bench/tracking.py`: a view doing only the indexed lookup by number.

Routed only when `SATUPINTU_BENCH` is on (never in production), so it runs through the same
middleware, server and database as the tracking API it is compared with.
"""

from __future__ import annotations

from django.http import JsonResponse

from satupintu.applications.models import Application
from satupintu.core.request import TenantRequest


def bench_lookup(request: TenantRequest, tracking_number: str) -> JsonResponse:
    pk = (Application.objects.filter(tenant=request.tenant, tracking_number=tracking_number)
          .values_list("pk", flat=True).first())
    return JsonResponse({"id": pk}, status=200 if pk is not None else 404)
