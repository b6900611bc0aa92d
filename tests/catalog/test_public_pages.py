"""The public catalog pages: home, `/layanan/` and `/layanan/<code>/`."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_catalog_lists_the_demo_services(client: Client) -> None:
    response = client.get("/layanan/")
    assert response.status_code == 200
    assert "Surat Izin Apotek" in response.content.decode()


def test_unknown_service_code_is_a_404_page_in_indonesian(client: Client) -> None:
    response = client.get("/layanan/TIDAKADA/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.parametrize("q", ['"apotek\'', "%", "100%_", "<script>alert(1)</script>",
                               "x" * 500, "x" * 2000, "🙂 izin", "\\"])
def test_search_accepts_any_text_and_escapes_it(client: Client, q: str) -> None:
    response = client.get("/layanan/", {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_and_filters_narrow_the_list(client: Client) -> None:
    html = client.get("/layanan/", {"q": "apotek"}).content.decode()
    assert "Surat Izin Apotek" in html
    assert "Persetujuan Bangunan Gedung" not in html
    by_agency = client.get("/layanan/", {"agency": "PUPR"}).content.decode()
    assert "Persetujuan Bangunan Gedung" in by_agency
    assert "Surat Izin Apotek" not in by_agency
    non_permit = client.get("/layanan/", {"category": "non_perizinan"}).content.decode()
    assert "Surat Izin Apotek" not in non_permit


def test_unknown_filter_values_are_ignored_not_errors(client: Client) -> None:
    response = client.get("/layanan/", {"sector": "nope", "agency": "NOPE", "category": "x"})
    assert response.status_code == 200
    assert "Surat Izin Apotek" in response.content.decode()


def test_htmx_requests_get_only_the_results(client: Client) -> None:
    response = client.get("/layanan/", {"q": "apotek"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Surat Izin Apotek" in html
    assert "<html" not in html


def test_the_service_page_shows_the_public_components_and_the_pledge(client: Client) -> None:
    html = client.get("/layanan/SIA/").content.decode()
    for text in ["Persyaratan", "Prosedur", "Biaya", "Produk pelayanan", "Dasar hukum",
                 "Maklumat pelayanan", "Surat Tanda Registrasi Apoteker", "hari kerja",
                 "Jika tempat usaha disewa"]:
        assert text in html, text


def test_the_service_page_lists_each_variant(client: Client) -> None:
    html = client.get("/layanan/SIPD/").content.decode()
    assert "Perpanjangan" in html
    assert 'id="variant-extension"' in html


def test_lowercase_codes_find_the_service(client: Client) -> None:
    assert client.get("/layanan/sia/").status_code == 200


def test_pages_follow_the_language_cookie(client: Client) -> None:
    client.cookies["satupintu_lang"] = "en"
    html = client.get("/layanan/SIA/").content.decode()
    assert 'lang="en"' in html
    assert "Pharmacy Licence" in html
    assert "Requirements" in html
