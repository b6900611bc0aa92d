"""Reads of tenants, agencies and regions; every function takes the tenant it reads within."""

from __future__ import annotations

import time
from threading import Lock

from django.conf import settings
from django.db.models import QuerySet

from satupintu.core.errors import NotFound
from satupintu.tenants.models import Agency, Kecamatan, Kelurahan, Tenant, TenantDomain

# Tenants change rarely and are read on every request: keep them in process memory briefly.
_CACHE_SECONDS = 30.0
_cache: dict[str, tuple[float, Tenant | None]] = {}
_cache_lock = Lock()


def clear_tenant_cache() -> None:
    with _cache_lock:
        _cache.clear()


def tenant_for_host(host: str) -> Tenant | None:
    """The tenant a host name belongs to, else the default tenant, else None."""
    key = host.split(":", 1)[0].lower().rstrip(".")
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    domain = TenantDomain.objects.select_related("tenant").filter(host=key).first()
    tenant = domain.tenant if domain else Tenant.objects.filter(
        code=settings.SATUPINTU_DEFAULT_TENANT
    ).first()
    with _cache_lock:
        _cache[key] = (now + _CACHE_SECONDS, tenant)
    return tenant


def tenant_get(code: str) -> Tenant:
    tenant = Tenant.objects.filter(code=code).first()
    if tenant is None:
        raise NotFound(code="tenant_not_found")
    return tenant


def agency_list(*, tenant: Tenant, active_only: bool = True) -> QuerySet[Agency]:
    qs: QuerySet[Agency] = Agency.objects.filter(tenant=tenant)
    return qs.filter(is_active=True) if active_only else qs


def agency_get(*, tenant: Tenant, code: str) -> Agency:
    agency = Agency.objects.filter(tenant=tenant, code=code).first()
    if agency is None:
        raise NotFound()
    return agency


def one_stop_agency(*, tenant: Tenant) -> Agency:
    agency = Agency.objects.filter(tenant=tenant, is_one_stop=True).first()
    if agency is None:
        raise NotFound(code="one_stop_missing")
    return agency


def kecamatan_list(*, tenant: Tenant) -> QuerySet[Kecamatan]:
    return Kecamatan.objects.filter(tenant=tenant)


def kelurahan_list(*, tenant: Tenant) -> QuerySet[Kelurahan]:
    return Kelurahan.objects.filter(tenant=tenant).select_related("kecamatan")
