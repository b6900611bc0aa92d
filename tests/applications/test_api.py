"""The applicant's API (`/api/v1/applications…`, `/api/v1/uploads`) for a mobile client."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from satupintu.accounts.models import User, UserKind
from satupintu.applications.models import Application, Upload
from satupintu.workflow.engine import case_perform
from tests.applications.helpers import EXE, PDF, applicant, draft_sia, llg, submitted_sia
from tests.personas import api_token

pytestmark = pytest.mark.django_db

BASE = "/api/v1/applications"


class Api:
    """A test client speaking JSON with one bearer token."""

    def __init__(self, client: Client, user: User | None) -> None:
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token(user)}"} if user else {}

    def get(self, path: str, **extra: Any) -> Any:
        return self.client.get(path, **self.headers, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.client.post(path, body if body is not None else {},
                                content_type="application/json", **self.headers, **extra)

    def patch(self, path: str, body: Any, **extra: Any) -> Any:
        return self.client.patch(path, body, content_type="application/json", **self.headers,
                                 **extra)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, **self.headers)

    def upload(self, path: str, requirement: str, body: bytes = PDF,
               name: str = "dokumen.pdf") -> Any:
        return self.client.post(path, {"requirement": requirement,
                                       "file": SimpleUploadedFile(name, body)}, **self.headers)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json() if status != 204 else None


def error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "details"}
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.fixture
def me(client: Client) -> Api:
    return Api(client, applicant())


def stranger() -> User:
    return User.objects.create(username="pemohon.lain", tenant=llg(), kind=UserKind.APPLICANT,
                               full_name="Pemohon Lain")


def clerk() -> User:
    return User.objects.get(username="petugas.fo")


def return_citing(application: Application, code: str, note: str = "Buram") -> None:
    case = application.case
    assert case is not None
    case.refresh_from_db()
    case_perform(tenant=llg(), case_id=case.pk, actor=clerk(), action="return_incomplete",
                 expected_version=case.version, inputs={"citations": [{"code": code,
                                                                       "note": note}]})


# --- the journey ------------------------------------------------------------------------------
def test_an_applicant_applies_from_draft_to_tracking_number(me: Api) -> None:
    draft = ok(me.post(BASE, {"service": "sia", "variant": "new"}), 201)
    assert draft["status"] == "draft"
    assert draft["service"]["code"] == "SIA"
    assert isinstance(draft["standard_version"], int)
    assert draft["editable"] is None
    assert draft["case"] is None
    assert {"KTP", "STRA", "NAMA_APOTEK"} <= set(draft["missing"])
    url = f"{BASE}/{draft['id']}"

    saved = ok(me.patch(f"{url}/answers", {
        "answers": {"NAMA_APOTEK": "Apotek Sehat Linggau", "SEWA_MILIK_SENDIRI": "milik sendiri"},
        "kelurahan": "16.73.01.1001", "location_detail": "Jl. Yos Sudarso No. 1"}))
    assert saved["answers"]["NAMA_APOTEK"] == "Apotek Sehat Linggau"
    assert saved["kelurahan"]["code"] == "16.73.01.1001"
    assert saved["location_detail"] == "Jl. Yos Sudarso No. 1"

    for code in ("KTP", "STRA"):
        document = ok(me.upload(f"{url}/documents", code, name=f"{code.lower()}.pdf"), 201)
        assert document["requirement"] == code
        assert document["size"] == len(PDF)
        assert len(document["sha256"]) == 64
        assert document["content_type"] == "application/pdf"
    ready = ok(me.get(url))
    assert ready["missing"] == []
    rows = {row["code"]: row for row in ready["checklist"]}
    assert rows["KTP"]["satisfied"]
    assert rows["KTP"]["document"]["name"] == "ktp.pdf"
    assert rows["NAMA_APOTEK"]["answer"] == "Apotek Sehat Linggau"
    assert rows["PERJANJIAN_SEWA"]["applies"] is False  # only for rented premises

    before = Application.objects.count()
    first = ok(me.post(f"{url}/submit", HTTP_IDEMPOTENCY_KEY="klik-ganda-1"))
    again = ok(me.post(f"{url}/submit", HTTP_IDEMPOTENCY_KEY="klik-ganda-1"))
    assert Application.objects.count() == before
    assert first["tracking_number"].startswith("LLG-")
    assert len(first["pin"]) == 6
    assert (again["id"], again["tracking_number"], again["pin"]) == (
        first["id"], first["tracking_number"], first["pin"])
    assert first["status"] == "submitted"
    assert first["case"]["state"] == "completeness_check"
    assert first["editable"] == []
    assert [step["action"] for step in first["timeline"]] == ["submit"]
    assert "withdraw" in [a["code"] for a in first["case"]["actions"]]

    open_ids = [a["id"] for a in ok(me.get(f"{BASE}?status=open"))]
    assert first["id"] in open_ids
    assert first["id"] not in [a["id"] for a in ok(me.get(f"{BASE}?status=draft"))]


def test_a_returned_application_shows_what_to_fix_and_is_sent_back(me: Api) -> None:
    application = submitted_sia()
    return_citing(application, "KTP", "Foto KTP buram")
    url = f"{BASE}/{application.pk}"
    shown = ok(me.get(url))
    assert shown["case"]["state"] == "correction"
    assert shown["editable"] == ["KTP"]
    assert [(c["code"], c["note"]) for c in shown["cited"]] == [("KTP", "Foto KTP buram")]
    assert shown["cited"][0]["name"]
    assert {"resubmit", "withdraw"} <= {a["code"] for a in shown["case"]["actions"]}
    assert [s["action"] for s in shown["timeline"]] == ["submit", "return_incomplete"]
    assert all(set(step) == {"at", "action", "label", "state", "state_label"}
               for step in shown["timeline"])  # no officer names, no officer's inputs

    error(me.upload(f"{url}/documents", "STRA"), 409, "not_cited")
    error(me.patch(f"{url}/answers", {"answers": {"NAMA_APOTEK": "Lain"}}), 409, "not_cited")
    error(me.patch(f"{url}/answers", {"kelurahan": "16.73.01.1001"}), 409, "not_cited")
    ok(me.upload(f"{url}/documents", "KTP", name="ktp-jelas.pdf"), 201)

    version = shown["case"]["version"]
    error(me.post(f"{url}/resubmit", {"version": version - 1}), 409)
    back = ok(me.post(f"{url}/resubmit", {"version": version, "note": "Sudah diganti"}))
    assert back["case"]["state"] == "completeness_check"
    assert back["cited"] == []
    assert back["editable"] == []


def test_resubmitting_needs_every_cited_item(me: Api) -> None:
    application = submitted_sia()
    return_citing(application, "KTP")
    application.documents.filter(requirement_code="KTP").delete()
    version = ok(me.get(f"{BASE}/{application.pk}"))["case"]["version"]
    body = error(me.post(f"{BASE}/{application.pk}/resubmit", {"version": version}), 422,
                 "incomplete")
    assert body["details"] == {"KTP": "missing"}


def test_an_applicant_withdraws_with_a_reason(me: Api) -> None:
    application = submitted_sia()
    url = f"{BASE}/{application.pk}/withdraw"
    version = ok(me.get(f"{BASE}/{application.pk}"))["case"]["version"]
    error(me.post(url, {"version": version}), 422, "invalid")
    error(me.post(url, {"version": version, "reason": ""}), 422)
    error(me.post(url, {"version": version + 1, "reason": "Batal"}), 409)
    done = ok(me.post(url, {"version": version, "reason": "Batal buka apotek"}))
    assert done["case"]["outcome"] == "withdrawn"
    assert done["case"]["closed_at"] is not None
    assert done["case"]["actions"] == []
    assert application.pk in [a["id"] for a in ok(me.get(f"{BASE}?status=closed"))]
    error(me.post(url, {"version": done["case"]["version"], "reason": "Lagi"}), 409)


def test_a_draft_is_deleted_and_a_submitted_application_is_not(me: Api) -> None:
    draft = draft_sia()
    assert ok(me.delete(f"{BASE}/{draft.pk}"), 204) is None
    error(me.get(f"{BASE}/{draft.pk}"), 404, "not_found")
    submitted = submitted_sia()
    error(me.delete(f"{BASE}/{submitted.pk}"), 409)


# --- uploads --------------------------------------------------------------------------------
def test_an_earlier_upload_is_listed_and_reused(me: Api) -> None:
    first = draft_sia()
    ktp = first.documents.get(requirement_code="KTP").upload
    listed = ok(me.get("/api/v1/uploads"))
    assert ktp.pk in [u["id"] for u in listed]
    assert all(isinstance(u["size"], int) for u in listed)
    second = ok(me.post(BASE, {"service": "SIA"}), 201)
    reused = ok(me.post(f"{BASE}/{second['id']}/documents/reuse",
                        {"requirement": "KTP", "upload_id": ktp.pk}), 201)
    assert reused["upload_id"] == ktp.pk
    rows = {r["code"]: r for r in ok(me.get(f"{BASE}/{second['id']}"))["checklist"]}
    assert rows["KTP"]["document"]["upload_id"] == ktp.pk


def test_another_applicants_upload_cannot_be_reused(me: Api) -> None:
    other = stranger()
    theirs = Upload.objects.create(tenant=llg(), owner=other, file="uploads/x",
                                   original_name="x.pdf", content_type="application/pdf",
                                   size=10, sha256="0" * 64, uploaded_by=other)
    draft = draft_sia()
    missing = error(me.post(f"{BASE}/{draft.pk}/documents/reuse",
                            {"requirement": "KTP", "upload_id": 999_999_999}), 404)
    foreign = error(me.post(f"{BASE}/{draft.pk}/documents/reuse",
                            {"requirement": "KTP", "upload_id": theirs.pk}), 404)
    assert foreign == missing
    assert theirs.pk not in [u["id"] for u in ok(me.get("/api/v1/uploads"))]


def test_a_bad_file_is_refused_naming_the_requirement_and_nothing_is_stored(me: Api) -> None:
    draft = draft_sia()
    before = Upload.objects.count()
    body = error(me.upload(f"{BASE}/{draft.pk}/documents", "STRA", EXE, "stra.pdf"), 422)
    assert "STRA" in body["details"]
    body = error(me.upload(f"{BASE}/{draft.pk}/documents", "STRA",
                           PDF + b"0" * (2 * 1024 * 1024), "besar.pdf"), 422)
    assert body["details"] == {"STRA": "too_large"}
    error(me.upload(f"{BASE}/{draft.pk}/documents", "TIDAK_ADA"), 422)
    error(me.upload(f"{BASE}/{draft.pk}/documents", "x" * 31), 422)
    error(me.client.post(f"{BASE}/{draft.pk}/documents", {"requirement": "KTP"},
                         **me.headers), 422)  # no file
    assert Upload.objects.count() == before
    stored = ok(me.upload(f"{BASE}/{draft.pk}/documents", "KTP", name="../../etc/passwd.pdf"),
                201)
    assert stored["name"] == "passwd.pdf"


def test_uploads_are_limited_per_applicant(me: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from django.utils import timezone

    from satupintu.applications import services as application_services
    from satupintu.applications.models import Upload

    draft = draft_sia()
    recent = Upload.objects.filter(uploaded_by__username="pemohon",
                                   created_at__gte=timezone.now() - dt.timedelta(minutes=1))
    monkeypatch.setattr(application_services, "UPLOADS_PER_MINUTE", recent.count() + 2)
    url = f"{BASE}/{draft.pk}/documents"
    ok(me.upload(url, "KTP"), 201)
    ok(me.upload(url, "KTP"), 201)
    refused = me.upload(url, "KTP")
    error(refused, 429, "throttled")
    assert int(refused["Retry-After"]) >= 1


# --- bad input ------------------------------------------------------------------------------
def test_invalid_answers_are_listed_per_item(me: Api) -> None:
    draft = draft_sia()
    body = error(me.patch(f"{BASE}/{draft.pk}/answers", {
        "answers": {"SEWA_MILIK_SENDIRI": "dipinjam", "TIDAK_ADA": "x"}}), 422)
    assert set(body["details"]) == {"SEWA_MILIK_SENDIRI", "TIDAK_ADA"}
    body = error(me.patch(f"{BASE}/{draft.pk}/answers", {"kelurahan": "99.99.99.9999"}), 422)
    assert set(body["details"]) == {"kelurahan"}


@pytest.mark.parametrize("body", [
    {"answers": {"NAMA_APOTEK": "x" * 4001}},
    {"answers": {"NAMA_APOTEK": "nul\x00"}},
    {"answers": {"NAMA_APOTEK": ["a", "list"]}},
    {"answers": {"NAMA_APOTEK": {"a": "dict"}}},
    {"answers": {"x" * 31: "key too long"}},
    {"answers": "not a mapping"},
    {"location_detail": "y" * 301},
    {"location_detail": "nul\x00"},
    {"location_detail": "\ud800"},
    {"kelurahan": "16.73\x00"},
    {"kelurahan": 1673011001},
])
def test_malformed_answers_are_refused_not_crashed(me: Api, body: dict[str, Any]) -> None:
    draft = draft_sia()
    error(me.patch(f"{BASE}/{draft.pk}/answers", body), 422)


def test_numbers_are_json_numbers(me: Api) -> None:
    draft = ok(me.post(BASE, {"service": "REKLAME-INS"}), 201)
    saved = ok(me.patch(f"{BASE}/{draft['id']}/answers",
                        {"answers": {"JUMLAH_BUAH": "12", "LUAS_PER_BUAH": 2.5}}))
    assert saved["answers"]["JUMLAH_BUAH"] == 12
    assert saved["answers"]["LUAS_PER_BUAH"] == 2.5
    rows = {row["code"]: row for row in saved["checklist"]}
    assert rows["JUMLAH_BUAH"]["answer"] == 12
    assert rows["JUMLAH_BUAH"]["data_type"] == "number"


@pytest.mark.parametrize(("body", "field"), [
    ({"service": "TIDAK-ADA"}, "service"),
    ({"service": "SIA", "variant": "revocation"}, "variant"),
    ({"service": "SIA", "variant": "baru"}, None),
    ({"service": "S\x00IA"}, None),
    ({"service": "S" * 31}, None),
    ({"service": 12}, None),
    ({}, None),
])
def test_starting_a_draft_with_bad_input_is_refused(me: Api, body: dict[str, Any],
                                                    field: str | None) -> None:
    before = Application.objects.count()
    refused = error(me.post(BASE, body), 422)
    if field is not None:
        assert set(refused["details"]) == {field}
    assert Application.objects.count() == before


def test_a_body_that_is_not_json_answers_400_and_not_an_object_422(me: Api) -> None:
    draft = draft_sia()
    url = f"{BASE}/{draft.pk}/answers"
    error(me.patch(url, "{bukan json"), 400, "bad_request")
    for body in ("[1]", '"teks"', "null"):
        error(me.patch(url, body), 422, "invalid")


@pytest.mark.parametrize("path", [f"{BASE}?status=semua", f"{BASE}/0", f"{BASE}/abc",
                                  f"{BASE}/{2**64}"])
def test_malformed_queries_and_ids_answer_422(me: Api, path: str) -> None:
    error(me.get(path), 422)


def test_submission_is_refused_while_something_is_missing(me: Api) -> None:
    draft = ok(me.post(BASE, {"service": "SIA"}), 201)
    body = error(me.post(f"{BASE}/{draft['id']}/submit"), 422, "incomplete")
    assert {"KTP", "STRA", "NAMA_APOTEK"} <= set(body["details"])
    assert ok(me.get(f"{BASE}/{draft['id']}"))["status"] == "draft"


@pytest.mark.parametrize("key", ["", "kunci dengan spasi", "k" * 65, "kunci-ü"])
def test_a_malformed_idempotency_key_is_refused(me: Api, key: str) -> None:
    draft = draft_sia()
    error(me.post(f"{BASE}/{draft.pk}/submit", HTTP_IDEMPOTENCY_KEY=key), 422)
    error(me.post(f"{BASE}/{draft.pk}/submit", {"idempotency_key": key}), 422)
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_idempotency_key_may_come_in_the_body(me: Api) -> None:
    draft = draft_sia()
    first = ok(me.post(f"{BASE}/{draft.pk}/submit", {"idempotency_key": "kunci-badan"}))
    again = ok(me.post(f"{BASE}/{draft.pk}/submit", {"idempotency_key": "kunci-badan"}))
    assert again["tracking_number"] == first["tracking_number"]
    error(me.post(f"{BASE}/{draft.pk}/submit", HTTP_IDEMPOTENCY_KEY="lain"), 409, "submitted")
    error(me.post(f"{BASE}/{draft.pk}/submit", {"idempotency_key": "a"},
                  HTTP_IDEMPOTENCY_KEY="b"), 422)


def test_a_key_used_for_one_application_does_not_submit_another(me: Api) -> None:
    first, second = draft_sia(), draft_sia()
    ok(me.post(f"{BASE}/{first.pk}/submit", HTTP_IDEMPOTENCY_KEY="sekali"))
    error(me.post(f"{BASE}/{second.pk}/submit", HTTP_IDEMPOTENCY_KEY="sekali"), 409,
          "idempotency_key_reused")
    second.refresh_from_db()
    assert second.is_draft


def test_labels_follow_the_readers_language(me: Api) -> None:
    application = submitted_sia()
    indonesian = ok(me.get(f"{BASE}/{application.pk}", HTTP_ACCEPT_LANGUAGE="id"))
    english = ok(me.get(f"{BASE}/{application.pk}", HTTP_ACCEPT_LANGUAGE="en"))
    assert indonesian["case"]["state_label"] != english["case"]["state_label"]
    listed = ok(me.get(BASE, HTTP_ACCEPT_LANGUAGE="en"))
    assert english["case"]["state_label"] in [a["state_label"] for a in listed]


# --- who may call what ----------------------------------------------------------------------
def every_operation(pk: int) -> list[tuple[str, str, Any]]:
    url = f"{BASE}/{pk}"
    return [
        ("get", BASE, None), ("post", BASE, {"service": "SIA"}), ("get", url, None),
        ("patch", f"{url}/answers", {"answers": {}}),
        ("upload", f"{url}/documents", None),
        ("post", f"{url}/documents/reuse", {"requirement": "KTP", "upload_id": 1}),
        ("delete", url, None), ("post", f"{url}/submit", {}),
        ("post", f"{url}/resubmit", {"version": 1}),
        ("post", f"{url}/withdraw", {"version": 1, "reason": "x"}),
        ("get", f"{url}/rejection-letter", None),
        ("get", "/api/v1/uploads", None),
    ]


def call(api: Api, method: str, path: str, body: Any) -> Any:
    if method == "upload":
        return api.upload(path, "KTP")
    if method in ("get", "delete"):
        return getattr(api, method)(path)
    return getattr(api, method)(path, body)


def test_anonymous_calls_answer_401_everywhere(client: Client) -> None:
    draft = draft_sia()
    for method, path, body in every_operation(draft.pk):
        error(call(Api(client, None), method, path, body), 401, "unauthenticated")
    assert Application.objects.filter(pk=draft.pk, status="draft").exists()


def test_an_officers_token_answers_403_everywhere(client: Client) -> None:
    draft = draft_sia()
    officer = Api(client, clerk())
    for method, path, body in [*every_operation(draft.pk),
                               ("post", f"{BASE}/{draft.pk}/withdraw", {"bad": "input"})]:
        error(call(officer, method, path, body), 403, "wrong_account_kind")
    assert Application.objects.filter(pk=draft.pk, status="draft").exists()


def test_another_applicants_application_is_not_found_like_a_missing_one(client: Client) -> None:
    draft = draft_sia()
    submitted = submitted_sia()
    other = Api(client, stranger())
    missing_pk = Application.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    for pk in (draft.pk, submitted.pk):
        for (method, path, body), (_m, missing_path, _b) in zip(
                every_operation(pk), every_operation(missing_pk), strict=True):
            if path in (BASE, "/api/v1/uploads"):
                continue
            theirs = call(other, method, path, body)
            nothing = call(other, method, missing_path, body)
            assert theirs.status_code == nothing.status_code == 404, (method, path)
            assert theirs.json() == nothing.json()
    assert ok(other.get(BASE)) == []
    assert ok(other.get("/api/v1/uploads")) == []
    draft.refresh_from_db()
    assert draft.is_draft


# --- the contract -----------------------------------------------------------------------------
WRITE_ERRORS = {"400", "401", "403", "404", "409", "422"}


def test_openapi_declares_every_status_and_the_token(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    # 400: a body that cannot be parsed at all (not JSON, broken multipart).
    expected = {
        ("get", "/api/v1/applications"): {"200", "401", "403", "422"},
        ("post", "/api/v1/applications"): {"201", "400", "401", "403", "422"},
        ("get", "/api/v1/applications/{id}"): {"200", "401", "403", "404", "422"},
        ("delete", "/api/v1/applications/{id}"): {"204", "401", "403", "404", "409", "422"},
        ("patch", "/api/v1/applications/{id}/answers"): {"200", *WRITE_ERRORS},
        ("post", "/api/v1/applications/{id}/documents"): {"201", "429", *WRITE_ERRORS},
        ("post", "/api/v1/applications/{id}/documents/reuse"): {"201", *WRITE_ERRORS},
        ("post", "/api/v1/applications/{id}/submit"): {"200", *WRITE_ERRORS},
        ("post", "/api/v1/applications/{id}/resubmit"): {"200", *WRITE_ERRORS},
        ("post", "/api/v1/applications/{id}/withdraw"): {"200", *WRITE_ERRORS},
        ("get", "/api/v1/applications/{id}/rejection-letter"): {"200", "401", "403", "404",
                                                               "422"},
        ("get", "/api/v1/uploads"): {"200", "401", "403"},
    }
    for (method, path), codes in expected.items():
        operation = paths[path][method]
        assert set(operation["responses"]) == codes, (method, path)
        assert operation["security"] == [{"TokenAuth": []}], (method, path)
    upload = paths["/api/v1/applications/{id}/documents"]["post"]["requestBody"]
    assert "multipart/form-data" in upload["content"]
