"""The survey's pages: an invitation's form, the counter's kiosk, the officers' results and
report, the public scoreboard."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from django.test import Client

from satupintu.accounts.models import User
from satupintu.surveys.kiosk import COOKIE
from satupintu.surveys.models import Invitation, SurveyChannel, SurveyResponse
from tests.personas import sign_in
from tests.surveys.factories import (
    WORKED_RESPONDENTS,
    WORKED_SUMS,
    invitation,
    rows_with_sums,
    store,
)

pytestmark = pytest.mark.django_db

ALL_FOUR = {f"U{i}": "4" for i in range(1, 10)}


def test_the_form_shows_the_nine_elements_in_order_as_radio_groups(client: Client) -> None:
    invited = invitation()
    html = client.get(f"/survei/{invited.raw_token}/").content.decode()
    assert html.count("<fieldset") == 10  # nine questions and the profile
    positions = [html.index(f'id="q-U{i}"') for i in range(1, 10)]
    assert positions == sorted(positions)
    assert html.count('type="radio"') == 36
    assert "<legend" in html


def test_answering_by_link_thanks_and_closes_the_link(client: Client) -> None:
    invited = invitation()
    response = client.post(f"/survei/{invited.raw_token}/",
                           {**ALL_FOUR, "sex": "male", "suggestion": "Bagus."})
    assert response.status_code == 302
    assert response["Location"] == "/survei/terima-kasih/"
    assert client.get(response["Location"]).status_code == 200
    assert SurveyResponse.objects.filter(suggestion="Bagus.", sex="male").count() == 1
    assert client.get(f"/survei/{invited.raw_token}/").status_code == 409


def test_a_missing_answer_is_shown_and_nothing_is_stored(client: Client) -> None:
    invited = invitation()
    before = SurveyResponse.objects.count()
    posted = {k: v for k, v in ALL_FOUR.items() if k != "U7"}
    response = client.post(f"/survei/{invited.raw_token}/", {**posted, "U2": "9"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="err-U7"' in html
    assert 'id="err-U2"' in html
    assert 'value="4" checked' in html  # what was chosen stays chosen
    assert SurveyResponse.objects.count() == before
    assert Invitation.objects.get(pk=invited.pk).used_at is None


def test_an_unknown_link_is_a_404_page(client: Client) -> None:
    assert client.get("/survei/tidak-ada/").status_code == 404
    assert client.post("/survei/tidak-ada/", ALL_FOUR).status_code == 404


def test_the_landing_page_opens_a_typed_code(client: Client) -> None:
    assert client.get("/survei/").status_code == 200
    response = client.get("/survei/?kode=abc")
    assert response.status_code == 302
    assert response["Location"] == "/survei/abc/"
    pasted = client.get("/survei/?kode=http://127.0.0.1:8000/survei/abc/")
    assert pasted["Location"] == "/survei/abc/"
    assert client.get("/survei/?kode=/").status_code == 200


# --- the kiosk --------------------------------------------------------------------------------
def _kiosk(client: Client) -> Client:
    sign_in(client, User.objects.get(username="petugas.fo"))
    response = client.post("/petugas/survei-kiosk/", {"action": "start"})
    assert response.status_code == 302
    assert response["Location"] == "/survei/"
    assert COOKIE in response.cookies
    return client


def test_a_clerk_turns_a_device_into_a_kiosk_and_citizens_answer_one_after_another(
        client: Client) -> None:
    _kiosk(client)
    assert "_auth_user_id" not in client.session  # signed out on the kiosk
    page = client.get("/survei/").content.decode()
    assert 'id="id_service"' in page
    for _ in range(2):
        done = client.post("/survei/", {**ALL_FOUR, "service": "SIA"})
        assert done.status_code == 302
        assert done["Location"] == "/survei/terima-kasih/?kios=1"
        assert 'id="next-respondent"' in client.get(done["Location"]).content.decode()
    stored = SurveyResponse.objects.filter(channel=SurveyChannel.KIOSK, service__code="SIA")
    assert stored.count() == 2
    assert all(r.agency == r.service.lead_agency for r in stored if r.service)
    missing = client.post("/survei/", {"U1": "4"})
    assert missing.status_code == 422
    assert client.post("/survei/", {**ALL_FOUR, "service": "NOPE"}).status_code == 422


def test_a_forged_kiosk_cookie_is_ignored(client: Client) -> None:
    client.cookies[COOKIE] = "forged"
    page = client.get("/survei/").content.decode()
    assert 'id="id_service"' not in page
    before = SurveyResponse.objects.count()
    client.post("/survei/", ALL_FOUR)
    assert SurveyResponse.objects.count() == before


def test_kiosk_submissions_are_throttled(client: Client, settings: Any) -> None:
    settings.SATUPINTU_SURVEY_KIOSK_RATE = "2/h"
    _kiosk(client)
    statuses = [client.post("/survei/", ALL_FOUR).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_a_kiosk_stops_when_its_clerk_loses_the_role(client: Client) -> None:
    from satupintu.accounts.models import Membership

    _kiosk(client)
    Membership.objects.filter(user__username="petugas.fo", role="front_office").update(
        is_active=False)
    assert 'id="id_service"' not in client.get("/survei/").content.decode()


# --- results, report and the scoreboard ---------------------------------------------------------
def test_the_officers_results_and_the_pdf_report_show_the_index(client: Client) -> None:
    store(rows_with_sums(WORKED_SUMS, WORKED_RESPONDENTS))
    sign_in(client, User.objects.get(username="admin.llg"))
    page = client.get("/petugas/ikm/?periode=2020-03")
    assert page.status_code == 200
    html = page.content.decode()
    assert "91" in html
    assert "lowest-element" in html
    pdf = client.get("/petugas/ikm/laporan.pdf?periode=2020-03")
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.content,
                          capture_output=True, check=True).stdout.decode()
    assert "91,48" in text
    assert "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT" in text
    assert "Persyaratan" in text
    assert "Sarana dan prasarana" in text
    # A period that does not exist gives no report of another one: back to the results,
    # which say what is wrong.
    bad = client.get("/petugas/ikm/laporan.pdf?periode=2026-Q5")
    assert bad.status_code == 302
    assert bad["Location"].startswith("/petugas/ikm/?periode=2026-Q5")
    assert client.get(bad["Location"]).status_code == 200


def test_the_public_scoreboard_is_cacheable_and_rounded(client: Client) -> None:
    store(rows_with_sums(WORKED_SUMS, WORKED_RESPONDENTS))
    response = client.get("/statistik/?periode=2020-03")
    assert response.status_code == 200
    assert "max-age=300" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    assert "91,48" in html or "91.48" in html
    assert client.get("/statistik/?periode=bogus").status_code == 422
