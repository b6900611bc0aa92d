"""Reads of the catalog, always within one tenant."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import cast
from zoneinfo import ZoneInfo

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from satupintu.catalog.models import (
    Requirement,
    Service,
    ServiceStandard,
    StandardStatus,
    VariantKind,
    VariantStandard,
    service_code_validator,
)
from satupintu.core.errors import NotFound
from satupintu.tenants.models import Agency, Tenant

MAX_QUERY_LENGTH = 100
_SERVICE_CODE = cast("re.Pattern[str]", service_code_validator.regex)


def tenant_today(tenant: Tenant) -> dt.date:
    """Today's date where the tenant is (WIB for Lubuklinggau), not on the server's clock."""
    return timezone.now().astimezone(ZoneInfo(tenant.timezone)).date()


def variant_order() -> Case:
    """Variants in their business order (new, extension, amendment, revocation), not A–Z."""
    return Case(
        *[When(kind=kind, then=Value(position)) for position, kind in enumerate(VariantKind)],
        default=Value(len(VariantKind)),
    )


def _published_prefetch() -> Prefetch[str, QuerySet[ServiceStandard], str]:
    return Prefetch(
        "standards",
        queryset=ServiceStandard.objects.filter(status=StandardStatus.PUBLISHED)
        .order_by("-version")
        .prefetch_related(
            Prefetch("variants", queryset=VariantStandard.objects.order_by(variant_order()))
        ),
        to_attr="published_standards",
    )


def current_standard(service: Service, on: dt.date) -> ServiceStandard | None:
    """The published version in force on a date: the highest version already effective.

    Uses `published_standards` when the service came from `service_search`/`service_get`.
    """
    standards = getattr(service, "published_standards", None)
    if standards is None:
        return (
            service.standards.filter(status=StandardStatus.PUBLISHED, effective_from__lte=on)
            .prefetch_related(
                Prefetch("variants", queryset=VariantStandard.objects.order_by(variant_order())))
            .order_by("-version").first()
        )
    return next((s for s in standards if s.effective_from <= on), None)


def upcoming_standard(service: Service, on: dt.date) -> ServiceStandard | None:
    """A published version that takes effect after `on`, announced ahead on the public page."""
    standards = getattr(service, "published_standards", None) or []
    future = [s for s in standards if s.effective_from > on]
    return min(future, key=lambda s: s.effective_from) if future else None


@dataclass(frozen=True)
class ServiceFilters:
    """What the public catalog can be searched and filtered by."""

    q: str = ""
    sector: str = ""
    agency: str = ""
    category: str = ""


def service_search(*, tenant: Tenant, filters: ServiceFilters) -> QuerySet[Service]:
    """Offered services matching the filters, with their published versions prefetched.

    Any text is accepted: the ORM parameterises it, so quotes, `%` or markup only fail to match.
    """
    qs = (
        Service.objects.filter(tenant=tenant, is_active=True)
        .select_related("lead_agency")
        .prefetch_related(_published_prefetch())
        .order_by("name")
    )
    # PostgreSQL refuses NUL in text parameters (a 500 instead of "no match").
    filters = ServiceFilters(**{name: value.replace("\x00", "")
                                for name, value in vars(filters).items()})
    words = filters.q[:MAX_QUERY_LENGTH].split()
    for word in words:
        qs = qs.filter(
            Q(name__icontains=word) | Q(name_en__icontains=word) | Q(code__icontains=word)
            | Q(keywords__icontains=word) | Q(summary__icontains=word)
        )
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.agency:
        qs = qs.filter(agencies__code=filters.agency).distinct()
    if filters.category:
        qs = qs.filter(category=filters.category)
    return qs


def service_get(*, tenant: Tenant, code: str) -> Service:
    """One offered service by code, or NotFound (also for another tenant's code).

    A code that cannot exist (wrong shape, a NUL byte) is not looked up at all.
    """
    if not _SERVICE_CODE.fullmatch(code):
        raise NotFound()
    service = (
        Service.objects.filter(tenant=tenant, code=code, is_active=True)
        .select_related("lead_agency")
        .prefetch_related("agencies", _published_prefetch())
        .first()
    )
    if service is None:
        raise NotFound()
    return service


def variant_requirements(variant: VariantStandard) -> QuerySet[Requirement]:
    return variant.requirements.order_by("position", "id")


def new_variant(standard: ServiceStandard | None) -> VariantStandard | None:
    """The 'new' variant of a version, whose limits and fee the catalog list shows."""
    if standard is None:
        return None
    return next((v for v in standard.variants.all() if v.kind == VariantKind.NEW), None)


def agencies_with_services(*, tenant: Tenant) -> QuerySet[Agency]:
    """Technical agencies responsible for at least one offered service (home page, filter)."""
    return (
        Agency.objects.filter(tenant=tenant, is_active=True, is_one_stop=False,
                              services__tenant=tenant, services__is_active=True)
        .distinct()
    )
