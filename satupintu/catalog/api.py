"""`GET /api/v1/services` and `GET /api/v1/services/{code}` (public)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from satupintu.api.errors import responses
from satupintu.catalog import selectors
from satupintu.catalog.models import Service, ServiceStandard, VariantStandard
from satupintu.core.request import TenantRequest

router = Router(tags=["catalog"])


class ServiceListItem(Schema):
    code: str
    name: str
    name_en: str
    category: str
    sector: str
    agency: str = Field(description="Code of the lead technical agency.")
    legal_time_limit_days: int | None = Field(
        description="Legal time limit of the 'new' variant in working days.")
    service_time_limit_days: int | None = Field(
        description="Service time target of the 'new' variant in working days.")
    fee: int | None = Field(
        description="Fee of the 'new' variant in rupiah; 0 when free, null when computed "
                    "per application (per unit or by formula).")


class ServiceListFilters(Schema):
    q: str = Field("", max_length=500, description="Words to look for in names and keywords.")
    sector: str = ""
    agency: str = Field("", description="Code of a responsible agency.")
    category: str = ""

    @field_validator("q", "sector", "agency", "category")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        # No text can contain NUL, and PostgreSQL refuses it as a parameter.
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class FeeOut(Schema):
    kind: str
    amount: int | None = Field(description="Rupiah; null when computed per application.")
    unit: str
    description: str


class RequirementOut(Schema):
    code: str
    name: str
    name_en: str
    description: str
    kind: str
    data_type: str | None
    choices: list[str]
    mandatory: bool
    conditional: bool
    condition: dict[str, Any] | None
    condition_text: str
    file_types: list[str]
    max_size_kb: int | None


class InternalComponentsOut(Schema):
    """The eight components of the standard that PermenPANRB 15/2014 keeps internal."""

    legal_basis: list[str]
    facilities: str
    staff_competence: str
    internal_oversight: str
    staff_count: str
    service_guarantee: str
    security_guarantee: str
    performance_evaluation: str


class VariantOut(Schema):
    kind: str
    procedure: list[str]
    legal_time_limit_days: int
    service_time_limit_days: int
    fee: FeeOut
    output: str
    validity_months: int | None
    complaints: str
    requirements: list[RequirementOut]
    internal: InternalComponentsOut


class StandardOut(Schema):
    version: int
    effective_from: dt.date
    decree: str
    variants: list[VariantOut]


class ServiceDetail(Schema):
    code: str
    name: str
    name_en: str
    summary: str
    category: str
    sector: str
    agency: str
    agencies: list[str]
    standard: StandardOut | None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _variant_out(variant: VariantStandard) -> dict[str, Any]:
    fee = variant.fee_value
    return {
        "kind": variant.kind,
        "procedure": _lines(variant.procedure),
        "legal_time_limit_days": variant.legal_time_limit_days,
        "service_time_limit_days": variant.service_time_limit_days,
        "fee": {"kind": variant.fee_kind, "amount": None if fee is None else int(fee),
                "unit": variant.fee_unit, "description": variant.fee_description},
        "output": variant.output,
        "validity_months": variant.validity_months,
        "complaints": variant.complaints,
        "requirements": [
            {"code": r.code, "name": r.name, "name_en": r.name_en,
             "description": r.description, "kind": r.kind, "data_type": r.data_type or None,
             "choices": r.choices, "mandatory": r.mandatory, "conditional": r.is_conditional,
             "condition": r.condition, "condition_text": r.condition_text,
             "file_types": r.file_types, "max_size_kb": r.max_size_kb}
            for r in selectors.variant_requirements(variant)
        ],
        "internal": {
            "legal_basis": _lines(variant.legal_basis), "facilities": variant.facilities,
            "staff_competence": variant.staff_competence,
            "internal_oversight": variant.internal_oversight, "staff_count": variant.staff_count,
            "service_guarantee": variant.service_guarantee,
            "security_guarantee": variant.security_guarantee,
            "performance_evaluation": variant.performance_evaluation,
        },
    }


def _standard_out(standard: ServiceStandard | None) -> dict[str, Any] | None:
    if standard is None:
        return None
    return {"version": standard.version, "effective_from": standard.effective_from,
            "decree": standard.decree,
            "variants": [_variant_out(v) for v in standard.variants.all()]}


def _list_item(service: Service, today: dt.date) -> dict[str, Any]:
    variant = selectors.new_variant(selectors.current_standard(service, today))
    fee = variant.fee_value if variant else None
    return {
        "code": service.code, "name": service.name, "name_en": service.name_en,
        "category": service.category, "sector": service.sector,
        "agency": service.lead_agency.code,
        "legal_time_limit_days": variant.legal_time_limit_days if variant else None,
        "service_time_limit_days": variant.service_time_limit_days if variant else None,
        "fee": None if fee is None else int(fee),
    }


@router.get("", response=responses(list[ServiceListItem], 422), summary="List services")
def list_services(
    request: TenantRequest, filters: Query[ServiceListFilters]
) -> list[dict[str, Any]]:
    """The services the regional government offers, with the figures of their 'new' variant."""
    found = selectors.service_search(
        tenant=request.tenant, filters=selectors.ServiceFilters(**filters.dict())
    )
    today = selectors.tenant_today(request.tenant)
    return [_list_item(service, today) for service in found]


@router.get("/{code}", response=responses(ServiceDetail, 404), summary="A service standard")
def get_service(request: TenantRequest, code: str) -> dict[str, Any]:
    """The standard in force for a service: every variant, its requirements and components."""
    service = selectors.service_get(tenant=request.tenant, code=code.upper())
    standard = selectors.current_standard(service, selectors.tenant_today(request.tenant))
    return {
        "code": service.code, "name": service.name, "name_en": service.name_en,
        "summary": service.summary, "category": service.category, "sector": service.sector,
        "agency": service.lead_agency.code,
        "agencies": sorted(a.code for a in service.agencies.all()),
        "standard": _standard_out(standard),
    }
