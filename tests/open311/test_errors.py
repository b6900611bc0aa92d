"""Every failure answers with the standard's error list, in the format asked for, never HTML."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.open311.helpers import BASE, PLACE_CATEGORY, demo_key, errors_of, post_data

pytestmark = pytest.mark.django_db

FORMATS = ["json", "xml"]
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


def assert_error_list(response: Any, fmt: str, status: int) -> list[dict[str, Any]]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert b"<html" not in response.content.lower()
    errors = errors_of(response.content, fmt)
    assert errors, "at least one error"
    assert all(e["code"] == status and e["description"] for e in errors)
    return errors


@pytest.fixture(autouse=True)
def _key(db: None) -> None:
    demo_key()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("key", ["", "salah-sekali", "x" * 500])
def test_it_refuses_a_bad_or_missing_key(client: Client, fmt: str, key: str) -> None:
    response = client.post(f"{BASE}/requests.{fmt}", post_data(api_key=key))
    assert_error_list(response, fmt, 403)


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_refuses_an_inactive_key(client: Client, fmt: str) -> None:
    from satupintu.complaints.models import Open311Client
    from satupintu.open311.demo import DEMO_CLIENT_NAME

    Open311Client.objects.filter(name=DEMO_CLIENT_NAME).update(is_active=False)
    assert_error_list(client.post(f"{BASE}/requests.{fmt}", post_data()), fmt, 403)


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_refuses_another_tenants_key(client: Client, fmt: str) -> None:
    response = client.post(f"{BASE}/requests.{fmt}", post_data(),
                           HTTP_HOST="pagaralam.localhost")
    assert_error_list(response, fmt, 403)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_service_code_is_404(client: Client, fmt: str) -> None:
    assert_error_list(client.post(f"{BASE}/requests.{fmt}", post_data(service_code="tidak-ada")),
                      fmt, 404)
    assert_error_list(client.get(f"{BASE}/services/tidak-ada.{fmt}"), fmt, 404)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("lat", "long"), [("-95", "102.9"), ("abc", "102.9"),
                                           ("-3.29", ""), ("NaN", "Infinity")])
def test_bad_coordinates_are_400_and_store_nothing(client: Client, fmt: str, lat: str,
                                                   long: str) -> None:
    from satupintu.complaints.models import Complaint

    before = Complaint.objects.count()
    response = client.post(f"{BASE}/requests.{fmt}",
                           post_data(service_code=PLACE_CATEGORY, lat=lat, long=long))
    errors = assert_error_list(response, fmt, 400)
    assert any(e["description"].startswith(("lat:", "long:")) for e in errors)
    assert Complaint.objects.count() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_problem_is_its_own_entry_in_the_users_language(client: Client, fmt: str) -> None:
    response = client.post(f"{BASE}/requests.{fmt}",
                           post_data(description="pendek", email="bukan-surel",
                                     **{"attribute[kelurahan]": "99.99.99.9999"}))
    errors = assert_error_list(response, fmt, 400)
    fields = sorted(e["description"].split(":")[0] for e in errors)
    assert fields == ["attribute[kelurahan]", "description", "email"]
    english = client.post(f"{BASE}/requests.{fmt}", post_data(description="pendek"),
                          HTTP_ACCEPT_LANGUAGE="en")
    assert "at least 10 characters" in assert_error_list(english, fmt, 400)[0]["description"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("query", ["start_date=kemarin", "end_date=2026-13-45",
                                   "start_date=2026-05-02&end_date=2026-05-01",
                                   "status=pending"])
def test_bad_filters_are_400(client: Client, fmt: str, query: str) -> None:
    assert_error_list(client.get(f"{BASE}/requests.{fmt}?{query}"), fmt, 400)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_request_or_token_is_404(client: Client, fmt: str) -> None:
    assert_error_list(client.get(f"{BASE}/requests/ADU-1999-99999.{fmt}"), fmt, 404)
    assert_error_list(client.get(f"{BASE}/tokens/bukan-token.{fmt}"), fmt, 404)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("method", "path"), [
    ("put", "requests"), ("delete", "requests"), ("post", "services"), ("post", "discovery"),
    ("patch", "requests/ADU-2026-00001"), ("post", "tokens/abc"),
])
def test_a_wrong_method_is_405(client: Client, fmt: str, method: str, path: str) -> None:
    response = getattr(client, method)(f"{BASE}/{path}.{fmt}")
    assert_error_list(response, fmt, 405)
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("path", ["services.html", "services.csv", "discovery", "requests.",
                                  "", "nothing/here.json", "services/x/y.json"])
def test_unknown_paths_and_formats_are_404_lists(client: Client, path: str) -> None:
    response = client.get(f"{BASE}/{path}")
    assert_error_list(response, "json", 404)


def test_an_unknown_path_ending_in_xml_answers_in_xml(client: Client) -> None:
    assert_error_list(client.get(f"{BASE}/nothing.xml"), "xml", 404)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unexpected_error_is_a_500_list(client: Client, fmt: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from satupintu.open311 import represent, views

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "complaint_submit", boom)
    monkeypatch.setattr(represent, "categories", boom)
    client.raise_request_exception = False
    assert_error_list(client.post(f"{BASE}/requests.{fmt}", post_data()), fmt, 500)
    assert_error_list(client.get(f"{BASE}/services.{fmt}"), fmt, 500)


@pytest.mark.parametrize("fmt", FORMATS)
def test_posting_is_throttled_per_partner_app(client: Client, fmt: str, settings: Any) -> None:
    settings.SATUPINTU_OPEN311_RATE = "2/m"
    for _ in range(2):
        assert client.post(f"{BASE}/requests.{fmt}", post_data()).status_code == 200
    response = client.post(f"{BASE}/requests.{fmt}", post_data())
    assert_error_list(response, fmt, 429)
    assert int(response["Retry-After"]) >= 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_reading_is_throttled_per_client(client: Client, fmt: str, settings: Any) -> None:
    settings.SATUPINTU_OPEN311_READ_RATE = "3/m"
    for _ in range(3):
        assert client.get(f"{BASE}/services.{fmt}").status_code == 200
    assert_error_list(client.get(f"{BASE}/requests.{fmt}"), fmt, 429)
