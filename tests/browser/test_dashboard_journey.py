"""The head of the DPMPTSP reads the dashboard and drills down to the files behind a figure:
real Chromium against the live server, signed in with the second factor, axe clean."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from satupintu.accounts.models import User
from satupintu.accounts.second_factor import current_code
from satupintu.demo.lubuklinggau import DEMO_PASSWORD
from satupintu.demo.second_factor import demo_totp_device
from satupintu.reports.models import ReportRun
from satupintu.reports.tasks import generate_report
from tests.a11y import assert_accessible
from tests.monitoring.builders import SERVICE, make_file
from tests.reports.helpers import body, column, sheets

pytestmark = pytest.mark.usefixtures("demo_db")
D = dt.date


@pytest.fixture
def kadis(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(locale="id-ID", reduced_motion="reduce",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", "kadis")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/masuk/kode/$"))
    device = demo_totp_device(User.objects.get(username="kadis"))
    assert device is not None
    page.fill("#id_code", current_code(device)[0])
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/masuk/"))
    yield page
    context.close()


def test_the_head_reads_the_dashboard_and_opens_the_late_files(kadis: Page) -> None:
    make_file(received=D(2026, 3, 16), started=D(2026, 3, 17), decided=D(2026, 3, 31),
              service_due=D(2026, 3, 31), legal_due=D(2026, 4, 14), state="signing")
    make_file(received=D(2026, 4, 1), started=D(2026, 4, 1), decided=D(2026, 4, 15),
              outcome="rejected", service_due=D(2026, 4, 10), legal_due=D(2026, 4, 14))
    page = kadis
    page.get_by_role("link", name="Dasbor").click()
    expect(page).to_have_url(re.compile(r"/petugas/dasbor/$"))
    page.fill("#f-from", "2026-01-01")
    page.fill("#f-to", "2026-06-30")
    page.select_option("#f-service", SERVICE)
    page.locator("#dashboard-filters button[type=submit]").click()
    expect(page.locator('[data-figure="decided"]')).to_have_text("2")
    expect(page.locator("#share-service")).to_have_text("50,0%")
    assert_accessible(page)
    page.locator('[data-figure="late"]').click()
    expect(page).to_have_url(re.compile(r"/petugas/dasbor/berkas/\?figure=late&"))
    expect(page.locator("#files-list tbody tr")).to_have_count(1)
    assert_accessible(page)


def test_the_dashboard_draws_charts_without_breaking_the_policy(kadis: Page) -> None:
    make_file(received=D(2026, 3, 16), started=D(2026, 3, 17), decided=D(2026, 3, 31),
              service_due=D(2026, 3, 31), legal_due=D(2026, 4, 14), state="signing")
    problems: list[str] = []
    kadis.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    kadis.goto(kadis.url.split("/petugas/")[0] + "/petugas/dasbor/?from=2026-01-01&to=2026-06-30")
    for chart in ("sla", "backlog", "trend"):
        expect(kadis.locator(f'canvas[data-chart="{chart}"]')).to_have_attribute(
            "data-drawn", "true")
    assert_accessible(kadis)
    assert problems == []


def test_the_head_asks_for_a_report_and_opens_the_spreadsheet(kadis: Page,
                                                              tmp_path: Any) -> None:
    make_file(received=D(2026, 3, 16), started=D(2026, 3, 17), decided=D(2026, 3, 31),
              service_due=D(2026, 3, 31), legal_due=D(2026, 4, 14), state="signing")
    make_file(received=D(2026, 4, 1), started=D(2026, 4, 1), decided=D(2026, 4, 15),
              outcome="rejected", service_due=D(2026, 4, 10), legal_due=D(2026, 4, 14))
    page = kadis
    page.get_by_role("link", name="Dasbor").click()
    page.locator('[data-figure="received"]').first.click()  # the drill-down, then back
    expect(page).to_have_url(re.compile(r"/petugas/dasbor/berkas/"))
    page.go_back()
    page.locator("#reports-link").click()
    expect(page).to_have_url(re.compile(r"/petugas/laporan/$"))
    assert_accessible(page)
    page.select_option("#report-period", "semester:2026-01-01")
    page.locator("#report-request button[type=submit]").click()
    row = page.locator("#runs-list tbody tr").first
    expect(row).to_have_attribute("data-status", "queued")
    # The worker's task, run here; the page's polling shows the result.
    generate_report.call(ReportRun.objects.get().pk)
    expect(row.locator('[data-format="xlsx"]')).to_be_visible(timeout=15000)
    expect(page.locator("#report-runs")).not_to_have_attribute("hx-trigger", "every 3s")
    assert_accessible(page)
    with page.expect_download() as info:
        row.locator('[data-format="xlsx"]').click()
    target = tmp_path / "report.xlsx"
    info.value.save_as(target)
    assert info.value.suggested_filename == "laporan-semester-2026-01.xlsx"
    book = sheets(target.read_bytes())
    # Received 16 March and 1 April, both decided: one on time, one late and rejected.
    assert column(book["Berkas"])[:4] == [2, 2, 0, 2]
    assert body(book["Ketepatan waktu"])[0] == [1, 1, 0.5]
