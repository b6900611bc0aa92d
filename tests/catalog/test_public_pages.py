"""The public catalog pages: home, `/layanan/` and `/layanan/<code>/`."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from satupintu.catalog import selectors
from satupintu.tenants.models import Tenant

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
                               "x" * 500, "x" * 2000, "🙂 izin", "\\", "\x00", "apotek\x00",
                               "\x00" * 600])
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


def _every_service_count() -> int:
    llg = Tenant.objects.get(code="llg")
    return selectors.service_search(tenant=llg, filters=selectors.ServiceFilters()).count()


@pytest.mark.parametrize("q", ["%", "_", "100%_", "%%", "__"])
def test_like_wildcards_are_searched_as_text_not_as_patterns(client: Client, q: str) -> None:
    response = client.get("/layanan/", {"q": q})
    assert response.status_code == 200
    assert len(response.context["rows"]) < _every_service_count(), q


def test_a_nul_byte_in_a_search_is_dropped_not_a_server_error(client: Client) -> None:
    response = client.get("/layanan/", {"q": "apotek\x00"})
    assert response.status_code == 200
    found = [s.code for s, _ in response.context["rows"]]
    assert "SIA" in found
    assert found == [s.code for s, _ in client.get("/layanan/", {"q": "apotek"}).context["rows"]]


def test_nul_bytes_in_filters_are_ignored(client: Client) -> None:
    response = client.get("/layanan/?q=%00&sector=%00&agency=%00&category=%00")
    assert response.status_code == 200
    assert len(response.context["rows"]) == _every_service_count()


@pytest.mark.parametrize("path", ["/layanan/A%00B/", "/layanan/A%00B", "/layanan/%00/",
                                  "/layanan/SIA%00/", "/layanan/" + "A" * 300 + "/",
                                  "/layanan/S%20IA/"])
def test_a_code_that_cannot_exist_is_a_404_page(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_an_unknown_code_without_the_slash_is_a_404_directly(client: Client) -> None:
    response = client.get("/layanan/TIDAKADA")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.parametrize("path", ["/layanan/SIA", "/layanan/sia"])
def test_a_known_code_without_the_slash_goes_to_its_page(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == "/layanan/SIA/"
    assert client.get(response["Location"]).status_code == 200


def test_the_list_varies_on_htmx_so_back_never_shows_a_fragment(client: Client) -> None:
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get("/layanan/", {"sector": "health"}, headers=headers)
        assert "HX-Request" in response["Vary"], headers


def test_an_htmx_history_restore_gets_the_whole_page(client: Client) -> None:
    response = client.get("/layanan/", {"sector": "health"}, HTTP_HX_REQUEST="true",
                          HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert 'role="search"' in html
    assert "Surat Izin Apotek" in html


def test_variants_are_shown_in_their_business_order(client: Client) -> None:
    html = client.get("/layanan/SIPD/").content.decode()
    tabs = re.findall(r'id="tab-(\w+)"', html)
    assert tabs == ["new", "extension", "revocation"]  # not extension, new, revocation (A–Z)


def test_only_agencies_with_services_are_offered(client: Client) -> None:
    home = client.get("/").content.decode()
    assert "?agency=DINKES" in home
    assert "?agency=INSPEKTORAT" not in home
    page = client.get("/layanan/")
    choices = [value for value, _ in page.context["form"].fields["agency"].choices]
    assert "DINKES" in choices
    assert "INSPEKTORAT" not in choices
    assert "DPMPTSP" not in choices
