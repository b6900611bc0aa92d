"""Who sees which part of the dashboard (`monitoring.scope.dashboard_scope`)."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.accounts import services as accounts
from satupintu.accounts.models import Delegation, Role, User, UserKind
from satupintu.monitoring.scope import dashboard_scope
from satupintu.tenants.models import Agency
from tests.monitoring.builders import llg

pytestmark = pytest.mark.django_db


def agency_ids(*codes: str) -> frozenset[int]:
    return frozenset(Agency.objects.filter(tenant=llg(), code__in=codes)
                     .values_list("pk", flat=True))


def officer(username: str, agency: str, role: Role) -> User:
    user = accounts.user_create(tenant=llg(), actor=None, username=username,
                                kind=UserKind.OFFICER, password="Monitor-Pass-2026",
                                full_name=username)
    accounts.membership_grant(user=user, agency=Agency.objects.get(tenant=llg(), code=agency),
                              role=role, actor=None)
    return user


@pytest.mark.parametrize("username", ["admin.llg", "auditor", "kadis"])
def test_administrators_auditors_and_the_head_of_dpmptsp_see_every_agency(
        username: str) -> None:
    scope = dashboard_scope(User.objects.get(username=username))
    assert scope is not None
    assert scope.tenant.code == "llg"
    assert scope.is_region_wide


def test_the_inspectorate_and_the_mayors_office_see_every_agency() -> None:
    # Agencies of general administration: the inspectorate (demo) and a mayor's office.
    from satupintu.tenants import services as tenants

    tenants.agency_ensure(tenant=llg(), actor=None, code="SETDA", name="Sekretariat Daerah",
                          name_en="Mayor's office", short_name="Setda", sector="general")
    for user in (officer("kepala.inspektorat", "INSPEKTORAT", Role.HEAD),
                 officer("sekda", "SETDA", Role.HEAD)):
        scope = dashboard_scope(user)
        assert scope is not None
        assert scope.is_region_wide


def test_a_head_of_a_technical_agency_sees_their_agency() -> None:
    scope = dashboard_scope(User.objects.get(username="kepala.dinkes"))
    assert scope is not None
    assert scope.agency_ids == agency_ids("DINKES")


def test_a_plh_head_sees_what_the_head_sees() -> None:
    stand_in = User.objects.get(username="teknis.dinkes")
    assert dashboard_scope(stand_in) is None
    today = dt.date.today()
    Delegation.objects.create(
        tenant=llg(), principal=User.objects.get(username="kepala.dinkes"),
        substitute=stand_in, agency=Agency.objects.get(tenant=llg(), code="DINKES"),
        role=Role.HEAD, kind="plh", starts_on=today - dt.timedelta(days=2),
        ends_on=today + dt.timedelta(days=2), reason="Cuti")
    scope = dashboard_scope(stand_in)
    assert scope is not None
    assert scope.agency_ids == agency_ids("DINKES")


@pytest.mark.parametrize("username", ["pemohon", "petugas.fo", "verifikator", "teknis.pupr",
                                      "bendahara", "pengaduan"])
def test_applicants_and_officers_without_a_leaders_role_see_no_dashboard(
        username: str) -> None:
    assert dashboard_scope(User.objects.get(username=username)) is None


def test_nobody_sees_another_region() -> None:
    scope = dashboard_scope(User.objects.get(username="admin.pga"))
    assert scope is not None
    assert scope.tenant.code == "pga"
    assert dashboard_scope(None) is None


def test_an_inactive_role_gives_no_dashboard() -> None:
    user = User.objects.get(username="kepala.pupr")
    user.memberships.update(is_active=False)
    assert dashboard_scope(user) is None
