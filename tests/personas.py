"""The people tests act as (STYLE.md: tests by behaviour with personas)."""

from __future__ import annotations

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def sign_in(client: Client, user: User) -> Client:
    """`client` signed in as `user`, as after the sign-in page: officers with their second
    factor (a device is set up for one who has none)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    if user.kind == UserKind.OFFICER:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = second_factor_device(user).persistent_id
        session.save()
    return client


def second_factor_device(user: User) -> TOTPDevice:
    """The officer's authenticator device, set up with a random key if they have none."""
    from satupintu.accounts.second_factor import new_totp_key, officer_second_factor_install

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = officer_second_factor_install(user=user, actor=None, key_hex=new_totp_key(),
                                               backup_codes=[])
    return device


def api_token(user: User) -> str:
    """A bearer token for `user` (officers' carrying their second factor)."""
    from satupintu.accounts.tokens import api_token_issue

    device = second_factor_device(user) if user.kind == UserKind.OFFICER else None
    return api_token_issue(user=user, otp_device=device).raw
