"""The officer API (`/api/v1/officer/…`): inbox, file, acting, assignment, who may use it."""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from satupintu.accounts.models import ApiToken, User
from satupintu.accounts.second_factor import current_code
from satupintu.accounts.tokens import TOKEN_PREFIX, token_hash
from satupintu.applications import services
from satupintu.applications.models import Application
from satupintu.demo.lubuklinggau import DEMO_PASSWORD
from satupintu.tenants.models import Tenant
from satupintu.workflow.definitions import DEFAULT_CODE, published_definition
from satupintu.workflow.engine import CaseParams, case_start
from satupintu.workflow.models import Case, CaseTransition
from tests.applications.helpers import submitted_sia
from tests.personas import api_token, second_factor_device
from tests.workflow.helpers import act, start_case, user

pytestmark = pytest.mark.django_db

BASE = "/api/v1/officer"


class Api:
    """A test client speaking JSON with one bearer token (officers': with the second factor)."""

    def __init__(self, client: Client, who: User | str | None, lang: str = "id") -> None:
        person = user(who) if isinstance(who, str) else who
        self.client = client
        self.headers = {"HTTP_ACCEPT_LANGUAGE": lang}
        if person is not None:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token(person)}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, **self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(path, body if body is not None else {},
                                content_type="application/json", **self.headers)


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.content
    return response.json()


def error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "details"}
    if code is not None:
        assert body["code"] == code, body
    return body


def at_review() -> Application:
    """The demo applicant's SIA application, registered and with the health office's review."""
    application = submitted_sia()
    assert application.case is not None
    act(application.case, "petugas.fo", "register")
    act(application.case, "verifikator", "forward_to_review")
    return application


def case_of(application: Application) -> Case:
    assert application.case is not None
    return Case.objects.get(pk=application.case.pk)


def file_url(case: Case | int) -> str:
    return f"{BASE}/files/{case if isinstance(case, int) else case.pk}"


def unchanged(case: Case) -> None:
    """Nothing was done: the version and the steps on record are as before."""
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.version, fresh.state) == (case.version, case.state)
    assert CaseTransition.objects.filter(case=case).count() == case.version


# --- signing in -----------------------------------------------------------------------------
def test_an_officer_gets_a_token_with_their_code_and_opens_the_inbox(client: Client) -> None:
    creds = {"username": "verifikator", "password": DEMO_PASSWORD}
    without = client.post("/api/v1/auth/token", creds, content_type="application/json")
    error(without, 401, "otp_required")
    device = second_factor_device(user("verifikator"))
    issued = ok(client.post("/api/v1/auth/token", {**creds, "otp": current_code(device)[0]},
                            content_type="application/json"))
    inbox = client.get(f"{BASE}/inbox", HTTP_AUTHORIZATION=f"Bearer {issued['token']}")
    assert ok(inbox)["page"] == 1


def test_an_officer_token_without_the_second_factor_is_refused(client: Client) -> None:
    # The token service never issues one; a row written some other way must not work either.
    raw = TOKEN_PREFIX + "tanpa-faktor-kedua-" + "x" * 20
    officer = user("verifikator")
    ApiToken.objects.create(tenant=officer.tenant, user=officer, key_hash=token_hash(raw),
                            prefix=raw[:10], otp_device="",
                            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    error(client.get(f"{BASE}/inbox", HTTP_AUTHORIZATION=f"Bearer {raw}"), 401,
          "unauthenticated")


# --- the inbox ------------------------------------------------------------------------------
def test_the_inbox_lists_the_files_of_my_pools_with_their_due_dates(client: Client) -> None:
    application = submitted_sia()
    case = case_of(application)
    rows = ok(Api(client, "petugas.fo").get(f"{BASE}/inbox"))
    row = next(r for r in rows["items"] if r["case_id"] == case.pk)
    assert row["tracking_number"] == application.tracking_number
    assert row["service"]["code"] == "SIA"
    assert row["state"] == "completeness_check"
    assert row["state_label"] == "Pemeriksaan kelengkapan berkas"
    assert row["holder_agency"]["code"] == "DPMPTSP"
    assert row["holder_role"] == "front_office"
    assert row["assignee"] is None
    assert row["version"] == case.version
    assert row["due_date"] == case.state_due_date.isoformat()  # type: ignore[union-attr]
    assert isinstance(row["remaining_working_days"], int)
    assert row["overdue"] is False
    assert {"page", "pages", "total", "page_size"} <= set(rows)
    assert rows["total"] >= 1
    english = ok(Api(client, "petugas.fo", lang="en").get(f"{BASE}/inbox"))
    assert next(r for r in english["items"] if r["case_id"] == case.pk)["state_label"] == (
        "Completeness check")
    # Not in the verifier's pool yet.
    assert case.pk not in [r["case_id"] for r in ok(Api(client, "verifikator").get(
        f"{BASE}/inbox"))["items"]]


def test_the_inbox_marks_overdue_files_and_orders_by_due_date(client: Client) -> None:
    first, second = start_case(), start_case()
    act(first, "petugas.fo", "register")
    act(second, "petugas.fo", "register")
    Case.objects.filter(pk=first.pk).update(state_due_date=dt.date(2027, 1, 12))
    Case.objects.filter(pk=second.pk).update(state_due_date=dt.date(2026, 1, 5))
    items = ok(Api(client, "verifikator").get(f"{BASE}/inbox"))["items"]
    mine = [r for r in items if r["case_id"] in {first.pk, second.pk}]
    assert [r["case_id"] for r in mine] == [second.pk, first.pk]
    assert mine[0]["overdue"] is True
    assert mine[0]["remaining_working_days"] < 0
    assert mine[0]["tracking_number"] is None  # a file that is not an application


def test_the_inbox_filters_like_the_workspace(client: Client) -> None:
    application = at_review()
    case = case_of(application)
    reviewer = Api(client, "teknis.dinkes")

    def ids(**params: Any) -> list[int]:
        return [r["case_id"] for r in ok(reviewer.get(f"{BASE}/inbox", **params))["items"]]

    assert case.pk in ids()
    assert case.pk in ids(service="SIA", state="technical_review")
    assert case.pk not in ids(service="SIPD")
    assert case.pk not in ids(state="verification")
    assert case.pk in ids(assigned="none")
    assert case.pk not in ids(assigned="me")
    ok(reviewer.post(f"{file_url(case)}/claim", {"agency": "DINKES"}))
    assert case.pk in ids(assigned="me")
    row = next(r for r in ok(reviewer.get(f"{BASE}/inbox"))["items"] if r["case_id"] == case.pk)
    assert row["holder_agency"] is None
    assert row["assignee"]["name"] == user("teknis.dinkes").get_full_name()


def test_bad_inbox_filters_are_refused_with_a_message(client: Client) -> None:
    api = Api(client, "verifikator")
    for params in ({"page": "dua"}, {"page": 0}, {"assigned": "semua"}, {"service": "X" * 21}):
        body = error(api.get(f"{BASE}/inbox", **params), 422, "invalid")
        assert body["message"] == "Masukan tidak valid."
        assert body["details"]


def test_the_inbox_costs_the_same_queries_for_3_or_30_files(client: Client) -> None:
    api = Api(client, "verifikator")
    model = submitted_sia()
    uploads = {d.requirement_code: d.upload for d in model.documents.all()}

    def add(count: int) -> None:
        # Applications reusing one set of files (uploads are limited per minute).
        for _ in range(count):
            draft = services.application_start(tenant=model.tenant, applicant=model.applicant,
                                               actor=model.applicant, service_code="SIA",
                                               variant_kind="new")
            services.application_save_answers(application=draft, actor=model.applicant,
                                              answers=model.answers)
            for code, upload in uploads.items():
                services.document_reuse(application=draft, actor=model.applicant,
                                        requirement_code=code, upload=upload)
            draft = services.application_submit(application=draft, actor=model.applicant)
            act(case_of(draft), "petugas.fo", "register")

    act(case_of(model), "petugas.fo", "register")
    add(2)
    ok(api.get(f"{BASE}/inbox"))  # warm caches (calendar, definitions)
    with CaptureQueriesContext(connection) as few:
        assert len(ok(api.get(f"{BASE}/inbox"))["items"]) >= 3
    add(27)
    with CaptureQueriesContext(connection) as many:
        assert len(ok(api.get(f"{BASE}/inbox"))["items"]) >= 30
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 16


# --- the file -------------------------------------------------------------------------------
def test_the_file_shows_the_application_documents_timeline_clock_and_reviews(
        client: Client) -> None:
    application = at_review()
    case = case_of(application)
    act(case, "teknis.dinkes", "recommend", recommendation="approve_with_conditions",
        conditions="Papan nama apotek dipasang")
    raw = Api(client, "verifikator").get(file_url(case))
    body = ok(raw)
    assert application.pin not in raw.content.decode()
    assert body["version"] == Case.objects.get(pk=case.pk).version
    assert body["state"] == "recommendation_review"
    app = body["application"]
    assert app["tracking_number"] == application.tracking_number
    assert app["service"]["code"] == "SIA"
    assert app["variant"] == "new"
    assert app["applicant"]["name"] == "Siti Aminah"
    assert app["applicant"]["nik"] == "1673015205900001"
    assert "pin" not in app
    assert {a["requirement"]: a["answer"] for a in body["answers"]}["NAMA_APOTEK"] == (
        "Apotek Sehat Linggau")
    ktp = next(d for d in body["documents"] if d["requirement"] == "KTP")
    assert ktp["document"]["content_type"] == "application/pdf"
    assert len(ktp["document"]["sha256"]) == 64
    assert ktp["document"]["size"] > 0
    assert ktp["document"]["url"].startswith("http://")
    assert f"/dokumen/{ktp['document']['id']}/" in ktp["document"]["url"]
    steps = body["timeline"]
    assert [s["action"] for s in steps] == ["submit", "register", "forward_to_review",
                                            "recommend", "reviews_complete"]
    recommend = steps[3]
    assert recommend["actor"]["name"] == user("teknis.dinkes").get_full_name()
    assert recommend["role"] == "technical_reviewer"
    assert recommend["agency"] == "DINKES"
    assert recommend["on_behalf_of"] is None
    assert recommend["inputs"]["conditions"] == "Papan nama apotek dipasang"
    clock = body["clock"]
    assert clock["state"] == "running"
    assert clock["started_on"] is not None
    assert clock["service_due_date"] is not None
    assert isinstance(clock["service_remaining_days"], int)
    assert isinstance(clock["legal_remaining_days"], int)
    assert "started" in [e["kind"] for e in clock["events"]]
    [branch] = body["branches"]
    assert branch["agency"]["code"] == "DINKES"
    assert branch["status"] == "recommended"
    assert branch["recommendation"] == "approve_with_conditions"
    assert branch["recommendation_label"] == "Setujui dengan syarat"
    assert branch["conditions"] == "Papan nama apotek dipasang"
    assert body["inspections"] == []
    codes = {a["code"] for a in body["actions"]}
    assert {"submit_for_approval", "return_for_correction"} <= codes
    returning = next(a for a in body["actions"] if a["code"] == "return_for_correction")
    citations = next(i for i in returning["inputs"] if i["name"] == "citations")
    assert citations["required"] is True
    assert "KTP" in [c["value"] for c in citations["choices"]]


def test_a_reviewer_sees_their_review_actions_and_which_agency_they_act_for(
        client: Client) -> None:
    case = case_of(at_review())
    body = ok(Api(client, "teknis.dinkes", lang="en").get(file_url(case)))
    assert body["state_label"] == "Technical review"
    actions = {a["code"]: a for a in body["actions"]}
    # Inspections are scheduled and reported through their own pages.
    assert set(actions) == {"recommend"}
    recommend = actions["recommend"]
    assert recommend["agencies"] == ["DINKES"]
    inputs = {i["name"]: i for i in recommend["inputs"]}
    assert inputs["recommendation"]["required"] is True
    assert inputs["recommendation"]["type"] == "choice"
    assert [c["value"] for c in inputs["recommendation"]["choices"]] == [
        "approve", "approve_with_conditions", "reject"]
    assert inputs["reason"]["required"] is False
    assert inputs["conditions"]["required"] is False
    assert body["may_claim"] is True


def test_the_auditor_reads_a_file_but_may_not_act(client: Client) -> None:
    case = case_of(submitted_sia())
    auditor = Api(client, "auditor")
    assert ok(auditor.get(file_url(case)))["actions"] == []
    error(auditor.post(f"{file_url(case)}/actions", {"action": "register",
                                                      "version": case.version}),
          403, "forbidden")
    error(auditor.post(f"{file_url(case)}/claim"), 403, "forbidden")
    assert ok(auditor.get(f"{BASE}/inbox"))["items"] == []  # no pool of their own
    unchanged(case)


# --- acting ---------------------------------------------------------------------------------
def test_acting_moves_the_file_and_returns_it(client: Client) -> None:
    case = case_of(submitted_sia())
    clerk = Api(client, "petugas.fo")
    body = ok(clerk.post(f"{file_url(case)}/actions", {
        "action": "register", "version": case.version, "inputs": {"note": "Lengkap"}}))
    assert body["state"] == "verification"
    assert body["version"] == case.version + 1
    assert body["timeline"][-1]["note"] == "Lengkap"
    assert body["timeline"][-1]["role"] == "front_office"
    verifier = Api(client, "verifikator")
    body = ok(verifier.post(f"{file_url(case)}/actions", {
        "action": "return_for_correction", "version": body["version"],
        "inputs": {"citations": [{"code": "STRA", "note": "Sudah kedaluwarsa"}, "KTP"]}}))
    assert body["state"] == "correction"
    assert body["timeline"][-1]["inputs"]["citations"] == [
        {"code": "STRA", "note": "Sudah kedaluwarsa"}, {"code": "KTP", "note": ""}]


def test_a_reviewer_recommends_for_their_agency(client: Client) -> None:
    case = case_of(at_review())
    reviewer = Api(client, "teknis.dinkes")
    body = ok(reviewer.post(f"{file_url(case)}/actions", {
        "action": "recommend", "version": case.version, "agency": "DINKES",
        "inputs": {"recommendation": "reject", "reason": "Lokasi tidak memenuhi syarat"}}))
    assert body["state"] == "recommendation_review"
    assert body["branches"][0]["reason"] == "Lokasi tidak memenuhi syarat"


def test_two_officers_acting_with_the_same_version_one_is_told_the_file_changed(
        client: Client) -> None:
    case = case_of(submitted_sia())
    version = case.version
    first = Api(client, "petugas.fo").post(f"{file_url(case)}/actions",
                                           {"action": "register", "version": version})
    assert ok(first)["version"] == version + 1
    second = Api(client, "petugas.fo").post(f"{file_url(case)}/actions", {
        "action": "return_incomplete", "version": version, "inputs": {"citations": ["KTP"]}})
    body = error(second, 409, "stale")
    assert "berubah" in body["message"]
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.version, fresh.state) == (version + 1, "verification")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_two_officers_acting_at_the_same_moment_exactly_one_succeeds() -> None:
    case = start_case()
    tokens = [api_token(user("petugas.fo")) for _ in range(2)]
    barrier = threading.Barrier(2)
    statuses: list[Any] = []

    def attempt(token: str, body: dict[str, Any]) -> None:
        try:
            barrier.wait()
            response = Client().post(f"{file_url(case)}/actions", json.dumps(body),
                                     content_type="application/json",
                                     HTTP_AUTHORIZATION=f"Bearer {token}")
            statuses.append((response.status_code, response.json().get("code")))
        except BaseException as exc:
            statuses.append(repr(exc))
        finally:
            connection.close()

    bodies = [{"action": "register", "version": 1},
              {"action": "return_incomplete", "version": 1, "inputs": {"citations": ["KTP"]}}]
    threads = [threading.Thread(target=attempt, args=pair) for pair in zip(tokens, bodies,
                                                                           strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses, key=str) == [(200, None), (409, "stale")]
    assert Case.objects.get(pk=case.pk).version == 2


BAD_REVIEW_INPUTS = [
    ({}, "recommendation"),  # missing
    ({"recommendation": "maybe"}, "recommendation"),  # not one of the choices
    ({"recommendation": "reject"}, "reason"),  # a rejection needs reasons
    ({"recommendation": "approve_with_conditions"}, "conditions"),
    ({"recommendation": "approve", "days": 3}, "days"),  # an input this action does not take
    ({"recommendation": "approve", "reason": "x\x00y"}, "reason"),
]


@pytest.mark.parametrize(("inputs", "field"), BAD_REVIEW_INPUTS)
def test_bad_inputs_are_refused_per_field_and_change_nothing(
        client: Client, inputs: dict[str, Any], field: str) -> None:
    case = case_of(at_review())
    response = Api(client, "teknis.dinkes").post(f"{file_url(case)}/actions", {
        "action": "recommend", "version": case.version, "inputs": inputs})
    body = error(response, 422, "invalid")
    assert field in body["details"], body
    assert body["message"] == "Masukan tidak valid."
    unchanged(case)


@pytest.mark.parametrize("payload", [
    {"action": "recommend", "version": "dua"},  # not a whole number
    {"action": "recommend", "version": 1.5},
    {"action": "recommend"},  # no version
    {"version": 1},  # no action
    {"action": "recommend", "version": 1, "inputs": {"recommendation": ["approve"]}},
    {"action": "recommend", "version": 1, "inputs": {"alasan": "x"}},  # not an input at all
    {"action": "recommend", "version": 1, "inputs": "approve"},
    ["recommend", 1],
])
def test_malformed_bodies_are_refused_and_change_nothing(client: Client, payload: Any) -> None:
    case = case_of(at_review())
    response = Api(client, "teknis.dinkes").post(f"{file_url(case)}/actions", payload)
    body = error(response, 422, "invalid")
    assert body["details"]
    unchanged(case)


def test_an_unknown_action_or_one_not_of_this_step_is_a_conflict(client: Client) -> None:
    case = case_of(at_review())
    verifier = Api(client, "verifikator")
    for action in ("terbangkan", "forward_to_review"):
        body = error(verifier.post(f"{file_url(case)}/actions",
                                   {"action": action, "version": case.version}),
                     409, "not_allowed_now")
        assert body["message"] == "Tindakan ini tidak dapat dilakukan pada tahap berkas saat ini."
    unchanged(case)


def test_an_action_my_role_does_not_allow_is_forbidden(client: Client) -> None:
    case = case_of(submitted_sia())
    body = error(Api(client, "verifikator").post(f"{file_url(case)}/actions", {
        "action": "register", "version": case.version}), 403, "forbidden")
    assert body["message"]
    unchanged(case)


def test_inspections_are_not_recorded_as_bare_actions(client: Client) -> None:
    case = case_of(at_review())
    body = error(Api(client, "teknis.dinkes").post(f"{file_url(case)}/actions", {
        "action": "schedule_inspection", "version": case.version,
        "inputs": {"date": dt.date.today().isoformat()}}), 422, "invalid")
    assert body["details"]["action"] == (
        "Pemeriksaan lapangan dijadwalkan dan dilaporkan di ruang kerja petugas.")
    unchanged(case)


def test_an_unknown_agency_is_refused(client: Client) -> None:
    case = case_of(at_review())
    body = error(Api(client, "teknis.dinkes").post(f"{file_url(case)}/actions", {
        "action": "recommend", "version": case.version, "agency": "NOPE",
        "inputs": {"recommendation": "approve"}}), 422, "invalid")
    assert "agency" in body["details"]
    unchanged(case)


# --- claiming and assigning -----------------------------------------------------------------
def test_claim_release_and_assign(client: Client) -> None:
    case = case_of(submitted_sia())
    act(case, "petugas.fo", "register")
    case.refresh_from_db()
    verifier = Api(client, "verifikator")
    assert ok(verifier.get(file_url(case)))["may_claim"] is True
    error(verifier.post(f"{file_url(case)}/claim", {"version": case.version - 1}), 409, "stale")
    body = ok(verifier.post(f"{file_url(case)}/claim"))
    assert body["assignee"]["name"] == user("verifikator").get_full_name()
    assert body["may_claim"] is False
    # The approver is no verifier: not their pool; but as a head of the office they assign.
    approver = Api(client, "kabid")
    error(approver.post(f"{file_url(case)}/claim"), 403, "forbidden")
    assert ok(verifier.post(f"{file_url(case)}/release", {}))["assignee"] is None
    targets = ok(approver.get(file_url(case)))["assign_to"]
    assert targets[0]["agency"] is None
    assert user("verifikator").pk in [o["id"] for o in targets[0]["officers"]]
    body = ok(approver.post(f"{file_url(case)}/assign", {"assignee": user("verifikator").pk}))
    assert body["assignee"]["id"] == user("verifikator").pk
    bad = error(approver.post(f"{file_url(case)}/assign", {"assignee": user("teknis.pupr").pk}),
                422, "invalid")
    assert "assignee" in bad["details"]
    error(approver.post(f"{file_url(case)}/assign", {"assignee": user("pemohon").pk}),
          422, "invalid")
    error(approver.post(f"{file_url(case)}/assign", {}), 422, "invalid")
    error(verifier.post(f"{file_url(case)}/assign", {"assignee": user("verifikator").pk}),
          403, "forbidden")


def test_a_reviewer_claims_their_agencys_review(client: Client) -> None:
    case = case_of(at_review())
    reviewer = Api(client, "teknis.dinkes")
    body = ok(reviewer.post(f"{file_url(case)}/claim", {"agency": "DINKES"}))
    assert body["branches"][0]["assignee"]["name"] == user("teknis.dinkes").get_full_name()
    error(reviewer.post(f"{file_url(case)}/claim", {"agency": "ZZZ"}), 422, "invalid")
    body = ok(reviewer.post(f"{file_url(case)}/release", {"agency": "DINKES"}))
    assert body["branches"][0]["assignee"] is None


# --- who may use it -------------------------------------------------------------------------
def every_operation(case_id: int) -> list[tuple[str, str, Any]]:
    url = file_url(case_id)
    return [("get", f"{BASE}/inbox", None), ("get", url, None),
            ("post", f"{url}/actions", {"action": "register", "version": 1}),
            ("post", f"{url}/claim", {}), ("post", f"{url}/release", {}),
            ("post", f"{url}/assign", {"assignee": 1})]


def call(api: Api, method: str, path: str, body: Any) -> Any:
    return api.get(path) if method == "get" else api.post(path, body)


def test_anonymous_calls_answer_401_everywhere(client: Client) -> None:
    case = case_of(submitted_sia())
    for method, path, body in every_operation(case.pk):
        error(call(Api(client, None), method, path, body), 401, "unauthenticated")
    unchanged(case)


def test_an_applicants_token_answers_403_everywhere(client: Client) -> None:
    case = case_of(submitted_sia())
    for method, path, body in every_operation(case.pk):
        error(call(Api(client, "pemohon"), method, path, body), 403, "wrong_account_kind")
    unchanged(case)


def test_an_officer_without_a_file_role_answers_403_everywhere(client: Client) -> None:
    case = case_of(submitted_sia())
    for name in ("admin.llg", "pengaduan", "bendahara"):
        for method, path, body in every_operation(case.pk):
            refused = error(call(Api(client, name), method, path, body), 403, "no_file_role")
            assert refused["message"] == "Peran Anda tidak mencakup pekerjaan pada berkas."
    english = Api(client, "admin.llg", lang="en").get(f"{BASE}/inbox")
    assert error(english, 403)["message"] == "Your roles do not include work on files."
    unchanged(case)


def test_a_file_of_an_agency_that_does_not_review_it_is_not_found_like_a_missing_one(
        client: Client) -> None:
    case = case_of(at_review())  # reviewed by the health office only
    missing = Case.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    outsider = Api(client, "teknis.pupr")
    for (method, path, body), (_m, missing_path, _b) in zip(
            every_operation(case.pk), every_operation(missing), strict=True):
        if path.endswith("/inbox"):
            assert case.pk not in [r["case_id"] for r in ok(outsider.get(path))["items"]]
            continue
        theirs, nothing = call(outsider, method, path, body), call(outsider, method,
                                                                   missing_path, body)
        assert theirs.status_code == nothing.status_code == 404, (method, path)
        assert theirs.json() == nothing.json()
    unchanged(case)


def test_another_regions_file_is_not_found_and_its_token_unknown(client: Client) -> None:
    pga = Tenant.objects.get(code="pga")
    theirs = case_start(tenant=pga, definition=published_definition(tenant=pga,
                                                                     code=DEFAULT_CODE),
                        subject_type="test", owner=None, actor=None,
                        params=CaseParams(legal_days=10, service_days=5))
    for method, path, body in every_operation(theirs.pk)[1:]:
        error(call(Api(client, "petugas.fo"), method, path, body), 404, "not_found")
    error(Api(client, User.objects.get(username="admin.pga")).get(f"{BASE}/inbox"), 401,
          "unauthenticated")
    assert Case.objects.get(pk=theirs.pk).version == 1


def test_openapi_declares_every_status_and_the_token(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    writes = {"200", "400", "401", "403", "404", "409", "422"}
    expected = {
        ("get", f"{BASE}/inbox"): {"200", "401", "403", "422"},
        ("get", f"{BASE}/files/{{case_id}}"): {"200", "401", "403", "404", "422"},
        ("post", f"{BASE}/files/{{case_id}}/actions"): writes,
        ("post", f"{BASE}/files/{{case_id}}/claim"): writes,
        ("post", f"{BASE}/files/{{case_id}}/release"): writes,
        ("post", f"{BASE}/files/{{case_id}}/assign"): writes,
    }
    for (method, path), codes in expected.items():
        operation = paths[path][method]
        assert set(operation["responses"]) == codes, (method, path)
        assert operation["security"] == [{"OfficerAuth": []}], (method, path)
    scheme = client.get("/api/v1/openapi.json").json()["components"]["securitySchemes"]
    assert scheme["OfficerAuth"]["scheme"] == "bearer"
