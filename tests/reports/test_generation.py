"""A report's content, checked in its spreadsheet (openpyxl) and its PDF (pdftotext) against
figures computed by hand for the fixture's quarter; failures and retries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.core.errors import Conflict, PermissionDenied, ValidationFailed
from satupintu.reports import services
from satupintu.reports.models import ReportFile, ReportKind, ReportRun, RunStatus
from satupintu.reports.tasks import generate_report
from tests.monitoring.builders import llg
from tests.reports.conftest import Q2
from tests.reports.helpers import body, column, file_bytes, pdf_text, sheets

pytestmark = pytest.mark.django_db
D = dt.date


def official(msgid: str) -> str:
    """A message as reports print it (in Indonesian)."""
    from django.utils import translation

    with translation.override("id"):
        return translation.gettext(msgid)


def ask(username: str, kind: str = ReportKind.QUARTERLY,
        period: tuple[dt.date, dt.date] = Q2) -> ReportRun:
    return services.report_request(tenant=llg(), actor=User.objects.get(username=username),
                                   kind=kind, period=period)


def run_worker(run: ReportRun) -> ReportRun:
    generate_report.call(run.pk)
    run.refresh_from_db()
    return run


def test_the_quarter_report_holds_the_hand_computed_figures(quarter: Any) -> None:
    run = run_worker(ask("kadis"))
    assert (run.status, run.progress, run.error) == (RunStatus.DONE, 100, "")
    assert run.agency_ids is None
    book = sheets(file_bytes(run, "xlsx"))
    # Received in Q2: the rejected, approved and open files (the March file was decided in
    # March); declared complete: the same three; still in process on 30 June: the open one;
    # decided: rejected + approved; one permit issued (22 April).
    assert column(book["Berkas"]) == [3, 3, 1, 2, 1, 1, 0, 1, 0]
    # Service target and legal limit: the approved file on time, the rejected one late.
    assert body(book["Ketepatan waktu"]) == [[1, 1, 0.5], [1, 1, 0.5]]
    # Complete → decided: 1 → 15 April and 7 → 20 April are 9 working days each (Good
    # Friday, 3 April, is a holiday); nobody waited on the applicant; no correction rounds.
    assert body(book["Durasi"]) == [[2, 9, 9, 9], [2, 9, 9, 9], [2, 0, 0, 0], [2, 0, 0, 0]]
    assert body(book["Waktu per OPD"]) == [[1, 4, 4, 4]]  # DINKES: 8 → 14 April
    # Open today: the demo's three files received today, and the file open since 4 May
    # (more than 20 working days, past both of its limits).
    assert column(book["Tunggakan"]) == [3, 0, 0, 1, 4, 1, 1]
    trend = {row[0].date(): row[1:] for row in book["Tren 12 bulan"][3:]}
    assert next(iter(trend)) == D(2025, 7, 1)
    assert list(trend)[-1] == D(2026, 6, 1)
    assert trend[D(2026, 3, 1)] == [1, 1, 1]
    assert trend[D(2026, 4, 1)] == [2, 2, 0.5]
    assert trend[D(2026, 5, 1)] == [1, 0, None]
    assert sum(r[0] for r in trend.values()) == 4
    assert body(book["Izin per sektor"]) == [[1]]  # SIPDG is a health service
    assert book["Izin per sektor"][3][0] == "Kesehatan"
    assert book["IKM"][4][0] == official("The satisfaction survey has no responses in this "
                                         "period.")
    assert body(book["Pengaduan"]) == [[0, 0, 0, 0, 0, 0, None, None]]
    assert book["Investasi"][4][0] == official("Not collected: no service asks applicants "
                                               "for this.")


def test_the_spreadsheet_is_formatted(quarter: Any) -> None:
    import io

    import openpyxl

    run = run_worker(ask("kadis"))
    book = openpyxl.load_workbook(io.BytesIO(file_bytes(run, "xlsx")))
    sheet = book["Ketepatan waktu"]
    assert sheet.freeze_panes == "B4"
    assert sheet["A3"].font.b
    assert sheet["D4"].number_format == "0.0%"
    assert book["Tren 12 bulan"]["A4"].number_format == "mmm yyyy"
    assert sheet.column_dimensions["A"].width >= 10


def test_the_pdf_says_the_same_with_charts(quarter: Any) -> None:
    run = run_worker(ask("kadis"))
    item = run.files.get(format="pdf")
    data = file_bytes(run, "pdf")
    assert data.startswith(b"%PDF")
    assert item.size == len(data)
    import hashlib

    assert item.sha256 == hashlib.sha256(data).hexdigest()
    text = pdf_text(data)
    assert "PEMERINTAH" in text
    assert "50,0%" in text
    assert " ".join(official("The satisfaction survey has no responses in this period.")
                    .split()[:3]) in " ".join(text.split())
    assert item.file.name.startswith(f"reports/{run.tenant_id}/")
    assert "report" not in item.file.name.rsplit("/", 1)[1]  # a random name


def test_a_technical_agency_head_gets_their_agency_s_files(quarter: Any) -> None:
    run = run_worker(ask("kepala.dinkes"))
    assert run.agency_ids is not None
    assert len(run.agency_ids) == 1
    # Received: the approved and the open file (the rejected one is the public works office's).
    assert column(sheets(file_bytes(run, "xlsx"))["Berkas"])[0] == 2


def test_a_failure_keeps_no_file_and_can_be_retried(quarter: Any, monkeypatch: Any) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> bytes:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("satupintu.reports.pdf.document", broken)
    run = run_worker(ask("kadis"))
    assert run.status == RunStatus.FAILED
    assert run.error == "RuntimeError: disk on fire"
    assert not ReportFile.objects.filter(run=run).exists()
    assert AuditRecord.objects.filter(action="report.fail", object_id=str(run.pk)).exists()
    monkeypatch.undo()
    kadis = User.objects.get(username="kadis")
    services.report_retry(tenant=llg(), actor=kadis, run_id=run.pk)
    run = run_worker(run)
    assert (run.status, run.error, run.attempts) == (RunStatus.DONE, "", 2)
    assert run.files.count() == 2
    with pytest.raises(Conflict):
        services.report_retry(tenant=llg(), actor=kadis, run_id=run.pk)


def test_a_failure_while_storing_leaves_no_half_file(quarter: Any, monkeypatch: Any) -> None:
    from satupintu.reports import tasks

    real = tasks.ReportFile.save
    calls = []

    def second_fails(self: ReportFile, *args: Any, **kwargs: Any) -> None:
        calls.append(self.format)
        if len(calls) == 2:
            raise OSError("no space left")
        real(self, *args, **kwargs)

    monkeypatch.setattr(tasks.ReportFile, "save", second_fails)
    run = run_worker(ask("kadis"))
    assert run.status == RunStatus.FAILED
    assert not ReportFile.objects.filter(run=run).exists()


def test_requests_are_checked_and_audited(quarter: Any) -> None:
    run = ask("kadis")
    assert run.status == RunStatus.QUEUED
    assert ask("kadis").pk == run.pk  # the same report still queued: not a second one
    assert AuditRecord.objects.filter(action="report.request", object_id=str(run.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        ask("verifikator")
    with pytest.raises(ValidationFailed):
        ask("kadis", period=(D(2026, 4, 1), D(2026, 5, 31)))
    with pytest.raises(ValidationFailed):
        ask("kadis", kind=ReportKind.MONTHLY, period=(D(2030, 1, 1), D(2030, 1, 31)))


def test_the_satisfaction_index_per_element_and_service(quarter: Any) -> None:
    from satupintu.catalog.models import Service
    from satupintu.surveys.models import SurveyResponse
    from tests.monitoring.builders import SERVICE, at

    service = Service.objects.get(tenant=llg(), code=SERVICE)
    for answer, day in ((4, D(2026, 4, 2)), (3, D(2026, 6, 30))):
        SurveyResponse.objects.create(
            tenant=llg(), service=service, agency=service.lead_agency, channel="kiosk",
            submitted_at=at(day, 15), **{f"u{i}": answer for i in range(1, 10)})
    SurveyResponse.objects.create(  # 1 July: the next quarter
        tenant=llg(), service=service, agency=service.lead_agency, channel="kiosk",
        submitted_at=at(D(2026, 7, 1), 9), **{f"u{i}": 1 for i in range(1, 10)})
    book = sheets(file_bytes(run_worker(ask("kadis")), "xlsx"))
    # Each element: NRR (4 + 3) / 2 = 3.5, converted × 25 = 87.5; the index the same.
    ikm = book["IKM"]
    assert [row[1] for row in ikm[3:12]] == [87.5] * 9
    assert str(ikm[3][0]).startswith("U1 ")
    assert ikm[12][1:] == [87.5]
    assert ikm[13][1:] == [2]
    assert body(book["IKM per layanan"]) == [[2, 87.5, "B"]]


def test_a_run_whose_worker_died_can_be_retried(quarter: Any) -> None:
    from django.utils import timezone

    run = ask("kadis")
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, updated_at=timezone.now() - dt.timedelta(minutes=10))
    kadis = User.objects.get(username="kadis")
    with pytest.raises(Conflict):  # still working, perhaps
        services.report_retry(tenant=llg(), actor=kadis, run_id=run.pk)
    ReportRun.objects.filter(pk=run.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=31))
    services.report_retry(tenant=llg(), actor=kadis, run_id=run.pk)
    assert run_worker(run).status == RunStatus.DONE
