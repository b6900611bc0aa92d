"""Tenants: resolved from the host name, isolated, created by command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from satupintu.tenants.models import Agency, Kecamatan, Kelurahan, Tenant
from satupintu.tenants.selectors import tenant_for_host

pytestmark = pytest.mark.django_db


def test_an_unknown_host_falls_back_to_the_default_tenant() -> None:
    assert tenant_for_host("127.0.0.1:8000").code == "llg"  # type: ignore[union-attr]


def test_a_registered_host_selects_its_tenant() -> None:
    assert tenant_for_host("PagarAlam.localhost.").code == "pga"  # type: ignore[union-attr]


def test_the_default_tenant_comes_from_the_setting(settings: object) -> None:
    settings.SATUPINTU_DEFAULT_TENANT = "pga"  # type: ignore[attr-defined]
    assert tenant_for_host("somewhere.localhost").code == "pga"  # type: ignore[union-attr]


def test_with_no_tenant_the_site_says_so(client: Client, settings: object) -> None:
    settings.SATUPINTU_DEFAULT_TENANT = "none"  # type: ignore[attr-defined]
    response = client.get("/layanan/", HTTP_HOST="unknown.localhost")
    assert response.status_code == 404


def test_each_tenant_sees_only_its_own_catalog(client: Client) -> None:
    llg_page = client.get("/layanan/").content.decode()
    pga_page = client.get("/layanan/", HTTP_HOST="pagaralam.localhost").content.decode()
    assert "Surat Izin Apotek" in llg_page
    assert "Surat Izin Apotek" not in pga_page
    assert client.get("/layanan/SIA/", HTTP_HOST="pagaralam.localhost").status_code == 404


def test_lubuklinggau_has_its_8_kecamatan_and_72_kelurahan() -> None:
    llg = Tenant.objects.get(code="llg")
    assert Kecamatan.objects.filter(tenant=llg).count() == 8
    assert Kelurahan.objects.filter(tenant=llg).count() == 72
    timur = Kecamatan.objects.get(tenant=llg, code="16.73.01")
    assert timur.name == "Lubuk Linggau Timur I"
    assert Kelurahan.objects.filter(kecamatan=timur).count() == 8
    assert all(k.code.startswith(k.kecamatan.code + ".1") for k in Kelurahan.objects.filter(
        tenant=llg).select_related("kecamatan"))


def test_tenant_create_adds_a_tenant_with_its_dpmptsp() -> None:
    out = StringIO()
    call_command("tenant_create", "--code", "mura", "--name", "Kabupaten Musi Rawas",
                 "--region-code", "16.05", "--domain", "ptsp.musirawas.localhost", stdout=out)
    tenant = Tenant.objects.get(code="mura")
    assert Agency.objects.get(tenant=tenant, is_one_stop=True).code == "DPMPTSP"
    assert tenant_for_host("ptsp.musirawas.localhost") == tenant
    assert "Kabupaten Musi Rawas" in out.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ["--code", "llg", "--name", "Lagi", "--region-code", "16.73"],
        ["--code", "Bad Code", "--name", "X", "--region-code", "16.73"],
        ["--code", "ok", "--name", "X", "--region-code", "1673"],
    ],
)
def test_tenant_create_refuses_bad_input_clearly(args: list[str]) -> None:
    before = Tenant.objects.count()
    with pytest.raises(CommandError):
        call_command("tenant_create", *args)
    assert Tenant.objects.count() == before
