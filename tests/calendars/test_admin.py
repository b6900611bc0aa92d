"""The calendar in the administration site: administrators only, changes through services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.calendars import selectors
from satupintu.calendars.models import CalendarYear, Holiday
from satupintu.tenants.models import Tenant

pytestmark = pytest.mark.django_db

LIST = "/admin/calendars/holiday/"
YEARS = "/admin/calendars/calendaryear/"


@pytest.fixture
def admin_client(login: Any, administrator: User) -> Client:
    client: Client = login(administrator)
    return client


def _holiday(date: dt.date, tenant: str = "llg") -> Holiday:
    return Holiday.objects.get(tenant__code=tenant, date=date)


@pytest.mark.parametrize("url", [LIST, YEARS, f"{LIST}add/"])
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


@pytest.mark.parametrize("persona", ["applicant", "clerk", "reviewer_other_agency"])
@pytest.mark.parametrize("url", [LIST, YEARS, f"{LIST}add/"])
def test_only_administrators_may_open_the_calendar(
    login: Any, request: pytest.FixtureRequest, persona: str, url: str
) -> None:
    client: Client = login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 403


def test_the_administrator_lists_the_days_off_by_year_and_kind(admin_client: Client) -> None:
    response = admin_client.get(LIST, {"year": "2026", "kind__exact": "cuti_bersama"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cuti Bersama Hari Suci Nyepi" in html
    assert 'field-name">Hari Suci Nyepi<' not in html
    assert "2027" in html  # the year filter offers every year with data
    assert admin_client.get(YEARS).status_code == 200


def test_an_administrator_of_another_tenant_sees_only_their_own_days(
    login: Any, other_tenant_officer: User
) -> None:
    client: Client = login(other_tenant_officer)
    llg_day = _holiday(dt.date(2026, 8, 17))
    assert client.get(LIST).status_code == 403  # on the demo tenant's host
    own = client.get(LIST, {"year": "2026"}, HTTP_HOST="pagaralam.localhost")
    assert own.status_code == 200
    assert f"/{llg_day.pk}/change/" not in own.content.decode()
    assert client.get(f"{LIST}{llg_day.pk}/change/",
                      HTTP_HOST="pagaralam.localhost").status_code in {302, 404}


def test_adding_a_regional_day_off_goes_through_the_service(
    admin_client: Client, administrator: User
) -> None:
    response = admin_client.post(f"{LIST}add/", {
        "date": "2026-06-20", "name": "Hari Jadi Kota Lubuklinggau", "kind": "regional",
        "reason": "Perwal 5/2026"})
    assert response.status_code == 302, response.content.decode()[:3000]
    added = _holiday(dt.date(2026, 6, 20))
    assert (added.kind, added.source, added.changed_by) == ("regional", "manual", administrator)
    assert AuditRecord.objects.filter(action="calendar.holiday_add",
                                      object_id=str(added.pk)).exists()
    page = admin_client.get(LIST, {"year": "2026"}).content.decode()
    assert "Hari Jadi Kota Lubuklinggau" in page
    assert administrator.username in page  # who changed it is shown


def test_adding_needs_a_reason(admin_client: Client) -> None:
    response = admin_client.post(f"{LIST}add/", {
        "date": "2026-06-20", "name": "Libur", "kind": "regional", "reason": ""})
    assert response.status_code == 200  # the form again, with the error
    assert not Holiday.objects.filter(tenant__code="llg", date=dt.date(2026, 6, 20)).exists()


def test_a_duplicate_is_refused_with_a_message(admin_client: Client) -> None:
    response = admin_client.post(f"{LIST}add/", {
        "date": "2026-08-17", "name": "Hari Kemerdekaan Republik Indonesia",
        "kind": "national", "reason": "dua kali"}, follow=True)
    assert response.status_code == 200
    assert Holiday.objects.filter(tenant__code="llg", date=dt.date(2026, 8, 17)).count() == 1
    assert "sudah ada" in response.content.decode() or "already" in response.content.decode()


def test_removing_and_restoring_a_day_needs_a_reason(
    admin_client: Client, administrator: User
) -> None:
    day = _holiday(dt.date(2026, 3, 18))
    url = f"{LIST}{day.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="date"' not in page.content.decode()  # only "day off" and the reason change

    admin_client.post(url, {"reason": ""}, follow=True)
    assert _holiday(dt.date(2026, 3, 18)).is_day_off

    response = admin_client.post(url, {"reason": "SKB 3 Menteri revisi"})
    assert response.status_code == 302
    removed = _holiday(dt.date(2026, 3, 18))
    assert not removed.is_day_off
    assert (removed.reason, removed.changed_by) == ("SKB 3 Menteri revisi", administrator)
    llg = Tenant.objects.get(code="llg")
    assert selectors.working_calendar(llg).is_working_day(dt.date(2026, 3, 18))

    response = admin_client.post(url, {"is_day_off": "on", "reason": "keliru"})
    assert response.status_code == 302
    assert _holiday(dt.date(2026, 3, 18)).is_day_off
    assert AuditRecord.objects.filter(tenant=llg, action="calendar.holiday_restore",
                                      reason="keliru").exists()


def test_days_are_never_deleted(admin_client: Client) -> None:
    day = _holiday(dt.date(2026, 3, 18))
    assert admin_client.get(f"{LIST}{day.pk}/delete/").status_code == 403
    assert Holiday.objects.filter(pk=day.pk).exists()


def test_adding_a_year_seeds_it(admin_client: Client) -> None:
    response = admin_client.post(f"{YEARS}add/", {"year": "2033"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert CalendarYear.objects.filter(tenant__code="llg", year=2033).exists()
    assert _holiday(dt.date(2033, 8, 17)).kind == "national"
    again = admin_client.post(f"{YEARS}add/", {"year": "2033"}, follow=True)
    assert again.status_code == 200
    assert CalendarYear.objects.filter(tenant__code="llg", year=2033).count() == 1
