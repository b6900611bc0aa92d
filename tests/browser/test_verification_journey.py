"""A newcomer verifies permits on a phone, without an account: real Chromium, live server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from tests.a11y import assert_accessible
from tests.issuance.factories import SigningPki, make_permit, trusted_pki, verification_pki

pytestmark = pytest.mark.usefixtures("demo_db")
__all__ = ["trusted_pki", "verification_pki"]  # fixtures used by name

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID", "viewport": PHONE}


def test_a_visitor_checks_a_number_a_file_and_a_revoked_link_on_a_phone(
    page: Page, live_server: Any, demo_db: None, trusted_pki: SigningPki
) -> None:
    permit, signed = make_permit(trusted_pki, valid_until=dt.date(2031, 11, 27),
                                 holder_name="PT Apotek Sehat Linggau",
                                 holder_is_person=False)
    revoked, _ = make_permit(trusted_pki, revoked_at=timezone.now(),
                             revocation_reason="Apotek tidak lagi beroperasi.")

    page.goto(f"{live_server.url}/verifikasi/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert_accessible(page)

    # Typed by hand from the paper, in lower case.
    page.locator("#id_q").fill(permit.number.lower())
    page.locator("#lookup-submit").click()
    expect(page).to_have_url(f"{live_server.url}/verifikasi/{permit.token}")
    status = page.locator(".verify-status")
    expect(status).to_have_attribute("data-status", "valid")
    expect(page.locator(".number")).to_have_text(permit.number)
    expect(page.locator(".holder")).to_have_text("PT Apotek Sehat Linggau")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "verification-phone.png"), full_page=True)

    # Is the PDF the holder sent exactly the one issued?
    page.goto(f"{live_server.url}/verifikasi/")
    page.locator("#id_file").set_input_files(
        files=[{"name": "izin.pdf", "mimeType": "application/pdf", "buffer": signed}])
    page.locator("#upload-submit").click()
    message = page.locator("#verify-message")
    expect(message).to_have_attribute("data-result", "match")
    expect(message).to_contain_text(permit.number)
    assert_accessible(page)

    # The link from a revoked permit's QR code.
    page.goto(f"{live_server.url}/verifikasi/{revoked.token}")
    expect(page.locator(".verify-status")).to_have_attribute("data-status", "revoked")
    expect(page.locator(".revocation-reason")).to_contain_text("Apotek tidak lagi beroperasi.")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
