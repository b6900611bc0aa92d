"""Officers sign in with a password and a second factor (django-otp TOTP)."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.accounts import services
from satupintu.accounts.models import ApiToken, Role, User, UserKind
from satupintu.accounts.second_factor import officer_second_factor_reset
from satupintu.audit.models import AuditRecord
from satupintu.core.errors import PermissionDenied
from satupintu.demo.lubuklinggau import DEMO_PASSWORD, OFFICERS
from satupintu.demo.second_factor import demo_backup_codes
from satupintu.tenants.selectors import one_stop_agency
from tests.accounts.conftest import otp_code
from tests.personas import api_token

pytestmark = pytest.mark.django_db


def _password(client: Client, username: str, password: str = DEMO_PASSWORD,
              **extra: Any) -> Any:
    return client.post("/masuk/", {"username": username, "password": password}, **extra)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _demo_otp(username: str) -> str:
    out = StringIO()
    call_command("demo_otp", username, stdout=out)
    match = re.match(rf"{re.escape(username)}\s+(\d{{6}})\s", out.getvalue())
    assert match, out.getvalue()
    return match.group(1)


def test_the_password_alone_does_not_sign_an_officer_in(client: Client) -> None:
    response = _password(client, "petugas.fo")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/kode/"
    assert not _signed_in(client)
    page = client.get("/masuk/kode/")
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("username", [row[0] for row in OFFICERS])
def test_every_demo_officer_signs_in_with_the_code_demo_otp_prints(
    client: Client, username: str
) -> None:
    _password(client, username)
    response = client.post("/masuk/kode/", {"code": _demo_otp(username)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in(client)


def test_the_administrator_reaches_the_admin_after_the_code(client: Client) -> None:
    client.post("/masuk/?next=/admin/", {"username": "admin.llg", "password": DEMO_PASSWORD,
                                         "next": "/admin/"})
    response = client.post("/masuk/kode/", {"code": _demo_otp("admin.llg")})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_the_officer_stays_signed_out(client: Client) -> None:
    _password(client, "petugas.fo")
    right = _demo_otp("petugas.fo")
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post("/masuk/kode/", {"code": wrong})
    assert response.status_code == 200
    assert "Kode ini tidak benar" in response.content.decode()
    assert not _signed_in(client)
    assert client.post("/masuk/kode/", {"code": right}).status_code == 302
    assert _signed_in(client)


def test_a_code_is_accepted_only_once(client: Client) -> None:
    _password(client, "petugas.fo")
    code = _demo_otp("petugas.fo")
    client.post("/masuk/kode/", {"code": code})
    client.post("/keluar/")
    _password(client, "petugas.fo")
    assert client.post("/masuk/kode/", {"code": code}).status_code == 200
    assert not _signed_in(client)


def test_a_backup_code_works_once(client: Client) -> None:
    backup = demo_backup_codes("kabid")[0]
    _password(client, "kabid")
    assert client.post("/masuk/kode/", {"code": backup.upper()}).status_code == 302
    client.post("/keluar/")
    _password(client, "kabid")
    assert client.post("/masuk/kode/", {"code": backup}).status_code == 200
    assert not _signed_in(client)


def test_five_wrong_codes_lock_the_account_out(client: Client) -> None:
    _password(client, "verifikator")
    for _attempt in range(4):
        assert client.post("/masuk/kode/", {"code": "000000"}).status_code == 200
    fifth = client.post("/masuk/kode/", {"code": "000000"})
    assert fifth.status_code == 429
    assert "Akun dikunci sementara" in fifth.content.decode()
    # Locked: the password is refused, and so is the right code.
    assert _password(client, "verifikator").status_code == 429
    assert not _signed_in(client)


def test_applicants_need_no_second_factor(client: Client) -> None:
    response = _password(client, "pemohon")
    assert response["Location"] == "/"
    assert _signed_in(client)


def test_the_code_step_without_a_password_sends_to_sign_in(client: Client) -> None:
    assert client.get("/masuk/kode/")["Location"] == "/masuk/"
    assert client.post("/masuk/kode/", {"code": "123456"})["Location"] == "/masuk/"


def test_a_session_without_the_second_factor_is_sent_to_the_code_step(
    client: Client, administrator: User
) -> None:
    client.force_login(administrator)  # e.g. a session begun before the factor was required
    response = client.get("/admin/")
    assert response.status_code == 302
    step = client.get(response["Location"])
    assert step.status_code == 302
    assert step["Location"].startswith("/masuk/kode/")
    done = client.post(step["Location"], {"code": _demo_otp("admin.llg")})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- enrolment --------------------------------------------------------------------------------
@pytest.fixture
def new_officer(db: None) -> User:
    from satupintu.tenants.models import Tenant

    llg = Tenant.objects.get(code="llg")
    officer = services.user_create(tenant=llg, actor=None, username="petugas.baru",
                                   kind=UserKind.OFFICER, password=DEMO_PASSWORD,
                                   full_name="Petugas Baru")
    services.membership_grant(user=officer, agency=one_stop_agency(tenant=llg),
                              role=Role.FRONT_OFFICE, actor=None)
    return officer


def _code_for_secret(html: str) -> str:
    import base64
    import time

    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', html)
    assert secret, html
    text = secret.group(1).replace(" ", "")
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_an_officer_without_a_device_enrols_on_first_sign_in(
    client: Client, new_officer: User
) -> None:
    response = _password(client, "petugas.baru")
    assert response["Location"] == "/masuk/aktifkan-2fa/"
    page = client.get("/masuk/aktifkan-2fa/")
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # drawn here, no outside service
    assert "style=" not in html.split("<main", 1)[1]
    assert not _signed_in(client)
    assert client.post("/masuk/aktifkan-2fa/", {"code": "000000"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=new_officer).exists()
    done = client.post("/masuk/aktifkan-2fa/", {"code": _code_for_secret(html)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]{8})</code></li>", done.content.decode())
    assert len(codes) == 8
    assert _signed_in(client)
    assert TOTPDevice.objects.get(user=new_officer).confirmed
    entry = AuditRecord.objects.filter(action="officer.second_factor_enrol").latest("seq")
    assert entry.object_id == str(new_officer.pk)
    # Next time: the code step, where a backup code also works.
    client.post("/keluar/")
    assert _password(client, "petugas.baru")["Location"] == "/masuk/kode/"
    assert client.post("/masuk/kode/", {"code": codes[0]}).status_code == 302


def test_the_enrolment_key_stays_the_same_while_the_page_is_reloaded(
    client: Client, new_officer: User
) -> None:
    _password(client, "petugas.baru")
    first = client.get("/masuk/aktifkan-2fa/").content.decode()
    second = client.get("/masuk/aktifkan-2fa/").content.decode()
    secret = re.compile(r'<code class="otp-secret">([A-Z2-7 ]+)</code>')
    assert secret.findall(first) == secret.findall(second)


def test_an_enrolled_officer_cannot_enrol_again(client: Client) -> None:
    _password(client, "petugas.fo")
    assert client.get("/masuk/aktifkan-2fa/")["Location"] == "/masuk/kode/"


# --- reset by the administrator ---------------------------------------------------------------
def test_the_administrator_resets_a_lost_second_factor(login: Any, administrator: User) -> None:
    officer = User.objects.get(username="teknis.pupr")
    token = api_token(officer)
    admin_client: Client = login(administrator)
    response = admin_client.post("/admin/accounts/user/", {
        "action": "reset_second_factor", "_selected_action": [officer.pk]}, follow=True)
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    assert ApiToken.objects.get(user=officer, prefix=token[:10]).revoked_at is not None
    entry = AuditRecord.objects.filter(action="officer.second_factor_reset").latest("seq")
    assert (entry.actor_id, entry.object_id) == (administrator.pk, str(officer.pk))
    # The officer sets it up again at the next sign-in.
    assert _password(Client(), "teknis.pupr")["Location"] == "/masuk/aktifkan-2fa/"


def test_the_officer_list_shows_who_has_a_second_factor(login: Any, administrator: User) -> None:
    TOTPDevice.objects.filter(user__username="auditor").delete()
    client: Client = login(administrator)
    response = client.get("/admin/accounts/user/")
    rows = {o.username: o.has_second_factor for o in response.context["cl"].result_list}
    assert rows["auditor"] is False
    assert rows["petugas.fo"] is True


def test_only_an_administrator_may_reset(clerk: User, other_tenant_officer: User) -> None:
    officer = User.objects.get(username="teknis.pupr")
    for actor in (clerk, other_tenant_officer):
        with pytest.raises(PermissionDenied):
            officer_second_factor_reset(user=officer, actor=actor)
    assert TOTPDevice.objects.filter(user=officer).exists()


# --- the demo command -------------------------------------------------------------------------
def test_demo_otp_lists_every_demo_officer_with_backup_codes() -> None:
    out = StringIO()
    call_command("demo_otp", stdout=out)
    text = out.getvalue()
    for username, *_rest in OFFICERS:
        assert re.search(rf"^{re.escape(username)}\s+\d{{6}}\s", text, re.M), username
    assert demo_backup_codes("kadis")[0] in text


def test_demo_otp_refuses_unknown_names_and_production(settings: Any) -> None:
    with pytest.raises(CommandError):
        call_command("demo_otp", "pemohon")
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo_otp")


def test_the_demo_code_is_the_one_the_device_accepts() -> None:
    officer = User.objects.get(username="bendahara")
    assert TOTPDevice.objects.get(user=officer).verify_token(otp_code(officer))
