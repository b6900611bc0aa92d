"""Writes of the service catalog: the only code that changes services and their standards.

Published standard versions are immutable: every function that would change one refuses, so the
rules hold the same from the admin, an import, or the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.permissions import require_tenant_admin
from satupintu.audit.services import record, record_change, record_update
from satupintu.catalog.models import (
    Requirement,
    Service,
    ServiceStandard,
    StandardStatus,
    VariantStandard,
)
from satupintu.core.errors import Conflict, ValidationFailed
from satupintu.core.services import apply_changes, validate_instance
from satupintu.tenants.models import Agency, Tenant

if TYPE_CHECKING:
    import datetime as dt

    from satupintu.accounts.models import User

# Fields copied when a new version is drafted from an earlier one.
VARIANT_FIELDS = [
    f.name for f in VariantStandard._meta.concrete_fields
    if f.name not in {"id", "tenant", "standard", "created_at", "updated_at"}
]
REQUIREMENT_FIELDS = [
    f.name for f in Requirement._meta.concrete_fields
    if f.name not in {"id", "tenant", "variant", "created_at", "updated_at"}
]
SERVICE_FIELDS = ["code", "name", "name_en", "category", "sector", "lead_agency", "agencies",
                  "is_active", "is_demo"]
STANDARD_FIELDS = ["service", "version", "status", "effective_from", "decree", "change_note"]


def _ensure_draft(standard: ServiceStandard) -> None:
    if standard.status != StandardStatus.DRAFT:
        raise Conflict(
            _("Version %(version)s of %(service)s is published and cannot be changed; "
              "create a new version instead.")
            % {"version": standard.version, "service": standard.service.code},
            code="standard_published",
        )


def _check_agencies(tenant: Tenant, agencies: Iterable[Agency]) -> None:
    if any(agency.tenant_id != tenant.pk for agency in agencies):
        raise ValidationFailed(_("An agency of another region cannot be responsible."))


# --- Services -------------------------------------------------------------------------------
@transaction.atomic
def service_create(
    *,
    tenant: Tenant,
    actor: User | None,
    agencies: Iterable[Agency] = (),
    **fields: Any,
) -> Service:
    """Add a service to the catalog; its standard is added as a version afterwards."""
    require_tenant_admin(actor, tenant)
    agencies = list(agencies)
    service = Service(tenant=tenant, **fields)
    _check_agencies(tenant, [service.lead_agency, *agencies])
    validate_instance(service)
    service.save()
    service.agencies.set({service.lead_agency, *agencies})
    record_change(tenant=tenant, actor=actor, action="catalog.service.create", obj=service,
                  fields=SERVICE_FIELDS)
    return service


@transaction.atomic
def service_update(
    *,
    service: Service,
    actor: User | None,
    agencies: Iterable[Agency] | None = None,
    **changes: Any,
) -> Service:
    """Change a service's identity data (names, sector, agencies); the code never changes."""
    require_tenant_admin(actor, service.tenant)
    if "code" in changes and changes["code"] != service.code:
        raise ValidationFailed(_("A service code cannot be changed once created."))
    changes.pop("code", None)
    old = apply_changes(service, changes)
    if old:
        _check_agencies(service.tenant, [service.lead_agency])
        validate_instance(service)
        service.save(update_fields=[*old, "updated_at"])
    if agencies is not None:
        wanted = {service.lead_agency, *agencies}
        _check_agencies(service.tenant, wanted)
        current = set(service.agencies.all())
        if current != wanted:
            old["agencies"] = sorted(a.pk for a in current)
            service.agencies.set(wanted)
    if old:
        record_update(tenant=service.tenant, actor=actor, action="catalog.service.update",
                      obj=service, old=old)
    return service


@transaction.atomic
def service_delete(*, service: Service, actor: User | None) -> None:
    """Delete a service that never had a published standard; otherwise withdraw it instead."""
    require_tenant_admin(actor, service.tenant)
    if service.standards.filter(status=StandardStatus.PUBLISHED).exists():
        raise Conflict(
            _("%(service)s has a published standard and cannot be deleted; mark it as not "
              "offered instead.") % {"service": service.code},
            code="service_published",
        )
    record(tenant=service.tenant, actor=actor, action="catalog.service.delete", obj=service,
           before={"code": service.code, "name": service.name})
    VariantStandard.objects.filter(standard__service=service).delete()
    service.standards.all().delete()
    service.delete()


# --- Standard versions ----------------------------------------------------------------------
@transaction.atomic
def standard_create(
    *,
    service: Service,
    actor: User | None,
    effective_from: dt.date,
    copy_from: ServiceStandard | None = None,
    **fields: Any,
) -> ServiceStandard:
    """Draft the next version of a service's standard, optionally copying an earlier version."""
    require_tenant_admin(actor, service.tenant)
    # Lock the service row so two drafts cannot take the same version number.
    Service.objects.select_for_update().filter(pk=service.pk).first()
    latest = service.standards.aggregate(v=Max("version"))["v"] or 0
    standard = ServiceStandard(
        tenant=service.tenant, service=service, version=latest + 1,
        effective_from=effective_from, status=StandardStatus.DRAFT, **fields,
    )
    validate_instance(standard)
    standard.save()
    record_change(tenant=service.tenant, actor=actor, action="catalog.standard.create",
                  obj=standard, fields=STANDARD_FIELDS)
    if copy_from is not None:
        if copy_from.service_id != service.pk:
            raise ValidationFailed(_("A version can only be copied from the same service."))
        for variant in copy_from.variants.prefetch_related("requirements"):
            copy = variant_create(
                standard=standard, actor=actor,
                **{name: getattr(variant, name) for name in VARIANT_FIELDS},
            )
            for requirement in variant.requirements.all():
                requirement_create(
                    variant=copy, actor=actor,
                    **{name: getattr(requirement, name) for name in REQUIREMENT_FIELDS},
                )
    return standard


@transaction.atomic
def standard_update(*, standard: ServiceStandard, actor: User | None, **changes: Any) -> (
    ServiceStandard
):
    require_tenant_admin(actor, standard.tenant)
    _ensure_draft(standard)
    changes.pop("status", None)
    old = apply_changes(standard, changes)
    if old:
        validate_instance(standard)
        standard.save(update_fields=[*old, "updated_at"])
        record_update(tenant=standard.tenant, actor=actor, action="catalog.standard.update",
                      obj=standard, old=old)
    return standard


@transaction.atomic
def standard_delete(*, standard: ServiceStandard, actor: User | None) -> None:
    require_tenant_admin(actor, standard.tenant)
    _ensure_draft(standard)
    record(tenant=standard.tenant, actor=actor, action="catalog.standard.delete", obj=standard)
    standard.delete()


@transaction.atomic
def standard_publish(*, standard: ServiceStandard, actor: User | None) -> ServiceStandard:
    """Publish a draft: from its effective date it is the standard new applications use."""
    require_tenant_admin(actor, standard.tenant)
    standard = ServiceStandard.objects.select_for_update().get(pk=standard.pk)
    _ensure_draft(standard)
    problems: list[str] = []
    variants = list(standard.variants.prefetch_related("requirements"))
    if not variants:
        problems.append(_("A version needs at least one variant."))
    for variant in variants:
        if not variant.requirements.all():
            problems.append(_("The variant %(variant)s has no requirements.") % {
                "variant": variant.get_kind_display()})
    previous = (
        standard.service.standards.filter(status=StandardStatus.PUBLISHED)
        .order_by("-version").first()
    )
    if previous is not None and standard.effective_from < previous.effective_from:
        problems.append(
            _("The effective date may not be before that of version %(version)s (%(date)s).")
            % {"version": previous.version, "date": previous.effective_from.isoformat()}
        )
    if problems:
        raise ValidationFailed(" ".join(problems), details=problems)
    standard.status = StandardStatus.PUBLISHED
    standard.published_at = timezone.now()
    standard.published_by = actor
    standard.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    record(tenant=standard.tenant, actor=actor, action="catalog.standard.publish", obj=standard,
           before={"status": StandardStatus.DRAFT},
           after={"status": StandardStatus.PUBLISHED,
                  "effective_from": standard.effective_from})
    return standard


# --- Variants and requirements (drafts only) ------------------------------------------------
@transaction.atomic
def variant_create(
    *, standard: ServiceStandard, actor: User | None, **fields: Any
) -> VariantStandard:
    require_tenant_admin(actor, standard.tenant)
    _ensure_draft(standard)
    variant = VariantStandard(tenant=standard.tenant, standard=standard, **fields)
    validate_instance(variant)
    variant.save()
    record_change(tenant=standard.tenant, actor=actor, action="catalog.variant.create",
                  obj=variant, fields=VARIANT_FIELDS)
    return variant


@transaction.atomic
def variant_update(*, variant: VariantStandard, actor: User | None, **changes: Any) -> (
    VariantStandard
):
    require_tenant_admin(actor, variant.tenant)
    _ensure_draft(variant.standard)
    old = apply_changes(variant, changes)
    if old:
        validate_instance(variant)
        variant.save(update_fields=[*old, "updated_at"])
        record_update(tenant=variant.tenant, actor=actor, action="catalog.variant.update",
                      obj=variant, old=old)
    return variant


@transaction.atomic
def variant_delete(*, variant: VariantStandard, actor: User | None) -> None:
    require_tenant_admin(actor, variant.tenant)
    _ensure_draft(variant.standard)
    record(tenant=variant.tenant, actor=actor, action="catalog.variant.delete", obj=variant)
    variant.delete()


def _check_condition(variant: VariantStandard, requirement: Requirement) -> None:
    condition = requirement.condition
    if condition is None:
        return
    from satupintu.catalog.schema import ConditionSpec

    try:
        ConditionSpec.model_validate(condition)
    except ValueError as exc:
        raise ValidationFailed(_("The condition is not valid: %(error)s") % {"error": exc}) from exc
    target = variant.requirements.filter(code=condition["field"], kind="data").first()
    if target is None or target.position >= requirement.position:
        raise ValidationFailed(
            _("A condition must refer to an earlier data item of the same variant.")
        )


@transaction.atomic
def requirement_create(
    *, variant: VariantStandard, actor: User | None, **fields: Any
) -> Requirement:
    require_tenant_admin(actor, variant.tenant)
    _ensure_draft(variant.standard)
    requirement = Requirement(tenant=variant.tenant, variant=variant, **fields)
    validate_instance(requirement)
    _check_condition(variant, requirement)
    requirement.save()
    record_change(tenant=variant.tenant, actor=actor, action="catalog.requirement.create",
                  obj=requirement, fields=REQUIREMENT_FIELDS)
    return requirement


@transaction.atomic
def requirement_update(
    *, requirement: Requirement, actor: User | None, **changes: Any
) -> Requirement:
    require_tenant_admin(actor, requirement.tenant)
    _ensure_draft(requirement.variant.standard)
    old = apply_changes(requirement, changes)
    if old:
        validate_instance(requirement)
        _check_condition(requirement.variant, requirement)
        requirement.save(update_fields=[*old, "updated_at"])
        record_update(tenant=requirement.tenant, actor=actor,
                      action="catalog.requirement.update", obj=requirement, old=old)
    return requirement


@transaction.atomic
def requirement_delete(*, requirement: Requirement, actor: User | None) -> None:
    require_tenant_admin(actor, requirement.tenant)
    _ensure_draft(requirement.variant.standard)
    record(tenant=requirement.tenant, actor=actor, action="catalog.requirement.delete",
           obj=requirement)
    requirement.delete()
