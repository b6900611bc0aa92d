"""A complaint's whole journey in real Chromium against the live server: a citizen files it
anonymously on a phone, the complaints officer answers and resolves it, and the public page
shows the outcome, never who filed it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from satupintu.accounts.models import User
from satupintu.accounts.second_factor import current_code
from satupintu.complaints.models import Complaint, ComplaintStatus
from satupintu.demo.lubuklinggau import DEMO_PASSWORD
from satupintu.demo.second_factor import demo_totp_device
from tests.a11y import assert_accessible

pytestmark = pytest.mark.usefixtures("demo_db")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}
NAME, EMAIL, PHONE_NUMBER = "Wulan Rahasia", "wulan.rahasia@example.org", "081311112222"
ADDRESS = "Jl. Kenanga Gang Buntu No. 4"
ANSWER = "Petugas PUPR sudah meninjau lokasi dan pemilik ruko diminta membongkar teras."
RESOLUTION = "Teras ruko sudah dibongkar; trotoar kembali dapat dilalui pejalan kaki."


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID", "viewport": PHONE}


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def sign_in_officer(browser: Browser, site: str, username: str) -> Page:
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    officer = context.new_page()
    officer.goto(site + "/masuk/")
    officer.fill("#id_username", username)
    officer.fill("#id_password", DEMO_PASSWORD)
    officer.locator("main form button[type=submit]").click()
    expect(officer).to_have_url(re.compile(r"/masuk/kode/$"))
    device = demo_totp_device(User.objects.get(username=username))
    assert device is not None
    officer.fill("#id_code", current_code(device)[0])
    officer.locator("main form button[type=submit]").click()
    expect(officer).not_to_have_url(re.compile(r"/masuk/"))
    return officer


def test_a_complaint_filed_anonymously_is_answered_resolved_and_published(
        page: Page, browser: Browser, live_server: Any) -> None:
    page.goto(f"{live_server.url}/pengaduan/")
    assert page.locator(".complaint-row").count() > 0  # the demo's complaints
    assert_accessible(page)
    fits_the_phone(page)
    page.locator("#file-complaint").click()
    expect(page).to_have_url(f"{live_server.url}/pengaduan/baru/")
    assert_accessible(page)
    fits_the_phone(page)

    # Too short, and no category: told next to the fields, nothing stored.
    before = Complaint.objects.count()
    page.locator("#id_description").fill("Rusak.")
    page.locator("#submit-complaint").click()
    expect(page.locator("#complaint-message")).to_be_visible()
    expect(page.locator("#category-error")).to_be_visible()
    expect(page.locator("#id_description_error")).to_be_visible()
    assert Complaint.objects.count() == before
    assert_accessible(page)

    page.locator("#cat-pelanggaran-izin").check()
    page.locator("#id_description").fill(
        "Bangunan ruko baru menutup trotoar sehingga pejalan kaki harus turun ke jalan raya.")
    page.locator("#id_kelurahan").select_option("16.73.01.1002")  # Majapahit
    page.locator("#id_address").fill(ADDRESS)
    page.locator("#id_contact_name").fill(NAME)
    page.locator("#id_contact_email").fill(EMAIL)
    page.locator("#id_contact_phone").fill(PHONE_NUMBER)
    page.locator("#submit-complaint").click()

    # The confirmation: the number, the due dates and the private link to keep.
    confirmation = page.locator(".complaint-filed")
    expect(confirmation).to_be_visible()
    complaint = Complaint.objects.latest("pk")
    expect(confirmation.locator(".filed-number")).to_have_text(complaint.number)
    expect(confirmation.locator(".private-link")).to_contain_text(
        f"/pengaduan/saya/{complaint.secret}/")
    assert complaint.contact_email == EMAIL
    assert complaint.complainant is None
    assert_accessible(page)
    fits_the_phone(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "complaint-filed-phone.png"), full_page=True)

    # The public page shows the complaint, and nothing of who filed it.
    confirmation.locator(".public-link").click()
    expect(page).to_have_url(f"{live_server.url}/pengaduan/{complaint.number}/")
    expect(page.locator(".complaint-text")).to_contain_text("menutup trotoar")
    expect(page.locator(".kelurahan")).to_contain_text("Majapahit")
    expect(page.locator(".complaint-status")).to_have_attribute("data-state", "open")
    html = page.content()
    for secret in (NAME, EMAIL, PHONE_NUMBER, ADDRESS, complaint.secret):
        assert secret not in html
    assert_accessible(page)
    fits_the_phone(page)

    # The complaints officer answers it, then resolves it.
    officer = sign_in_officer(browser, str(live_server.url), "pengaduan")
    officer.goto(f"{live_server.url}/petugas/pengaduan/")
    assert_accessible(officer)
    fits_the_phone(officer)
    officer.get_by_role("link", name=complaint.number).click()
    expect(officer.locator("#complaint-status")).to_have_attribute("data-status", "received")
    assert_accessible(officer)
    fits_the_phone(officer)
    # Closing it unresolved without a reason: told next to the field, nothing changes.
    officer.locator("#step-close_unresolved summary").click()
    officer.locator("#step-close_unresolved button[type=submit]").click()
    expect(officer.locator("#id_close_unresolved-reason_error")).to_be_visible()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
    officer.locator("#step-answer summary").click()
    officer.locator("#id_answer-text").fill(ANSWER)
    officer.locator("#step-answer button[type=submit]").click()
    expect(officer.locator("#complaint-status")).to_have_attribute("data-status", "answered")
    officer.locator("#step-resolve summary").click()
    officer.locator("#id_resolve-text").fill(RESOLUTION)
    officer.locator("#step-resolve button[type=submit]").click()
    expect(officer.locator("#complaint-status")).to_have_attribute("data-status", "resolved")
    assert_accessible(officer)
    officer.context.close()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED

    # The public page now shows the outcome and the answers, still nothing of the citizen.
    page.reload()
    expect(page.locator(".complaint-status")).to_have_attribute("data-state", "closed")
    expect(page.locator("main")).to_contain_text(ANSWER)
    expect(page.locator("main")).to_contain_text(RESOLUTION)
    html = page.content()
    for secret in (NAME, EMAIL, PHONE_NUMBER, ADDRESS, complaint.secret):
        assert secret not in html
    assert_accessible(page)
    fits_the_phone(page)
