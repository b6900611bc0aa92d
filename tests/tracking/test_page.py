"""`/lacak/`: the public tracking page, in Indonesian first."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from satupintu.applications.models import Application
from tests.tracking.conftest import APPLICANT_DATA, OFFICER_NAMES, move

pytestmark = pytest.mark.django_db

URL = "/lacak/"
CSRF_VALUE = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def lookup(client: Client, number: str, pin: str) -> tuple[int, str]:
    response = client.post(URL, {"nomor": number, "pin": pin})
    return response.status_code, response.content.decode()


def test_it_shows_the_form_without_signing_in(client: Client) -> None:
    response = client.get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<h1 class=\"h3\">Lacak permohonan</h1>" in text
    assert 'name="nomor"' in text
    assert 'name="pin"' in text
    assert 'method="post"' in text
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]


def test_a_link_with_a_number_fills_it_in(client: Client) -> None:
    text = client.get(URL, {"nomor": "llg-2026-000123"}).content.decode()
    assert 'value="LLG-2026-000123"' in text
    text = client.get(URL, {"nomor": '"><script>x</script>'}).content.decode()
    assert "<script>x" not in text
    assert 'id="id_nomor" value=""' in text


def test_it_shows_a_submitted_file(client: Client, submitted: Application) -> None:
    status, text = lookup(client, submitted.tracking_number or "", submitted.pin)
    assert status == 200
    assert (submitted.tracking_number or "?") in text
    assert "Pemeriksaan kelengkapan berkas" in text            # the status in words
    assert '<code class="status-code">completeness_check</code>' in text
    assert "Dinas Penanaman Modal" in text                       # who holds it
    assert "Permohonan diajukan" in text                         # the timeline
    assert "Dihitung sejak berkas dinyatakan lengkap" in text    # no due date yet
    assert "Apa yang perlu Anda lakukan" not in text


def test_it_shows_due_dates_once_registered(client: Client, submitted: Application) -> None:
    registered = move(submitted, "petugas.fo", "register")
    case = registered.case
    assert case is not None
    assert case.service_due_date
    assert case.legal_due_date
    status, text = lookup(client, registered.tracking_number or "", registered.pin)
    assert status == 200
    assert f'datetime="{case.service_due_date.isoformat()}"' in text
    assert f'datetime="{case.legal_due_date.isoformat()}"' in text
    assert "Verifikasi berkas" in text
    assert "Berkas dinyatakan lengkap dan diregistrasi" in text


def test_a_returned_file_tells_the_applicant_what_to_fix(
    client: Client, submitted: Application
) -> None:
    returned = move(submitted, "petugas.fo", "return_incomplete",
                    citations=[{"code": "STRA", "note": "Masa berlaku STRA sudah habis."}])
    status, text = lookup(client, returned.tracking_number or "", returned.pin)
    stra = returned.variant.requirements.get(code="STRA")
    assert status == 200
    assert "Menunggu tindakan Anda (pemohon)" in text
    assert "Apa yang perlu Anda lakukan" in text
    assert stra.name in text
    assert "Masa berlaku STRA sudah habis." in text
    assert 'href="/masuk/?next=/permohonan/"' in text


def test_it_speaks_english_with_the_language_cookie(
    client: Client, submitted: Application
) -> None:
    client.cookies["satupintu_lang"] = "en"
    status, text = lookup(client, submitted.tracking_number or "", submitted.pin)
    assert status == 200
    assert "Track an application" in text
    assert "Completeness check" in text
    assert "Application submitted" in text


def test_a_link_never_looks_up(client: Client, submitted: Application) -> None:
    # Lookups are POSTs: a PIN in an address would stay in histories and logs.
    response = client.get(URL, {"nomor": submitted.tracking_number or "", "pin": submitted.pin})
    assert response.status_code == 200
    assert "Pemeriksaan kelengkapan berkas" not in response.content.decode()


def test_no_personal_data_or_officer_names_on_the_page(
    client: Client, submitted: Application
) -> None:
    application = move(submitted, "petugas.fo", "register", note="Diterima oleh Bu Rina")
    application = move(application, "verifikator", "forward_to_review")
    application = move(application, "teknis.dinkes", "recommend", recommendation="reject",
                       reason="Lokasi terlalu dekat dengan apotek lain")
    status, text = lookup(client, application.tracking_number or "", application.pin)
    assert status == 200
    for secret in [*OFFICER_NAMES, *APPLICANT_DATA, application.applicant.email, "Bu Rina",
                   "terlalu dekat"]:
        assert secret not in text, secret


def test_wrong_pin_unknown_and_malformed_numbers_show_the_same_page(
    client: Client, submitted: Application
) -> None:
    """The same status and the same bytes, but for the per-response CSRF mask that Django
    puts in every form of every page (BREACH protection); it carries no information."""
    number, pin = submitted.tracking_number or "", submitted.pin
    year = number.split("-")[1]
    attempts = [(number, "ZZZZZZ" if pin != "ZZZZZZ" else "YYYYYY"), (number, ""),
                (number, pin + "\x00"), (number, pin * 4000), (f"LLG-{year}-999999", pin),
                ("LLG-2026", pin), (number + "\x00", pin), ("X" * 10_000, pin),
                ("<script>alert(1)</script>", pin), ("", "")]
    pages = set()
    for typed_number, typed_pin in attempts:
        response = client.post(URL, {"nomor": typed_number, "pin": typed_pin})
        pages.add((response.status_code, CSRF_VALUE.sub(b"", response.content)))
    assert len(pages) == 1
    status, body = pages.pop()
    assert status == 404
    assert "Permohonan tidak ditemukan" in body.decode()
    assert number.encode() not in body


def test_too_many_lookups_get_a_clear_page(
    client: Client, submitted: Application, settings: object
) -> None:
    settings.SATUPINTU_TRACKING_RATE = "2/m"  # type: ignore[attr-defined]
    for _ in range(2):
        assert lookup(client, "LLG-2026-999999", "ZZZZZZ")[0] == 404
    response = client.post(URL, {"nomor": submitted.tracking_number, "pin": submitted.pin})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Terlalu sering" in response.content.decode()
    # Opening the empty form is not a lookup and is never refused.
    assert client.get(URL).status_code == 200
