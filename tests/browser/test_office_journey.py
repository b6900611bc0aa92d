"""The officer side of a permit, end to end: real Chromium against the live server.

A pharmacy licence (SIA) that the public works office reviews as well as the health office
was submitted and registered at the counter (the front-office journey drives those pages).
The verifier finds it in the inbox and forwards it; the health office's reviewer is refused a
rejection without reasons, then recommends approval with conditions; the public works reviewer
schedules a field inspection, the inspector records the report on a phone (location from the
phone's GPS, a photo), the reviewer recommends approval; the verifier submits the draft, the
head of section reads the brief of both reviews and approves. Anyone with the number and PIN
then sees every step. Each officer signs in with the password and the second factor, in a
browser of their own; axe runs on every officer page of the way.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize, expect

from satupintu.accounts.models import User
from satupintu.accounts.second_factor import current_code
from satupintu.applications.models import Application
from satupintu.backoffice.selectors import InboxFilters, inbox
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.catalog.models import Service
from satupintu.demo.lubuklinggau import DEMO_PASSWORD
from satupintu.demo.second_factor import demo_totp_device
from satupintu.inspections.models import Inspection, InspectionStatus
from satupintu.tenants.models import Agency, Tenant
from satupintu.workflow.clock import remaining_working_days
from satupintu.workflow.models import BranchStatus, Case
from tests.a11y import assert_accessible
from tests.tracking.conftest import OFFICER_NAMES, move, submit

pytestmark = pytest.mark.usefixtures("demo_db")

DESK: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
# Jalan Garuda, Lubuk Linggau Timur I: where the pharmacy is being fitted out.
LUBUKLINGGAU = {"latitude": -3.296412, "longitude": 102.861578}
CONDITIONS = "Apoteker penanggung jawab hadir selama jam buka; lemari narkotika terkunci ganda."
FINDINGS = "Bangunan permanen dua lantai, sesuai denah. Akses jalan 6 m, parkir 3 mobil."
ATTENDEES = "Hendra Gunawan (Dinas PUPR)\nSiti Aminah (pemohon)"
LETTER = "800/117/SPT/PUPR/2026"


@pytest.fixture
def site(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def application() -> Application:
    """A pharmacy licence reviewed by the health and the public works offices, registered at
    the counter: the file waits for the verifier."""
    tenant = Tenant.objects.get(code="llg")
    Service.objects.get(tenant=tenant, code="SIA").agencies.add(
        Agency.objects.get(tenant=tenant, code="PUPR"))
    return move(submit(), "petugas.fo", "register")


@pytest.fixture
def officer(browser: Browser, site: str) -> Iterator[Any]:
    """`officer(username, **context_args)` → a page in a browser of that officer's own, signed
    in with the password and the current code of their authenticator."""
    opened: list[BrowserContext] = []

    def _sign_in(username: str, **context_args: Any) -> Page:
        # Without transitions axe reads a button's settled colours, not a frame of its fade.
        context = browser.new_context(**{"locale": "id-ID", "viewport": DESK,
                                         "reduced_motion": "reduce", **context_args})
        opened.append(context)
        page = context.new_page()
        page.goto(site + "/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/masuk/kode/$"))
        device = demo_totp_device(User.objects.get(username=username))
        assert device is not None, f"the demo officer {username} comes enrolled"
        page.fill("#id_code", current_code(device)[0])
        page.locator("main form button[type=submit]").click()
        expect(page).not_to_have_url(re.compile(r"/masuk/"))
        return page

    yield _sign_in
    for context in opened:
        context.close()


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 60)).save(out, format="PNG")
    path = tmp_path / "tampak-depan.png"
    path.write_bytes(out.getvalue())
    return path


# --- helpers ---------------------------------------------------------------------------------
def _checked(page: Page) -> None:
    """Every officer page: axe clean; on a phone, no sideways scrolling either."""
    assert_accessible(page)
    viewport = page.viewport_size
    if viewport is not None and viewport["width"] <= PHONE["width"]:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{page.url} is {width}px wide on a phone"


def _case(application: Application) -> Case:
    application.refresh_from_db()
    assert application.case is not None
    return Case.objects.get(pk=application.case.pk)


def _step(page: Page) -> Locator:
    """The line under the file's title naming its step."""
    return page.locator("main h1 + p strong")


def _action(page: Page, code: str) -> Locator:
    return page.locator(f'form.action-form[data-action="{code}"]')


def _done(page: Page, text: str) -> None:
    expect(page.locator("main .alert-success")).to_contain_text(text)


def _open_from_inbox(page: Page, site: str, number: str, step: str) -> None:
    page.goto(site + "/petugas/")
    row = page.locator("table.inbox tbody tr").filter(
        has=page.get_by_role("link", name=number, exact=True))
    expect(row).to_contain_text(step)
    _checked(page)
    row.get_by_role("link", name=number, exact=True).click()
    expect(page).to_have_url(re.compile(r"/petugas/berkas/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(_step(page)).to_have_text(step)
    _checked(page)


# --- the steps of the journey ----------------------------------------------------------------
def _verifier_forwards(page: Page, site: str, application: Application) -> None:
    number = application.tracking_number or ""
    case = _case(application)
    page.goto(site + "/petugas/")
    _checked(page)
    # Most urgent first: the table follows the pool ordered by due date, and the working days
    # left are counted on the region's calendar.
    verifier = User.objects.get(username="verifikator")
    rows = inbox(user=verifier, tenant=case.tenant, filters=InboxFilters(), lang="id").rows
    dues = [row.due for row in rows]
    assert len(rows) >= 2, "the demo's registered billboard waits as well"
    assert dues == sorted(dues, key=lambda d: (d is None, d))
    links = page.locator("table.inbox tbody tr td:first-child a")
    expect(links).to_have_text([str(row.case.application.tracking_number) for row in rows])
    mine = page.locator("table.inbox tbody tr").filter(
        has=page.get_by_role("link", name=number, exact=True))
    left = remaining_working_days(working_calendar(case.tenant), local_date(case.tenant),
                                  case.state_due_date)
    expect(mine.locator("td").nth(4)).to_have_text(str(left))
    expect(mine).to_contain_text("Verifikasi berkas")

    mine.get_by_role("link", name=number, exact=True).click()
    expect(_step(page)).to_have_text("Verifikasi berkas")
    documents = page.locator("section[aria-labelledby=docs-title] .list-group-item a")
    expect(documents).to_have_text(["KTP.pdf", "STRA.pdf"])
    _checked(page)
    forward = _action(page, "forward_to_review")
    forward.locator("textarea").fill("Berkas lengkap dan sah; mohon kajian Dinkes dan PUPR.")
    forward.locator("button[type=submit]").click()
    _done(page, "Teruskan ke tim teknis")
    expect(_step(page)).to_have_text("Kajian tim teknis")
    reviews = page.locator("section[aria-labelledby=reviews-title] li")
    expect(reviews).to_have_count(2)
    _checked(page)


def _health_office_recommends(page: Page, site: str, application: Application) -> None:
    number = application.tracking_number or ""
    _open_from_inbox(page, site, number, "Kajian tim teknis")
    recommend = _action(page, "recommend")

    # A rejection without reasons is refused, saying why, and nothing changes.
    before = _case(application).version
    recommend.get_by_label("Tolak", exact=True).check()
    recommend.locator("button[type=submit]").click()
    expect(page.locator("main .alert-danger")).to_contain_text(
        ["Penolakan memerlukan alasan tertulis."])
    expect(page.locator("main .alert-success")).to_have_count(0)
    expect(_step(page)).to_have_text("Kajian tim teknis")
    case = _case(application)
    assert case.version == before
    assert case.branches.get(agency__code="DINKES").status == BranchStatus.PENDING
    _checked(page)

    recommend = _action(page, "recommend")
    recommend.get_by_label("Setujui dengan syarat", exact=True).check()
    recommend.locator("textarea[name=conditions]").fill(CONDITIONS)
    recommend.locator("button[type=submit]").click()
    _done(page, "Sampaikan rekomendasi")
    # The other agency still reviews; this one's recommendation is recorded.
    expect(_step(page)).to_have_text("Kajian tim teknis")
    expect(page.locator("section[aria-labelledby=reviews-title] li").first).to_contain_text(
        f"Setujui dengan syarat: {CONDITIONS}")
    expect(_action(page, "recommend")).to_have_count(0)
    _checked(page)


def _public_works_schedules(page: Page, site: str, application: Application) -> None:
    number = application.tracking_number or ""
    _open_from_inbox(page, site, number, "Kajian tim teknis")
    page.get_by_role("link", name=re.compile(r"^Jadwalkan pemeriksaan lapangan")).click()
    expect(page).to_have_url(re.compile(r"/pemeriksaan/\?agency=PUPR$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Jadwalkan pemeriksaan lapangan")
    _checked(page)
    today = local_date(_case(application).tenant)
    page.get_by_label("Tanggal pemeriksaan").fill(today.isoformat())
    page.get_by_label("Nomor surat perintah tugas (SPT)").fill(LETTER)
    page.get_by_label("Hendra Gunawan").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/petugas/berkas/\d+/$"))
    _done(page, "dijadwalkan")
    visits = page.locator("section[aria-labelledby=insp-title]")
    expect(visits).to_contain_text(LETTER)
    expect(visits).to_contain_text("Hendra Gunawan")
    _checked(page)


def _inspector_reports_on_a_phone(page: Page, site: str, application: Application,
                                  photo: Path) -> None:
    number = application.tracking_number or ""
    _open_from_inbox(page, site, number, "Kajian tim teknis")
    page.get_by_role("link", name="Catat berita acara").click()
    expect(page).to_have_url(re.compile(r"/pemeriksaan/\d+/laporan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Berita acara pemeriksaan")
    expect(page.get_by_label("Tanggal pemeriksaan")).to_have_value(
        local_date(_case(application).tenant).isoformat())
    _checked(page)
    page.get_by_label("Temuan").fill(FINDINGS)
    page.get_by_label("Yang hadir (satu per baris)").fill(ATTENDEES)
    page.get_by_role("button", name="Gunakan lokasi ponsel ini").click()
    expect(page.locator("#location-status")).to_have_text("✓")
    expect(page.get_by_label("Lintang")).to_have_value(f"{LUBUKLINGGAU['latitude']:.6f}")
    expect(page.get_by_label("Bujur")).to_have_value(f"{LUBUKLINGGAU['longitude']:.6f}")
    page.locator("#id_photos").set_input_files(photo)
    _checked(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/petugas/berkas/\d+/$"))
    _done(page, "Berita acara")
    visits = page.locator("section[aria-labelledby=insp-title]")
    expect(visits).to_contain_text("Bangunan permanen dua lantai")
    image = visits.locator("img.insp-photo")
    expect(image).to_have_count(1)
    image.scroll_into_view_if_needed()  # it loads lazily, below the fold on a phone
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") == 64
    _checked(page)
    inspection = Inspection.objects.get(case=_case(application))
    assert inspection.status == InspectionStatus.REPORTED
    assert (float(inspection.latitude or 0), float(inspection.longitude or 0)) == (
        LUBUKLINGGAU["latitude"], LUBUKLINGGAU["longitude"])
    assert inspection.photos.get().content_type == "image/png"


def _public_works_recommends(page: Page, application: Application) -> None:
    page.reload()
    recommend = _action(page, "recommend")
    recommend.get_by_label("Setujui", exact=True).check()
    recommend.locator("button[type=submit]").click()
    _done(page, "Sampaikan rekomendasi")
    # Both agencies have recommended: the file is back at the one-stop office.
    expect(_step(page)).to_have_text("Penyusunan konsep keputusan")
    case = _case(application)
    assert case.state == "recommendation_review"
    _checked(page)


def _verifier_submits(page: Page, site: str, application: Application) -> None:
    _open_from_inbox(page, site, application.tracking_number or "",
                     "Penyusunan konsep keputusan")
    _action(page, "submit_for_approval").locator("button[type=submit]").click()
    _done(page, "Ajukan untuk persetujuan")
    expect(_step(page)).to_have_text("Persetujuan")
    _checked(page)


def _head_of_section_approves(page: Page, site: str, application: Application) -> None:
    _open_from_inbox(page, site, application.tracking_number or "", "Persetujuan")
    brief = page.locator("section.brief")
    # One line per agency: its recommendation in words, with the conditions.
    expect(brief.locator("ul").first.locator(":scope > li")).to_have_text([
        re.compile(r"^Dinas Kesehatan[^:]*: Setujui dengan syarat — syarat: "
                   + re.escape(CONDITIONS)),
        re.compile(r"^Dinas Pekerjaan Umum.*: Setujui$"),
    ])
    expect(brief).to_contain_text("Bangunan permanen dua lantai")
    _action(page, "approve").locator("textarea").fill("Disetujui dengan syarat dari Dinkes.")
    _action(page, "approve").locator("button[type=submit]").click()
    _done(page, "Setujui")
    expect(_step(page)).to_have_text("Penandatanganan elektronik")
    _checked(page)
    assert _case(application).state == "signing"

    page.goto(site + "/petugas/delegasi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengganti (Plh/Plt)")
    _checked(page)


def _anyone_tracks(page: Page, site: str, application: Application) -> None:
    page.goto(site + "/lacak/")
    page.fill("#id_nomor", application.tracking_number or "")
    page.fill("#id_pin", application.pin or "")
    page.locator("form.track-form button[type=submit]").click()
    result = page.locator(".track-result")
    expect(result.locator(".status-code")).to_have_text("signing")
    expect(result.locator(".timeline li")).to_have_text([
        re.compile(r"Permohonan diajukan$"),
        re.compile(r"Berkas dinyatakan lengkap dan diregistrasi$"),
        re.compile(r"Berkas diteruskan ke tim teknis$"),
        re.compile(r"Tim teknis menyampaikan rekomendasi \(Dinas Kesehatan.*\)$"),
        re.compile(r"Pemeriksaan lapangan dijadwalkan \(Dinas Pekerjaan Umum.*\)$"),
        re.compile(r"Pemeriksaan lapangan dilaksanakan \(Dinas Pekerjaan Umum.*\)$"),
        re.compile(r"Tim teknis menyampaikan rekomendasi \(Dinas Pekerjaan Umum.*\)$"),
        re.compile(r"Seluruh tim teknis telah memberi rekomendasi$"),
        re.compile(r"Konsep keputusan diajukan untuk persetujuan$"),
        re.compile(r"Permohonan disetujui$"),
    ])
    # The officers' names, notes and findings stay inside the office.
    for private in [*OFFICER_NAMES, "Hendra Gunawan", "Budi Hartono", FINDINGS, LETTER]:
        expect(result).not_to_contain_text(private)
    _checked(page)


# --- the journey -----------------------------------------------------------------------------
def test_two_agencies_review_an_inspector_reports_on_a_phone_and_the_head_approves(
    browser: Browser, site: str, officer: Any, application: Application, photo: Path
) -> None:
    verifier = officer("verifikator")
    _verifier_forwards(verifier, site, application)

    _health_office_recommends(officer("teknis.dinkes"), site, application)

    public_works = officer("teknis.pupr")
    _public_works_schedules(public_works, site, application)

    inspector = officer("lapangan.pupr", viewport=PHONE, permissions=["geolocation"],
                        geolocation=LUBUKLINGGAU, has_touch=True, is_mobile=True)
    _inspector_reports_on_a_phone(inspector, site, application, photo)

    _public_works_recommends(public_works, application)
    _verifier_submits(verifier, site, application)
    _head_of_section_approves(officer("kabid"), site, application)

    visitor = browser.new_context(locale="id-ID", viewport=PHONE)
    try:
        _anyone_tracks(visitor.new_page(), site, application)
    finally:
        visitor.close()
