"""The Kota Lubuklinggau demo that `make run` loads."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from satupintu.accounts.models import Membership, Role, User, UserKind
from satupintu.catalog.models import Category, Service, StandardStatus
from satupintu.demo.loader import load_demo
from satupintu.tenants.models import Agency, Tenant

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, object]:
    return {
        "services": sorted(Service.objects.values_list("code", "updated_at")),
        "users": User.objects.count(),
        "memberships": sorted(Membership.objects.values_list("pk", "updated_at")),
        "agencies": sorted(Agency.objects.values_list("pk", "updated_at")),
        "tenants": sorted(Tenant.objects.values_list("pk", "updated_at")),
    }


def test_loading_the_demo_twice_changes_nothing() -> None:
    before = _snapshot()
    report = load_demo()
    assert not report.changed
    assert _snapshot() == before
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "nothing changed" in out.getvalue()


def test_the_demo_has_the_agencies_services_and_people_the_issue_asks_for() -> None:
    llg = Tenant.objects.get(code="llg")
    assert Agency.objects.filter(tenant=llg, is_one_stop=True).count() == 1
    assert Agency.objects.filter(tenant=llg, is_one_stop=False).count() >= 6
    services = Service.objects.filter(tenant=llg)
    assert services.count() >= 15
    assert all(s.is_demo for s in services)
    assert {Category.PERIZINAN, Category.NON_PERIZINAN} <= set(
        services.values_list("category", flat=True))
    assert all(s.standards.filter(status=StandardStatus.PUBLISHED).exists() for s in services)
    held = set(Membership.objects.filter(tenant=llg, is_active=True)
               .values_list("role", flat=True))
    assert held == set(Role.values)
    assert User.objects.filter(tenant=llg, kind=UserKind.APPLICANT, is_demo=True).exists()


def test_load_demo_prints_the_logins() -> None:
    out = StringIO()
    call_command("load_demo", "--print-logins", stdout=out)
    text = out.getvalue()
    for username in ["pemohon", "petugas.fo", "kadis", "admin.llg"]:
        assert username in text


def test_the_demo_passwords_work(client: object) -> None:
    from django.test import Client

    from satupintu.demo.lubuklinggau import DEMO_PASSWORD

    assert isinstance(client, Client)
    response = client.post("/masuk/", {"username": "admin.llg", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    # Officers then give the code `manage.py demo_otp` prints.
    out = StringIO()
    call_command("demo_otp", "admin.llg", stdout=out)
    code = out.getvalue().split()[1]
    assert client.post("/masuk/kode/", {"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
