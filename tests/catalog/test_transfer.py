"""Catalog import/export as YAML: validated, all-or-nothing, idempotent, round-trippable."""

from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from satupintu.catalog.models import Requirement, Service, ServiceStandard, StandardStatus
from satupintu.catalog.transfer import catalog_export, catalog_import
from satupintu.lib.yamlio import YamlFileInvalid
from satupintu.tenants.models import Tenant
from tests.catalog.factories import VARIANT, catalog, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


@pytest.fixture
def pga() -> Tenant:
    return Tenant.objects.get(code="pga")


def test_it_imports_a_service_with_its_published_standard(llg: Tenant) -> None:
    report = catalog_import(tenant=llg, actor=None, text=catalog(service()))
    assert report.services_created == ["UJI"]
    created = Service.objects.get(tenant=llg, code="UJI")
    standard = created.standards.get()
    assert standard.status == StandardStatus.PUBLISHED
    codes = list(Requirement.objects.filter(variant__standard=standard)
                 .order_by("position").values_list("code", flat=True))
    assert codes == ["LUAS", "KTP", "DENAH"]
    assert {a.code for a in created.agencies.all()} == {"DINKES", "PUPR"}


def test_importing_the_same_file_twice_changes_nothing(llg: Tenant) -> None:
    text = catalog(service())
    catalog_import(tenant=llg, actor=None, text=text)
    stamp = Service.objects.get(tenant=llg, code="UJI").updated_at
    again = catalog_import(tenant=llg, actor=None, text=text)
    assert not again.changed
    assert Service.objects.get(tenant=llg, code="UJI").updated_at == stamp


def test_export_then_import_into_another_tenant_reproduces_the_catalog(
    llg: Tenant, pga: Tenant
) -> None:
    from satupintu.tenants.services import agency_ensure

    for code in {s.lead_agency.code for s in Service.objects.filter(tenant=llg)} | {
            a.code for s in Service.objects.filter(tenant=llg) for a in s.agencies.all()}:
        agency_ensure(tenant=pga, actor=None, code=code, name=f"Dinas {code}", sector="health")
    exported = catalog_export(tenant=llg)
    catalog_import(tenant=pga, actor=None, text=exported)
    assert catalog_export(tenant=pga) == exported


def test_every_error_is_reported_with_its_line_and_nothing_is_imported(llg: Tenant) -> None:
    bad_variant = copy.deepcopy(VARIANT)
    bad_variant["legal_time_limit_days"] = 0
    bad_variant["requirements"][2]["condition"]["field"] = "NOPE"
    text = catalog(
        service("OK1"),
        service("bad code"),
        service("BAD2", lead_agency="NOAGENCY",
                standards=[{"version": 1, "status": "published",
                            "effective_from": "2025-01-01", "variants": [bad_variant]}]),
    )
    with pytest.raises(YamlFileInvalid) as caught:
        catalog_import(tenant=llg, actor=None, text=text)
    errors = caught.value.errors
    # Every planted error, in one run: the shape ones and those checked against the tenant.
    variant = "services[2].standards[0].variants[0]"
    by_path = {e.path: e for e in errors}
    assert set(by_path) == {
        "services[1].code",
        f"{variant}.legal_time_limit_days",
        "services[2].lead_agency",
        f"{variant}.requirements[2].condition.field",
    }, "\n".join(str(e) for e in errors)
    assert "NOAGENCY" in by_path["services[2].lead_agency"].message
    assert "NOPE" in by_path[f"{variant}.requirements[2].condition.field"].message
    assert all(e.line is not None for e in errors)
    lines = text.splitlines()
    for path, text_on_line in [("services[1].code", "bad code"),
                               ("services[2].lead_agency", "NOAGENCY"),
                               (f"{variant}.legal_time_limit_days", "legal_time_limit_days: 0"),
                               (f"{variant}.requirements[2].condition.field", "field: NOPE")]:
        line = by_path[path].line
        assert line is not None
        assert text_on_line in lines[line - 1], path
    assert not Service.objects.filter(tenant=llg, code__in=["OK1", "BAD2"]).exists()


def test_tenant_checks_on_a_misshapen_file_do_not_repeat_its_shape_errors(
    llg: Tenant
) -> None:
    catalog_import(tenant=llg, actor=None, text=catalog(service("ADA")))
    skipping = service("ADA", lead_agency="bad agency", agencies=["NOAGENCY", 7])
    skipping["standards"].append({"version": 3, "status": "draft",
                                  "effective_from": "2026-01-01", "variants": "none"})
    with pytest.raises(YamlFileInvalid) as caught:
        catalog_import(tenant=llg, actor=None, text=catalog(skipping, service("ADA")))
    paths = [e.path for e in caught.value.errors]
    assert len(paths) == len(set(paths)), paths  # one message per place
    messages = {e.path: e.message for e in caught.value.errors}
    assert "NOAGENCY" in messages["services[0].agencies[0]"]
    assert "must be 2, not 3" in messages["services[0].standards[1].version"]
    assert "appears 2 times" in messages["services"]
    assert "services[0].lead_agency" in messages  # the shape error, reported once


def test_checks_against_the_tenant_are_reported_with_lines(llg: Tenant) -> None:
    bad_variant = copy.deepcopy(VARIANT)
    bad_variant["requirements"][2]["condition"]["field"] = "KTP"  # a document, not data
    text = catalog(service("OK1"), service("BAD2", lead_agency="NOAGENCY", standards=[
        {"version": 1, "status": "published", "effective_from": "2025-01-01",
         "variants": [bad_variant]}]))
    with pytest.raises(YamlFileInvalid) as caught:
        catalog_import(tenant=llg, actor=None, text=text)
    by_path = {e.path: e for e in caught.value.errors}
    assert "NOAGENCY" in by_path["services[1].lead_agency"].message
    condition = by_path["services[1].standards[0].variants[0].requirements[2].condition.field"]
    assert condition.line is not None
    assert "field: KTP" in text.splitlines()[condition.line - 1]
    assert not Service.objects.filter(tenant=llg, code="OK1").exists()


def test_a_file_of_the_wrong_shape_everywhere_is_refused_without_a_crash(llg: Tenant) -> None:
    weird = service("ANEH", lead_agency=["DINKES"], agencies="PUPR", standards=[
        {"version": "satu", "variants": [{"requirements": [
            {"code": ["X"], "kind": "data", "condition": {"field": {"a": 1}}},
            {"code": "Y", "condition": ["field"]}, "teks", None]}]},
        "bukan standar"])
    with pytest.raises(YamlFileInvalid) as caught:
        catalog_import(tenant=llg, actor=None, text=catalog(weird, 42, "teks"))
    assert caught.value.errors
    assert all(e.line is not None for e in caught.value.errors)


@pytest.mark.parametrize("text", ["", "format: [unclosed", "- just\n- a list\n",
                                  "format: satupintu-catalog/1\nservices: {}\n",
                                  "format: satupintu-catalog/1\nformat: again\nservices: []\n"])
def test_malformed_files_are_refused_with_a_message(llg: Tenant, text: str) -> None:
    with pytest.raises(YamlFileInvalid) as caught:
        catalog_import(tenant=llg, actor=None, text=text)
    assert caught.value.errors


def test_a_published_version_that_differs_is_refused(llg: Tenant) -> None:
    catalog_import(tenant=llg, actor=None, text=catalog(service()))
    changed = service()
    changed["standards"][0]["variants"][0]["legal_time_limit_days"] = 20
    with pytest.raises(YamlFileInvalid, match="published and differs"):
        catalog_import(tenant=llg, actor=None, text=catalog(changed))
    variant = ServiceStandard.objects.get(service__code="UJI", tenant=llg).variants.get()
    assert variant.legal_time_limit_days == 10


def test_a_new_version_is_added_next_to_the_published_one(llg: Tenant) -> None:
    catalog_import(tenant=llg, actor=None, text=catalog(service()))
    second = copy.deepcopy(VARIANT)
    second["service_time_limit_days"] = 3
    newer = service()
    newer["standards"].append({"version": 2, "status": "published",
                               "effective_from": "2026-01-01", "variants": [second]})
    catalog_import(tenant=llg, actor=None, text=catalog(newer))
    versions = ServiceStandard.objects.filter(tenant=llg, service__code="UJI").order_by("version")
    assert [(s.version, s.status) for s in versions] == [(1, "published"), (2, "published")]
    assert versions[0].variants.get().service_time_limit_days == 5


def test_a_version_number_with_a_gap_is_refused(llg: Tenant) -> None:
    skipping = service()
    skipping["standards"][0]["version"] = 3
    with pytest.raises(YamlFileInvalid, match="must be 1"):
        catalog_import(tenant=llg, actor=None, text=catalog(skipping))


def test_the_commands_import_and_export(llg: Tenant, tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(catalog(service("CMD")), encoding="utf-8")
    out = StringIO()
    call_command("catalog_import", str(path), "--tenant", "llg", stdout=out)
    assert "CMD" in out.getvalue()
    out = StringIO()
    call_command("catalog_export", "--tenant", "llg", "--service", "CMD", stdout=out)
    exported = yaml.safe_load(out.getvalue())
    assert [s["code"] for s in exported["services"]] == ["CMD"]


def test_the_import_command_lists_errors_and_exits_non_zero(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(catalog(service("bad code")), encoding="utf-8")
    with pytest.raises(CommandError, match=r"nothing was imported[\s\S]*line \d+"):
        call_command("catalog_import", str(path), "--tenant", "llg")


def test_variants_may_be_listed_in_any_order(llg: Tenant) -> None:
    extension = dict(copy.deepcopy(VARIANT), kind="extension")
    both = service("ORD", standards=[{"version": 1, "status": "published",
                                      "effective_from": "2025-01-01",
                                      "variants": [extension, copy.deepcopy(VARIANT)]}])
    catalog_import(tenant=llg, actor=None, text=catalog(both))
    assert not catalog_import(tenant=llg, actor=None, text=catalog(both)).changed
