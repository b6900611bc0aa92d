"""The public catalog as a visitor uses it: real Chromium against the live server.

Chrome strings (buttons, headings) may still be untranslated while the Indonesian catalogue is
being written, so the journeys find things by role, by the accessible structure of the page, or
by catalog data (service and requirement names from the demo YAML), and only the language test
looks at which language the page is in.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, Response, ViewportSize, expect

from satupintu.catalog import selectors
from satupintu.tenants.models import Sector, Tenant
from satupintu.tenants.selectors import tenant_for_host
from tests.a11y import assert_accessible

pytestmark = pytest.mark.usefixtures("demo_db")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}

# The demo's pharmacy licence, as the YAML writes it.
SIA_NAME = "Surat Izin Apotek"
SIA_KTP = "Kartu Tanda Penduduk (KTP) apoteker"
SIA_STRA = "Surat Tanda Registrasi Apoteker (STRA) yang masih berlaku"
SIA_FEE_NOTE = "Tidak dipungut biaya"


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A visitor whose browser asks for Indonesian, like most of the city's residents."""
    return {**browser_context_args, "locale": "id-ID"}


@pytest.fixture
def site(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def demo_tenant(demo_db: None) -> Tenant:
    tenant = tenant_for_host("localhost")
    assert tenant is not None, "localhost should resolve to the demo tenant"
    return tenant


def _service_links(page: Page) -> Locator:
    """The result cards' title links, one per service found."""
    return page.locator("#results").get_by_role("heading", level=2).get_by_role("link")


def _mark_document(page: Page) -> None:
    """Tag the current document; a full page load would lose the tag."""
    page.evaluate("window.__sameDocument = true")


def _still_same_document(page: Page) -> bool:
    return bool(page.evaluate("window.__sameDocument === true"))


# --- 1. from the home page to the requirements of a permit ----------------------------------
def test_visitor_searches_for_pharmacy_and_reads_the_requirements(
    page: Page, site: str, demo_tenant: Tenant
) -> None:
    page.goto(site + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert_accessible(page)

    search = page.get_by_role("search")
    box = search.get_by_role("searchbox")
    expect(box).to_be_visible()
    box.fill("apotek")
    box.press("Enter")

    # The catalog, filtered by the words typed on the home page.
    expect(page).to_have_url(re.compile(r"/layanan/\?q=apotek$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("searchbox")).to_have_value("apotek")
    sia_link = page.get_by_role("link", name=SIA_NAME, exact=True)
    expect(sia_link).to_be_visible()
    every_service = selectors.service_search(
        tenant=demo_tenant, filters=selectors.ServiceFilters()
    ).count()
    shown = _service_links(page).count()
    assert 1 <= shown < every_service, f"search showed {shown} of {every_service} services"
    assert_accessible(page)

    sia_link.click()
    expect(page).to_have_url(re.compile(r"/layanan/SIA/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SIA_NAME)

    requirements = page.locator("ol.requirements").get_by_role("listitem")
    for name in (SIA_KTP, SIA_STRA):
        expect(requirements.get_by_text(name, exact=True)).to_be_visible()

    # Time limits and fee, as the published standard sets them.
    sia = selectors.service_get(tenant=demo_tenant, code="SIA")
    standard = selectors.current_standard(sia, selectors.tenant_today(demo_tenant))
    variant = selectors.new_variant(standard)
    assert variant is not None
    figures = page.locator(".key-figures").first
    expect(figures).to_be_visible()
    for days in (variant.service_time_limit_days, variant.legal_time_limit_days):
        expect(figures.get_by_text(re.compile(rf"^{days}\b"))).to_be_visible()
    # The fee: "free" (in either language while the translation is being written), with the
    # standard's own wording of it.
    expect(figures.get_by_text(re.compile(r"^\s*(Gratis|Free)\s*$"))).to_be_visible()
    expect(page.get_by_text(re.compile(SIA_FEE_NOTE))).to_be_visible()
    assert_accessible(page)


# --- 2. the filters refresh the results in place (htmx) ----------------------------------------
def test_sector_filter_and_search_update_the_results_in_place(
    page: Page, site: str, demo_tenant: Tenant
) -> None:
    everything = list(
        selectors.service_search(tenant=demo_tenant, filters=selectors.ServiceFilters())
    )
    not_health = next(s for s in everything if s.sector != Sector.HEALTH)

    page.goto(site + "/layanan/")
    expect(page.get_by_role("link", name=SIA_NAME, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=not_health.name, exact=True)).to_be_visible()
    expect(_service_links(page)).to_have_count(len(everything))
    _mark_document(page)

    def htmx_get(params: str) -> Callable[[Response], bool]:
        return lambda r: (
            "/layanan/?" in r.url
            and params in r.url
            and r.request.headers.get("hx-request") == "true"
        )

    sector = page.get_by_role("search").get_by_role("combobox").first
    expect(sector).to_have_attribute("name", "sector")
    with page.expect_response(htmx_get("sector=health"), timeout=5_000) as response:
        sector.select_option("health")
    assert response.value.ok

    # Only health services remain, the address can be bookmarked, and the page never reloaded.
    expect(page.get_by_role("link", name=not_health.name, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=SIA_NAME, exact=True)).to_be_visible()
    health = selectors.service_search(
        tenant=demo_tenant, filters=selectors.ServiceFilters(sector=Sector.HEALTH)
    ).count()
    expect(_service_links(page)).to_have_count(health)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)  # a fragment, not a page
    expect(page).to_have_url(re.compile(r"/layanan/\?.*\bsector=health\b"))
    assert _still_same_document(page), "choosing a sector reloaded the whole page"

    # A search that matches nothing says so, still without a reload.
    with page.expect_response(htmx_get("q=zzqxwv"), timeout=5_000):
        page.get_by_role("search").get_by_role("searchbox").fill("zzqxwv")
    results = page.locator("#results")
    expect(_service_links(page)).to_have_count(0)
    no_match = results.get_by_role("status")
    expect(no_match).to_be_visible()
    expect(no_match.get_by_role("link")).to_have_attribute("href", "/layanan/")
    expect(page).to_have_url(re.compile(r"\bq=zzqxwv\b"))
    assert _still_same_document(page), "typing a search reloaded the whole page"
    assert_accessible(page)

    # The pushed address is a real page: reloading it restores the filters and the result.
    page.reload()
    assert not _still_same_document(page)
    expect(page.get_by_role("search").get_by_role("searchbox")).to_have_value("zzqxwv")
    expect(sector).to_have_value("health")
    expect(page.locator("#results").get_by_role("status")).to_be_visible()


# --- 2b. Back after filtering -----------------------------------------------------------------
def test_back_from_a_service_after_filtering_shows_the_whole_catalog_page(
    page: Page, site: str
) -> None:
    page.goto(site + "/layanan/")
    sector = page.get_by_role("search").get_by_role("combobox").first
    expect(sector).to_have_attribute("name", "sector")
    with page.expect_response(
        lambda r: "sector=health" in r.url and r.request.headers.get("hx-request") == "true",
        timeout=5_000,
    ):
        sector.select_option("health")
    expect(page).to_have_url(re.compile(r"/layanan/\?.*\bsector=health\b"))

    page.get_by_role("link", name=SIA_NAME, exact=True).click()
    expect(page).to_have_url(re.compile(r"/layanan/SIA/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SIA_NAME)

    # Back to the address htmx pushed: the whole page (not the results fragment alone).
    page.go_back()
    expect(page).to_have_url(re.compile(r"/layanan/\?.*\bsector=health\b"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("navigation", name=re.compile(r".+")).first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("search")).to_be_visible()
    expect(page.get_by_role("search").get_by_role("combobox").first).to_have_value("health")
    expect(page.get_by_role("link", name=SIA_NAME, exact=True)).to_be_visible()
    assert page.evaluate("document.styleSheets.length") > 0, "the page came back unstyled"
    assert_accessible(page)


# --- 3. English and back -------------------------------------------------------------------
def test_language_switch_to_english_and_back(page: Page, site: str) -> None:
    page.goto(site + "/layanan/SIA/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "id")

    page.get_by_role("button", name="English", exact=True).click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/layanan/SIA/$"))
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("link", name="Services", exact=True)).to_be_visible()
    # Catalog data follows the language too.
    expect(page.get_by_role("heading", level=1)).to_have_text("Pharmacy Licence")
    expect(page.get_by_text("Identity card (KTP) of the pharmacist", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Bahasa Indonesia", exact=True).click()
    expect(html).to_have_attribute("lang", "id")
    expect(page).to_have_url(re.compile(r"/layanan/SIA/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SIA_NAME)
    expect(page.get_by_role("button", name="English", exact=True)).to_be_visible()


# --- 4. phone width ------------------------------------------------------------------------
def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def _assert_no_sideways_scrolling(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a {PHONE['width']}px phone"


def test_catalog_and_service_page_on_a_phone(page: Page, site: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)

    page.goto(site + "/layanan/")
    expect(page.get_by_role("link", name=SIA_NAME, exact=True)).to_be_visible()
    # The menu folds behind its toggle button on a phone.
    expect(page.get_by_role("button", name="English", exact=True)).to_be_hidden()
    expect(page.locator(".navbar-toggler")).to_be_visible()
    _assert_no_sideways_scrolling(page)
    assert_accessible(page)
    catalog_shot = SCREENSHOTS / "catalog-phone.png"
    page.screenshot(path=str(catalog_shot), full_page=True)
    assert _png_size(catalog_shot)[0] == PHONE["width"]

    page.get_by_role("link", name=SIA_NAME, exact=True).click()
    expect(page).to_have_url(re.compile(r"/layanan/SIA/$"))
    expect(page.get_by_text(SIA_STRA, exact=True)).to_be_visible()
    _assert_no_sideways_scrolling(page)
    assert_accessible(page)
    service_shot = SCREENSHOTS / "service-phone.png"
    page.screenshot(path=str(service_shot), full_page=True)
    width, height = _png_size(service_shot)
    assert width == PHONE["width"]
    assert height > PHONE["height"]
