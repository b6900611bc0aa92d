"""Posting and reading service requests: what is stored, what is shown, what never is."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from satupintu.complaints.models import (
    Complaint,
    ComplaintChannel,
    ComplaintMedia,
    ComplaintStatus,
    MediaReview,
)
from tests.open311.helpers import (
    BASE,
    CATEGORY,
    KELURAHAN,
    PLACE_CATEGORY,
    PNG,
    demo_key,
    errors_of,
    llg,
    post_data,
)

pytestmark = pytest.mark.django_db

SECRETS = ["warga.rahasia@example.org", "Siti", "Rahasia", "081234567890", "Jl. Rahasia"]


@pytest.fixture(autouse=True)
def _key(db: None) -> None:
    demo_key()


def post(client: Client, fmt: str = "json", **extra: Any) -> dict[str, Any]:
    response = client.post(f"{BASE}/requests.{fmt}", post_data(**extra))
    assert response.status_code == 200, response.content
    if fmt == "json":
        answer: dict[str, Any] = json.loads(response.content)[0]
        return answer
    request = ET.fromstring(response.content).find("request")  # noqa: S314 (our own answer)
    assert request is not None
    return {child.tag: child.text for child in request}


def test_a_post_files_a_complaint_from_the_partner_app(client: Client) -> None:
    answer = post(client, lat="-3.2945678", long="102.8612345",
                  **{"attribute[kelurahan]": KELURAHAN, "attribute[lapor_ticket]": "LAP-1234"})
    complaint = Complaint.objects.get(tenant=llg(), number=answer["service_request_id"])
    assert complaint.channel == ComplaintChannel.OPEN311
    assert complaint.client is not None
    assert complaint.client.name == "Aplikasi Mitra Demo"
    assert complaint.client.last_used_at is not None
    assert answer["token"] == complaint.open311_token
    assert answer["account_id"] is None
    assert complaint.number in answer["service_notice"]
    # Kept for the office, never shown (see below).
    assert complaint.contact_name == "Siti Rahasia"
    assert complaint.contact_email == "warga.rahasia@example.org"
    assert complaint.address == "Jl. Rahasia No. 7"
    assert complaint.lat == Decimal("-3.294568")
    assert complaint.kelurahan is not None
    assert complaint.kelurahan.code == KELURAHAN


def test_the_xml_post_answers_in_the_standards_shape(client: Client) -> None:
    response = client.post(f"{BASE}/requests.xml", post_data())
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(response.content)  # noqa: S314 (our own answer)
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request is not None
    assert [c.tag for c in request] == ["service_request_id", "token", "service_notice",
                                        "account_id"]


def test_no_csrf_token_is_needed(db: None) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"{BASE}/requests.json", post_data())
    assert response.status_code == 200


def test_a_png_is_accepted_as_media(client: Client) -> None:
    answer = post(client, media=SimpleUploadedFile("foto.png", PNG, "image/png"))
    media = ComplaintMedia.objects.get(complaint__number=answer["service_request_id"])
    assert media.kind == "png"
    assert media.review == MediaReview.PENDING


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_media_that_is_not_an_image_is_refused(client: Client, fmt: str) -> None:
    before = Complaint.objects.count()
    response = client.post(f"{BASE}/requests.{fmt}", post_data(
        media=SimpleUploadedFile("foto.png", b"%PDF-1.4 bukan gambar", "image/png")))
    assert response.status_code == 400
    assert errors_of(response.content, fmt)[0]["description"].startswith("media:")
    assert Complaint.objects.count() == before


def test_a_media_url_is_not_fetched(client: Client) -> None:
    answer = post(client, media_url="http://169.254.169.254/latest/meta-data/")
    assert "media_url" in answer["service_notice"]
    assert not ComplaintMedia.objects.filter(complaint__number=answer["service_request_id"])


def test_a_place_category_takes_the_kelurahan_as_address_id(client: Client) -> None:
    answer = post(client, service_code=PLACE_CATEGORY, address_string="", address_id=KELURAHAN)
    complaint = Complaint.objects.get(tenant=llg(), number=answer["service_request_id"])
    assert complaint.kelurahan is not None


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_reading_shows_no_personal_data(client: Client, fmt: str) -> None:
    number = post(client, lat="-3.2945678", long="102.8612345",
                  **{"attribute[kelurahan]": KELURAHAN})["service_request_id"]
    for path in (f"requests/{number}.{fmt}", f"requests.{fmt}"):
        body = client.get(f"{BASE}/{path}").content.decode()
        assert number in body
        for secret in SECRETS:
            assert secret not in body, (path, secret)
        assert "-3.294568" not in body
        assert "102.861234" not in body


def test_a_request_reads_as_the_standard_says(client: Client) -> None:
    number = post(client, lat="-3.2945678", long="102.8612345",
                  **{"attribute[kelurahan]": KELURAHAN})["service_request_id"]
    [row] = json.loads(client.get(f"{BASE}/requests/{number}.json").content)
    assert row["status"] == "open"
    assert row["service_code"] == CATEGORY
    assert row["lat"] == -3.295
    assert row["long"] == 102.861
    assert row["address"].endswith(", Kota Lubuklinggau")
    assert row["address_id"] == KELURAHAN
    assert row["requested_datetime"].endswith("+07:00")
    assert row["expected_datetime"].endswith("T23:59:59+07:00")
    assert row["extended_attributes"]["satupintu_status"] == "received"
    assert row["media_url"] == ""
    assert row["agency_responsible"]


def test_moderated_text_is_never_shown_and_only_approved_photos_are(client: Client) -> None:
    number = post(client, media=SimpleUploadedFile("foto.png", PNG, "image/png"))[
        "service_request_id"]
    complaint = Complaint.objects.get(tenant=llg(), number=number)
    Complaint.objects.filter(pk=complaint.pk).update(
        hidden_reason="Bahasa kasar", hidden_at=timezone.now(),
        status=ComplaintStatus.RESOLVED, outcome_reason="Izin sudah terbit.")
    [row] = json.loads(client.get(f"{BASE}/requests/{number}.json").content)
    assert "belum selesai" not in row["description"]
    assert "Bahasa kasar" in row["description"]
    assert row["status"] == "closed"
    assert "Izin sudah terbit." in row["status_notes"]
    assert row["media_url"] == ""
    media = complaint.media.get()
    media.review = MediaReview.APPROVED
    media.save()
    [row] = json.loads(client.get(f"{BASE}/requests/{number}.json").content)
    assert row["media_url"] == f"http://testserver/pengaduan/{number}/foto/{media.pk}/"


def test_the_list_filters_by_status_code_and_ids(client: Client) -> None:
    first = post(client)["service_request_id"]
    second = post(client, service_code="sistem-daring")["service_request_id"]
    Complaint.objects.filter(number=second).update(status=ComplaintStatus.RESOLVED)

    def ids(query: str) -> list[str]:
        return [r["service_request_id"]
                for r in json.loads(client.get(f"{BASE}/requests.json?{query}").content)]

    assert first in ids("status=open")
    assert second not in ids("status=open")
    assert second in ids("status=closed")
    assert first not in ids("status=closed")
    assert ids(f"service_request_id={first},{second}") == [second, first]  # newest first
    assert second in ids("service_code=sistem-daring")
    assert first not in ids("service_code=sistem-daring")
    assert first not in ids("start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z")
    assert first in ids("start_date=2000-01-01T00:00:00+07:00")  # "+" sent unencoded
    assert first not in ids("end_date=2000-01-01")  # 90 days before the end date only


def test_a_token_finds_its_request(client: Client) -> None:
    answer = post(client)
    body = json.loads(client.get(f"{BASE}/tokens/{answer['token']}.json").content)
    assert body == [{"service_request_id": answer["service_request_id"],
                     "token": answer["token"]}]


def test_another_tenants_complaint_is_not_visible(client: Client) -> None:
    from satupintu.complaints.defaults import complaint_categories_seed
    from satupintu.complaints.intake import ComplaintInput, complaint_submit
    from satupintu.tenants.models import Tenant

    pga = Tenant.objects.get(code="pga")
    complaint_categories_seed(tenant=pga, actor=None)
    theirs = complaint_submit(tenant=pga, actor=None, data=ComplaintInput(
        category=CATEGORY, description="Pengaduan di Kota Pagar Alam yang lain."))
    ours = post(client)
    # Numbers restart per tenant: ask for theirs here and find nothing of theirs.
    for path in (f"requests/{theirs.number}.json", "requests.json",
                 f"tokens/{theirs.open311_token}.json"):
        assert "Pagar Alam yang lain" not in client.get(f"{BASE}/{path}").content.decode()
    assert client.get(f"{BASE}/tokens/{theirs.open311_token}.json").status_code == 404
    there = client.get(f"{BASE}/requests.json", HTTP_HOST="pagaralam.localhost")
    numbers = [r["service_request_id"] for r in json.loads(there.content)]
    assert numbers == [theirs.number]
    assert ours["token"] not in there.content.decode()
