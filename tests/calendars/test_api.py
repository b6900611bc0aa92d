"""`GET /api/v1/calendar/holidays` and `GET /api/v1/calendar/due-date` (public)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from satupintu.accounts.models import User
from satupintu.calendars import selectors, services
from satupintu.calendars.models import Holiday
from satupintu.tenants.models import Tenant
from tests.calendars.test_services import CUTI_BERSAMA_2026, NATIONAL_2026

pytestmark = pytest.mark.django_db

PGA = "pagaralam.localhost"


def _holidays(client: Client, year: Any, **extra: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/calendar/holidays", {"year": year}, **extra)
    assert response.status_code == 200, response.content
    body: list[dict[str, Any]] = response.json()
    return body


def test_the_holidays_of_2026_are_every_national_holiday_and_cuti_bersama(
    client: Client,
) -> None:
    items = _holidays(client, 2026)
    assert [(i["date"][5:], i["kind"]) for i in items] == sorted(
        [(d, "national") for d in NATIONAL_2026] + [(d, "cuti_bersama") for d in
                                                      CUTI_BERSAMA_2026])
    for item in items:
        assert set(item) == {"date", "name", "kind"}
        assert isinstance(item["name"], str)
        assert item["name"]
        assert dt.date.fromisoformat(item["date"]).year == 2026
    weekend = {i["date"] for i in items if dt.date.fromisoformat(i["date"]).weekday() >= 5}
    assert weekend == {"2026-03-21", "2026-03-22", "2026-04-05", "2026-05-31"}
    assert {"date": "2026-03-19", "name": "Hari Suci Nyepi", "kind": "national"} in items


def test_removed_days_are_left_out_and_regional_ones_listed(
    client: Client, administrator: User
) -> None:
    llg = Tenant.objects.get(code="llg")
    services.holiday_remove(holiday=Holiday.objects.get(tenant=llg, date=dt.date(2026, 3, 18)),
                            actor=administrator, reason="SKB revisi")
    services.holiday_add(tenant=llg, actor=administrator, date=dt.date(2026, 6, 20),
                         name="Hari Jadi Kota Lubuklinggau", reason="Perwal")
    items = _holidays(client, 2026)
    assert "2026-03-18" not in {i["date"] for i in items}
    assert {"date": "2026-06-20", "name": "Hari Jadi Kota Lubuklinggau",
            "kind": "regional"} in items
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)


def test_each_tenant_gets_its_own_calendar(client: Client, other_tenant_officer: User) -> None:
    pga = Tenant.objects.get(code="pga")
    services.holiday_add(tenant=pga, actor=other_tenant_officer, date=dt.date(2026, 3, 30),
                         name="Hari Jadi Kota Pagar Alam", reason="Perwal")
    assert "2026-03-30" in {i["date"] for i in _holidays(client, 2026, HTTP_HOST=PGA)}
    assert "2026-03-30" not in {i["date"] for i in _holidays(client, 2026)}
    query: dict[str, str | int] = {"start": "2026-03-17", "working_days": 5}
    assert client.get("/api/v1/calendar/due-date", query, HTTP_HOST=PGA).json()["due_date"] \
        == "2026-04-01"
    assert client.get("/api/v1/calendar/due-date", query).json()["due_date"] == "2026-03-31"


@pytest.mark.parametrize(("start", "n", "due"), [
    ("2026-03-17", 5, "2026-03-31"),
    ("2026-03-13", 3, "2026-03-25"),
    ("2026-05-13", 2, "2026-05-19"),
    ("2026-03-15", 3, "2026-03-25"),
    ("2026-03-17", 0, "2026-03-17"),
])
def test_the_due_date_follows_the_domain_examples(
    client: Client, start: str, n: int, due: str
) -> None:
    query: dict[str, str | int] = {"start": start, "working_days": n}
    response = client.get("/api/v1/calendar/due-date", query)
    assert response.status_code == 200
    assert response.json() == {"start": start, "working_days": n, "due_date": due}


def _error(response: Any) -> dict[str, Any]:
    assert response.status_code == 422, response.content
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "details"}
    assert isinstance(body["message"], str)
    assert body["message"]
    return body


@pytest.mark.parametrize("query", [
    {}, {"year": "abc"}, {"year": "1999"}, {"year": "2101"}, {"year": ""}, {"year": "2026.5"},
])
def test_a_bad_year_is_a_422(client: Client, query: dict[str, str]) -> None:
    assert _error(client.get("/api/v1/calendar/holidays", query))["code"] == "invalid"


def test_a_year_without_data_is_a_422_that_names_it(client: Client) -> None:
    body = _error(client.get("/api/v1/calendar/holidays", {"year": 2090}))
    assert body["code"] == "calendar_not_configured"
    assert body["details"] == {"year": 2090}
    assert "2090" in body["message"]


@pytest.mark.parametrize("query", [
    {},
    {"start": "2026-03-17"},
    {"working_days": "5"},
    {"start": "2026-02-30", "working_days": "5"},
    {"start": "17-03-2026", "working_days": "5"},
    {"start": "2026-03-17", "working_days": "-1"},
    {"start": "2026-03-17", "working_days": "5.5"},
    {"start": "2026-03-17", "working_days": "999999999999"},
    {"start": "2026-03-17", "working_days": "lima"},
])
def test_bad_due_date_input_is_a_422(client: Client, query: dict[str, str]) -> None:
    body = _error(client.get("/api/v1/calendar/due-date", query))
    assert body["code"] == "invalid"
    assert body["details"]


@pytest.mark.parametrize(("start", "n", "year"), [
    ("2019-12-31", 1, 2019),
    ("2090-01-02", 1, 2090),
    ("{last}-12-20", 30, "{next}"),  # a due date past the last year with data
])
def test_a_due_date_outside_the_calendar_is_a_422_that_names_the_year(
    client: Client, start: str, n: int, year: int | str
) -> None:
    last = selectors.calendar_years(Tenant.objects.get(code="llg"))[-1]
    start = start.format(last=last)
    year = int(str(year).format(next=last + 1))
    query: dict[str, str | int] = {"start": start, "working_days": n}
    body = _error(client.get("/api/v1/calendar/due-date", query))
    assert body["code"] == "calendar_not_configured"
    assert body["details"] == {"year": year}


def test_the_messages_are_translated(client: Client) -> None:
    response = client.get("/api/v1/calendar/holidays", {"year": 2090},
                          HTTP_ACCEPT_LANGUAGE="id")
    assert "kalender hari kerja" in response.json()["message"]


def test_openapi_declares_every_response(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/calendar/holidays", "/api/v1/calendar/due-date"):
        responses = paths[path]["get"]["responses"]
        assert set(responses) == {"200", "422"}, path
    params = {p["name"] for p in paths["/api/v1/calendar/due-date"]["get"]["parameters"]}
    assert params == {"start", "working_days"}
