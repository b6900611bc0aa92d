"""Tracking a file on a phone, without an account: real Chromium against the live server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from satupintu.applications.models import Application
from tests.a11y import assert_accessible
from tests.tracking.conftest import move, submit

pytestmark = pytest.mark.usefixtures("demo_db")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID", "viewport": PHONE}


@pytest.fixture
def returned(demo_db: None) -> Application:
    """A pharmacy licence the front office returned, citing the STRA."""
    application = submit()
    return move(application, "petugas.fo", "return_incomplete",
                citations=[{"code": "STRA", "note": "Masa berlaku STRA sudah habis."}])


def test_applicant_looks_up_a_returned_file_on_a_phone(
    page: Page, live_server: Any, returned: Application
) -> None:
    page.goto(f"{live_server.url}/lacak/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lacak permohonan")
    assert_accessible(page)

    # A mistyped PIN: told plainly, nothing typed is shown back.
    page.get_by_role("textbox", name="Nomor registrasi").fill(returned.tracking_number or "")
    page.get_by_role("textbox", name="PIN").fill("ZZZZZZ" if returned.pin != "ZZZZZZ" else "YYYYYY")
    page.get_by_role("button", name="Lacak", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Permohonan tidak ditemukan")
    expect(page.get_by_role("textbox", name="Nomor registrasi")).to_have_value("")
    assert_accessible(page)

    # Typed in lower case, as people do on a phone keyboard.
    number_box = page.get_by_role("textbox", name="Nomor registrasi")
    number_box.fill((returned.tracking_number or "").lower())
    page.get_by_role("textbox", name="PIN").fill(returned.pin.lower())
    page.get_by_role("button", name="Lacak", exact=True).click()
    result = page.locator(".track-result")
    expect(result).to_contain_text(returned.tracking_number or "")
    expect(result.locator(".status-label")).to_have_text("Menunggu perbaikan oleh pemohon")
    expect(result.locator(".status-code")).to_have_text("correction")
    expect(result.locator(".holder")).to_contain_text("Menunggu tindakan Anda")
    expect(result.locator(".cited")).to_contain_text("Masa berlaku STRA sudah habis.")
    sign_in = result.get_by_role("link", name="Masuk untuk memperbaiki permohonan")
    expect(sign_in).to_be_visible()
    expect(result.locator(".timeline li")).to_have_count(2)
    assert_accessible(page)
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tracking-phone.png"), full_page=True)
