"""`GET /api/v1/services` and `GET /api/v1/services/{code}`, and the OpenAPI document."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from satupintu.catalog import selectors, services
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
    # `type(...) is int`: isinstance would accept True, and `== 0` would accept 0.0 or False.
    assert type(sia["legal_time_limit_days"]) is int
    assert type(sia["service_time_limit_days"]) is int
    assert sia["legal_time_limit_days"] >= sia["service_time_limit_days"] >= 1
    assert type(sia["fee"]) is int
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
    assert type(by_code["FIX"]["fee"]) is int
    assert by_code["FIX"]["fee"] == 150000
    assert by_code["UNIT"]["fee"] is None


def test_the_list_filters_and_searches_any_text(client: Client) -> None:
    health = client.get("/api/v1/services", {"sector": "health"}).json()
    assert health
    assert all(item["sector"] == "health" for item in health)
    assert [i["code"] for i in client.get("/api/v1/services", {"q": "apotek"}).json()] \
        .count("SIA") == 1
    everything = len(client.get("/api/v1/services").json())
    for q in ['"; DROP TABLE', "%", "<script>alert(1)</script>", "x" * 500, "_", "100%_"]:
        response = client.get("/api/v1/services", {"q": q})
        assert response.status_code == 200, q
        assert isinstance(response.json(), list)
        # LIKE wildcards are text to look for, not patterns that match every service.
        assert len(response.json()) < everything, q


@pytest.mark.parametrize("params", [{"q": "\x00"}, {"q": "apotek\x00"}, {"sector": "\x00"},
                                    {"agency": "\x00"}, {"category": "a\x00"}])
def test_a_nul_byte_in_a_filter_is_a_422_in_the_error_format(client: Client,
                                                              params: dict[str, str]) -> None:
    response = client.get("/api/v1/services", params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert [d["loc"][-1] for d in body["details"]] == list(params)


@pytest.mark.parametrize("path", ["/api/v1/services/A%00B", "/api/v1/services/%00",
                                  "/api/v1/services/" + "A" * 300, "/api/v1/services/S%20IA"])
def test_a_code_that_cannot_exist_is_a_404_in_the_error_format(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == "not_found"


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
    assert type(new["legal_time_limit_days"]) is int
    assert type(new["fee"]["amount"]) is int
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


def test_variants_come_in_their_business_order(client: Client) -> None:
    kinds = [v["kind"] for v in client.get("/api/v1/services/SIPD").json()["standard"]["variants"]]
    assert kinds == ["new", "extension", "revocation"]  # not alphabetical
    llg = Tenant.objects.get(code="llg")
    variants = [dict(copy.deepcopy(VARIANT), kind=kind)
                for kind in ("revocation", "amendment", "new", "extension")]
    catalog_import(tenant=llg, actor=None, text=catalog(service("EMPAT", standards=[
        {"version": 1, "status": "published", "effective_from": "2025-01-01",
         "variants": variants}])))
    body = client.get("/api/v1/services/EMPAT").json()
    assert [v["kind"] for v in body["standard"]["variants"]] == [
        "new", "extension", "amendment", "revocation"]
    html = client.get("/layanan/EMPAT/").content.decode()
    assert re.findall(r'id="tab-(\w+)"', html) == ["new", "extension", "amendment", "revocation"]


@pytest.mark.parametrize(("method", "path", "status", "code"), [
    ("get", "/api/v1/nope", 404, "not_found"),
    ("get", "/api/v1/services/", 404, "not_found"),
    ("get", "/api/v2/services", 404, "not_found"),
    ("post", "/api/v1/services", 405, "method_not_allowed"),
    ("delete", "/api/v1/services/SIA", 405, "method_not_allowed"),
])
def test_every_api_error_is_json_in_the_error_format(
    client: Client, method: str, path: str, status: int, code: str
) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    assert body["message"]
    if status == 405:
        assert "GET" in response["Allow"]


def test_an_unknown_host_under_the_api_answers_in_json(client: Client, settings: Any) -> None:
    settings.SATUPINTU_DEFAULT_TENANT = "none-such"
    response = client.get("/api/v1/services", HTTP_HOST="unknown.localhost")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_crash_under_the_api_is_a_json_500(client: Client,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(**kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "service_search", crash)
    client.raise_request_exception = False
    response = client.get("/api/v1/services")
    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error", "message": response.json()["message"], "details": None}
    assert "boom" not in response.content.decode()
    page = client.get("/layanan/")
    assert page.status_code == 500
    assert "<html" in page.content.decode()
