"""`/api/v1/auth/…` and `/api/v1/me`: registration, tokens, sign-out, the signed-in account."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from satupintu.accounts.models import ApiToken, ApplicantProfile, User
from satupintu.accounts.tokens import token_hash
from satupintu.demo.lubuklinggau import DEMO_PASSWORD
from tests.accounts.conftest import PASSWORD, otp_code
from tests.personas import PASSWORD as PERSONA_PASSWORD
from tests.personas import api_token

pytestmark = pytest.mark.django_db


def registration(**changes: Any) -> dict[str, Any]:
    body = {
        "kind": "individual", "username": "budi.s", "password": PASSWORD,
        "full_name": "Budi Santoso", "nik": "1673011708850003", "email": "budi@contoh.id",
        "phone": "081277778888", "address": "Jl. Merdeka No. 5", "kelurahan": "16.73.01.1001",
        "consent_version": "2026-1",
    }
    body.update(changes)
    return body


def post(client: Client, path: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(f"/api/v1{path}", body, content_type="application/json", **extra)


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code, body
    return body


# --- registration -----------------------------------------------------------------------------
def test_the_consent_notice_is_published_with_its_version(client: Client) -> None:
    body = client.get("/api/v1/auth/consent").json()
    assert body["version"] == "2026-1"
    assert body["purpose"]
    assert len(body["data"]) == 4


def test_an_individual_registers_and_gets_a_token(client: Client) -> None:
    response = post(client, "/auth/register", registration())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["account"]["username"] == "budi.s"
    assert body["account"]["phone"] == "+6281277778888"
    assert body["account"]["applicant"]["kelurahan"]["name"] == "Air Kuti"
    assert body["account"]["email_verified"] is False
    assert body["account"]["may_submit"] is False
    assert body["verification_email_sent"] is True
    assert mail.outbox[-1].to == ["budi@contoh.id"]
    me = client.get("/api/v1/me", **bearer(body["token"]["token"]))
    assert me.status_code == 200
    assert me.json()["username"] == "budi.s"


def test_a_business_registers(client: Client) -> None:
    response = post(client, "/auth/register", registration(
        kind="business", username="majubersama", email="usaha@majubersama.id",
        company_name="CV Maju Bersama", legal_form="cv", nib="9120001234567",
        npwp="01.312.166.0-091.000"))
    assert response.status_code == 201, response.content
    applicant = response.json()["account"]["applicant"]
    assert applicant["kind"] == "business"
    assert applicant["npwp"] == "013121660091000"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"nik": "1673013002850003"}, "nik", "tanggal lahir yang benar"),
    ({"phone": "0733 451234"}, "phone", "diawali 08, 628, atau +628"),
    ({"kelurahan": "99.99.99.9999"}, "kelurahan", "pilihan yang valid"),
    ({"consent_version": "2020-0"}, "consent_version", "Baca pemberitahuan"),
    ({"consent_version": ""}, "consent_version", "Baca pemberitahuan"),
    ({"nik": "1673015205900001"}, "nik", "Akun dengan NIK ini sudah ada"),
    ({"kind": "business"}, "nib", "Kolom ini wajib diisi."),
    ({"kind": "business", "npwp": "01.312.166.1-091.000", "nib": "9120001234567",
      "company_name": "CV X", "legal_form": "cv"}, "npwp", "NPWP ini tidak sah"),
])
def test_invalid_registrations_are_422_per_field_and_store_nothing(
    client: Client, changes: dict[str, str], field: str, message: str
) -> None:
    users = User.objects.count()
    body = _error(post(client, "/auth/register", registration(**changes)), 422, "invalid")
    assert message in " ".join(body["details"][field]), body
    assert User.objects.count() == users
    assert mail.outbox == []


def test_a_missing_field_is_422_in_the_error_format(client: Client) -> None:
    body = registration()
    del body["nik"]
    _error(post(client, "/auth/register", body), 422, "invalid")


def test_english_clients_get_english_messages(client: Client) -> None:
    body = _error(post(client, "/auth/register", registration(nik="123"),
                       HTTP_ACCEPT_LANGUAGE="en"), 422, "invalid")
    assert body["details"]["nik"] == ["A NIK has exactly 16 digits."]


# --- tokens -----------------------------------------------------------------------------------
def test_an_applicant_gets_a_token_by_user_name_or_email(client: Client) -> None:
    for name in ["pemohon", "pemohon@lubuklinggau.demo"]:
        response = post(client, "/auth/token", {"username": name, "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["token_type"] == "Bearer"
        assert body["token"].startswith("sp_")
        stored = ApiToken.objects.get(key_hash=token_hash(body["token"]))
        assert stored.user.username == "pemohon"
        assert body["token"] not in repr(stored.__dict__)  # only its hash is kept
        assert stored.expires_at > timezone.now() + dt.timedelta(days=29)


def test_a_wrong_password_is_401(client: Client) -> None:
    _error(post(client, "/auth/token", {"username": "pemohon", "password": "salah"}), 401,
           "invalid_credentials")


def test_an_account_of_another_region_is_401_here(client: Client) -> None:
    _error(post(client, "/auth/token", {"username": "admin.pga", "password": PERSONA_PASSWORD}),
           401, "invalid_credentials")


def test_an_officer_needs_the_code(client: Client) -> None:
    creds = {"username": "petugas.fo", "password": DEMO_PASSWORD}
    _error(post(client, "/auth/token", creds), 401, "otp_required")
    _error(post(client, "/auth/token", {**creds, "otp": "000000"}), 401, "otp_invalid")
    officer = User.objects.get(username="petugas.fo")
    response = post(client, "/auth/token", {**creds, "otp": otp_code(officer)})
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    stored = ApiToken.objects.get(key_hash=token_hash(token))
    assert stored.otp_device.startswith("otp_totp.totpdevice/")
    assert stored.expires_at < timezone.now() + dt.timedelta(hours=13)
    me = client.get("/api/v1/me", **bearer(token)).json()
    assert me["second_factor_verified"] is True
    assert me["roles"] == [{"agency": "DPMPTSP", "role": "front_office",
                            "position": "Petugas Front Office"}]


def test_an_officer_without_a_second_factor_is_told_to_set_it_up(client: Client) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__username="auditor").delete()
    _error(post(client, "/auth/token", {"username": "auditor", "password": DEMO_PASSWORD,
                                        "otp": "123456"}), 403, "second_factor_not_set_up")


def test_five_wrong_passwords_lock_the_account(client: Client) -> None:
    for _attempt in range(4):
        _error(post(client, "/auth/token", {"username": "pemohon", "password": "salah"}), 401,
               "invalid_credentials")
    _error(post(client, "/auth/token", {"username": "pemohon", "password": "salah"}), 429,
           "locked_out")
    _error(post(client, "/auth/token", {"username": "pemohon", "password": DEMO_PASSWORD}),
           429, "locked_out")


def test_sign_in_attempts_are_throttled_per_client(client: Client) -> None:
    for i in range(10):
        post(client, "/auth/token", {"username": f"nobody{i}", "password": "x"})
    response = post(client, "/auth/token", {"username": "pemohon", "password": DEMO_PASSWORD})
    _error(response, 429, "throttled")
    assert "Retry-After" in response


# --- me and logout ----------------------------------------------------------------------------
def test_anonymous_calls_are_401_in_the_error_format(client: Client) -> None:
    _error(client.get("/api/v1/me"), 401, "unauthenticated")
    _error(client.get("/api/v1/me", **bearer("sp_not-a-real-token")), 401, "unauthenticated")
    _error(post(client, "/auth/logout", {}), 401, "unauthenticated")


def test_me_shows_the_applicant_and_whether_they_may_submit(client: Client) -> None:
    user = User.objects.get(username="pemohon")
    body = client.get("/api/v1/me", **bearer(api_token(user))).json()
    assert body["kind"] == "applicant"
    assert body["may_submit"] is True
    assert body["applicant"]["nik"] == "1673015205900001"
    assert body["roles"] == []


def test_logout_revokes_the_token(client: Client) -> None:
    token = api_token(User.objects.get(username="pemohon"))
    assert post(client, "/auth/logout", {}, **bearer(token)).status_code == 204
    _error(client.get("/api/v1/me", **bearer(token)), 401, "unauthenticated")


def test_an_expired_token_is_401(client: Client) -> None:
    token = api_token(User.objects.get(username="pemohon"))
    ApiToken.objects.filter(key_hash=token_hash(token)).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1))
    _error(client.get("/api/v1/me", **bearer(token)), 401, "unauthenticated")


def test_a_token_is_only_good_at_its_own_region(client: Client) -> None:
    token = api_token(User.objects.get(username="pemohon"))
    _error(client.get("/api/v1/me", HTTP_HOST="pagaralam.localhost", **bearer(token)), 401,
           "unauthenticated")


def test_a_deactivated_account_loses_its_tokens(client: Client) -> None:
    user = User.objects.get(username="pemohon")
    token = api_token(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    _error(client.get("/api/v1/me", **bearer(token)), 401, "unauthenticated")


def test_an_officer_token_dies_with_its_second_factor(client: Client) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    officer = User.objects.get(username="kabid")
    token = api_token(officer)
    TOTPDevice.objects.filter(user=officer).delete()
    _error(client.get("/api/v1/me", **bearer(token)), 401, "unauthenticated")


# --- OpenAPI ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "method", "codes"), [
    ("/api/v1/auth/register", "post", {"201", "422", "429"}),
    ("/api/v1/auth/token", "post", {"200", "401", "403", "422", "429"}),
    ("/api/v1/auth/logout", "post", {"204", "401"}),
    ("/api/v1/me", "get", {"200", "401"}),
])
def test_every_response_code_is_declared(client: Client, path: str, method: str,
                                         codes: set[str]) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert set(spec["paths"][path][method]["responses"]) == codes


def test_the_token_scheme_is_in_the_openapi_document(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    assert spec["paths"]["/api/v1/me"]["get"]["security"] == [{"TokenAuth": []}]


def test_profiles_made_through_the_api_match_the_pages(client: Client) -> None:
    post(client, "/auth/register", registration(nik="1673 0117 0885 0003"))
    assert ApplicantProfile.objects.get(user__username="budi.s").nik == "1673011708850003"


def test_api_clients_need_no_csrf_cookie() -> None:
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, "/auth/register", registration()).status_code == 201
    response = post(strict, "/auth/token", {"username": "pemohon", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert post(strict, "/auth/logout", {}, **bearer(response.json()["token"])).status_code == 204
