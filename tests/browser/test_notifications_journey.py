"""The in-app notifications at phone width: the unread count in the header, the list, marking
read, opening a message; axe on each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from satupintu.demo.lubuklinggau import DEMO_PASSWORD
from satupintu.notifications.models import Channel, Notification
from tests.a11y import assert_accessible

pytestmark = pytest.mark.usefixtures("demo_db")

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID", "viewport": PHONE}


@pytest.fixture
def site(live_server: Any) -> str:
    return str(live_server.url)


def test_an_applicant_reads_their_notifications_on_a_phone(page: Page, site: str) -> None:
    mine = Notification.objects.filter(recipient__username="pemohon", channel=Channel.IN_APP)
    unread = mine.filter(read_at__isnull=True).count()
    assert unread >= 2  # the demo's applications
    page.goto(site + "/masuk/")
    page.fill("#id_username", "pemohon")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(site + "/")
    page.locator(".navbar-toggler").click()
    link = page.get_by_role("link", name=re.compile(r"^Pemberitahuan"))
    expect(link).to_contain_text(f"{unread} belum dibaca")
    link.click()
    expect(page).to_have_url(site + "/notifikasi/")
    expect(page.locator("main li.card")).to_have_count(mine.count())
    assert_accessible(page)
    page.locator("main li.card").first.get_by_role("button", name=re.compile(
        "^Tandai sudah dibaca")).click()
    expect(page).to_have_url(site + "/notifikasi/")
    assert mine.filter(read_at__isnull=True).count() == unread - 1
    page.get_by_role("button", name="Tandai semua sudah dibaca").click()
    expect(page.get_by_role("button", name="Tandai semua sudah dibaca")).to_have_count(0)
    assert not mine.filter(read_at__isnull=True).exists()
    page.get_by_role("link", name="Belum dibaca (0)").click()
    expect(page.locator("main [role=status]")).to_contain_text(
        "Tidak ada pemberitahuan yang belum dibaca.")
    assert_accessible(page)
    newest = mine.order_by("-created_at", "-pk").first()
    assert newest is not None
    page.goto(site + "/notifikasi/")
    page.get_by_role("link", name=newest.subject).first.click()
    expect(page).to_have_url(site + newest.url)
