"""Public verification of issued permits: pages `/verifikasi/…` and the API `/api/v1/verify/…`.

Permits here are really signed (tests/issuance/factories.py); nobody signs in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from satupintu.issuance import selectors
from satupintu.issuance.models import Permit, PermitStatus
from satupintu.tenants.models import Tenant
from tests.issuance.factories import (
    SigningPki,
    document_pdf,
    make_permit,
    trusted_pki,
    verification_pki,
)

pytestmark = pytest.mark.django_db
__all__ = ["trusted_pki", "verification_pki"]  # fixtures used by name

OTHER_HOST = "pagaralam.localhost"
DOC_API = "/api/v1/verify/document"
DOC_PAGE = "/verifikasi/dokumen"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def page(client: Client, token: str, **headers: Any) -> Any:
    return client.get(f"/verifikasi/{token}", **headers)


def api(client: Client, token: str, **headers: Any) -> Any:
    return client.get(f"/api/v1/verify/{token}", **headers)


def upload(client: Client, data: bytes, name: str = "izin.pdf", *, url: str) -> Any:
    return client.post(url, {"file": SimpleUploadedFile(name, data, "application/pdf")})


@pytest.fixture
def valid(trusted_pki: SigningPki) -> tuple[Permit, bytes]:
    return make_permit(trusted_pki, valid_until=dt.date(2031, 11, 27))


# --- the permit page ------------------------------------------------------------------------
def test_a_valid_permit_shows_valid_with_what_the_document_says(
    client: Client, valid: tuple[Permit, bytes]
) -> None:
    permit, _ = valid
    response = page(client, permit.token)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="valid"' in html
    assert permit.number in html
    assert "Surat Izin Apotek" in html
    assert "B*** S******" in html
    assert "Budi Santoso<" not in html.replace("Budi Santoso, S.H.", "")
    assert "Budi Santoso, S.H." in html
    assert "Kepala DPMPTSP" in html
    assert "27 November 2031" in html
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]


def test_a_revoked_permit_shows_revoked_with_date_and_reason(
    client: Client, trusted_pki: SigningPki
) -> None:
    when = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
    permit, _ = make_permit(trusted_pki, revoked_at=when,
                            revocation_reason="Apotek tidak lagi beroperasi.")
    html = page(client, permit.token).content.decode()
    assert 'data-status="revoked"' in html
    assert 'data-status="valid"' not in html
    assert "20 November 2026" in html
    assert "Apotek tidak lagi beroperasi." in html


def test_an_expired_permit_shows_expired(client: Client, trusted_pki: SigningPki) -> None:
    permit, _ = make_permit(trusted_pki, valid_until=dt.date(2026, 11, 27))
    html = page(client, permit.token).content.decode()
    assert 'data-status="expired"' in html
    assert "27 November 2026" in html


def test_a_superseded_permit_links_to_the_newer_one(
    client: Client, trusted_pki: SigningPki
) -> None:
    old, _ = make_permit(trusted_pki)
    new, _ = make_permit(trusted_pki, supersedes=old)
    html = page(client, old.token).content.decode()
    assert 'data-status="superseded"' in html
    assert f'href="/verifikasi/{new.token}"' in html
    assert new.number in html
    assert 'data-status="valid"' in page(client, new.token).content.decode()


def test_a_business_holder_is_shown_whole(client: Client, trusted_pki: SigningPki) -> None:
    permit, _ = make_permit(trusted_pki, holder_name="PT Apotek Sehat Linggau",
                            holder_is_person=False)
    html = page(client, permit.token).content.decode()
    assert "PT Apotek Sehat Linggau" in html


def test_the_page_is_in_indonesian_first_and_in_english_on_request(
    client: Client, valid: tuple[Permit, bytes]
) -> None:
    permit, _ = valid
    assert '<html lang="id">' in page(client, permit.token).content.decode()
    client.cookies["satupintu_lang"] = "en"
    html = page(client, permit.token).content.decode()
    assert '<html lang="en">' in html
    assert "Permit verification" in html
    assert "Pharmacy Licence" in html  # the document's English title
    assert "This permit was issued by this office and is valid today." in html


def test_an_unknown_token_is_the_sites_404_page(client: Client) -> None:
    response = page(client, "tidak-ada-token-seperti-ini")
    assert response.status_code == 404
    assert "errors/404.html" in [t.name for t in response.templates]


def test_another_regions_permit_is_not_found_from_its_host(
    client: Client, valid: tuple[Permit, bytes]
) -> None:
    permit, data = valid
    assert page(client, permit.token, HTTP_HOST=OTHER_HOST).status_code == 404
    assert api(client, permit.token, HTTP_HOST=OTHER_HOST).status_code == 404
    assert client.get("/verifikasi/", {"q": permit.number},
                      HTTP_HOST=OTHER_HOST).status_code == 404
    other = client.post("/api/v1/verify/document",
                        {"file": SimpleUploadedFile("izin.pdf", data)}, HTTP_HOST=OTHER_HOST)
    assert other.json()["matches_register"] is False
    assert other.json()["number"] is None


# --- looking up by number or register code --------------------------------------------------
def test_the_form_page_explains_the_qr_code(client: Client) -> None:
    response = client.get("/verifikasi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html
    assert 'type="file"' in html
    assert 'for="id_file"' in html
    assert "QR" in html


def test_a_number_leads_to_the_permit_page_whatever_its_case_and_spaces(
    client: Client, valid: tuple[Permit, bytes]
) -> None:
    permit, _ = valid
    response = client.get("/verifikasi/", {"q": f"  {permit.number.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/verifikasi/{permit.token}"
    by_code = client.get("/verifikasi/", {"q": permit.token})
    assert by_code["Location"] == f"/verifikasi/{permit.token}"


def test_an_unknown_number_says_not_found_without_echoing_it(client: Client) -> None:
    response = client.get("/verifikasi/", {"q": "503/9999/<b>X</b>/2026"})
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-result="not_found"' in html
    # Only the language switch carries the address back (escaped); nothing else repeats it.
    assert "<b>X</b>" not in html
    assert html.count("9999") == 1


@pytest.mark.parametrize("query", ["x" * 5000, "a\x00b", "%", "_"])
def test_odd_input_is_simply_not_found(client: Client, query: str) -> None:
    assert client.get("/verifikasi/", {"q": query}).status_code == 404


# --- the API --------------------------------------------------------------------------------
def test_the_api_reports_a_valid_permit(client: Client, valid: tuple[Permit, bytes]) -> None:
    permit, _ = valid
    response = api(client, permit.token)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid"
    assert body["number"] == permit.number
    assert body["service"] == "Surat Izin Apotek"
    assert body["signer"] == "Budi Santoso, S.H."
    assert body["signature_valid"] is True
    assert "no-store" in response["Cache-Control"]
    assert body["valid_until"] == "2031-11-27"
    assert body["holder"] == "B*** S******"
    issued = dt.datetime.fromisoformat(body["issued_at"])
    assert issued.utcoffset() == dt.timedelta(hours=7)  # Asia/Jakarta, with its offset
    assert body["superseded_by"] is None
    assert body["revoked_at"] is None


def test_the_api_gives_every_status_word(client: Client, trusted_pki: SigningPki) -> None:
    revoked, _ = make_permit(trusted_pki, revoked_at=timezone.now(),
                             revocation_reason="Dicabut.")
    expired, _ = make_permit(trusted_pki, valid_until=dt.date(2025, 1, 1))
    forever, _ = make_permit(trusted_pki)
    newer, _ = make_permit(trusted_pki, supersedes=forever)
    assert api(client, revoked.token).json()["status"] == "revoked"
    assert api(client, revoked.token).json()["revocation_reason"] == "Dicabut."
    assert api(client, expired.token).json()["status"] == "expired"
    old = api(client, forever.token).json()
    assert old["status"] == "superseded"
    assert old["superseded_by"] == {"number": newer.number, "token": newer.token}
    assert old["valid_until"] is None


def test_the_api_says_not_found_in_the_error_format(client: Client) -> None:
    response = api(client, "tidak-ada")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Tidak ditemukan.",
                               "details": None}


def test_the_stored_files_signature_is_checked_once_per_file(
    client: Client, valid: tuple[Permit, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    permit, data = valid
    calls: list[int] = []
    real = selectors._signature_valid

    def counting(data: bytes) -> bool:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(selectors, "_signature_valid", counting)
    for _ in range(3):
        assert api(client, permit.token).json()["signature_valid"] is True
    # An upload of the same bytes reuses the answer too.
    assert upload(client, data, url=DOC_API).json()["signature_valid"] is True
    assert len(calls) == 1


def test_a_stored_file_that_no_longer_matches_is_not_signature_valid(
    client: Client, valid: tuple[Permit, bytes]
) -> None:
    permit, data = valid
    with permit.file.open("wb") as handle:
        handle.write(data[:-10] + b"0000000000")
    assert api(client, permit.token).json()["signature_valid"] is False


def test_the_api_is_in_openapi_with_every_status(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/verify/{token}"]["get"]["responses"]) == {"200", "404", "429"}
    document = paths["/api/v1/verify/document"]["post"]
    assert set(document["responses"]) == {"200", "400", "422", "429"}
    assert "multipart/form-data" in document["requestBody"]["content"]


# --- checking a document --------------------------------------------------------------------


def test_the_exact_file_matches_and_its_signature_is_valid(
    client: Client, valid: tuple[Permit, bytes]
) -> None:
    permit, data = valid
    response = upload(client, data, url=DOC_API)
    assert response.status_code == 200
    assert response.json() == {"matches_register": True, "signature_valid": True,
                               "status": "valid", "number": permit.number}
    html = upload(client, data, url=DOC_PAGE).content.decode()
    assert 'data-result="match"' in html
    assert f'href="/verifikasi/{permit.token}"' in html


def test_a_revoked_documents_file_matches_but_reports_revoked(
    client: Client, trusted_pki: SigningPki
) -> None:
    _, data = make_permit(trusted_pki, revoked_at=timezone.now(), revocation_reason="X")
    assert upload(client, data, url=DOC_API).json()["status"] == "revoked"
    # The page says so too, never in the green "matches and valid" box.
    html = upload(client, data, url=DOC_PAGE).content.decode()
    assert 'data-result="match_not_valid"' in html
    assert 'data-status="revoked"' in html
    assert 'data-result="match"' not in html


def test_one_altered_byte_does_not_match(client: Client, valid: tuple[Permit, bytes]) -> None:
    _, data = valid
    position = data.index(b"Surat Izin") if b"Surat Izin" in data else len(data) // 3
    altered = bytearray(data)
    altered[position] ^= 0x01
    body = upload(client, bytes(altered), url=DOC_API).json()
    assert body["matches_register"] is False
    assert body["status"] is None
    assert body["number"] is None
    html = upload(client, bytes(altered), url=DOC_PAGE).content.decode()
    assert 'data-result="no_match"' in html


def test_an_unrelated_signed_pdf_does_not_match(
    client: Client, trusted_pki: SigningPki, valid: tuple[Permit, bytes]
) -> None:
    unrelated = trusted_pki.sign(document_pdf("Bukan dari register"))
    body = upload(client, unrelated, url=DOC_API).json()
    assert body == {"matches_register": False, "signature_valid": True, "status": None,
                    "number": None}


@pytest.mark.parametrize("garbage", [b"%PDF-", b"%PDF-1.7\n" + b"\xff" * 500,
                                     b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
                                     b"%PDF-" + b"\x00" * 10000])
def test_garbage_that_starts_like_a_pdf_is_answered_not_a_500(
    client: Client, garbage: bytes
) -> None:
    response = upload(client, garbage, url=DOC_API)
    assert response.status_code == 200
    assert response.json() == {"matches_register": False, "signature_valid": False,
                               "status": None, "number": None}
    assert upload(client, garbage, url=DOC_PAGE).status_code == 200


def test_a_png_is_refused_with_422(client: Client) -> None:
    response = upload(client, PNG, name="izin.pdf", url=DOC_API)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "not_pdf"
    assert set(body) == {"code", "message", "details"}
    page_response = upload(client, PNG, url=DOC_PAGE)
    assert page_response.status_code == 422
    assert 'data-result="invalid"' in page_response.content.decode()


def test_no_file_and_an_empty_file_are_refused_with_422(client: Client) -> None:
    missing = client.post(DOC_API, {})
    assert missing.status_code == 422
    assert missing.json()["code"] == "file_missing"
    assert upload(client, b"", url=DOC_API).status_code == 422
    assert client.post(DOC_PAGE, {}).status_code == 422


def test_a_file_over_the_limit_is_refused_with_422(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from satupintu.issuance import verify_upload

    monkeypatch.setattr(verify_upload, "MAX_DOCUMENT_BYTES", 1000)
    response = upload(client, b"%PDF-" + b"x" * 2000, url=DOC_API)
    assert response.status_code == 422
    assert response.json()["code"] == "file_too_large"


def test_a_json_body_is_refused_not_crashed(client: Client) -> None:
    response = client.post(DOC_API, data="{}", content_type="application/json")
    assert response.status_code == 422


# --- throttling -----------------------------------------------------------------------------
@pytest.fixture
def three_per_minute(settings: Any) -> None:
    settings.SATUPINTU_VERIFICATION_RATE = "3/m"


@pytest.mark.usefixtures("three_per_minute")
def test_pages_and_api_share_one_budget_then_429(
    client: Client, valid: tuple[Permit, bytes]
) -> None:
    permit, data = valid
    assert page(client, permit.token).status_code == 200
    assert api(client, permit.token).status_code == 200
    assert upload(client, data, url=DOC_API).status_code == 200
    throttled = api(client, permit.token)
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert upload(client, data, url=DOC_API).status_code == 429
    assert page(client, permit.token).status_code == 429
    assert client.get("/verifikasi/", {"q": permit.number}).status_code == 429
    assert upload(client, data, url=DOC_PAGE).status_code == 429
    # The bare form is not a lookup, and another client has its own budget.
    assert client.get("/verifikasi/").status_code == 200
    assert api(client, permit.token, REMOTE_ADDR="192.0.2.9").status_code == 200


# --- the selectors --------------------------------------------------------------------------
def test_selectors_stay_inside_the_tenant(valid: tuple[Permit, bytes]) -> None:
    permit, data = valid
    llg = Tenant.objects.get(code="llg")
    pga = Tenant.objects.get(code="pga")
    assert selectors.permit_by_token(llg, permit.token) == permit
    assert selectors.permit_by_token(pga, permit.token) is None
    assert selectors.permit_by_number(pga, permit.number) is None
    assert selectors.document_check(pga, data).matches_register is False
    found = selectors.verification(permit, dt.date(2026, 11, 28))
    assert found.status == PermitStatus.VALID
    assert selectors.verification(permit, dt.date(2031, 11, 28)).status == PermitStatus.EXPIRED


@pytest.mark.parametrize("url", [DOC_API, DOC_PAGE])
def test_a_broken_multipart_body_is_refused_not_crashed(client: Client, url: str) -> None:
    response = client.post(url, data=b"--xyz\r\nnonsense",
                           content_type="multipart/form-data; boundary=xyz")
    assert response.status_code in {400, 422}
    if url == DOC_API:
        assert set(response.json()) == {"code", "message", "details"}


def test_a_lookup_costs_one_query(
    client: Client, valid: tuple[Permit, bytes], django_assert_num_queries: Any
) -> None:
    permit, _ = valid
    api(client, permit.token)  # the signature check is cached from here on
    with django_assert_num_queries(1):
        assert api(client, permit.token).status_code == 200
    with django_assert_num_queries(1):
        assert page(client, permit.token).status_code == 200
