"""Applying for a permit from a phone, end to end: real Chromium against the live server.

A new citizen registers, confirms the address from the e-mail a real SMTP server on loopback
received, applies for the pharmacy licence (SIA) with uploads and keeps the tracking number and
PIN; the front-office clerk (password + second factor, in a browser of their own) returns the
file citing the KTP; the applicant fixes only that and resubmits; the clerk registers the file;
a visitor without an account tracks it by number and PIN. axe runs on every page of the way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from satupintu.accounts.models import User
from satupintu.accounts.second_factor import current_code
from satupintu.applications.models import Application
from satupintu.demo.lubuklinggau import DEMO_PASSWORD
from satupintu.demo.second_factor import demo_totp_device
from satupintu.lib.identifiers import parse_nik
from satupintu.tenants.models import Kelurahan
from tests.a11y import assert_accessible
from tests.notifications.helpers import SmtpServer

pytestmark = pytest.mark.usefixtures("demo_db")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# The new applicant: a woman born on 15 June 1992, registered in Lubuk Linggau Barat I.
NIK = "1673025506920003"
EMAIL = "siti.aminah@contoh.id"
KELURAHAN = "16.73.02.1001"
KTP_NOTE = "Foto KTP buram, nomor NIK tidak terbaca."


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID", "viewport": PHONE}


@pytest.fixture
def site(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1, and Django's SMTP backend (in the live server's
    process) pointed at it."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def other_context(browser: Browser,
                  browser_context_args: dict[str, Any]) -> Iterator[Any]:
    """`other_context()` → a new browser context (another person on another phone)."""
    opened: list[BrowserContext] = []

    def _open() -> Page:
        context = browser.new_context(**browser_context_args)
        opened.append(context)
        return context.new_page()

    yield _open
    for context in opened:
        context.close()


@pytest.fixture
def pdfs(tmp_path: Path) -> dict[str, Path]:
    files = {}
    for name in ("ktp.pdf", "stra.pdf", "ktp-jelas.pdf"):
        files[name] = tmp_path / name
        files[name].write_bytes(PDF)
    return files


def _assert_fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px phone"


def _checked(page: Page) -> None:
    """Every page of the journey: axe clean and no sideways scrolling on the phone."""
    assert_accessible(page)
    _assert_fits_the_phone(page)


# --- the steps of the journey --------------------------------------------------------------
def _register(page: Page, site: str) -> None:
    page.goto(site + "/daftar/")
    _checked(page)
    page.locator('a[href="/daftar/perorangan/"]').click()
    expect(page).to_have_url(re.compile(r"/daftar/perorangan/$"))
    _checked(page)
    page.fill("#id_full_name", "Siti Aminah")
    page.fill("#id_nik", "1673 0255 0692 0003")  # as printed on the card, with spaces
    page.fill("#id_email", EMAIL)
    page.fill("#id_phone", "0813 6789 1234")
    page.fill("#id_address", "Jl. Yos Sudarso No. 12, RT 03")
    page.select_option("#id_kelurahan", KELURAHAN)
    page.fill("#id_username", "siti.aminah")
    page.fill("#id_password", "Bukit-Sulap-2026")
    page.fill("#id_password_confirm", "Bukit-Sulap-2026")
    page.check("#id_consent")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/akun/$"))
    expect(page.locator(".alert-warning")).to_be_visible()  # the address is not confirmed yet
    _checked(page)


def _confirm_email(page: Page, site: str, smtp: SmtpServer) -> None:
    from django.core.management import call_command

    # The registration queued the message; the worker sends it.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(smtp.received) == 1, "one verification e-mail was expected"
    message = smtp.received[0]
    assert message.rcpt_tos == [EMAIL]
    link = re.search(r"https?://\S+/akun/verifikasi/\S+", message.text)
    assert link, message.text
    assert link.group(0).startswith(site), "the link should lead back to this site"
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_contain_text("dikonfirmasi")
    _checked(page)
    assert User.objects.get(username="siti.aminah").applicant_profile.email_verified


def _apply(page: Page, site: str, pdfs: dict[str, Path]) -> Application:
    page.goto(site + "/layanan/SIA/")
    _checked(page)
    page.locator('main a[href="/permohonan/baru/SIA/"]').click()
    expect(page).to_have_url(re.compile(r"/permohonan/baru/SIA/$"))
    expect(page.locator("#variant-new")).to_be_checked()
    _checked(page)
    page.locator("main form button[type=submit]").click()

    # 1. Data: the pharmacy's name and whether the premises are owned (so no lease is asked).
    expect(page).to_have_url(re.compile(r"/permohonan/\d+/langkah/data/$"))
    expect(page.locator('nav ol.wizard-steps [aria-current="step"]')).to_contain_text("1.")
    _checked(page)
    pk = int(re.search(r"/permohonan/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    # The wizard lists the tenant's kelurahan by name (its options carry the row's key).
    where = Kelurahan.objects.select_related("kecamatan").get(code=KELURAHAN)
    page.select_option("#id_kelurahan", label=f"{where.name} — {where.kecamatan.name}")
    page.fill("#id_location_detail", "Jl. Yos Sudarso No. 14")
    page.fill("#id_NAMA_APOTEK", "Apotek Bukit Sulap")
    page.select_option("#id_SEWA_MILIK_SENDIRI", "milik sendiri")
    page.locator("main form button[type=submit]").first.click()

    # 2. Documents: KTP and STRA, each in its own form; no lease agreement is listed.
    expect(page).to_have_url(re.compile(r"/permohonan/\d+/langkah/dokumen/$"))
    expect(page.locator('li.document-row[data-code="PERJANJIAN_SEWA"]')).to_have_count(0)
    _checked(page)
    for code, name in (("KTP", "ktp.pdf"), ("STRA", "stra.pdf")):
        row = page.locator(f'li.document-row[data-code="{code}"]')
        row.locator(f"#file-{code}").set_input_files(pdfs[name])
        row.locator("button[type=submit]").click()
        expect(page.locator(f'li.document-row[data-code="{code}"]')).to_contain_text(name)
    _checked(page)
    page.locator(f'main a[href="/permohonan/{pk}/langkah/kirim/"].btn').click()

    # 3. Review and submit.
    expect(page).to_have_url(re.compile(r"/permohonan/\d+/langkah/kirim/$"))
    checklist = page.locator("ul.checklist")
    expect(checklist).to_contain_text("Apotek Bukit Sulap")
    expect(checklist).to_contain_text("stra.pdf")
    _checked(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/permohonan/{pk}/bukti/$"))
    return Application.objects.get(pk=pk)


def _read_receipt(page: Page, application: Application) -> tuple[str, str]:
    number = page.locator(".receipt-figures .tracking-number").inner_text().strip()
    pin = page.locator(".receipt-figures .tracking-pin").inner_text().strip()
    application.refresh_from_db()
    assert (number, pin) == (application.tracking_number, application.pin)
    assert re.fullmatch(r"LLG-\d{4}-\d{6}", number), number
    assert re.fullmatch(r"[A-Z0-9]{6}", pin), pin
    _checked(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "apply-receipt-phone.png"), full_page=True)
    return number, pin


def _clerk_signs_in(page: Page, site: str) -> None:
    page.goto(site + "/masuk/")
    _checked(page)
    page.fill("#id_username", "petugas.fo")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/masuk/kode/$"))
    _checked(page)
    device = demo_totp_device(User.objects.get(username="petugas.fo"))
    assert device is not None, "the demo clerk comes enrolled"
    page.fill("#id_code", current_code(device)[0])
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/masuk/"))


def _clerk_opens(page: Page, site: str, number: str) -> None:
    page.goto(site + "/petugas/loket/")
    _checked(page)
    page.get_by_role("link", name=number, exact=True).click()
    expect(page).to_have_url(re.compile(r"/petugas/loket/berkas/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    _checked(page)


def _state(application: Application) -> str:
    application.refresh_from_db()
    assert application.case is not None
    application.case.refresh_from_db()
    return application.case.state


# --- the journey -----------------------------------------------------------------------------
def test_a_new_citizen_applies_on_a_phone_is_returned_once_and_tracks_the_file(
    page: Page, site: str, smtp: SmtpServer, other_context: Any, pdfs: dict[str, Path]
) -> None:
    assert parse_nik(NIK).birth_date.isoformat() == "1992-06-15"

    # The applicant: register, confirm the address, apply, keep the receipt.
    _register(page, site)
    _confirm_email(page, site, smtp)
    application = _apply(page, site, pdfs)
    number, pin = _read_receipt(page, application)
    assert _state(application) == "completeness_check"

    # The clerk returns the file, citing the KTP with a note.
    clerk = other_context()
    _clerk_signs_in(clerk, site)
    _clerk_opens(clerk, site, number)
    clerk.check("#cite-KTP")
    clerk.fill("#note-KTP", KTP_NOTE)
    clerk.locator('button[name="action"][value="return_incomplete"]').click()
    expect(clerk).to_have_url(re.compile(r"/petugas/loket/$"))
    _checked(clerk)
    assert _state(application) == "correction"

    # The applicant sees exactly the cited item with the note, replaces the KTP, resubmits.
    page.goto(f"{site}/permohonan/{application.pk}/")
    fix = page.locator("section[aria-labelledby=fix-title]")
    expect(fix).to_be_visible()
    cited = fix.locator("ul > li")
    expect(cited).to_have_count(1)
    expect(cited).to_contain_text("Kartu Tanda Penduduk (KTP) apoteker")
    expect(cited).to_contain_text(KTP_NOTE)
    _checked(page)
    fix.locator(f'a[href="/permohonan/{application.pk}/langkah/dokumen/"]').click()
    expect(page).to_have_url(re.compile(r"/langkah/dokumen/$"))
    # Only the cited document can be replaced.
    expect(page.locator("#file-KTP")).to_be_visible()
    expect(page.locator("#file-STRA")).to_have_count(0)
    _checked(page)
    ktp = page.locator('li.document-row[data-code="KTP"]')
    ktp.locator("#file-KTP").set_input_files(pdfs["ktp-jelas.pdf"])
    ktp.locator("button[type=submit]").click()
    expect(page.locator('li.document-row[data-code="KTP"]')).to_contain_text("ktp-jelas.pdf")
    _checked(page)
    page.locator(f'main a[href="/permohonan/{application.pk}/"].btn').click()
    expect(page).to_have_url(re.compile(rf"/permohonan/{application.pk}/$"))
    page.fill("#resubmit-note", "KTP sudah diganti dengan hasil pindaian yang jelas.")
    page.locator("section[aria-labelledby=fix-title] form button[type=submit]").click()
    expect(page.locator("section[aria-labelledby=fix-title]")).to_have_count(0)
    _checked(page)
    assert _state(application) == "completeness_check"

    # The clerk registers the file: complete, the clock starts.
    _clerk_opens(clerk, site, number)
    expect(clerk.locator("#note-KTP")).to_have_value("")
    clerk.locator('button[name="action"][value="register"]').click()
    expect(clerk).to_have_url(re.compile(r"/petugas/loket/$"))
    expect(clerk.get_by_role("link", name=number, exact=True)).to_have_count(0)
    _checked(clerk)
    assert _state(application) == "verification"
    case = application.case
    assert case is not None
    assert case.service_due_date is not None

    # Anyone with the number and PIN follows the file, without an account.
    visitor = other_context()
    visitor.goto(site + "/lacak/")
    _checked(visitor)
    visitor.fill("#id_nomor", number)
    visitor.fill("#id_pin", pin)
    visitor.locator("form.track-form button[type=submit]").click()
    result = visitor.locator(".track-result")
    expect(result.locator(".tracking-number")).to_have_text(number)
    expect(result.locator(".status-code")).to_have_text("verification")
    # Each step, in order: submitted, returned, corrected, registered.
    expect(result.locator(".timeline li")).to_have_text([
        re.compile(r"Permohonan diajukan$"), re.compile(r"Berkas dikembalikan untuk dilengkapi$"),
        re.compile(r"Perbaikan dikirim oleh pemohon$"),
        re.compile(r"Berkas dinyatakan lengkap dan diregistrasi")])
    due = result.locator(".service-due time")
    expect(due).to_have_attribute("datetime", case.service_due_date.isoformat())
    expect(result.locator(".legal-due time")).to_be_visible()
    expect(result.locator(".step-due")).to_be_visible()
    # No officer names or personal data on the public page.
    expect(result).not_to_contain_text("Siti Aminah")
    expect(result).not_to_contain_text(NIK)
    expect(result).not_to_contain_text("Rina Oktaviani")  # the clerk
    _checked(visitor)
    visitor.screenshot(path=str(SCREENSHOTS / "tracking-result-phone.png"), full_page=True)
