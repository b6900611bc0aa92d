"""Registering, confirming the address and officers' second factor, in a real browser at
phone width, with axe on every page of the way."""

from __future__ import annotations

import base64
import re
import time
from typing import Any

import pytest
from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import Page, ViewportSize, expect

from satupintu.accounts import services
from satupintu.accounts.models import Role, User, UserKind
from satupintu.accounts.second_factor import current_code
from satupintu.demo.lubuklinggau import DEMO_PASSWORD
from satupintu.demo.second_factor import demo_totp_device
from satupintu.tenants.models import Tenant
from satupintu.tenants.selectors import one_stop_agency
from tests.a11y import assert_accessible

pytestmark = pytest.mark.usefixtures("demo_db")

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID", "viewport": PHONE}


@pytest.fixture
def site(live_server: Any) -> str:
    return str(live_server.url)


def test_a_citizen_registers_on_a_phone_and_confirms_the_address(page: Page, site: str) -> None:
    page.goto(site + "/daftar/")
    assert_accessible(page)
    page.locator('a[href="/daftar/perorangan/"]').click()
    expect(page).to_have_url(re.compile(r"/daftar/perorangan/$"))
    assert_accessible(page)

    # A first try with a mistyped NIK: the field says what is wrong, nothing else is lost.
    page.fill("#id_full_name", "Budi Santoso")
    page.fill("#id_nik", "1673 0130 0285 0003")
    page.fill("#id_email", "budi@contoh.id")
    page.fill("#id_phone", "0812 7777 8888")
    page.fill("#id_address", "Jl. Merdeka No. 5, RT 02")
    page.select_option("#id_kelurahan", "16.73.01.1001")
    page.fill("#id_username", "budi.s")
    page.fill("#id_password", "Sungai-Kelingi-2026")
    page.fill("#id_password_confirm", "Sungai-Kelingi-2026")
    page.check("#id_consent")
    page.get_by_role("button", name=re.compile("Buat akun")).click()
    expect(page.locator("#id_nik")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_nik_error")).to_be_visible()
    expect(page.locator("#id_full_name")).to_have_value("Budi Santoso")
    assert_accessible(page)

    page.fill("#id_nik", "1673 0117 0885 0003")
    page.fill("#id_password", "Sungai-Kelingi-2026")
    page.fill("#id_password_confirm", "Sungai-Kelingi-2026")
    page.check("#id_consent")
    page.get_by_role("button", name=re.compile("Buat akun")).click()
    expect(page).to_have_url(re.compile(r"/akun/$"))
    expect(page.locator(".alert-warning")).to_be_visible()
    assert_accessible(page)

    from django.core.management import call_command

    # The registration queued the message; the worker sends it (to the test outbox).
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # The worker also sent the demo's queued messages; find the one to this applicant.
    links = [re.search(r"https?://\S+/akun/verifikasi/\S+", m.body) for m in mail.outbox]
    link = next((found for found in links if found), None)
    assert link
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_contain_text("dikonfirmasi")
    assert_accessible(page)
    page.goto(site + "/akun/")
    expect(page.locator(".alert-warning")).to_have_count(0)
    page.goto(site + "/akun/ubah/")
    assert_accessible(page)


def test_an_officer_signs_in_with_the_code(page: Page, site: str) -> None:
    page.goto(site + "/masuk/")
    assert_accessible(page)
    page.fill("#id_username", "petugas.fo")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/masuk/kode/$"))
    assert_accessible(page)
    device = demo_totp_device(User.objects.get(username="petugas.fo"))
    assert device is not None
    page.fill("#id_code", current_code(device)[0])
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(site + "/")
    page.goto(site + "/akun/")
    expect(page.locator("main")).to_contain_text("Petugas Front Office")
    assert_accessible(page)


def test_a_new_officer_sets_up_the_second_factor(page: Page, site: str) -> None:
    tenant = Tenant.objects.get(code="llg")
    officer = services.user_create(tenant=tenant, actor=None, username="petugas.baru",
                                   kind=UserKind.OFFICER, password=DEMO_PASSWORD,
                                   full_name="Petugas Baru")
    services.membership_grant(user=officer, agency=one_stop_agency(tenant=tenant),
                              role=Role.FRONT_OFFICE, actor=None)
    page.goto(site + "/masuk/")
    page.fill("#id_username", "petugas.baru")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/masuk/aktifkan-2fa/$"))
    expect(page.locator("img.qr-code")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("code.otp-secret").inner_text().replace(" ", "")
    totp = TOTP(base64.b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time()
    page.fill("#id_code", f"{totp.token():06d}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".backup-codes li")).to_have_count(8)
    assert_accessible(page)
