"""The signer's pages: the signing panel on the file, the draft, batch signing, the failed
attempts on the file, downloads, correction, and `sign` refused as a bare action."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from django.test import Client

from satupintu.issuance.models import AttemptOutcome, Permit, SigningAttempt
from satupintu.signing.errors import SignerUnavailable
from satupintu.signing.validation import sha256
from tests.issuance.issue_helpers import (
    PASSPHRASE,
    _signing_data_dir,  # noqa: F401  (a fixture)
    awaiting_signature,
    case_of,
    kadis,
    signing_dir,  # noqa: F401  (a fixture)
    stored_bytes,
)
from tests.personas import api_token, sign_in
from tests.workflow.helpers import user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signing_dir")]


def _page(client: Client, case_id: int) -> str:
    response = client.get(f"/petugas/berkas/{case_id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_signer_reads_the_draft_and_signs_from_the_file_page(client: Client) -> None:
    application = awaiting_signature()
    case = case_of(application)
    sign_in(client, kadis())
    page = _page(client, case.pk)
    assert "sign-panel" in page
    assert 'data-action="sign"' not in page  # never a bare action button
    draft = client.get(f"/petugas/tanda-tangan/berkas/{case.pk}/konsep.pdf")
    assert draft.status_code == 200
    assert draft["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=draft.content, capture_output=True,
                          check=True).stdout.decode()
    assert "KONSEP" in text
    assert "503/" not in text  # no number before the signature
    wrong = client.post(f"/petugas/tanda-tangan/berkas/{case.pk}/",
                        {"passphrase": "salah", "version": case.version}, follow=True)
    assert "signing-failures" in wrong.content.decode()
    assert case_of(application).state == "signing"
    response = client.post(f"/petugas/tanda-tangan/berkas/{case.pk}/",
                           {"passphrase": PASSPHRASE, "version": case.version}, follow=True)
    assert response.status_code == 200
    permit = Permit.objects.get(application=application)
    page = response.content.decode()
    assert permit.number in page
    assert f"/petugas/tanda-tangan/izin/{permit.pk}/berkas.pdf" in page
    assert case_of(application).state == "issued"


def test_officers_who_see_the_file_download_the_permit_others_do_not(client: Client) -> None:
    from satupintu.issuance.services import permit_sign

    application = awaiting_signature()
    case = case_of(application)
    permit = permit_sign(case=case, actor=kadis(), passphrase=PASSPHRASE,
                         expected_version=case.version)
    url = f"/petugas/tanda-tangan/izin/{permit.pk}/berkas.pdf"
    sign_in(client, user("petugas.fo"))
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert sha256(body) == permit.sha256
    assert body == stored_bytes(permit)
    client.logout()
    sign_in(client, user("teknis.pupr"))  # the public works office does not review an SIA
    assert client.get(url).status_code == 404
    client.logout()
    sign_in(client, user("pemohon"))
    assert client.get(url).status_code == 403


def test_the_outage_of_the_signing_service_shows_on_the_file(
        client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from satupintu.issuance import services

    class Down:
        def unlock(self, *, passphrase: str) -> None:
            pass

        def sign(self, *args: Any, **kwargs: Any) -> bytes:
            raise SignerUnavailable()

    monkeypatch.setattr(services, "signer_for", lambda profile: Down())
    application = awaiting_signature()
    case = case_of(application)
    sign_in(client, kadis())
    response = client.post(f"/petugas/tanda-tangan/berkas/{case.pk}/",
                           {"passphrase": PASSPHRASE, "version": case.version}, follow=True)
    page = response.content.decode()
    assert "signing-failures" in page
    assert "unavailable at" in page or "tidak tersedia" in page
    attempt = SigningAttempt.objects.get(case=case)
    assert attempt.outcome == AttemptOutcome.UNAVAILABLE
    assert case_of(application).state == "signing"
    assert not Permit.objects.filter(application=application).exists()


def test_batch_signing_with_one_passphrase(client: Client) -> None:
    first, second = awaiting_signature(), awaiting_signature()
    sign_in(client, kadis())
    page = client.get("/petugas/tanda-tangan/").content.decode()
    assert first.tracking_number in page
    assert second.tracking_number in page
    one, two = case_of(first), case_of(second)
    response = client.post("/petugas/tanda-tangan/", {
        "case": [one.pk, two.pk], f"version_{one.pk}": one.version,
        f"version_{two.pk}": two.version, "passphrase": PASSPHRASE}, follow=True)
    assert response.status_code == 200
    assert case_of(first).state == "issued"
    assert case_of(second).state == "issued"
    assert "Signed 2" in response.content.decode() or "2 izin" in response.content.decode()


def test_only_signers_open_the_signing_pages(client: Client) -> None:
    application = awaiting_signature()
    case = case_of(application)
    sign_in(client, user("verifikator"))
    assert client.get("/petugas/tanda-tangan/").status_code == 403
    assert client.post(f"/petugas/tanda-tangan/berkas/{case.pk}/",
                       {"passphrase": PASSPHRASE, "version": case.version}).status_code == 403
    page = _page(client, case.pk)
    assert "sign-panel" not in page  # the verifier sees the file, not the signing form
    assert case_of(application).state == "signing"


def test_the_api_refuses_sign_as_a_bare_action(client: Client) -> None:
    application = awaiting_signature()
    case = case_of(application)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token(kadis())}"}
    file = client.get(f"/api/v1/officer/files/{case.pk}", **headers).json()
    assert "sign" not in [a["code"] for a in file.get("actions", [])]
    response = client.post(f"/api/v1/officer/files/{case.pk}/actions",
                           {"action": "sign", "version": case.version},
                           content_type="application/json", **headers)
    assert response.status_code == 409
    assert response.json()["code"] == "sign_on_page"
    assert case_of(application).state == "signing"


def test_the_signer_corrects_an_issued_permit(client: Client) -> None:
    from satupintu.issuance.services import permit_sign

    application = awaiting_signature()
    case = case_of(application)
    old = permit_sign(case=case, actor=kadis(), passphrase=PASSPHRASE,
                      expected_version=case.version)
    sign_in(client, kadis())
    url = f"/petugas/tanda-tangan/izin/{old.pk}/koreksi/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Alamat salah ketik", "passphrase": PASSPHRASE},
                           follow=True)
    assert response.status_code == 200
    new = Permit.objects.get(supersedes=old)
    assert new.correction_reason == "Alamat salah ketik"
    assert new.number in response.content.decode()


# --- permit templates in the admin --------------------------------------------------------------
def test_administrators_edit_permit_templates_with_a_preview(client: Client) -> None:
    from satupintu.audit.models import AuditRecord
    from satupintu.catalog.models import Service
    from satupintu.issuance.models import PermitTemplate
    from tests.personas import persona

    sign_in(client, persona("administrator"))
    add = client.get("/admin/issuance/permittemplate/add/")
    assert add.status_code == 200
    assert "signer.box_id" in add.content.decode()  # starts as a copy of the default
    service = Service.objects.get(tenant__code="llg", code="SIA")
    for bad in ["{% load static %}{{ x }}", "{% debug %}", "{% include 'base.html' %}",
                "{% if %}"]:
        refused = client.post("/admin/issuance/permittemplate/add/",
                              {"service": service.pk, "html": bad})
        assert refused.status_code == 200, bad
        assert refused.context["adminform"].form.errors, bad
    assert not PermitTemplate.objects.filter(service=service).exists()
    html = ("<html><body><h1>IZIN KHUSUS {{ permit.number }}</h1><p>{{ holder.name }}</p>"
            "<img src='{{ permit.qr }}' style='width:30mm'><p>{{ holder.name.delete }}</p>"
            "<div id='{{ signer.box_id }}' style='width:80mm;height:30mm'></div></body></html>")
    created = client.post("/admin/issuance/permittemplate/add/",
                          {"service": service.pk, "html": html})
    assert created.status_code == 302, created.content.decode()[:2000]
    template = PermitTemplate.objects.get(service=service)
    assert AuditRecord.objects.filter(action="issuance.template_create",
                                      object_id=str(template.pk)).exists()
    pdf = client.get(f"/admin/issuance/permittemplate/{template.pk}/pratinjau/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    page = client.get(f"/admin/issuance/permittemplate/{template.pk}/pratinjau/?format=html")
    assert "IZIN KHUSUS 503/0001/SIA/DPMPTSP/2026" in page.content.decode()
    assert "default-src 'none'" in page["Content-Security-Policy"]
    # The signature now uses this service's template.
    from satupintu.issuance.services import permit_sign

    application = awaiting_signature()
    case = case_of(application)
    permit = permit_sign(case=case, actor=kadis(), passphrase=PASSPHRASE,
                         expected_version=case.version)
    text = subprocess.run(["pdftotext", "-", "-"], input=stored_bytes(permit),
                          capture_output=True, check=True).stdout.decode()
    assert f"IZIN KHUSUS {permit.number}" in " ".join(text.split()).replace("/ ", "/")
    client.logout()
    sign_in(client, kadis())  # not an administrator
    assert client.get(f"/admin/issuance/permittemplate/{template.pk}/pratinjau/"
                      ).status_code in {302, 403}


def test_the_generic_action_form_refuses_sign(client: Client) -> None:
    application = awaiting_signature()
    case = case_of(application)
    sign_in(client, kadis())
    response = client.post(f"/petugas/berkas/{case.pk}/tindakan/",
                           {"action": "sign", "version": case.version})
    assert response.status_code == 302
    assert case_of(application).state == "signing"
    assert not Permit.objects.filter(application=application).exists()


def test_the_handover_is_not_a_bare_action_on_the_file_page_or_the_api(client: Client) -> None:
    # Handing over goes through the register, which records who received the permit.
    from satupintu.issuance.services import permit_sign

    application = awaiting_signature()
    case = case_of(application)
    permit_sign(case=case, actor=kadis(), passphrase=PASSPHRASE, expected_version=case.version)
    case = case_of(application)
    clerk = user("petugas.fo")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token(clerk)}"}
    file = client.get(f"/api/v1/officer/files/{case.pk}", **headers).json()
    assert "hand_over" not in [a["code"] for a in file.get("actions", [])]
    response = client.post(f"/api/v1/officer/files/{case.pk}/actions",
                           {"action": "hand_over", "version": case.version},
                           content_type="application/json", **headers)
    assert response.status_code == 409
    assert response.json()["code"] == "hand_over_in_register"
    sign_in(client, clerk)
    assert 'value="hand_over"' not in _page(client, case.pk)
    client.post(f"/petugas/berkas/{case.pk}/tindakan/",
                {"action": "hand_over", "version": case.version})
    assert case_of(application).state == "issued"
