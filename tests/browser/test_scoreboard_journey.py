"""A resident reads the public scoreboard, picks a period, and finds the open data: real
Chromium, live server, axe clean."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.a11y import assert_accessible
from tests.monitoring.builders import SERVICE
from tests.transparency.fixtures import first_half

pytestmark = pytest.mark.usefixtures("demo_db")

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID"}


def test_a_resident_reads_the_scoreboard(page: Page, live_server: Any, demo_db: None) -> None:
    first_half()
    page.goto(f"{live_server.url}/statistik/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#audit-roots")).to_be_visible()
    assert_accessible(page)

    # The first half of 2026, chosen with the date fields.
    page.locator("#id_from").fill("2026-01-01")
    page.locator("#id_to").fill("2026-06-30")
    page.locator(".range-picker button").click()
    expect(page.locator("#total-decided")).to_have_text("3")
    expect(page.locator("#service-table")).to_contain_text("67 %")
    assert_accessible(page)
    href = page.locator("#summary-csv").get_attribute("href")
    assert href is not None
    assert "from=2026-01-01" in href

    # A reversed range is explained, not an error page.
    page.goto(f"{live_server.url}/statistik/?from=2026-06-30&to=2026-01-01")
    expect(page.locator("#range-problem")).to_be_visible()
    assert_accessible(page)

    # The data dictionary, and the page on a phone.
    page.goto(f"{live_server.url}/statistik/data/")
    expect(page.locator("#summary-fields")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/statistik/?from=2026-01-01&to=2026-06-30&service={SERVICE}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
