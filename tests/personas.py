"""The people tests act as (STYLE.md: tests by behaviour with personas)."""

from __future__ import annotations

from satupintu.accounts import services as accounts
from satupintu.accounts.models import Role, User, UserKind
from satupintu.tenants import services as tenants
from satupintu.tenants.models import Tenant
from satupintu.tenants.selectors import one_stop_agency

OTHER_TENANT_CODE = "pga"
PASSWORD = "Persona-Pass-2026"

# persona name → demo user name (the demo tenant) or an account of the other tenant.
DEMO_USERS = {
    "applicant": "pemohon",
    "clerk": "petugas.fo",
    "reviewer_other_agency": "teknis.pupr",
    "administrator": "admin.llg",
}


def ensure_other_tenant() -> Tenant:
    """Kota Pagar Alam, a second tenant with an administrator, for isolation tests."""
    tenant = Tenant.objects.filter(code=OTHER_TENANT_CODE).first()
    if tenant is None:
        tenant = tenants.tenant_create(
            actor=None, code=OTHER_TENANT_CODE, name="Kota Pagar Alam", region_code="16.72",
            province="Sumatera Selatan", domains=["pagaralam.localhost"],
        )
    if not User.objects.filter(username="admin.pga").exists():
        officer = accounts.user_create(
            tenant=tenant, actor=None, username="admin.pga", kind=UserKind.OFFICER,
            password=PASSWORD, full_name="Admin Pagar Alam",
        )
        accounts.membership_grant(user=officer, agency=one_stop_agency(tenant=tenant),
                                  role=Role.ADMINISTRATOR, actor=None)
    return tenant


def persona(name: str) -> User:
    if name == "other_tenant_officer":
        return User.objects.get(username="admin.pga")
    return User.objects.get(username=DEMO_USERS[name])
