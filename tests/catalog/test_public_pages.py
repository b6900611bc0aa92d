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
