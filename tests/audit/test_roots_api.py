"""`GET /api/v1/audit/roots`: the published daily roots, their contract and bad ranges."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from satupintu.audit.models import AuditChainHead, AuditDailyRoot
from satupintu.audit.roots import store_closed_days
from satupintu.calendars.selectors import local_date
from satupintu.tenants.models import Tenant

pytestmark = pytest.mark.django_db
URL = "/api/v1/audit/roots"


@pytest.fixture
def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def test_it_lists_stored_roots_and_todays_provisional_head(client: Client, llg: Tenant) -> None:
    today = local_date(llg)
    store_closed_days(llg, today=today + dt.timedelta(days=1))
    stored = AuditDailyRoot.objects.get(tenant=llg, date=today)
    # A record after the stored root: today's provisional root is the head.
    from django.db import transaction

    from satupintu.audit.services import record
    with transaction.atomic():
        record(tenant=llg, actor=None, action="test.after_root", object_type="test")
    day = today.isoformat()
    response = client.get(URL, {"from": day, "to": day})
    assert response.status_code == 200
    body = response.json()
    assert {"date": day, "tenant": "llg", "root_hash": stored.root_hash,
            "provisional": False} in body
    head = AuditChainHead.objects.get(tenant=llg)
    assert {"date": day, "tenant": "llg", "root_hash": head.hash, "provisional": True} in body
    assert "public" in response["Cache-Control"]


def test_days_outside_the_range_are_left_out(client: Client, llg: Tenant) -> None:
    today = local_date(llg)
    store_closed_days(llg, today=today + dt.timedelta(days=1))
    earlier = (today - dt.timedelta(days=400)).isoformat()
    response = client.get(URL, {"from": earlier, "to": earlier})
    assert response.status_code == 200
    assert response.json() == []


def test_another_regions_roots_are_not_listed(client: Client, llg: Tenant) -> None:
    today = local_date(llg).isoformat()
    body = client.get(URL, {"from": today, "to": today},
                      HTTP_HOST="pagaralam.localhost").json()
    assert all(entry["tenant"] == "pga" for entry in body)
    assert not any(entry["root_hash"] == AuditChainHead.objects.get(tenant=llg).hash
                   for entry in body)


@pytest.mark.parametrize(("start", "end", "field", "code"), [
    ("2026-02-01", "2026-01-01", "from", "reversed_range"),
    ("1999-12-31", "2026-01-01", "from", "date_out_of_range"),
    ("2026-01-01", "2101-01-01", "to", "date_out_of_range"),
    ("2000-01-01", "2026-01-01", "to", "range_too_long"),     # more than 20 years
    ("2026-13-01", "2026-12-31", "from", "bad_date"),
    ("", "2026-12-31", "from", "bad_date"),                   # missing
])
def test_a_bad_range_is_refused_with_the_error_body(client: Client, start: str, end: str,
                                                    field: str, code: str) -> None:
    response = client.get(URL, {"from": start, "to": end})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code
    assert field in body["details"]
    assert body["message"]


def test_twenty_years_exactly_is_allowed(client: Client) -> None:
    assert client.get(URL, {"from": "2006-01-01", "to": "2026-01-01"}).status_code == 200


def test_the_status_codes_are_declared_in_openapi(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert set(spec["paths"][URL]["get"]["responses"]) >= {"200", "422"}
