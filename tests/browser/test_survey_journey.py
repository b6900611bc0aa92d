"""An applicant answers the satisfaction survey from the link in their message, on a phone:
real Chromium, live server, axe clean on every page."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from playwright.sync_api import Page, ViewportSize, expect

from satupintu.accounts.models import User
from satupintu.surveys.kiosk import COOKIE, KioskGrant, kiosk_cookie_set
from satupintu.surveys.models import SurveyResponse
from satupintu.tenants.models import Agency
from tests.a11y import assert_accessible
from tests.surveys.factories import invitation

pytestmark = pytest.mark.usefixtures("demo_db")

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID", "viewport": PHONE}


def test_an_applicant_answers_the_survey_from_the_link_on_a_phone(
    page: Page, live_server: Any, demo_db: None
) -> None:
    invited = invitation()
    page.goto(f"{live_server.url}/survei/{invited.raw_token}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Sending it half-filled tells what is missing and keeps what was chosen.
    page.locator("label[for='id_U1_4']").click()
    page.locator("#survey-submit").click()
    expect(page.locator("#survey-message")).to_be_visible()
    expect(page.locator("#id_U1_4")).to_be_checked()
    assert_accessible(page)

    for number in range(1, 10):
        page.locator(f"label[for='id_U{number}_{3 if number == 4 else 4}']").click()
    page.locator("#id_sex").select_option("female")
    page.locator("#id_age_band").select_option("30_39")
    page.locator("#id_suggestion").fill("Pelayanan cepat, ruang tunggu perlu kipas angin.")
    page.locator("#survey-submit").click()
    expect(page.locator("#survey-thanks")).to_be_visible()
    assert_accessible(page)
    stored = SurveyResponse.objects.get()
    assert stored.answers() == [4, 4, 4, 3, 4, 4, 4, 4, 4]
    assert stored.sex == "female"

    # The link is spent; the landing page and the scoreboard read well on the phone too.
    page.goto(f"{live_server.url}/survei/{invited.raw_token}/")
    expect(page.locator("#survey-message")).to_have_attribute("data-result", "used")
    assert_accessible(page)
    page.goto(f"{live_server.url}/statistik/")
    expect(page.locator(".ikm-value")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_citizen_answers_at_the_counters_kiosk(page: Page, live_server: Any,
                                                 demo_db: None) -> None:
    clerk = User.objects.get(username="petugas.fo")
    agency = Agency.objects.get(tenant=clerk.tenant, is_one_stop=True)
    response = HttpResponse()
    assert clerk.tenant_id is not None
    kiosk_cookie_set(response, KioskGrant(clerk.tenant_id, agency.pk, clerk.pk))
    page.context.add_cookies([{"name": COOKIE, "value": response.cookies[COOKIE].value,
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/survei/")
    page.locator("#id_service").select_option("SIA")
    assert_accessible(page)
    for number in range(1, 10):
        page.locator(f"label[for='id_U{number}_3']").click()
    page.locator("#survey-submit").click()
    expect(page.locator("#survey-thanks")).to_be_visible()
    page.locator("#next-respondent").click()
    expect(page.locator("#id_service")).to_have_value("")
    assert SurveyResponse.objects.filter(channel="kiosk", service__code="SIA").count() == 1
