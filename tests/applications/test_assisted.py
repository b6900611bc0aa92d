"""Assisted filing at the counter: find or register the walk-in applicant, record consent."""

from __future__ import annotations

import pytest
from django.test import Client

from satupintu.accounts.models import User
from satupintu.applications import services
from satupintu.applications.models import Application
from satupintu.core.errors import ValidationFailed
from tests.applications.helpers import applicant, llg, pdf
from tests.personas import sign_in

pytestmark = pytest.mark.django_db


def _clerk(client: Client) -> Client:
    return sign_in(client, User.objects.get(username="petugas.fo"))


def test_consent_must_be_recorded_to_file_for_someone() -> None:
    clerk = User.objects.get(username="petugas.fo")
    with pytest.raises(ValidationFailed) as caught:
        services.application_start(tenant=llg(), applicant=applicant(), actor=clerk,
                                   service_code="SIA", variant_kind="new")
    assert "consent" in caught.value.details
    application = services.application_start(tenant=llg(), applicant=applicant(), actor=clerk,
                                             service_code="SIA", variant_kind="new",
                                             consent=True)
    assert application.assisted_by == clerk
    assert application.consent_recorded_at is not None


def test_the_clerk_finds_the_applicant_by_nik_and_files_for_them(client: Client) -> None:
    _clerk(client)
    profile = applicant().applicant_profile  # type: ignore[attr-defined]
    response = client.post("/petugas/loket/bantu/", {"find": "1", "nik": profile.nik})
    assert response["Location"] == f"/petugas/loket/bantu/{applicant().pk}/"
    response = client.post(response["Location"], {"service": "SIA", "variant": "new",
                                                  "consent": "on"})
    application = Application.objects.filter(applicant=applicant()).latest("created_at")
    assert response["Location"] == f"/permohonan/{application.pk}/langkah/data/"
    step = f"/permohonan/{application.pk}/langkah/"
    client.post(step + "data/", {"NAMA_APOTEK": "Apotek Loket",
                                 "SEWA_MILIK_SENDIRI": "milik sendiri"})
    for code in ["KTP", "STRA"]:
        client.post(step + "dokumen/", {"requirement": code, "file": pdf(f"{code}.pdf")})
    client.post(step + "kirim/", {"idempotency_key": "loket-1"})
    application.refresh_from_db()
    assert application.tracking_number
    assert application.assisted_by is not None
    assert application.case is not None
    assert application.case.owner == applicant()  # the same notifications and tracking
    receipt = client.get(f"/permohonan/{application.pk}/bukti/").content.decode()
    assert application.pin in receipt


def test_an_unknown_nik_leads_to_registering_the_walk_in(client: Client) -> None:
    _clerk(client)
    page = client.post("/petugas/loket/bantu/", {"find": "1", "nik": "1673024107900002"})
    assert page.status_code == 200
    assert 'name="register"' in page.content.decode()
    from satupintu.tenants.models import Kelurahan

    kelurahan = Kelurahan.objects.filter(tenant=llg()).first()
    assert kelurahan is not None
    response = client.post("/petugas/loket/bantu/", {
        "register": "1", "full_name": "Budi Santoso", "nik": "1673024107900002",
        "email": "budi@contoh.demo", "phone": "081298765432", "address": "Jl. Merdeka 1",
        "kelurahan": kelurahan.code, "consent": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    walk_in = User.objects.get(email="budi@contoh.demo")
    assert response["Location"] == f"/petugas/loket/bantu/{walk_in.pk}/"
    assert not walk_in.has_usable_password()


def test_applicants_cannot_use_the_counter(client: Client) -> None:
    sign_in(client, applicant())
    assert client.get("/petugas/loket/bantu/").status_code == 403


def test_the_counter_cannot_touch_an_applicants_own_drafts_or_receipts(client: Client) -> None:
    from tests.applications.helpers import draft_sia, submitted_sia

    own_draft = draft_sia()
    own_submitted = submitted_sia()
    _clerk(client)
    for path in [f"/permohonan/{own_draft.pk}/langkah/data/",
                 f"/permohonan/{own_draft.pk}/langkah/dokumen/",
                 f"/permohonan/{own_submitted.pk}/bukti/",
                 f"/permohonan/{own_submitted.pk}/bukti.pdf"]:
        assert client.get(path).status_code == 404, path
    document = own_draft.documents.first()
    assert document is not None
    assert client.get(f"/permohonan/{own_draft.pk}/dokumen/{document.pk}/").status_code == 404
    assert client.post(f"/permohonan/{own_draft.pk}/hapus/").status_code == 404
    assert Application.objects.filter(pk=own_draft.pk).exists()
    clerk = User.objects.get(username="petugas.fo")
    from satupintu.core.errors import NotFound

    with pytest.raises(NotFound):
        services.application_submit(application=own_draft, actor=clerk)
