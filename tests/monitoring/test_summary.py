"""The stored clock summary (ADR 0016) gives the same figures as a from-scratch recount over
the clock events, for varied files, after the calendar changes, from the engine itself and
from the load generator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.management import call_command

from satupintu.accounts.models import User
from satupintu.calendars.services import holiday_add, holiday_remove
from satupintu.issuance.models import Permit
from satupintu.monitoring import figures
from satupintu.monitoring.figures import FigureQuery, Spread
from satupintu.monitoring.scope import dashboard_scope
from satupintu.surveys.models import SurveyResponse
from satupintu.tracking import loadgen
from satupintu.transparency import selectors as board
from satupintu.workflow.models import Case, CaseBranch
from tests.monitoring.builders import issue, llg, make_file, review

pytestmark = pytest.mark.django_db
D = dt.date
FIRST_HALF = (D(2026, 1, 1), D(2026, 6, 30))


def query(start: dt.date = FIRST_HALF[0], end: dt.date = FIRST_HALF[1]) -> FigureQuery:
    scope = dashboard_scope(User.objects.get(username="admin.llg"))
    assert scope is not None
    return FigureQuery(scope=scope, start=start, end=end, today=D(2026, 7, 15))


def agree(q: FigureQuery) -> None:
    assert figures.durations(q) == figures.recompute_durations(q)
    assert figures.agency_times(q) == figures.recompute_agency_times(q)


@pytest.fixture
def varied() -> list[Case]:
    """Files decided across holidays, with pauses (one still running at the decision),
    rejected, withdrawn, never complete, still open; reviews across the Lebaran days off."""
    made = [
        make_file(received=D(2026, 3, 2), started=D(2026, 3, 2), decided=D(2026, 3, 10),
                  outcome="approved", service_due=D(2026, 3, 9), legal_due=D(2026, 3, 16)),
        make_file(received=D(2026, 3, 16), started=D(2026, 3, 17), decided=D(2026, 4, 14),
                  outcome="approved", rounds=2, pauses=[(D(2026, 3, 25), D(2026, 3, 30)),
                                                        (D(2026, 4, 6), D(2026, 4, 8))]),
        make_file(received=D(2026, 4, 20), started=D(2026, 4, 21), decided=D(2026, 5, 12),
                  outcome="rejected", rounds=1, pauses=[(D(2026, 5, 4), D(2026, 5, 20))]),
        make_file(received=D(2026, 2, 2), decided=D(2026, 2, 9), outcome="rejected", rounds=3),
        make_file(received=D(2026, 5, 4), started=D(2026, 5, 5), decided=D(2026, 5, 6),
                  outcome="withdrawn"),
        make_file(received=D(2026, 6, 1), started=D(2026, 6, 2)),
        make_file(received=D(2026, 6, 8), started=D(2026, 6, 8), decided=D(2026, 6, 8),
                  outcome="approved"),
        make_file(received=D(2025, 12, 22), started=D(2025, 12, 23), decided=D(2026, 1, 5),
                  outcome="approved", pauses=[(D(2025, 12, 24), D(2025, 12, 31))]),
    ]
    review(made[0], "DINKES", D(2026, 3, 3), D(2026, 3, 6))
    review(made[1], "DINKES", D(2026, 3, 18), D(2026, 4, 1))
    review(made[1], "PUPR", D(2026, 3, 18), D(2026, 3, 18))
    review(made[2], "PUPR", D(2026, 4, 22), D(2026, 5, 8))
    issue(made[0], D(2026, 3, 12))
    return made


def test_the_summary_matches_the_recount(varied: list[Case]) -> None:
    for start, end in [(D(2026, 1, 1), D(2026, 6, 30)), (D(2026, 3, 1), D(2026, 3, 31)),
                       (D(2025, 12, 1), D(2026, 12, 31)), (D(2026, 5, 1), D(2026, 5, 31))]:
        agree(query(start, end))
    durations = figures.durations(query())
    assert durations.total.n == 5  # approved/rejected and complete; not the withdrawal
    assert durations.rounds_distribution == {"0": 3, "1": 1, "2": 1, "3+": 1}


def test_a_later_holiday_is_recounted_by_the_calendar_hook(varied: list[Case]) -> None:
    before = figures.durations(query())
    # 9 March (inside the first file's span) and 1 April (a review's span) become days off.
    added = [holiday_add(tenant=llg(), actor=None, date=day, name="Libur uji", reason="uji")
             for day in (D(2026, 3, 9), D(2026, 4, 1))]
    varied[0].refresh_from_db()
    assert varied[0].decision_working_days == 5  # 3–10 Mar minus the 7 Mar weekend and 9 Mar
    after = figures.durations(query())
    assert after != before
    agree(query())
    holiday_remove(holiday=added[0], actor=None, reason="batal")
    agree(query())
    assert figures.durations(query()) != after


def test_the_engine_stores_the_summary_when_the_clock_stops(
        on: Callable[[dt.date], None]) -> None:
    from tests.monitoring.test_engine_agreement import (
        test_time_waiting_on_the_applicant_is_what_the_clock_paused as drive,
    )

    drive(on)
    case = Case.objects.get(application__tracking_number="MON-ENGINE")
    assert (case.decision_working_days, case.waiting_working_days) == (9, 3)
    assert sorted(CaseBranch.objects.filter(case=case).values_list("working_days", flat=True)
                  ) == [1, 2]
    agree(query(D(2026, 3, 1), D(2026, 4, 30)))


def test_the_scoreboard_reads_the_summary(varied: list[Case]) -> None:
    found = board.compute_scoreboard(tenant=llg(), start=D(2026, 1, 1), end=D(2026, 6, 30),
                                     today=D(2026, 7, 15))
    measured = [d.total for d in figures.decided_files(query())[0]]
    assert found.totals.median_working_days == Spread.of(measured).median
    assert found.totals.decided == figures.counts(query())["decided"]


def test_the_backfill_fills_rows_written_without_a_summary(varied: list[Case]) -> None:
    expected = figures.recompute_durations(query())
    Case.objects.update(decision_working_days=None, waiting_working_days=None)
    CaseBranch.objects.update(working_days=None)
    call_command("backfill_clock_summary", "--tenant", "llg", stdout=None)
    assert figures.durations(query()) == expected
    agree(query())


def test_load_data_satisfies_the_figures_invariants() -> None:
    tenant = llg()
    surveys = SurveyResponse.objects.filter(tenant=tenant).count()
    report = loadgen.generate(tenant=tenant, count=200, seed=11, months=36, chunk=100)
    assert report.permits == Permit.objects.filter(number__contains="/LOAD/").count() > 0
    assert report.surveys == SurveyResponse.objects.filter(tenant=tenant).count() - surveys > 0
    scope = dashboard_scope(User.objects.get(username="admin.llg"))
    assert scope is not None
    today = dt.date.today()
    for year_back in range(3):
        end = today - dt.timedelta(days=365 * year_back)
        q = FigureQuery(scope=scope, start=end - dt.timedelta(days=364), end=end, today=today)
        agree(q)
        counts = figures.counts(q)
        assert counts["decided"] == counts["approved"] + counts["rejected"]
        assert counts["on_time"] + counts["late"] <= counts["decided"]
        assert sum(counts[name] for name, _lo, _hi in figures.BACKLOG_BUCKETS) == counts["open"]
        assert 0 < counts["issued"] <= counts["approved"] + 5  # a few signed after the period
        assert counts["received"] > 0
        assert counts["decided"] > 0


def test_the_scoreboard_rows_match_a_per_file_recount(varied: list[Case]) -> None:
    q = query()
    found = figures.conditions(q, figures.working_calendar(llg()))
    base = figures.annotated(q)
    measured = {d.case_id: d.total for d in figures.decided_files(q)[0]}
    total, by_service, by_agency = board.tallies(q)
    expected: dict[str, dict[int, list[int]]] = {"service": {}, "agency": {}}
    for case in base.filter(found["decided"]).prefetch_related("agencies").select_related(
            "application"):
        groups = [("service", case.application.service_id)] + [
            ("agency", agency.pk) for agency in case.agencies.all()]
        for kind, key in groups:
            expected[kind].setdefault(key, [])
            if case.pk in measured:
                expected[kind][key].append(measured[case.pk])
    for kind, tallies in (("service", by_service), ("agency", by_agency)):
        for key, values in expected[kind].items():
            assert board._median(tallies[key].durations) == Spread.of(values).median
    assert set(by_agency) >= set(expected["agency"])
    assert all(t.received or t.decided or t.issued for t in by_agency.values())
    assert total.decided == figures.counts(q)["decided"]
