"""The administration site: administrators of the tenant only, writes through services."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin import RelatedFieldListFilter
from django.test import Client

from satupintu.accounts.models import User
from satupintu.catalog.models import Service, ServiceStandard, StandardStatus
from satupintu.tenants.models import Agency, Kecamatan, Tenant
from satupintu.tenants.services import regions_ensure

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get("/admin/catalog/service/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


@pytest.mark.parametrize("persona", ["applicant", "clerk", "reviewer_other_agency"])
def test_non_administrators_cannot_use_it(login: object, persona: str,
                                         request: pytest.FixtureRequest) -> None:
    user: User = request.getfixturevalue(persona)
    client: Client = login(user)  # type: ignore[operator]
    assert client.get("/admin/catalog/service/").status_code == 403
    assert client.get("/admin/").status_code == 403


def test_an_administrator_of_another_tenant_cannot_use_this_one(
    login: object, other_tenant_officer: User
) -> None:
    client: Client = login(other_tenant_officer)  # type: ignore[operator]
    assert client.get("/admin/catalog/service/").status_code == 403
    own = client.get("/admin/catalog/service/", HTTP_HOST="pagaralam.localhost")
    assert own.status_code == 200
    assert "Surat Izin Apotek" not in own.content.decode()


def test_the_administrator_sees_the_catalog_in_indonesian(login: object,
                                                          administrator: User) -> None:
    client: Client = login(administrator)  # type: ignore[operator]
    response = client.get("/admin/catalog/service/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Surat Izin Apotek" in html
    assert 'lang="id"' in html


def test_an_admin_edit_goes_through_the_service_and_is_validated(
    login: object, administrator: User
) -> None:
    client: Client = login(administrator)  # type: ignore[operator]
    service = Service.objects.get(tenant__code="llg", code="SIA")
    url = f"/admin/catalog/service/{service.pk}/change/"
    form = {
        "name": "Surat Izin Apotek (diubah)", "name_en": service.name_en, "summary": "",
        "summary_en": "", "keywords": "", "category": "perizinan", "sector": "health",
        "lead_agency": service.lead_agency_id, "agencies": [service.lead_agency_id],
        "is_active": "on", "is_demo": "on",
        "standards-TOTAL_FORMS": "0", "standards-INITIAL_FORMS": "0",
        "standards-MIN_NUM_FORMS": "0", "standards-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    service.refresh_from_db()
    assert service.name == "Surat Izin Apotek (diubah)"


def test_a_published_version_shows_read_only_and_cannot_be_edited(
    login: object, administrator: User
) -> None:
    client: Client = login(administrator)  # type: ignore[operator]
    standard = ServiceStandard.objects.filter(
        tenant__code="llg", service__code="SIA", status=StandardStatus.PUBLISHED).first()
    assert standard is not None
    variant = standard.variants.first()
    assert variant is not None
    page = client.get(f"/admin/catalog/variantstandard/{variant.pk}/change/")
    assert page.status_code == 200
    assert 'name="legal_time_limit_days"' not in page.content.decode()
    client.post(f"/admin/catalog/variantstandard/{variant.pk}/change/",
                {"legal_time_limit_days": "1"})
    variant.refresh_from_db()
    assert variant.legal_time_limit_days != 1


def test_the_publish_action_refuses_an_incomplete_draft(login: object,
                                                       administrator: User) -> None:
    from satupintu.catalog import services

    client: Client = login(administrator)  # type: ignore[operator]
    service = Service.objects.get(tenant__code="llg", code="SIA")
    import datetime as dt

    draft = services.standard_create(service=service, actor=None,
                                     effective_from=dt.date(2030, 1, 1))
    response = client.post("/admin/catalog/servicestandard/", {
        "action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == StandardStatus.DRAFT


@pytest.mark.parametrize(("url", "related"), [
    ("/admin/catalog/service/", Agency),          # lead_agency
    ("/admin/accounts/user/", Agency),            # memberships__agency
    ("/admin/tenants/kelurahan/", Kecamatan),     # kecamatan
])
def test_list_filters_offer_only_this_tenants_rows(
    login: object, administrator: User, url: str, related: type[Agency | Kecamatan]
) -> None:
    pga = Tenant.objects.get(code="pga")
    regions_ensure(tenant=pga, actor=None,
                   regions=[("16.72.01", "Dempo Selatan", [("16.72.01.1001", "Lubuk Buntak")])])
    foreign = set(related.objects.filter(tenant=pga).values_list("pk", flat=True))
    own = set(related.objects.filter(tenant__code="llg").values_list("pk", flat=True))
    assert foreign
    client: Client = login(administrator)  # type: ignore[operator]
    response = client.get(url)
    assert response.status_code == 200
    offered = {
        pk for spec in response.context["cl"].filter_specs
        if isinstance(spec, RelatedFieldListFilter) and spec.field.related_model is related
        for pk, _ in spec.lookup_choices
    }
    assert offered & own
    assert not offered & foreign
    html = response.content.decode()
    for pk in foreign:
        assert not re.search(rf"__exact={pk}(?!\d)", html), pk


def test_a_nul_byte_in_a_list_filter_is_dropped_not_a_server_error(
    login: object, administrator: User
) -> None:
    client: Client = login(administrator)  # type: ignore[operator]
    response = client.get("/admin/catalog/service/?sector=%00&q=apo%00tek")
    assert response.status_code == 302
    assert response["Location"] == "/admin/catalog/service/?sector=&q=apotek"
    assert client.get(response["Location"]).status_code == 200
