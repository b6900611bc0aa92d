"""`GET /api/v1/track/{tracking_number}?pin=`: what it tells, and what it never tells."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from satupintu.applications.models import Application
from satupintu.tenants.models import Agency
from satupintu.workflow.models import CaseBranch
from tests.tracking.conftest import APPLICANT_DATA, OFFICER_NAMES, api_url, move

pytestmark = pytest.mark.django_db


def track(client: Client, application: Application, **headers: Any) -> dict[str, Any]:
    response = client.get(api_url(application.tracking_number or "", application.pin),
                          **headers)
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def test_it_tracks_a_file_just_submitted(client: Client, submitted: Application) -> None:
    body = track(client, submitted)
    case = submitted.case
    assert case is not None
    assert submitted.submitted_at is not None
    assert case.state_due_date is not None
    dpmptsp = Agency.objects.get(tenant=submitted.tenant, is_one_stop=True)
    assert body == {
        "tracking_number": submitted.tracking_number,
        "service": {"code": "SIA", "name": submitted.service.name},
        "status": "completeness_check",
        "status_label": "Pemeriksaan kelengkapan berkas",
        "holder": {"kind": "agency", "agencies": [{"code": dpmptsp.code, "name": dpmptsp.name}]},
        "submitted_at": body["submitted_at"],
        "current_step_due": case.state_due_date.isoformat(),
        "service_due_date": None,
        "legal_due_date": None,
        "timeline": [{"at": body["timeline"][0]["at"], "step": "submit",
                      "label": "Permohonan diajukan", "agency": None}],
        "action_required": None,
        "permit": None,
    }
    # Times are the region's (WIB, +07:00) and the instants stored (to the millisecond).
    submitted_at = dt.datetime.fromisoformat(body["submitted_at"])
    assert abs(submitted_at - submitted.submitted_at) < dt.timedelta(milliseconds=1)
    assert submitted_at.utcoffset() == dt.timedelta(hours=7)


def test_it_answers_in_english_when_asked(client: Client, submitted: Application) -> None:
    by_header = track(client, submitted, HTTP_ACCEPT_LANGUAGE="en")
    assert by_header["status_label"] == "Completeness check"
    assert by_header["timeline"][0]["label"] == "Application submitted"
    assert by_header["service"]["name"] == submitted.service.name_en
    client.cookies["satupintu_lang"] = "en"
    assert track(client, submitted)["status_label"] == "Completeness check"


def test_the_number_and_pin_may_be_typed_in_lower_case_with_spaces(
    client: Client, submitted: Application
) -> None:
    number, pin = submitted.tracking_number or "", submitted.pin
    response = client.get(f"/api/v1/track/%20{number.lower()}%20?pin=%20{pin.lower()}")
    assert response.status_code == 200
    assert response.json()["tracking_number"] == number


def test_registration_starts_the_clock_and_gives_both_due_dates(
    client: Client, submitted: Application
) -> None:
    registered = move(submitted, "petugas.fo", "register")
    body = track(client, registered)
    case = registered.case
    assert case is not None
    assert case.service_due_date
    assert case.legal_due_date
    assert body["status"] == "verification"
    assert body["status_label"] == "Verifikasi berkas"
    assert body["service_due_date"] == case.service_due_date.isoformat()
    assert body["legal_due_date"] == case.legal_due_date.isoformat()
    assert body["current_step_due"] == (case.state_due_date.isoformat()
                                        if case.state_due_date else None)
    assert [s["step"] for s in body["timeline"]] == ["submit", "register"]
    assert body["timeline"][1]["label"] == "Berkas dinyatakan lengkap dan diregistrasi"


def test_a_returned_file_waits_for_the_applicant_and_names_what_to_fix(
    client: Client, submitted: Application
) -> None:
    returned = move(submitted, "petugas.fo", "return_incomplete",
                    citations=[{"code": "STRA", "note": "Masa berlaku STRA sudah habis."},
                               {"code": "KTP", "note": ""}])
    body = track(client, returned)
    case = returned.case
    assert case is not None
    assert case.state_due_date is not None
    assert body["status"] == "correction"
    assert body["holder"] == {"kind": "applicant", "agencies": []}
    assert body["current_step_due"] == case.state_due_date.isoformat()
    names = dict(returned.variant.requirements.values_list("code", "name"))
    assert body["action_required"] == {"cited": [
        {"code": "STRA", "name": names["STRA"], "note": "Masa berlaku STRA sudah habis."},
        {"code": "KTP", "name": names["KTP"], "note": ""},
    ]}
    english = track(client, returned, HTTP_ACCEPT_LANGUAGE="en")
    english_names = dict(returned.variant.requirements.values_list("code", "name_en"))
    assert english["action_required"]["cited"][0]["name"] == (english_names["STRA"]
                                                              or names["STRA"])
    # Once the applicant has resubmitted, nothing is asked of them any more.
    resubmitted = move(returned, "pemohon", "resubmit")
    assert track(client, resubmitted)["action_required"] is None


def test_during_the_technical_review_the_reviewing_agencies_hold_the_file(
    client: Client, submitted: Application
) -> None:
    application = move(submitted, "petugas.fo", "register")
    application = move(application, "verifikator", "forward_to_review")
    body = track(client, application)
    branch = CaseBranch.objects.get(case=application.case, agency__code="DINKES")
    assert body["status"] == "technical_review"
    assert body["holder"]["kind"] == "agency"
    assert [a["code"] for a in body["holder"]["agencies"]] == ["DINKES"]
    assert body["current_step_due"] == branch.due_date.isoformat() if branch.due_date else None
    application = move(application, "teknis.dinkes", "schedule_inspection",
                       date=dt.date.today().isoformat(), note="Dengan pemilik apotek")
    body = track(client, application)
    step = body["timeline"][-1]
    assert step["step"] == "schedule_inspection"
    assert step["agency"]["code"] == "DINKES"
    assert "Dengan pemilik" not in str(body)


def test_a_finished_file_is_held_by_nobody(client: Client, submitted: Application) -> None:
    application = move(submitted, "pemohon", "withdraw", reason="Pindah domisili")
    body = track(client, application)
    assert body["status"] == "withdrawn"
    assert body["holder"] == {"kind": "none", "agencies": []}
    assert body["current_step_due"] is None
    assert "Pindah domisili" not in str(body)


def test_answers_carry_no_personal_data_and_no_officer_names(
    client: Client, submitted: Application
) -> None:
    application = move(submitted, "petugas.fo", "register", note="Berkas diterima Bu Rina")
    application = move(application, "verifikator", "forward_to_review")
    application = move(application, "teknis.dinkes", "recommend", recommendation="approve")
    application = move(application, "verifikator", "submit_for_approval")
    application = move(application, "kabid", "approve")
    application = move(application, "kadis", "sign")
    text = client.get(api_url(application.tracking_number or "", application.pin)).content
    body = text.decode()
    for secret in [*OFFICER_NAMES, *APPLICANT_DATA, application.applicant.email,
                   "Bu Rina", application.pin]:
        assert secret not in body, secret
    assert track(client, application)["status"] == "issued"


# --- One answer for everything that is not a match ------------------------------------------
def wrong_requests(application: Application) -> list[str]:
    number, pin = application.tracking_number or "", application.pin
    other_pin = "ZZZZZZ" if pin != "ZZZZZZ" else "YYYYYY"
    year = number.split("-")[1]
    return [
        api_url(number, other_pin),                       # wrong PIN
        api_url(number, pin[:5]),                         # short PIN
        api_url(number, ""),                              # empty PIN
        api_url(number),                                  # no PIN
        api_url(number, pin + "%00"),                     # NUL in the PIN
        api_url(number, pin * 5000),                      # absurd PIN
        api_url(f"LLG-{year}-999999", pin),               # unknown number
        api_url(f"PGA-{year}-000001", pin),               # another region's prefix
        api_url("LLG-2026", pin),                         # malformed
        api_url(number + "%00", pin),                     # NUL in the number
        api_url("X" * 10_000, pin),                       # absurd number
        api_url("%3Cscript%3Ealert(1)%3C%2Fscript%3E", pin),  # markup, with a slash
        api_url("LLG%2F2026%2F000001", pin),              # slashes (not even routed)
        api_url("%F0%9F%98%80", pin),                     # an emoji
        api_url("%FF%FE", pin),                           # not UTF-8
    ]


def test_wrong_pin_unknown_and_malformed_numbers_answer_byte_for_byte_alike(
    client: Client, submitted: Application
) -> None:
    answers = {(r.status_code, r.content) for r in
               (client.get(url) for url in wrong_requests(submitted))}
    assert answers == {(404, b'{"code": "not_found", "message": "Tidak ditemukan.", '
                             b'"details": null}')}


def test_the_pin_is_compared_in_constant_time_even_without_a_file(
    client: Client, submitted: Application
) -> None:
    number, pin = submitted.tracking_number or "", submitted.pin
    year = number.split("-")[1]
    with mock.patch("satupintu.tracking.selectors.hmac.compare_digest",
                    wraps=hmac.compare_digest) as compare:
        client.get(api_url(number, "ZZZZZZ" if pin != "ZZZZZZ" else "YYYYYY"))
        client.get(api_url(f"LLG-{year}-999999", pin))
        client.get(api_url(number, pin))
    assert compare.call_count == 3


def test_it_is_in_the_openapi_document_with_every_status(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/track/{tracking_number}"]["get"]
    assert set(operation["responses"]) == {"200", "404", "429"}
    assert {p["name"] for p in operation["parameters"]} == {"tracking_number", "pin"}
    assert "security" not in operation
