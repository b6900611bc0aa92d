"""The reports page: asking, polling, downloading (scoped, audited) and retrying."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.reports.models import ReportRun, RunStatus
from satupintu.reports.tasks import generate_report
from tests.personas import sign_in

pytestmark = pytest.mark.django_db


def as_user(client: Client, username: str) -> Client:
    return sign_in(client, User.objects.get(username=username))


def made_by(client: Client, username: str, period: str = "quarterly:2026-04-01") -> ReportRun:
    response = as_user(client, username).post("/petugas/laporan/", {"period": period})
    assert response.status_code == 302, response.content.decode()[:500]
    run = ReportRun.objects.filter(requested_by__username=username).latest("pk")
    generate_report.call(run.pk)
    run.refresh_from_db()
    return run


def test_a_leader_asks_for_a_report_and_downloads_it(client: Client, quarter: Any) -> None:
    page = as_user(client, "kadis").get("/petugas/laporan/")
    assert page.status_code == 200
    assert 'name="period"' in page.content.decode()
    run = made_by(client, "kadis")
    assert run.status == RunStatus.DONE
    listing = client.get("/petugas/laporan/daftar/").content.decode()
    assert f'data-run="{run.pk}" data-status="done"' in listing
    assert "hx-trigger" not in listing  # nothing to wait for
    response = client.get(f"/petugas/laporan/{run.pk}/unduh/xlsx/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    # Named in Indonesian, like the report: the kind and the period's first month.
    assert 'filename="laporan-triwulanan-2026-04.xlsx"' in response["Content-Disposition"]
    assert response.content.startswith(b"PK")
    assert AuditRecord.objects.filter(action="report.download", object_id=str(run.pk)).exists()
    assert client.get(f"/petugas/laporan/{run.pk}/unduh/pdf/").status_code == 200
    assert client.get(f"/petugas/laporan/{run.pk}/unduh/csv/").status_code == 404


def test_the_list_polls_while_a_report_is_being_made(client: Client, quarter: Any) -> None:
    as_user(client, "kadis").post("/petugas/laporan/", {"period": "monthly:2026-04-01"})
    listing = client.get("/petugas/laporan/daftar/").content.decode()
    assert 'hx-trigger="every 3s"' in listing
    assert "<progress" in listing


def test_a_bad_period_is_refused(client: Client) -> None:
    response = as_user(client, "kadis").post("/petugas/laporan/", {"period": "monthly:2026-04-15"})
    assert response.status_code == 200
    assert not ReportRun.objects.exists()


def test_another_agency_s_head_cannot_read_a_scope_wider_than_theirs(
        client: Client, quarter: Any) -> None:
    region = made_by(client, "kadis")
    dinkes = made_by(Client(), "kepala.dinkes")
    pupr = as_user(Client(), "kepala.pupr")
    assert pupr.get(f"/petugas/laporan/{region.pk}/unduh/xlsx/").status_code == 404
    assert pupr.get(f"/petugas/laporan/{dinkes.pk}/unduh/xlsx/").status_code == 404
    assert f'data-run="{dinkes.pk}"' not in pupr.get("/petugas/laporan/").content.decode()
    head = as_user(Client(), "kepala.dinkes")
    assert head.get(f"/petugas/laporan/{dinkes.pk}/unduh/xlsx/").status_code == 200
    assert head.get(f"/petugas/laporan/{region.pk}/unduh/xlsx/").status_code == 404
    # The region-wide reader reads the agency's report too.
    assert client.get(f"/petugas/laporan/{dinkes.pk}/unduh/xlsx/").status_code == 200


def test_other_regions_and_applicants_cannot_download(client: Client, quarter: Any) -> None:
    run = made_by(client, "kadis")
    other = as_user(Client(), "admin.pga")
    assert other.get(f"/petugas/laporan/{run.pk}/unduh/xlsx/").status_code in (403, 404)
    applicant = as_user(Client(), "pemohon")
    assert applicant.get(f"/petugas/laporan/{run.pk}/unduh/xlsx/").status_code == 403
    assert Client().get(f"/petugas/laporan/{run.pk}/unduh/xlsx/").status_code == 302


def test_a_failed_report_is_retried_from_the_page(client: Client, quarter: Any,
                                                 monkeypatch: Any) -> None:
    monkeypatch.setattr("satupintu.reports.xlsx.workbook",
                        lambda _tables: (_ for _ in ()).throw(ValueError("bad sheet")))
    run = made_by(client, "kadis")
    assert run.status == RunStatus.FAILED
    page = client.get("/petugas/laporan/").content.decode()
    assert "ValueError: bad sheet" in page
    assert f"/petugas/laporan/{run.pk}/ulangi/" in page
    monkeypatch.undo()
    assert client.post(f"/petugas/laporan/{run.pk}/ulangi/").status_code == 302
    generate_report.call(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert as_user(Client(), "kepala.pupr").post(
        f"/petugas/laporan/{run.pk}/ulangi/").status_code == 404


def test_the_dashboard_carries_its_chart_data_and_links_the_reports(
        client: Client, quarter: Any) -> None:
    import json
    import re

    html = as_user(client, "kadis").get(
        "/petugas/dasbor/?from=2026-04-01&to=2026-06-30").content.decode()
    assert 'href="/petugas/laporan/"' in html
    block = re.search(r'<script id="dashboard-charts-data" type="application/json">(.*?)</script>',
                      html, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["sla"]["series"][0]["values"] == [1, 1]  # on time: service target, legal
    assert data["trend"]["series"][0]["values"][-3:] == [2, 1, 0]  # received Apr, May, Jun
    assert len(data["backlog"]["series"][0]["values"]) == 4
    assert 'aria-hidden="true"' in html
    assert "<script>" not in html  # no inline script (CSP)
