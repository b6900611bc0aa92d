"""Each scoreboard figure against the hand-computed fixture (tests/transparency/fixtures.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.catalog.models import Service
from satupintu.transparency.selectors import Row, Scoreboard, scoreboard, time_limit_days
from tests.monitoring.builders import SERVICE, llg
from tests.transparency.fixtures import END, START, first_half

pytestmark = pytest.mark.django_db


@pytest.fixture
def board() -> Scoreboard:
    first_half()
    return scoreboard(tenant=llg(), start=START, end=END, today=END)


def by_code(rows: tuple[Row, ...], attribute: str) -> dict[str | None, Row]:
    return {getattr(r, attribute): r for r in rows}


def test_the_service_row(board: Scoreboard) -> None:
    row = by_code(board.services, "service")[SERVICE]
    service = Service.objects.get(tenant=llg(), code=SERVICE)
    assert row.agency == service.lead_agency.code
    assert (row.received, row.decided, row.issued, row.rejected) == (5, 3, 2, 1)
    assert row.median_working_days == 5.0  # 5, 9, 5
    assert row.on_time_share == 66.7  # f1, f3 of f1, f2, f3
    assert row.mean_correction_rounds == 1.0  # 0, 1, 2
    assert row.time_limit_days == time_limit_days(service, END) is not None
    assert row.complaints_received is None
    assert row.complaints_resolved is None
    assert row.ikm is None
    assert row.grade is None


def test_the_agency_rows(board: Scoreboard) -> None:
    rows = by_code(board.agencies, "agency")
    dinkes, pupr = rows["DINKES"], rows["PUPR"]
    # DINKES reviews f1, f2, f4, f5; decided f1 (5 days, on time) and f2 (9 days, late).
    assert (dinkes.received, dinkes.decided, dinkes.issued, dinkes.rejected) == (4, 2, 1, 1)
    assert (dinkes.median_working_days, dinkes.on_time_share,
            dinkes.mean_correction_rounds) == (7.0, 50.0, 0.5)
    assert (dinkes.complaints_received, dinkes.complaints_resolved) == (0, 0)
    assert dinkes.service is None
    assert dinkes.time_limit_days is None
    # PUPR reviews f3 (5 days, on time, 2 rounds; its permit issued 11 Feb) and answers the
    # two complaints, one resolved.
    assert (pupr.received, pupr.decided, pupr.issued, pupr.rejected) == (1, 1, 1, 0)
    assert (pupr.median_working_days, pupr.on_time_share,
            pupr.mean_correction_rounds) == (5.0, 100.0, 2.0)
    assert (pupr.complaints_received, pupr.complaints_resolved) == (2, 1)


def test_the_one_stop_office_s_row_counts_every_file(board: Scoreboard) -> None:
    """The one-stop office reviews no file but receives, verifies and decides them all: its
    row is the region's files (its own complaints and index stay its own)."""
    office = by_code(board.agencies, "agency")["DPMPTSP"]
    t = board.totals
    assert (office.received, office.decided, office.issued, office.rejected) == (5, 3, 2, 1)
    assert (office.median_working_days, office.on_time_share,
            office.mean_correction_rounds) == (t.median_working_days, t.on_time_share,
                                               t.mean_correction_rounds)
    assert (office.complaints_received, office.complaints_resolved) == (0, 0)


def test_the_totals(board: Scoreboard) -> None:
    t = board.totals
    assert (t.agency, t.service) == (None, None)
    assert (t.received, t.decided, t.issued, t.rejected) == (5, 3, 2, 1)
    assert (t.median_working_days, t.on_time_share, t.mean_correction_rounds) == (
        5.0, 66.7, 1.0)
    assert (t.complaints_received, t.complaints_resolved) == (2, 1)


def test_a_month_without_files_has_nulls_not_zeros() -> None:
    first_half()
    board = scoreboard(tenant=llg(), start=START.replace(month=5),
                       end=START.replace(month=5, day=31), today=END)
    row = by_code(board.services, "service")[SERVICE]
    assert (row.received, row.decided) == (0, 0)
    assert row.median_working_days is None
    assert row.on_time_share is None
    assert row.mean_correction_rounds is None


def test_the_scoreboard_is_kept_in_the_cache(board: Scoreboard) -> None:
    tenant = llg()
    with CaptureQueriesContext(connection) as queries:
        again = scoreboard(tenant=tenant, start=START, end=END, today=END)
    assert len(queries) == 0
    assert again == board
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        scoreboard(tenant=tenant, start=START, end=END, today=END)
    assert len(queries) > 0


def test_each_language_has_its_own_cached_names() -> None:
    from django.utils import translation

    Service.objects.filter(tenant=llg(), code=SERVICE).update(name="Izin Uji",
                                                               name_en="Test permit")
    names = {}
    for language in ("id", "en", "id"):
        with translation.override(language):
            board = scoreboard(tenant=llg(), start=START, end=END, today=END)
            names[language] = by_code(board.services, "service")[SERVICE].service_name
    assert names == {"id": "Izin Uji", "en": "Test permit"}


def test_the_uncached_scoreboard_answers_in_a_fixed_number_of_queries() -> None:
    """The stored days and today's live counts are read with grouped queries: more files,
    services, days and survey answers add no query (a year ending today, all days settled)."""
    from satupintu.calendars.selectors import local_date
    from satupintu.monitoring import summary
    from satupintu.transparency.selectors import compute_scoreboard
    from tests.monitoring.builders import make_file
    from tests.surveys.factories import store

    tenant = llg()
    today = local_date(tenant)
    start = today - dt.timedelta(days=364)

    def queries() -> int:
        summary.settle(tenant, start, summary.settled_through(tenant))  # as the hourly job
        with CaptureQueriesContext(connection) as captured:
            compute_scoreboard(tenant=tenant, start=start, end=today, today=today)
        return len(captured)

    first_half()
    few = queries()
    for back in (3, 40, 100, 0):
        day = today - dt.timedelta(days=back)
        make_file(received=day, started=day)
        make_file(received=day, started=day, decided=day, outcome="rejected",
                  service="PBG", agencies=("DINKES", "PUPR"))
        store([[3] * 9, [4] * 9], service=Service.objects.get(tenant=tenant, code="PBG"),
              day=day)
    assert queries() == few
    assert few <= 33
