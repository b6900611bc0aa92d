"""Lookups are limited per client, for the page and the API together."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from satupintu.applications.models import Application
from satupintu.tracking.throttle import Rate, client_ident, parse_rate
from tests.tracking.conftest import api_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_per_minute(settings: Any) -> None:
    settings.SATUPINTU_TRACKING_RATE = "3/m"


@pytest.mark.usefixtures("three_per_minute")
def test_the_api_answers_429_after_the_limit(client: Client, submitted: Application) -> None:
    for _ in range(3):
        assert client.get(api_url("LLG-2026-999999", "ZZZZZZ")).status_code == 404
    response = client.get(api_url(submitted.tracking_number or "", submitted.pin))
    assert response.status_code == 429
    assert response.json() == {
        "code": "throttled", "details": None,
        "message": "Terlalu banyak permintaan. Tunggu sebentar, lalu coba lagi."}
    assert 1 <= int(response["Retry-After"]) <= 60


@pytest.mark.usefixtures("three_per_minute")
def test_the_page_and_the_api_share_one_budget(client: Client) -> None:
    for _ in range(2):
        client.get(api_url("LLG-2026-999999", "ZZZZZZ"))
    assert client.post("/lacak/", {"nomor": "LLG-2026-999999", "pin": "ZZZZZZ"}).status_code \
        == 404
    assert client.post("/lacak/", {"nomor": "LLG-2026-999999", "pin": "ZZZZZZ"}).status_code \
        == 429
    assert client.get(api_url("LLG-2026-999999", "ZZZZZZ")).status_code == 429


@pytest.mark.usefixtures("three_per_minute")
def test_each_client_has_its_own_budget_and_cannot_forge_another(client: Client) -> None:
    for n in range(4):
        # A forged X-Forwarded-For changes nothing without trusted proxies.
        client.get(api_url("LLG-2026-999999", "ZZZZZZ"), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert client.get(api_url("LLG-2026-999999", "ZZZZZZ")).status_code == 429
    other = client.get(api_url("LLG-2026-999999", "ZZZZZZ"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 404


def test_the_budget_is_fresh_in_every_test(client: Client) -> None:
    # The autouse fixture empties the cache: earlier tests' lookups do not count here.
    assert client.get(api_url("LLG-2026-999999", "ZZZZZZ")).status_code == 404


def test_behind_trusted_proxies_the_nearest_ones_address_counts(settings: Any) -> None:
    settings.NINJA_NUM_PROXIES = 1
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4",
                                   REMOTE_ADDR="127.0.0.1")
    assert client_ident(request) == "198.51.100.4"


def test_an_ipv6_client_is_its_64_network() -> None:
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    two = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::9")
    assert client_ident(one) == client_ident(two) == "2001:db8:1:2::"
    mapped = RequestFactory().get("/", REMOTE_ADDR="::ffff:192.0.2.1")
    assert client_ident(mapped) == "192.0.2.1"


def test_rates_are_read_and_bad_ones_refused() -> None:
    assert parse_rate("30/m") == Rate(30, 60)
    assert parse_rate("5/10s") == Rate(5, 10)
    assert parse_rate("1000/h") == Rate(1000, 3600)
    for bad in ["", "30", "0/m", "x/m", "30/w", "-1/m"]:
        with pytest.raises(ImproperlyConfigured):
            parse_rate(bad)
