"""Versioned service standards: drafts change, published versions never do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from satupintu.catalog import selectors, services
from satupintu.catalog.models import Service, StandardStatus
from satupintu.catalog.transfer import catalog_import
from satupintu.core.errors import Conflict, NotFound, ValidationFailed
from satupintu.tenants.models import Agency, Tenant
from tests.catalog.factories import catalog, service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Messages are matched in the source language; pages test the Indonesian ones.
    with translation.override("en"):
        yield


@pytest.fixture
def uji() -> Service:
    llg = Tenant.objects.get(code="llg")
    catalog_import(tenant=llg, actor=None, text=catalog(service()))
    return Service.objects.get(tenant=llg, code="UJI")


def test_a_published_version_refuses_every_change(uji: Service) -> None:
    standard = uji.standards.get()
    variant = standard.variants.get()
    requirement = variant.requirements.first()
    assert requirement is not None
    with pytest.raises(Conflict):
        services.standard_update(standard=standard, actor=None, decree="changed")
    with pytest.raises(Conflict):
        services.variant_update(variant=variant, actor=None, legal_time_limit_days=99)
    with pytest.raises(Conflict):
        services.requirement_update(requirement=requirement, actor=None, name="changed")
    with pytest.raises(Conflict):
        services.requirement_delete(requirement=requirement, actor=None)
    with pytest.raises(Conflict):
        services.standard_delete(standard=standard, actor=None)
    variant.refresh_from_db()
    assert variant.legal_time_limit_days == 10


def test_a_new_version_copies_the_old_and_leaves_it_untouched(uji: Service) -> None:
    v1 = uji.standards.get()
    v2 = services.standard_create(service=uji, actor=None, effective_from=dt.date(2026, 6, 1),
                                  copy_from=v1)
    assert v2.version == 2
    assert v2.status == StandardStatus.DRAFT
    new_variant = v2.variants.get()
    services.variant_update(variant=new_variant, actor=None, service_time_limit_days=3)
    services.standard_publish(standard=v2, actor=None)
    assert v1.variants.get().service_time_limit_days == 5
    assert [r.code for r in new_variant.requirements.order_by("position")] == [
        "LUAS", "KTP", "DENAH"]
    # The version in force depends on the date: what was filed earlier stays on version 1.
    fresh = Service.objects.get(pk=uji.pk)
    assert selectors.current_standard(fresh, dt.date(2026, 5, 31)) == v1
    assert selectors.current_standard(fresh, dt.date(2026, 6, 1)) == v2


def test_publishing_checks_the_draft(uji: Service) -> None:
    empty = services.standard_create(service=uji, actor=None, effective_from=dt.date(2026, 1, 1))
    with pytest.raises(ValidationFailed, match="at least one variant"):
        services.standard_publish(standard=empty, actor=None)
    early = services.standard_create(service=uji, actor=None, effective_from=dt.date(2020, 1, 1),
                                     copy_from=uji.standards.get(version=1))
    with pytest.raises(ValidationFailed, match="effective date"):
        services.standard_publish(standard=early, actor=None)
    empty.refresh_from_db()
    assert empty.status == StandardStatus.DRAFT


def test_a_condition_must_refer_to_an_earlier_data_item(uji: Service) -> None:
    draft = services.standard_create(service=uji, actor=None, effective_from=dt.date(2026, 1, 1),
                                     copy_from=uji.standards.get(version=1))
    variant = draft.variants.get()
    with pytest.raises(ValidationFailed, match="earlier data item"):
        services.requirement_create(
            variant=variant, actor=None, code="SURAT", position=0, name="Surat", kind="document",
            file_types=["pdf"], max_size_kb=100, condition_text="Jika",
            condition={"field": "LUAS", "op": "gt", "value": 1},
        )
    with pytest.raises(ValidationFailed):
        services.requirement_create(
            variant=variant, actor=None, code="SURAT", position=9, name="Surat", kind="document",
            file_types=["pdf"], max_size_kb=100, condition_text="Jika",
            condition={"field": "LUAS", "op": "between", "value": 1},
        )


def test_a_service_cannot_take_another_regions_agency(uji: Service) -> None:
    foreign = Agency.objects.get(tenant__code="pga", code="DPMPTSP")
    with pytest.raises(ValidationFailed):
        services.service_update(service=uji, actor=None, agencies=[foreign])
    assert foreign not in uji.agencies.all()


def test_a_published_service_cannot_be_deleted_but_can_be_withdrawn(uji: Service) -> None:
    with pytest.raises(Conflict):
        services.service_delete(service=uji, actor=None)
    services.service_update(service=uji, actor=None, is_active=False)
    with pytest.raises(NotFound):
        selectors.service_get(tenant=uji.tenant, code="UJI")


def test_the_service_code_never_changes(uji: Service) -> None:
    with pytest.raises(ValidationFailed):
        services.service_update(service=uji, actor=None, code="LAIN")
