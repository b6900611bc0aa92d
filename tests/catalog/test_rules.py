"""The catalog's rules between fields hold for every write path, and the file schema agrees.

Each rule is tried three ways: in a catalog file (the schema, which reports the line), through
the service functions (the models' `clean`, which every write runs), and through the admin.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from satupintu.accounts.models import User
from satupintu.catalog import services
from satupintu.catalog.models import Requirement, Service, VariantStandard
from satupintu.catalog.transfer import catalog_import
from satupintu.core.errors import ValidationFailed
from satupintu.lib.yamlio import YamlFileInvalid
from satupintu.tenants.models import Tenant
from tests.catalog.factories import VARIANT, catalog, service

pytestmark = pytest.mark.django_db

# (name, change to the file's variant, the same change as model fields, the field at fault)
VARIANT_RULES: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    ("service time over legal time", {"service_time_limit_days": 11},
     {"service_time_limit_days": 11}, "service_time_limit_days"),
    ("free with an amount", {"fee": {"kind": "free", "amount": 5000}},
     {"fee_kind": "free", "fee_amount": 5000}, "fee_amount"),
    ("fixed without an amount", {"fee": {"kind": "fixed", "amount": 0}},
     {"fee_kind": "fixed", "fee_amount": 0}, "fee_amount"),
    ("per unit without an amount", {"fee": {"kind": "per_unit", "amount": 0, "unit": "m2"}},
     {"fee_kind": "per_unit", "fee_amount": 0, "fee_unit": "m2"}, "fee_amount"),
    ("per unit without a unit", {"fee": {"kind": "per_unit", "amount": 2500}},
     {"fee_kind": "per_unit", "fee_amount": 2500, "fee_unit": ""}, "fee_unit"),
    ("formula without a description", {"fee": {"kind": "formula"}},
     {"fee_kind": "formula", "fee_amount": 0, "fee_description": ""}, "fee_description"),
]

DOCUMENT = {"code": "BARU", "name": "Dokumen baru", "kind": "document", "file_types": ["pdf"],
            "max_size_kb": 1024}
DATA = {"code": "BARU", "name": "Data baru", "kind": "data", "data_type": "text"}
CONDITIONAL = dict(DOCUMENT, condition={"field": "LUAS", "op": "gt", "value": 1},
                   condition_text="Jika luas lebih dari 1 m2")

# (name, a requirement as the file writes it, the field at fault)
REQUIREMENT_RULES: list[tuple[str, dict[str, Any], str]] = [
    ("document without file types", dict(DOCUMENT, file_types=[]), "file_types"),
    ("document without a maximum size", {k: v for k, v in DOCUMENT.items()
                                         if k != "max_size_kb"}, "max_size_kb"),
    ("document with a data type", dict(DOCUMENT, data_type="text"), "data_type"),
    ("document with choices", dict(DOCUMENT, choices=["a"]), "choices"),
    ("document with a size out of range", dict(DOCUMENT, max_size_kb=1), "max_size_kb"),
    ("document with an unknown file type", dict(DOCUMENT, file_types=["exe"]), "file_types"),
    ("data item without a data type", {k: v for k, v in DATA.items() if k != "data_type"},
     "data_type"),
    ("data item with file types", dict(DATA, file_types=["pdf"]), "file_types"),
    ("data item with a maximum size", dict(DATA, max_size_kb=100), "max_size_kb"),
    ("choice without choices", dict(DATA, data_type="choice"), "choices"),
    ("choices on a text item", dict(DATA, choices=["a", "b"]), "choices"),
    ("conditional but optional", dict(CONDITIONAL, mandatory=False), "mandatory"),
    ("conditional without words", dict(CONDITIONAL, condition_text=""), "condition_text"),
]


def _as_fields(requirement: dict[str, Any]) -> dict[str, Any]:
    """A requirement of the file as the model's fields (what the importer passes on)."""
    defaults = {"data_type": "", "choices": [], "mandatory": True, "condition": None,
                "condition_text": "", "file_types": [], "max_size_kb": None}
    return {**defaults, **{k: v for k, v in requirement.items() if k != "code"}}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


@pytest.fixture
def draft(llg: Tenant) -> VariantStandard:
    """The 'new' variant of a draft version (only drafts can change)."""
    catalog_import(tenant=llg, actor=None, text=catalog(service("ATURAN")))
    uji = Service.objects.get(tenant=llg, code="ATURAN")
    standard = services.standard_create(service=uji, actor=None,
                                        effective_from=dt.date(2030, 1, 1),
                                        copy_from=uji.standards.get())
    return standard.variants.get()


def _file_with(llg: Tenant, variant: dict[str, Any]) -> None:
    catalog_import(tenant=llg, actor=None, text=catalog(service("BERKAS", standards=[
        {"version": 1, "status": "published", "effective_from": "2025-01-01",
         "variants": [variant]}])))


# --- the schema (file) ----------------------------------------------------------------------
@pytest.mark.parametrize(("name", "spec", "fields", "field"), VARIANT_RULES,
                         ids=[r[0] for r in VARIANT_RULES])
def test_the_file_schema_refuses_a_variant_breaking_a_rule(
    llg: Tenant, name: str, spec: dict[str, Any], fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(YamlFileInvalid) as caught:
        _file_with(llg, dict(copy.deepcopy(VARIANT), **spec))
    assert all(e.line is not None for e in caught.value.errors)
    assert not Service.objects.filter(tenant=llg, code="BERKAS").exists()


@pytest.mark.parametrize(("name", "requirement", "field"), REQUIREMENT_RULES,
                         ids=[r[0] for r in REQUIREMENT_RULES])
def test_the_file_schema_refuses_a_requirement_breaking_a_rule(
    llg: Tenant, name: str, requirement: dict[str, Any], field: str
) -> None:
    variant = copy.deepcopy(VARIANT)
    variant["requirements"].append(requirement)
    with pytest.raises(YamlFileInvalid):
        _file_with(llg, variant)
    assert not Service.objects.filter(tenant=llg, code="BERKAS").exists()


# --- the service functions (every other write path) -----------------------------------------
@pytest.mark.parametrize(("name", "spec", "fields", "field"), VARIANT_RULES,
                         ids=[r[0] for r in VARIANT_RULES])
def test_the_services_refuse_a_variant_breaking_a_rule(
    draft: VariantStandard, name: str, spec: dict[str, Any], fields: dict[str, Any], field: str
) -> None:
    before = VariantStandard.objects.get(pk=draft.pk)
    with pytest.raises(ValidationFailed) as caught:
        services.variant_update(variant=draft, actor=None, **fields)
    assert field in caught.value.details
    after = VariantStandard.objects.get(pk=draft.pk)
    assert [getattr(after, f) for f in fields] == [getattr(before, f) for f in fields]
    with pytest.raises(ValidationFailed):
        services.variant_create(
            standard=draft.standard, actor=None,
            **{**_variant_fields(draft), **fields, "kind": "extension"})
    assert not draft.standard.variants.filter(kind="extension").exists()


def _variant_fields(variant: VariantStandard) -> dict[str, Any]:
    return {f.name: getattr(variant, f.name) for f in VariantStandard._meta.concrete_fields
            if f.name not in {"id", "tenant", "standard", "created_at", "updated_at"}}


@pytest.mark.parametrize(("name", "requirement", "field"), REQUIREMENT_RULES,
                         ids=[r[0] for r in REQUIREMENT_RULES])
def test_the_services_refuse_a_requirement_breaking_a_rule(
    draft: VariantStandard, name: str, requirement: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.requirement_create(variant=draft, actor=None, code="BARU", position=9,
                                    **_as_fields(requirement))
    assert field in caught.value.details, caught.value.details
    assert not Requirement.objects.filter(variant=draft, code="BARU").exists()
    # Changing an existing requirement into the same shape is refused as well.
    valid = DATA if requirement["kind"] == "data" else DOCUMENT
    if "condition" in requirement:
        valid = CONDITIONAL
    existing = services.requirement_create(variant=draft, actor=None, code="BARU", position=9,
                                           **_as_fields(valid))
    with pytest.raises(ValidationFailed):
        services.requirement_update(requirement=existing, actor=None, **_as_fields(requirement))
    existing.refresh_from_db()
    assert {k: getattr(existing, k) for k in _as_fields(valid)} == _as_fields(valid)


def test_valid_shapes_pass_both_the_schema_and_the_services(
    llg: Tenant, draft: VariantStandard
) -> None:
    variant = copy.deepcopy(VARIANT)
    choice = dict(DATA, code="PILIH", data_type="choice", choices=["sewa", "milik"])
    variant["requirements"] += [choice, dict(CONDITIONAL, code="SYARAT")]
    variant["fee"] = {"kind": "per_unit", "amount": 2500, "unit": "m2"}
    _file_with(llg, variant)
    services.variant_update(variant=draft, actor=None, fee_kind="formula",
                            fee_description="Luas × tarif", service_time_limit_days=10)
    services.requirement_create(variant=draft, actor=None, code="PILIH", position=9,
                                **_as_fields(choice))


# --- the admin ------------------------------------------------------------------------------
def _form_data(response: Any) -> dict[str, Any]:
    """What the admin's change page would post back unchanged: every form and inline form."""
    data: dict[str, Any] = {}

    def put(form: Any) -> None:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if value is None:
                value = ""
            if value is True:
                value = "on"
            if value is False:
                continue
            data[bound.html_name] = value

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        put(formset.management_form)
        for form in formset.forms:
            put(form)
    return data


def test_the_admin_refuses_a_variant_breaking_a_rule(
    login: Any, administrator: User, draft: VariantStandard
) -> None:
    client: Client = login(administrator)
    url = f"/admin/catalog/variantstandard/{draft.pk}/change/"
    data = _form_data(client.get(url))
    data.update({"service_time_limit_days": "11", "fee_kind": "per_unit", "fee_amount": "0",
                 "fee_unit": ""})
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"service_time_limit_days", "fee_amount", "fee_unit"} <= set(errors)
    draft.refresh_from_db()
    assert (draft.service_time_limit_days, draft.fee_kind) == (5, "free")


def test_the_admin_refuses_a_requirement_breaking_a_rule(
    login: Any, administrator: User, draft: VariantStandard
) -> None:
    client: Client = login(administrator)
    url = f"/admin/catalog/variantstandard/{draft.pk}/change/"
    page = client.get(url)
    data = _form_data(page)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({
        f"{prefix}-TOTAL_FORMS": str(total + 1),
        f"{prefix}-{total}-code": "BARU", f"{prefix}-{total}-position": "9",
        f"{prefix}-{total}-name": "Dokumen tanpa jenis berkas",
        f"{prefix}-{total}-kind": "document", f"{prefix}-{total}-mandatory": "on",
        f"{prefix}-{total}-choices": "[]", f"{prefix}-{total}-file_types": "[]",
        f"{prefix}-{total}-condition": "null",
    })
    response = client.post(url, data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert {"file_types", "max_size_kb"} <= set(formset.forms[total].errors)
    assert not Requirement.objects.filter(variant=draft, code="BARU").exists()


def test_an_unchanged_admin_save_passes_the_rules(
    login: Any, administrator: User, draft: VariantStandard
) -> None:
    client: Client = login(administrator)
    url = f"/admin/catalog/variantstandard/{draft.pk}/change/"
    response = client.post(url, _form_data(client.get(url)))
    assert response.status_code == 302, response.context["adminform"].form.errors
