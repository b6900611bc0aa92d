"""Writes of tenants, agencies and regions (the only place they change), each audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.accounts.permissions import require_tenant_admin
from satupintu.audit.services import record, record_change, record_update
from satupintu.core.errors import Conflict
from satupintu.core.services import apply_changes, validate_instance
from satupintu.tenants.models import (
    Agency,
    Kecamatan,
    Kelurahan,
    RegionKind,
    Sector,
    Tenant,
    TenantDomain,
)
from satupintu.tenants.selectors import clear_tenant_cache

if TYPE_CHECKING:
    from satupintu.accounts.models import User

TENANT_FIELDS = ["code", "name", "region_code", "province", "timezone", "numbering_format",
                 "tracking_prefix", "is_demo"]
AGENCY_FIELDS = ["code", "name", "name_en", "short_name", "sector", "is_one_stop", "is_active"]


@transaction.atomic
def tenant_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    region_code: str,
    province: str = "",
    domains: Iterable[str] = (),
    one_stop_name: str | None = None,
    **fields: Any,
) -> Tenant:
    """Create a regional government together with its DPMPTSP office."""
    require_tenant_admin(actor, None)  # a new region: platform superusers only
    if Tenant.objects.filter(code=code).exists():
        raise Conflict(_("A regional government with code %(code)s already exists.") % {
            "code": code})
    tenant = Tenant(
        code=code, name=name, region_code=region_code, province=province,
        tracking_prefix=fields.pop("tracking_prefix", None) or code.upper().replace("-", "")[:8],
        **fields,
    )
    validate_instance(tenant)
    tenant.save()
    record_change(tenant=tenant, actor=actor, action="tenant.create", obj=tenant,
                  fields=TENANT_FIELDS)
    for host in domains:
        tenant_domain_add(tenant=tenant, actor=actor, host=host)
    agency_create(
        tenant=tenant, actor=actor, code="DPMPTSP",
        name=one_stop_name or f"Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu {name}",
        name_en=f"Investment and One-Stop Integrated Service Office of {name}",
        short_name="DPMPTSP", sector=Sector.INVESTMENT, is_one_stop=True,
    )
    _after_commit_clear_cache()
    from satupintu.calendars.services import calendar_seed  # calendars builds on tenants

    calendar_seed(tenant=tenant, actor=actor)  # 2020 through the current year + 2
    from satupintu.workflow.definitions import install_default_definitions

    install_default_definitions(tenant=tenant, actor=actor)
    return tenant


@transaction.atomic
def tenant_update(*, tenant: Tenant, actor: User | None, **changes: Any) -> Tenant:
    """Change a tenant's settings (name, numbering format, pledge, …)."""
    require_tenant_admin(actor, tenant)
    old = apply_changes(tenant, changes)
    if old:
        validate_instance(tenant)
        tenant.save(update_fields=[*old, "updated_at"])
        record_update(tenant=tenant, actor=actor, action="tenant.update", obj=tenant, old=old)
        _after_commit_clear_cache()
    return tenant


@transaction.atomic
def tenant_domain_add(*, tenant: Tenant, actor: User | None, host: str) -> TenantDomain:
    """Make a host name resolve to the tenant."""
    require_tenant_admin(actor, tenant)
    domain = TenantDomain(tenant=tenant, host=host.strip().lower().rstrip("."))
    validate_instance(domain)
    domain.save()
    record_change(tenant=tenant, actor=actor, action="tenant.domain_add", obj=domain,
                  fields=["host"])
    _after_commit_clear_cache()
    return domain


@transaction.atomic
def tenant_domain_remove(*, domain: TenantDomain, actor: User | None) -> None:
    require_tenant_admin(actor, domain.tenant)
    record(tenant=domain.tenant, actor=actor, action="tenant.domain_remove", obj=domain,
           before={"host": domain.host})
    domain.delete()
    _after_commit_clear_cache()


def _after_commit_clear_cache() -> None:
    clear_tenant_cache()
    transaction.on_commit(clear_tenant_cache)


@transaction.atomic
def agency_create(*, tenant: Tenant, actor: User | None, **fields: Any) -> Agency:
    """Add an agency (the DPMPTSP or a technical agency) to the tenant."""
    require_tenant_admin(actor, tenant)
    agency = Agency(tenant=tenant, **fields)
    validate_instance(agency)
    agency.save()
    record_change(tenant=tenant, actor=actor, action="agency.create", obj=agency,
                  fields=AGENCY_FIELDS)
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, actor: User | None, **changes: Any) -> Agency:
    require_tenant_admin(actor, agency.tenant)
    old = apply_changes(agency, changes)
    if old:
        validate_instance(agency)
        agency.save(update_fields=[*old, "updated_at"])
        record_update(tenant=agency.tenant, actor=actor, action="agency.update", obj=agency,
                      old=old)
    return agency


@transaction.atomic
def agency_ensure(*, tenant: Tenant, actor: User | None, code: str, **fields: Any) -> Agency:
    """Create the agency, or bring an existing one in line with `fields` (idempotent)."""
    require_tenant_admin(actor, tenant)
    agency = Agency.objects.filter(tenant=tenant, code=code).first()
    if agency is None:
        return agency_create(tenant=tenant, actor=actor, code=code, **fields)
    return agency_update(agency=agency, actor=actor, **fields)


@transaction.atomic
def regions_ensure(
    *,
    tenant: Tenant,
    actor: User | None,
    regions: Iterable[tuple[str, str, Iterable[tuple[str, str]]]],
) -> int:
    """Create or rename the tenant's kecamatan and their kelurahan; return how many changed.

    `regions` holds (kecamatan code, name, [(kelurahan code, name), …]). One audit record
    lists what changed, rather than one per village.
    """
    require_tenant_admin(actor, tenant)
    changed: list[str] = []
    for kec_code, kec_name, villages in regions:
        kecamatan = Kecamatan.objects.filter(tenant=tenant, code=kec_code).first()
        if kecamatan is None:
            kecamatan = Kecamatan(tenant=tenant, code=kec_code, name=kec_name)
            validate_instance(kecamatan)
            kecamatan.save()
            changed.append(f"{kec_code} {kec_name}")
        elif apply_changes(kecamatan, {"name": kec_name}):
            kecamatan.save(update_fields=["name", "updated_at"])
            changed.append(f"{kec_code} {kec_name}")
        for village_code, village_name in villages:
            kind = RegionKind.KELURAHAN if village_code[-4] == "1" else RegionKind.DESA
            village = Kelurahan.objects.filter(tenant=tenant, code=village_code).first()
            if village is None:
                village = Kelurahan(tenant=tenant, kecamatan=kecamatan, code=village_code,
                                    name=village_name, kind=kind)
                validate_instance(village)
                village.save()
                changed.append(f"{village_code} {village_name}")
            elif apply_changes(village, {"name": village_name, "kecamatan": kecamatan}):
                village.save()
                changed.append(f"{village_code} {village_name}")
    if changed:
        record(tenant=tenant, actor=actor, action="regions.update", object_type="tenants.region",
               object_id=tenant.region_code, after={"changed": changed})
    return len(changed)
