"""The officers' register (`/petugas/izin/`) and the holder's downloads."""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.test import Client

from satupintu.accounts import services as accounts
from satupintu.accounts.models import User, UserKind
from satupintu.audit.models import AuditRecord
from satupintu.issuance.models import Permit
from satupintu.issuance.views_download import download_token
from satupintu.tenants.models import Tenant
from tests.issuance.permits import PDF, issued_application, issued_permit, permit_for
from tests.personas import sign_in

pytestmark = pytest.mark.django_db

NIK = "3171011708450001"
LIST = "/petugas/izin/"


def user(username: str) -> User:
    return User.objects.get(username=username)


def as_user(username: str) -> Client:
    return sign_in(Client(), user(username))


def downloads(permit: Permit) -> list[str]:
    return [r.after["via"] for r in AuditRecord.objects.filter(
        object_type="issuance.permit", object_id=str(permit.pk), action="permit.download")]


@pytest.fixture
def permit() -> Permit:
    return issued_permit(holder_name="Apotek Sehat Sentosa")


# --- who may open the register ----------------------------------------------------------------
@pytest.mark.parametrize("username", ["petugas.fo", "verifikator", "kabid", "kadis", "auditor"])
def test_the_one_stop_office_and_the_auditor_read_the_register(username: str,
                                                               permit: Permit) -> None:
    response = as_user(username).get(LIST)
    assert response.status_code == 200
    assert permit.number in response.content.decode()


@pytest.mark.parametrize("username", ["pemohon", "teknis.pupr", "teknis.dinkes",
                                      "kepala.dinkes", "admin.llg", "admin.pga"])
def test_applicants_other_agencies_and_other_regions_are_refused(username: str,
                                                                  permit: Permit) -> None:
    client = as_user(username)
    for path in (LIST, f"{LIST}ekspor/", f"{LIST}{permit.pk}/", f"{LIST}{permit.pk}/berkas.pdf"):
        assert client.get(path).status_code == 403, path
    assert downloads(permit) == []


def test_another_regions_permits_never_show(permit: Permit) -> None:
    other = Tenant.objects.get(code="pga")
    stranger = permit_for(issued_application(), holder_name="Rahasia Pagar Alam")
    Permit.objects.filter(pk=stranger.pk).update(tenant=other)
    client = as_user("petugas.fo")
    page = client.get(LIST).content.decode()
    assert permit.number in page
    assert "Rahasia Pagar Alam" not in page
    assert client.get(f"{LIST}{stranger.pk}/").status_code == 404
    assert "Rahasia Pagar Alam" not in client.get(f"{LIST}ekspor/").content.decode()


# --- search and export ------------------------------------------------------------------------
def test_search_by_number_holder_service_status_year_and_dates(permit: Permit) -> None:
    other = issued_permit(holder_name="Budi Santoso")
    client = as_user("auditor")

    def found(**params: str) -> set[str]:
        page = client.get(LIST, params).content.decode()
        return {p.number for p in (permit, other) if p.number in page}

    assert found(q=permit.number) == {permit.number}
    assert found(q="budi") == {other.number}
    assert found(q=permit.application.tracking_number or "") == {permit.number}
    assert found(service="SIA") == {permit.number, other.number}
    assert found(service="PBG") == set()
    assert found(year="2026") == {permit.number, other.number}
    assert found(year="2025") == set()
    assert found(**{"from": "2026-01-01", "to": "2099-12-31"}) == {permit.number, other.number}
    assert found(to="2020-01-01") == set()
    client_kadis = as_user("kadis")
    client_kadis.post(f"{LIST}{other.pk}/cabut/", {"reason": "Tidak beroperasi"})
    assert found(status="revoked") == {other.number}
    assert found(status="valid") == {permit.number}
    assert found(year="abc", page="x", status="nonsense") == {permit.number, other.number}


def test_the_list_is_paginated(permit: Permit) -> None:
    application = permit.application
    for _ in range(25):
        permit_for(application)
    client = as_user("petugas.fo")
    first = client.get(LIST).content.decode()
    assert "1 / 2" in first
    assert client.get(LIST, {"page": "2"}).status_code == 200
    assert client.get(LIST, {"page": "999"}).status_code == 200  # the last page


def test_csv_export_of_the_filtered_list(permit: Permit) -> None:
    sly = issued_permit(holder_name="=HYPERLINK(\"http://x\")")
    response = as_user("auditor").get(f"{LIST}ekspor/", {"q": permit.number, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows[0]) == len(rows[1]) == 14
    assert [r[0] for r in rows[1:]] == [permit.number]
    assert rows[1][5] == "Apotek Sehat Sentosa"
    everything = as_user("auditor").get(f"{LIST}ekspor/").content.decode("utf-8-sig")
    assert sly.number in everything
    assert "'=HYPERLINK" in everything  # never a live formula in a spreadsheet
    # Holders' names leave the system: each export is in the audit chain, with its search.
    exports = AuditRecord.objects.filter(action="permit.register_export").order_by("seq")
    first = exports.first()
    assert first is not None
    assert first.after["rows"] == 1
    assert first.after["search"]["q"] == permit.number


def test_xlsx_export(permit: Permit) -> None:
    response = as_user("kabid").get(f"{LIST}ekspor/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert response.content[:2] == b"PK"


# --- a permit's page, its file, revocation and handover --------------------------------------
def test_the_page_shows_the_history_and_the_forms_each_role_may_use(permit: Permit) -> None:
    clerk_page = as_user("petugas.fo").get(f"{LIST}{permit.pk}/").content.decode()
    assert "serahkan/" in clerk_page
    assert "cabut/" not in clerk_page
    head_page = as_user("kadis").get(f"{LIST}{permit.pk}/").content.decode()
    assert "cabut/" in head_page
    assert "serahkan/" not in head_page
    auditor_page = as_user("auditor").get(f"{LIST}{permit.pk}/").content.decode()
    assert "cabut/" not in auditor_page
    assert "serahkan/" not in auditor_page
    assert f"/verifikasi/{permit.token}" in auditor_page


def test_the_signed_file_is_served_and_the_download_recorded(permit: Permit) -> None:
    response = as_user("auditor").get(f"{LIST}{permit.pk}/berkas.pdf")
    assert response.status_code == 200
    assert response.content == PDF
    assert downloads(permit) == ["register"]
    page = as_user("auditor").get(f"{LIST}{permit.pk}/").content.decode()
    assert "permit.download" in page


def test_revocation_from_the_page(permit: Permit) -> None:
    head = as_user("kadis")
    head.post(f"{LIST}{permit.pk}/cabut/", {"reason": ""})
    assert Permit.objects.get(pk=permit.pk).revoked_at is None
    assert as_user("petugas.fo").post(f"{LIST}{permit.pk}/cabut/",
                                      {"reason": "Coba"}).status_code == 403
    response = head.post(f"{LIST}{permit.pk}/cabut/", {"reason": "Izin dipindahtangankan"})
    assert response.status_code == 302
    fresh = Permit.objects.get(pk=permit.pk)
    assert fresh.revocation_reason == "Izin dipindahtangankan"
    page = head.get(f"{LIST}{permit.pk}/").content.decode()
    assert "Izin dipindahtangankan" in page
    assert "cabut/" not in page


def test_handover_from_the_page(permit: Permit) -> None:
    clerk = as_user("petugas.fo")
    case = permit.application.case
    assert case is not None
    form = {"receiver_name": "Siti Aminah", "receiver_id_number": "3171013002001234",
            "receiver_relation": "Pemegang izin", "version": str(case.version)}
    clerk.post(f"{LIST}{permit.pk}/serahkan/", form)
    case.refresh_from_db()
    assert case.state == "issued"  # 30 February: not a NIK
    clerk.post(f"{LIST}{permit.pk}/serahkan/", {**form, "receiver_id_number": NIK})
    case.refresh_from_db()
    assert case.state == "handed_over"
    page = clerk.get(f"{LIST}{permit.pk}/").content.decode()
    assert "serahkan/" not in page
    assert NIK in page


# --- the holder's own copy ----------------------------------------------------------------------
def test_the_applicant_sees_and_downloads_their_permit(permit: Permit) -> None:
    client = as_user("pemohon")
    page = client.get(f"/permohonan/{permit.application.pk}/").content.decode()
    assert permit.number in page
    assert f"/izin/{permit.pk}/unduh/" in page
    assert f"/verifikasi/{permit.token}" in page
    response = client.get(f"/izin/{permit.pk}/unduh/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == PDF
    assert downloads(permit) == ["account"]


def test_another_applicant_gets_not_found(permit: Permit) -> None:
    tenant = Tenant.objects.get(code="llg")
    other = accounts.user_create(tenant=tenant, actor=None, username="pemohon.lain",
                                 kind=UserKind.APPLICANT, password="Lain-Pass-2026",
                                 full_name="Orang Lain")
    assert sign_in(Client(), other).get(f"/izin/{permit.pk}/unduh/").status_code == 404
    assert as_user("petugas.fo").get(f"/izin/{permit.pk}/unduh/").status_code == 403
    assert downloads(permit) == []


def test_tracking_with_the_pin_gives_a_download_link(client: Client, permit: Permit) -> None:
    application = permit.application
    response = client.post("/lacak/", {"nomor": application.tracking_number,
                                       "pin": application.pin})
    page = response.content.decode()
    assert permit.number in page
    start = page.index("/izin/unduh/")
    link = page[start:page.index('"', start)]
    assert application.pin not in link
    download = client.get(link)
    assert download.status_code == 200
    assert download.content == PDF
    assert downloads(permit) == ["tracking"]


def test_the_tracking_api_gives_the_permit_and_its_link(client: Client, permit: Permit) -> None:
    application = permit.application
    body = client.get(f"/api/v1/track/{application.tracking_number}",
                      {"pin": application.pin}).json()
    assert body["permit"]["number"] == permit.number
    assert body["permit"]["status"] == "valid"
    assert client.get(body["permit"]["download_url"]).status_code == 200


def test_forged_expired_and_foreign_tokens_are_refused(client: Client, permit: Permit,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    good = download_token(permit)
    assert client.get(f"/izin/unduh/{good[:-2]}xx/").status_code == 404
    assert client.get("/izin/unduh/bukan-token/").status_code == 404
    real_time = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() - 16 * 60)
    stale = download_token(permit)
    monkeypatch.undo()
    response = client.get(f"/izin/unduh/{stale}/")
    assert response.status_code == 404
    assert "15" in response.content.decode()
    # Another region's permit of the same number cannot be fetched with this region's host.
    Permit.objects.filter(pk=permit.pk).update(tenant=Tenant.objects.get(code="pga"))
    assert client.get(f"/izin/unduh/{good}/").status_code == 404
    assert downloads(permit) == []


def test_the_counter_page_sends_the_clerk_to_the_handover_with_identity(permit: Permit) -> None:
    page = as_user("petugas.fo").get(f"/petugas/loket/berkas/{permit.application.pk}/")
    text = page.content.decode()
    assert f"/petugas/izin/{permit.pk}/" in text
    assert 'value="hand_over"' not in text  # no free-text handover beside the register's
