"""Service functions check permission first: only the tenant's administrators (or platform
superusers, or the system itself with `actor=None`) change the catalog, the organisation and
accounts; anyone else is refused and nothing changes, not even the audit record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from satupintu.accounts import services as accounts
from satupintu.accounts.models import Membership, Role, User, UserKind
from satupintu.audit.models import AuditRecord
from satupintu.catalog import services as catalog
from satupintu.catalog.models import Requirement, Service, ServiceStandard, StandardStatus
from satupintu.core.errors import DomainError, PermissionDenied
from satupintu.tenants import services as tenants
from satupintu.tenants.models import Agency, Kecamatan, Tenant, TenantDomain

pytestmark = pytest.mark.django_db

Act = Callable[[User | None], Any]
Snapshot = Callable[[], Any]


def _llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def _sia() -> Service:
    return Service.objects.get(tenant__code="llg", code="SIA")


def _draft() -> ServiceStandard:
    """A draft version of SIA, written by the system."""
    sia = _sia()
    draft = sia.standards.filter(status=StandardStatus.DRAFT).first()
    return draft or catalog.standard_create(
        service=sia, actor=None, effective_from=dt.date(2030, 1, 1),
        copy_from=sia.standards.filter(status=StandardStatus.PUBLISHED).first())


def _cases() -> dict[str, tuple[Act, Snapshot]]:
    """name → (the act, given an actor; what must stay the same when it is refused)."""
    def standards() -> list[tuple[int, str]]:
        return list(_sia().standards.values_list("version", "status"))

    def draft_variant() -> Any:
        return _draft().variants.get(kind="new")

    return {
        "service_create": (
            lambda a: catalog.service_create(
                tenant=_llg(), actor=a, code="BARU", name="Layanan baru", category="perizinan",
                sector="health", lead_agency=Agency.objects.get(tenant__code="llg",
                                                                code="DINKES")),
            lambda: Service.objects.filter(code="BARU").exists()),
        "service_update": (lambda a: catalog.service_update(service=_sia(), actor=a,
                                                            name="Diubah"),
                           lambda: _sia().name),
        "service_delete": (lambda a: catalog.service_delete(service=_sia(), actor=a),
                           lambda: _sia().pk),
        "standard_create": (lambda a: catalog.standard_create(
            service=_sia(), actor=a, effective_from=dt.date(2031, 1, 1)), standards),
        "standard_publish": (lambda a: catalog.standard_publish(standard=_draft(), actor=a),
                             standards),
        "standard_delete": (lambda a: catalog.standard_delete(standard=_draft(), actor=a),
                            standards),
        "variant_update": (lambda a: catalog.variant_update(
            variant=draft_variant(), actor=a, service_time_limit_days=1),
            lambda: draft_variant().service_time_limit_days),
        "requirement_create": (lambda a: catalog.requirement_create(
            variant=draft_variant(), actor=a, code="BARU", position=99, name="Data baru",
            kind="data", data_type="text"),
            lambda: Requirement.objects.filter(code="BARU").exists()),
        "requirement_delete": (lambda a: catalog.requirement_delete(
            requirement=draft_variant().requirements.first(), actor=a),
            lambda: draft_variant().requirements.count()),
        "tenant_create": (lambda a: tenants.tenant_create(
            actor=a, code="plg", name="Kota Palembang", region_code="16.71"),
            lambda: Tenant.objects.filter(code="plg").exists()),
        "tenant_update": (lambda a: tenants.tenant_update(tenant=_llg(), actor=a, name="X"),
                          lambda: _llg().name),
        "tenant_domain_add": (lambda a: tenants.tenant_domain_add(
            tenant=_llg(), actor=a, host="evil.example"),
            lambda: TenantDomain.objects.filter(host="evil.example").exists()),
        "agency_create": (lambda a: tenants.agency_create(
            tenant=_llg(), actor=a, code="BARU", name="Dinas Baru", sector="health"),
            lambda: Agency.objects.filter(code="BARU").exists()),
        "agency_update": (lambda a: tenants.agency_update(
            agency=Agency.objects.get(tenant__code="llg", code="DINKES"), actor=a,
            is_active=False),
            lambda: Agency.objects.get(tenant__code="llg", code="DINKES").is_active),
        "regions_ensure": (lambda a: tenants.regions_ensure(
            tenant=_llg(), actor=a, regions=[("16.73.99", "Kecamatan Palsu", [])]),
            lambda: Kecamatan.objects.filter(code="16.73.99").exists()),
        "user_create": (lambda a: accounts.user_create(
            tenant=_llg(), actor=a, username="penyusup", kind=UserKind.OFFICER,
            password="Penyusup-Pass-2026"),
            lambda: User.objects.filter(username="penyusup").exists()),
        "user_update": (lambda a: accounts.user_update(
            user=User.objects.get(username="pemohon"), actor=a, is_active=False),
            lambda: User.objects.get(username="pemohon").is_active),
        "membership_grant": (lambda a: accounts.membership_grant(
            user=User.objects.get(username="petugas.fo"),
            agency=Agency.objects.get(tenant__code="llg", code="DPMPTSP"),
            role=Role.ADMINISTRATOR, actor=a),
            lambda: Membership.objects.filter(user__username="petugas.fo",
                                              role=Role.ADMINISTRATOR).exists()),
        "membership_revoke": (lambda a: accounts.membership_revoke(
            membership=Membership.objects.filter(user__username="admin.llg")[0],
            actor=a),
            lambda: list(Membership.objects.filter(user__username="admin.llg")
                         .values_list("is_active", flat=True))),
    }


CASES = sorted(_cases())


@pytest.mark.parametrize("persona", ["applicant", "clerk", "reviewer_other_agency",
                                     "other_tenant_officer"])
@pytest.mark.parametrize("case", CASES)
def test_a_non_administrator_is_refused_and_nothing_changes(
    case: str, persona: str, request: pytest.FixtureRequest
) -> None:
    actor: User = request.getfixturevalue(persona)
    act, snapshot = _cases()[case]
    _draft()  # exists before, so the snapshot sees it
    before, audit = snapshot(), AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        act(actor)
    assert snapshot() == before
    assert AuditRecord.objects.count() == audit


@pytest.mark.parametrize("case", [c for c in CASES if c != "tenant_create"])
def test_the_tenants_administrator_may(case: str, administrator: User) -> None:
    act, snapshot = _cases()[case]
    _draft()
    before = snapshot()
    try:
        act(administrator)
    except PermissionDenied:
        pytest.fail(f"{case} refused the administrator")
    except DomainError:
        return  # a business rule may refuse (SIA is published); permission did not
    assert snapshot() != before


def test_only_a_platform_superuser_creates_a_tenant(administrator: User) -> None:
    with pytest.raises(PermissionDenied):
        tenants.tenant_create(actor=administrator, code="plg", name="Kota Palembang",
                              region_code="16.71")
    root = accounts.user_create(tenant=None, actor=None, username="root",
                                kind=UserKind.OFFICER, password="Root-Pass-2026-x",
                                is_superuser=True)
    tenant = tenants.tenant_create(actor=root, code="plg", name="Kota Palembang",
                                   region_code="16.71")
    assert tenant.code == "plg"


def test_an_inactive_administrator_is_refused(administrator: User) -> None:
    User.objects.filter(pk=administrator.pk).update(is_active=False)
    administrator.refresh_from_db()
    with pytest.raises(PermissionDenied):
        catalog.service_update(service=_sia(), actor=administrator, name="Diubah")
