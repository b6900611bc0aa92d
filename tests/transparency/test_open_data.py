"""`/statistik/`, its CSV files and `/api/v1/stats/summary|permits`: figures, no personal data,
range rules, unknown codes, formula safety, cache headers, OpenAPI."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from satupintu.accounts.models import ApplicantProfile, User
from satupintu.complaints.models import Complaint
from tests.monitoring.builders import SERVICE
from tests.transparency.fixtures import BUSINESS, PERSON, first_half

pytestmark = pytest.mark.django_db
RANGE = {"from": "2026-01-01", "to": "2026-06-30"}


@pytest.fixture
def data() -> None:
    first_half()


def personal_data() -> list[str]:
    """Names, NIK, e-mail, phone and addresses of the applicant and the complainants."""
    applicant = User.objects.get(username="pemohon")
    profile = ApplicantProfile.objects.get(user=applicant)
    found = [applicant.full_name, applicant.email, applicant.phone, profile.nik,
             profile.address, PERSON]
    for c in Complaint.objects.all():
        found += [c.contact_name, c.contact_email, c.contact_phone, c.address]
    return [v for v in found if v]


def csv_rows(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_page_shows_the_figures_rounded_and_no_personal_data(client: Client,
                                                                   data: None) -> None:
    response = client.get("/statistik/", RANGE, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="service-table"' in html
    assert 'id="agency-table"' in html
    assert '<th scope="col">' in html
    assert "<caption>" in html
    assert "67 %" in html  # 66.7 % on time, rounded for people
    assert "7 hari" in html or "7 days" in html
    assert "ringkasan.csv?from=2026-01-01&amp;to=2026-06-30" in html
    assert 'id="audit-roots"' in html
    for value in personal_data():
        assert value not in html, value


def test_the_page_is_cacheable(client: Client) -> None:
    response = client.get("/statistik/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]


@pytest.mark.parametrize("query", [
    {"from": "2026-06-30", "to": "2026-01-01"},
    {"from": "1999-01-01", "to": "2026-01-01"},
    {"from": "2000-01-01", "to": "2030-01-01"},
    {"from": "kemarin", "to": "2026-01-01"},
])
def test_a_bad_range_is_explained_not_a_server_error(client: Client,
                                                      query: dict[str, str]) -> None:
    page = client.get("/statistik/", query)
    assert page.status_code == 422
    assert 'id="range-problem"' in page.content.decode()
    assert client.get("/statistik/ringkasan.csv", query).status_code == 422
    assert client.get("/statistik/izin.csv", query).status_code == 422
    for url in ("/api/v1/stats/summary", "/api/v1/stats/permits"):
        answer = client.get(url, query)
        assert answer.status_code == 422
        assert answer.json()["code"]


def test_the_summary_json(client: Client, data: None) -> None:
    response = client.get("/api/v1/stats/summary", RANGE)
    assert response.status_code == 200
    assert "max-age=300" in response["Cache-Control"]
    body = response.json()
    assert (body["from"], body["to"], body["tenant"]) == ("2026-01-01", "2026-06-30", "llg")
    service = next(r for r in body["rows"] if r["service"] == SERVICE)
    assert service["received"] == 5
    assert service["median_working_days"] == 5.0
    assert service["on_time_share"] == 66.7
    assert service["complaints_received"] is None
    assert isinstance(service["time_limit_days"], int)
    assert body["totals"]["complaints_received"] == 2
    text = response.content.decode()
    for value in personal_data():
        assert value not in text, value


def test_the_summary_filters_by_agency_and_service(client: Client, data: None) -> None:
    pupr = client.get("/api/v1/stats/summary", {**RANGE, "agency": "pupr"}).json()
    assert {r["agency"] for r in pupr["rows"]} == {"PUPR"}
    assert any(r["service"] is None for r in pupr["rows"])
    one = client.get("/api/v1/stats/summary", {**RANGE, "service": SERVICE}).json()
    assert [r["service"] for r in one["rows"]] == [SERVICE]


def test_unknown_codes_are_404(client: Client) -> None:
    assert client.get("/api/v1/stats/summary", {**RANGE, "agency": "NOPE"}).status_code == 404
    assert client.get("/api/v1/stats/summary",
                      {**RANGE, "service": "NOPE"}).status_code == 404


def test_the_summary_csv(client: Client, data: None) -> None:
    response = client.get("/statistik/ringkasan.csv", RANGE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "max-age=300" in response["Cache-Control"]
    content = b"".join(response.streaming_content)  # type: ignore[arg-type]
    rows = csv_rows(content)
    service = next(r for r in rows if r["service"] == SERVICE)
    assert service["median_working_days"] == "5.0"
    assert service["on_time_share"] == "66.7"
    assert rows[-1]["agency"] == ""
    assert rows[-1]["received"] == "5"
    for value in personal_data():
        assert value not in content.decode(), value


def test_the_permits_never_name_a_person_and_are_formula_safe(client: Client,
                                                              data: None) -> None:
    body = client.get("/api/v1/stats/permits", RANGE).json()
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    first, second = body["results"]
    assert (first["issued_on"], first["holder"], first["service"]) == (
        "2026-02-11", BUSINESS, SERVICE)
    assert second["holder"] is None
    assert second["kelurahan"]
    assert client.get("/api/v1/stats/permits", {**RANGE, "page": 2}).json()["results"] == []
    response = client.get("/statistik/izin.csv", RANGE)
    content = b"".join(response.streaming_content)  # type: ignore[arg-type]
    rows = csv_rows(content)
    assert rows[0]["holder"] == "'" + BUSINESS
    assert rows[1]["holder"] == ""
    for text in (content.decode(), str(body)):
        for value in personal_data():
            assert value not in text, value


def test_the_data_dictionary_describes_every_field(client: Client) -> None:
    from satupintu.transparency.export import PERMIT_FIELDS
    from satupintu.transparency.selectors import FIELDS

    response = client.get("/statistik/data/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in (*FIELDS, *PERMIT_FIELDS):
        assert f"<code>{field}</code>" in html, field


def test_the_status_codes_are_declared_in_openapi(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/stats/summary"]["get"]["responses"]) >= {"200", "404", "422"}
    assert set(paths["/api/v1/stats/permits"]["get"]["responses"]) >= {"200", "422"}
    assert "/api/v1/stats/ikm" in paths


def test_the_audit_chain_section_lists_the_roots_of_the_last_14_days(client: Client) -> None:
    from satupintu.audit.models import AuditDailyRoot
    from satupintu.audit.roots import store_closed_days
    from satupintu.calendars.selectors import local_date
    from satupintu.tenants.models import Tenant

    llg = Tenant.objects.get(code="llg")
    today = local_date(llg)
    store_closed_days(llg, today=today + dt.timedelta(days=1))
    recent = AuditDailyRoot.objects.filter(tenant=llg, date__gte=today - dt.timedelta(days=13))
    old = AuditDailyRoot.objects.filter(tenant=llg, date__lt=today - dt.timedelta(days=13))
    html = client.get("/statistik/").content.decode()
    assert recent.exists()
    for root in recent:
        assert root.root_hash in html
    for root in old:
        assert root.root_hash not in html
    assert "/api/v1/audit/roots?from=" in html
