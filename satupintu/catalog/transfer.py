"""Catalog import and export as YAML (`manage.py catalog_import` / `catalog_export`).

Import is all-or-nothing: the file is parsed and checked against the tenant first, every problem
is reported with its line, and only a clean file is written, in one transaction, through the
catalog's service functions. Importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from pydantic import BaseModel

from satupintu.catalog import services
from satupintu.catalog.models import (
    Requirement,
    Service,
    ServiceStandard,
    StandardStatus,
    VariantStandard,
)
from satupintu.catalog.schema import (
    CatalogSpec,
    FeeSpec,
    RequirementSpec,
    ServiceSpec,
    StandardSpec,
    VariantSpec,
)
from satupintu.core.errors import DomainError
from satupintu.lib.yamlio import (
    FileError,
    LineIndex,
    Path,
    YamlFileInvalid,
    dump_yaml,
    format_path,
    parse_yaml,
)
from satupintu.tenants.models import Agency, Tenant

if TYPE_CHECKING:
    from satupintu.accounts.models import User

VARIANT_ORDER = {"new": 0, "extension": 1, "amendment": 2, "revocation": 3}


@dataclass
class ImportReport:
    """What an import did, for the command's output."""

    services_created: list[str] = field(default_factory=list)
    services_updated: list[str] = field(default_factory=list)
    versions_written: list[str] = field(default_factory=list)
    versions_published: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.services_created or self.services_updated or self.versions_written
                    or self.versions_published)


# --- Export ---------------------------------------------------------------------------------
def _requirement_spec(req: Requirement) -> RequirementSpec:
    return RequirementSpec(
        code=req.code, name=req.name, name_en=req.name_en, description=req.description,
        description_en=req.description_en, kind=req.kind,  # type: ignore[arg-type]
        data_type=req.data_type or None,  # type: ignore[arg-type]
        choices=list(req.choices), mandatory=req.mandatory, condition=req.condition,
        condition_text=req.condition_text, condition_text_en=req.condition_text_en,
        file_types=list(req.file_types), max_size_kb=req.max_size_kb,
    )


def _variant_spec(variant: VariantStandard) -> VariantSpec:
    return VariantSpec(
        kind=variant.kind,  # type: ignore[arg-type]
        procedure=variant.procedure, procedure_en=variant.procedure_en,
        legal_time_limit_days=variant.legal_time_limit_days,
        service_time_limit_days=variant.service_time_limit_days,
        fee=FeeSpec(
            kind=variant.fee_kind,  # type: ignore[arg-type]
            amount=int(variant.fee_amount), unit=variant.fee_unit,
            description=variant.fee_description, description_en=variant.fee_description_en,
        ),
        output=variant.output, output_en=variant.output_en,
        validity_months=variant.validity_months, workflow=variant.workflow,
        correction_limit=variant.correction_limit, fiktif_positif=variant.fiktif_positif,
        review_days=dict(variant.review_days or {}),
        complaints=variant.complaints,
        complaints_en=variant.complaints_en, legal_basis=variant.legal_basis,
        facilities=variant.facilities, staff_competence=variant.staff_competence,
        internal_oversight=variant.internal_oversight, staff_count=variant.staff_count,
        service_guarantee=variant.service_guarantee,
        security_guarantee=variant.security_guarantee,
        performance_evaluation=variant.performance_evaluation,
        requirements=[_requirement_spec(r) for r in variant.requirements.all()],
    )


def standard_spec(standard: ServiceStandard) -> StandardSpec:
    variants = sorted(standard.variants.all(), key=lambda v: VARIANT_ORDER[v.kind])
    return StandardSpec(
        version=standard.version, status=standard.status,  # type: ignore[arg-type]
        effective_from=standard.effective_from, decree=standard.decree,
        change_note=standard.change_note, variants=[_variant_spec(v) for v in variants],
    )


def catalog_export(*, tenant: Tenant, codes: list[str] | None = None) -> str:
    """The tenant's catalog (every version of every service) as YAML."""
    qs = (
        Service.objects.filter(tenant=tenant)
        .select_related("lead_agency")
        .prefetch_related("agencies", "standards__variants__requirements")
        .order_by("code")
    )
    if codes:
        qs = qs.filter(code__in=codes)
    specs = [
        ServiceSpec(
            code=s.code, name=s.name, name_en=s.name_en, summary=s.summary,
            summary_en=s.summary_en, keywords=s.keywords,
            category=s.category,  # type: ignore[arg-type]
            sector=s.sector,  # type: ignore[arg-type]
            lead_agency=s.lead_agency.code,
            agencies=sorted(a.code for a in s.agencies.all() if a.pk != s.lead_agency_id),
            active=s.is_active, demo=s.is_demo, assignment=s.assignment,  # type: ignore[arg-type]
            standards=[standard_spec(st) for st in sorted(s.standards.all(),
                                                          key=lambda st: st.version)],
        )
        for s in qs
    ]
    return dump_yaml(CatalogSpec(format="satupintu-catalog/1", services=specs))


def same_standard(stored: ServiceStandard, spec: StandardSpec) -> bool:
    """Whether a stored version says exactly what the file says (variants in any order)."""
    ordered = spec.model_copy(
        update={"variants": sorted(spec.variants, key=lambda v: VARIANT_ORDER[v.kind])})
    return standard_spec(stored) == ordered


# --- Checks against the tenant --------------------------------------------------------------
def _check(tenant: Tenant, spec: CatalogSpec, index: LineIndex) -> list[FileError]:
    errors: list[FileError] = []

    def err(path: Path, message: str) -> None:
        errors.append(FileError(index.line_for(path), format_path(path), message))

    agency_codes = set(Agency.objects.filter(tenant=tenant).values_list("code", flat=True))
    for code, count in Counter(s.code for s in spec.services).items():
        if count > 1:
            err(("services",), f"service code {code} appears {count} times")
    existing = {
        s.code: s for s in Service.objects.filter(tenant=tenant, code__in=[
            s.code for s in spec.services]).prefetch_related("standards__variants__requirements")
    }
    for si, svc in enumerate(spec.services):
        base: Path = ("services", si)
        for ai, code in enumerate([svc.lead_agency, *svc.agencies]):
            if code not in agency_codes:
                path = (*base, "lead_agency") if ai == 0 else (*base, "agencies", ai - 1)
                err(path, f"agency {code} does not exist in {tenant.code}")
        db_versions = {st.version: st for st in existing[svc.code].standards.all()} \
            if svc.code in existing else {}
        next_version = max(db_versions, default=0) + 1
        last_published_date = None
        for position, std in sorted(enumerate(svc.standards), key=lambda p: p[1].version):
            spath: Path = (*base, "standards", position)
            if std.version in db_versions:
                db = db_versions[std.version]
                if db.status == StandardStatus.PUBLISHED and not same_standard(db, std):
                    err(spath, f"version {std.version} is published and differs from this "
                               "file; published versions never change, add a new version")
            elif std.version != next_version:
                err((*spath, "version"), f"the next version of {svc.code} must be "
                                         f"{next_version}, not {std.version}")
            else:
                next_version += 1
            if std.status == "published":
                if last_published_date and std.effective_from < last_published_date:
                    err((*spath, "effective_from"),
                        "effective_from is before that of an earlier published version")
                last_published_date = std.effective_from
            kinds = Counter(v.kind for v in std.variants)
            for kind, count in kinds.items():
                if count > 1:
                    err((*spath, "variants"), f"variant {kind} appears {count} times")
            reviewing = {svc.lead_agency, *svc.agencies}
            for ki, variant in enumerate(std.variants):
                errors.extend(_check_variant(variant, (*spath, "variants", ki), index))
                for code in variant.review_days:
                    if code not in reviewing:
                        err((*spath, "variants", ki, "review_days", code),
                            f"{code} is not one of this service's agencies")
        versions = Counter(std.version for std in svc.standards)
        for version, count in versions.items():
            if count > 1:
                err((*base, "standards"), f"version {version} appears {count} times")
    return errors


def _check_variant(variant: VariantSpec, vpath: Path, index: LineIndex) -> list[FileError]:
    return _check_requirements(
        [(r.code, r.kind, r.condition.field if r.condition else None)
         for r in variant.requirements], vpath, index)


def _check_requirements(
    requirements: list[tuple[Any, Any, Any]], vpath: Path, index: LineIndex
) -> list[FileError]:
    """Codes unique, conditions on an earlier data item; given (code, kind, condition field)."""
    errors: list[FileError] = []
    seen: dict[str, Any] = {}
    for ri, (code, kind, condition_field) in enumerate(requirements):
        rpath: Path = (*vpath, "requirements", ri)
        # In a misshapen file anything may stand here; what is not text has its shape error.
        if isinstance(code, str) and code in seen:
            errors.append(FileError(index.line_for(rpath), format_path(rpath),
                                    f"requirement code {code} appears twice"))
        if isinstance(condition_field, str) and seen.get(condition_field) != "data":
            cpath = (*rpath, "condition", "field")
            errors.append(FileError(
                index.line_for(cpath), format_path(cpath),
                f"{condition_field} is not an earlier data item of this variant"))
        if isinstance(code, str):
            seen[code] = kind
    return errors


class _LooseCatalog(BaseModel):
    """Just enough of a catalog file to check it against the tenant when its shape is wrong."""

    services: list[Any] = []


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The items of a list, each a mapping (anything else as an empty one, keeping positions)."""
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, dict) else {} for item in value]


def _check_raw(tenant: Tenant, text: str, shape_errors: list[FileError]) -> list[FileError]:
    """The checks of `_check` that can run on a file whose shape is wrong, so one run reports
    every error: unknown agencies, duplicate codes, version numbers, condition references."""
    try:
        loose, index = parse_yaml(text, _LooseCatalog)
    except YamlFileInvalid:
        return []  # not even a list of services: the shape errors say it all
    errors: list[FileError] = []

    def err(path: Path, message: str) -> None:
        errors.append(FileError(index.line_for(path), format_path(path), message))

    agency_codes = set(Agency.objects.filter(tenant=tenant).values_list("code", flat=True))
    services = _dicts(loose.services)
    codes = [svc["code"] for svc in services if isinstance(svc.get("code"), str)]
    for code, count in Counter(codes).items():
        if count > 1:
            err(("services",), f"service code {code} appears {count} times")
    db_versions: dict[str, set[int]] = {}
    for code, version in ServiceStandard.objects.filter(
            tenant=tenant, service__code__in=codes).values_list("service__code", "version"):
        db_versions.setdefault(code, set()).add(version)
    for si, svc in enumerate(services):
        base: Path = ("services", si)
        agencies = svc.get("agencies")
        refs = [((*base, "lead_agency"), svc.get("lead_agency"))] + [
            ((*base, "agencies", ai), code)
            for ai, code in enumerate(agencies if isinstance(agencies, list) else [])]
        for path, code in refs:
            if isinstance(code, str) and code not in agency_codes:
                err(path, f"agency {code} does not exist in {tenant.code}")
        standards = _dicts(svc.get("standards"))
        service_code = svc.get("code")
        known = db_versions.get(service_code, set()) if isinstance(service_code, str) else set()
        next_version = max(known, default=0) + 1
        numbered = [(p, std["version"]) for p, std in enumerate(standards)
                    if type(std.get("version")) is int]
        for position, version in sorted(numbered, key=lambda pair: pair[1]):
            if version in known:
                continue
            if version != next_version:
                err((*base, "standards", position, "version"),
                    f"the next version of {service_code} must be {next_version}, "
                    f"not {version}")
            else:
                next_version += 1
        for sti, std in enumerate(standards):
            for vi, variant in enumerate(_dicts(std.get("variants"))):
                errors.extend(_check_requirements(
                    [(req.get("code"), req.get("kind"),
                      req["condition"].get("field") if isinstance(req.get("condition"), dict)
                      else None)
                     for req in _dicts(variant.get("requirements"))],
                    (*base, "standards", sti, "variants", vi), index))
    reported = {error.path for error in shape_errors}
    return [error for error in errors if error.path not in reported]


# --- Import ---------------------------------------------------------------------------------
def catalog_import(*, tenant: Tenant, actor: User | None, text: str) -> ImportReport:
    """Import a catalog file into a tenant; on any error raise YamlFileInvalid, write nothing."""
    try:
        spec, index = parse_yaml(text, CatalogSpec)
    except YamlFileInvalid as exc:
        raise YamlFileInvalid(exc.errors + _check_raw(tenant, text, exc.errors)) from exc
    errors = _check(tenant, spec, index)
    if errors:
        raise YamlFileInvalid(errors)
    report = ImportReport()
    with transaction.atomic():
        for si, svc in enumerate(spec.services):
            try:
                _import_service(tenant, actor, svc, report)
            except DomainError as exc:
                # A rule only the models know; the transaction rolls back everything.
                path: Path = ("services", si)
                detail = f": {exc.details}" if exc.details else ""
                raise YamlFileInvalid([FileError(
                    index.line_for(path), format_path(path), f"{exc.message}{detail}")]) from exc
    return report


def _import_service(
    tenant: Tenant, actor: User | None, svc: ServiceSpec, report: ImportReport
) -> None:
    agencies = {a.code: a for a in Agency.objects.filter(tenant=tenant)}
    fields = {
        "name": svc.name, "name_en": svc.name_en, "summary": svc.summary,
        "summary_en": svc.summary_en, "keywords": svc.keywords, "category": svc.category,
        "sector": svc.sector, "lead_agency": agencies[svc.lead_agency],
        "is_active": svc.active, "is_demo": svc.demo, "assignment": svc.assignment,
    }
    wanted_agencies = [agencies[code] for code in svc.agencies]
    service = Service.objects.filter(tenant=tenant, code=svc.code).first()
    if service is None:
        service = services.service_create(
            tenant=tenant, actor=actor, code=svc.code, agencies=wanted_agencies, **fields)
        report.services_created.append(svc.code)
    else:
        before = (tuple(getattr(service, k) for k in fields),
                  set(service.agencies.values_list("pk", flat=True)))
        services.service_update(service=service, actor=actor, agencies=wanted_agencies, **fields)
        after = (tuple(getattr(service, k) for k in fields),
                 set(service.agencies.values_list("pk", flat=True)))
        if before != after:
            report.services_updated.append(svc.code)
    db_versions = {st.version: st for st in service.standards.all()}
    for std in sorted(svc.standards, key=lambda s: s.version):
        label = f"{svc.code} v{std.version}"
        standard = db_versions.get(std.version)
        if standard is not None and standard.status == StandardStatus.PUBLISHED:
            continue  # identical: checked before writing
        if standard is not None and same_standard(standard, std):
            pass  # an unchanged draft
        else:
            if standard is None:
                standard = services.standard_create(
                    service=service, actor=actor, effective_from=std.effective_from,
                    decree=std.decree, change_note=std.change_note)
            else:
                services.standard_update(
                    standard=standard, actor=actor, effective_from=std.effective_from,
                    decree=std.decree, change_note=std.change_note)
                for variant in list(standard.variants.all()):
                    services.variant_delete(variant=variant, actor=actor)
            for variant_spec in std.variants:
                _write_variant(standard, actor, variant_spec)
            report.versions_written.append(label)
        if std.status == "published":
            services.standard_publish(standard=standard, actor=actor)
            report.versions_published.append(label)


def _write_variant(standard: ServiceStandard, actor: User | None, spec: VariantSpec) -> None:
    variant = services.variant_create(
        standard=standard, actor=actor, kind=spec.kind, procedure=spec.procedure,
        procedure_en=spec.procedure_en, legal_time_limit_days=spec.legal_time_limit_days,
        service_time_limit_days=spec.service_time_limit_days, fee_kind=spec.fee.kind,
        fee_amount=spec.fee.amount, fee_unit=spec.fee.unit,
        fee_description=spec.fee.description, fee_description_en=spec.fee.description_en,
        output=spec.output, output_en=spec.output_en, validity_months=spec.validity_months,
        workflow=spec.workflow, correction_limit=spec.correction_limit,
        fiktif_positif=spec.fiktif_positif, review_days=dict(spec.review_days),
        complaints=spec.complaints, complaints_en=spec.complaints_en,
        legal_basis=spec.legal_basis, facilities=spec.facilities,
        staff_competence=spec.staff_competence, internal_oversight=spec.internal_oversight,
        staff_count=spec.staff_count, service_guarantee=spec.service_guarantee,
        security_guarantee=spec.security_guarantee,
        performance_evaluation=spec.performance_evaluation,
    )
    for position, req in enumerate(spec.requirements, start=1):
        services.requirement_create(
            variant=variant, actor=actor, code=req.code, position=position, name=req.name,
            name_en=req.name_en, description=req.description,
            description_en=req.description_en, kind=req.kind, data_type=req.data_type or "",
            choices=req.choices, mandatory=req.mandatory,
            condition=req.condition.model_dump() if req.condition else None,
            condition_text=req.condition_text, condition_text_en=req.condition_text_en,
            file_types=req.file_types, max_size_kb=req.max_size_kb,
        )
