"""`GET /api/v1/services` and `GET /api/v1/services/{code}`, and the OpenAPI document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from satupintu.catalog import services
from satupintu.catalog.models import Service
from satupintu.catalog.transfer import catalog_import
from satupintu.tenants.models import Tenant
from tests.catalog.factories import VARIANT, catalog, service

pytestmark = pytest.mark.django_db


def test_the_list_has_the_contract_fields_with_json_types(client: Client) -> None:
    response = client.get("/api/v1/services")
    assert response.status_code == 200
    items = response.json()
    sia = next(item for item in items if item["code"] == "SIA")
    assert sia["name"] == "Surat Izin Apotek"
    assert sia["category"] == "perizinan"
    assert sia["sector"] == "health"
    assert sia["agency"] == "DINKES"
    assert isinstance(sia["legal_time_limit_days"], int)
    assert isinstance(sia["service_time_limit_days"], int)
    assert sia["fee"] == 0


def test_fees_are_numbers_or_null_when_computed(client: Client) -> None:
    llg = Tenant.objects.get(code="llg")
    fixed = dict(VARIANT, fee={"kind": "fixed", "amount": 150000})
    per_unit = dict(VARIANT, fee={"kind": "per_unit", "amount": 2500, "unit": "m2"})
    catalog_import(tenant=llg, actor=None, text=catalog(
        service("FIX", standards=[{"version": 1, "status": "published",
                                   "effective_from": "2025-01-01", "variants": [fixed]}]),
        service("UNIT", standards=[{"version": 1, "status": "published",
                                    "effective_from": "2025-01-01", "variants": [per_unit]}]),
    ))
    by_code = {item["code"]: item for item in client.get("/api/v1/services").json()}
    assert by_code["FIX"]["fee"] == 150000
    assert by_code["UNIT"]["fee"] is None


def test_the_list_filters_and_searches_any_text(client: Client) -> None:
    health = client.get("/api/v1/services", {"sector": "health"}).json()
    assert health
    assert all(item["sector"] == "health" for item in health)
    assert [i["code"] for i in client.get("/api/v1/services", {"q": "apotek"}).json()] \
        .count("SIA") == 1
    for q in ['"; DROP TABLE', "%", "<script>alert(1)</script>", "x" * 500, "_"]:
        response = client.get("/api/v1/services", {"q": q})
        assert response.status_code == 200, q
        assert isinstance(response.json(), list)


def test_an_overlong_query_is_a_422_in_the_error_format(client: Client) -> None:
    response = client.get("/api/v1/services", {"q": "x" * 501})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"]
    assert body["details"]


def test_the_detail_has_every_variant_and_requirement(client: Client) -> None:
    body = client.get("/api/v1/services/SIA").json()
    assert body["code"] == "SIA"
    standard = body["standard"]
    assert standard["version"] >= 1
    new = next(v for v in standard["variants"] if v["kind"] == "new")
    codes = [r["code"] for r in new["requirements"]]
    assert "KTP" in codes
    assert "STRA" in codes
    assert isinstance(new["legal_time_limit_days"], int)
    assert new["fee"]["amount"] == 0
    conditional = [r for r in new["requirements"] if r["conditional"]]
    assert all(r["condition"] and r["condition_text"] for r in conditional)
    assert new["internal"]["legal_basis"]


def test_an_unknown_code_is_a_404_in_the_error_format(client: Client) -> None:
    response = client.get("/api/v1/services/TIDAKADA")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_another_tenants_service_is_not_found(client: Client) -> None:
    response = client.get("/api/v1/services/SIA", HTTP_HOST="pagaralam.localhost")
    assert response.status_code == 404


def test_the_detail_shows_the_version_in_force_today(client: Client) -> None:
    llg = Tenant.objects.get(code="llg")
    catalog_import(tenant=llg, actor=None, text=catalog(service("VER")))
    uji = Service.objects.get(tenant=llg, code="VER")
    future = services.standard_create(
        service=uji, actor=None, effective_from=dt.date.today() + dt.timedelta(days=30),
        copy_from=uji.standards.get())
    services.standard_publish(standard=future, actor=None)
    assert client.get("/api/v1/services/VER").json()["standard"]["version"] == 1


def test_openapi_declares_the_contract(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    list_op = spec["paths"]["/api/v1/services"]["get"]
    assert {"200", "422"} <= set(list_op["responses"])
    detail_op = spec["paths"]["/api/v1/services/{code}"]["get"]
    assert {"200", "404"} <= set(detail_op["responses"])


def test_the_api_docs_are_served_locally(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
