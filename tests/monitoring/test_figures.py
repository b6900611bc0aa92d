"""Each dashboard figure against a hand-computed fixture (calendar: Kota Lubuklinggau 2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.accounts.models import User
from satupintu.catalog.models import Service
from satupintu.monitoring import figures
from satupintu.monitoring.figures import FigureQuery, Slices, Spread
from satupintu.monitoring.scope import dashboard_scope
from satupintu.workflow.models import Case
from tests.monitoring.builders import SERVICE, at, issue, llg, make_file, review

pytestmark = pytest.mark.django_db
D = dt.date


NEW_YEAR, MID_YEAR = D(2026, 1, 1), D(2026, 6, 30)


def query(username: str = "admin.llg", start: dt.date = NEW_YEAR, end: dt.date = MID_YEAR,
          today: dt.date = MID_YEAR) -> FigureQuery:
    scope = dashboard_scope(User.objects.get(username=username))
    assert scope is not None
    return FigureQuery(scope=scope, start=start, end=end, today=today,
                       slices=Slices(service=Service.objects.get(tenant=llg(), code=SERVICE)))


@pytest.fixture
def first_half() -> dict[str, Case]:
    """Five files in the first half of 2026 (hand computations in the comments)."""
    files = {
        # Complete Tue 17 Mar, approved Tue 31 Mar: (17 Mar, 31 Mar] holds 18–24 Mar, all days
        # off (cuti bersama, Nyepi, Idul Fitri, the weekend), so 5 working days (25, 26, 27,
        # 30, 31 Mar). Target 31 Mar: on time, exactly on the day.
        "f1": make_file(received=D(2026, 3, 16), started=D(2026, 3, 17),
                        decided=D(2026, 3, 31), service_due=D(2026, 3, 31),
                        legal_due=D(2026, 4, 14), state="signing"),
        # Complete Wed 1 Apr, paused Mon 6 Apr → resumed Thu 9 Apr (waiting: 7, 8, 9 Apr = 3),
        # rejected Wed 15 Apr: (1 Apr, 15 Apr] = 2, 6–10, 13–15 Apr = 9 (3 Apr Good Friday):
        # 6 at the government. Target 10 Apr and legal limit 14 Apr: late on both.
        "f2": make_file(received=D(2026, 4, 1), started=D(2026, 4, 1), decided=D(2026, 4, 15),
                        outcome="rejected", service_due=D(2026, 4, 10),
                        legal_due=D(2026, 4, 14), rounds=1,
                        pauses=[(D(2026, 4, 6), D(2026, 4, 9))]),
        # Complete Tue 3 Feb, approved Tue 10 Feb: 4, 5, 6, 9, 10 Feb = 5. On time.
        "f3": make_file(received=D(2026, 2, 2), started=D(2026, 2, 3), decided=D(2026, 2, 10),
                        service_due=D(2026, 2, 10), legal_due=D(2026, 2, 17), rounds=2,
                        agencies=("PUPR",), state="issued"),
        # Withdrawn on 5 Mar: no decision.
        "f4": make_file(received=D(2026, 3, 2), started=D(2026, 3, 2), decided=D(2026, 3, 5),
                        outcome="withdrawn"),
        # Received 30 Jun at 23:30 WIB (16:30 UTC): a June file in Lubuklinggau; still open,
        # flagged fiktif positif on 1 Jun (the flag is counted on its own day).
        "f5": make_file(received=at(D(2026, 6, 30), 23, 30), fiktif=at(D(2026, 6, 1))),
    }
    issue(files["f1"], D(2026, 4, 2))
    review(files["f1"], "DINKES", D(2026, 3, 17), D(2026, 3, 25))  # 1 working day (25 Mar)
    review(files["f2"], "DINKES", D(2026, 4, 1), D(2026, 4, 8))  # 2, 6, 7, 8 Apr: 4
    review(files["f3"], "PUPR", D(2026, 2, 3), D(2026, 2, 5))  # 4, 5 Feb: 2
    return files


def test_it_counts_each_figure(first_half: dict[str, Case]) -> None:
    counts = figures.counts(query())
    assert {name: counts[name] for name in (
        "received", "complete", "in_process", "decided", "approved", "rejected", "withdrawn",
        "issued", "fiktif_positif", "on_time", "late", "within_legal", "beyond_legal",
    )} == {
        "received": 5, "complete": 4, "in_process": 1, "decided": 3, "approved": 2,
        "rejected": 1, "withdrawn": 1, "issued": 1, "fiktif_positif": 1, "on_time": 2,
        "late": 1, "within_legal": 2, "beyond_legal": 1,
    }
    assert counts.on_time_share == 66.7
    assert counts.within_legal_share == 66.7


def test_the_period_is_counted_in_local_days(first_half: dict[str, Case]) -> None:
    # 23:30 WIB on 30 June is 16:30 UTC: in a range that ends on 30 June, not in July's.
    assert figures.counts(query(end=D(2026, 6, 30)))["received"] == 5
    assert figures.counts(query(start=D(2026, 7, 1), end=D(2026, 7, 31)))["received"] == 0
    # F1 was complete in March, decided in March, issued in April.
    march = figures.counts(query(start=D(2026, 3, 1), end=D(2026, 3, 31)))
    assert (march["received"], march["complete"], march["decided"], march["issued"]) == (
        2, 2, 1, 0)
    # At the end of March F2 was not yet received; F1 was decided; F4 withdrawn: none open.
    assert march["in_process"] == 0


def test_working_day_medians_count_across_the_holidays(first_half: dict[str, Case]) -> None:
    durations = figures.durations(query())
    # Totals 5, 9, 5; at the government 5, 6, 5; waiting on the applicant 0, 3, 0.
    assert durations.total == Spread(3, 5.0, 9, 6.33)
    assert durations.at_office == Spread(3, 5.0, 6, 5.33)
    assert durations.waiting_on_applicant == Spread(3, 0.0, 3, 1.0)
    assert durations.correction_rounds.mean == 1.0
    assert durations.rounds_distribution == {"0": 1, "1": 1, "2": 1, "3+": 0}


def test_a_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert Spread.of([4, 1, 3, 2]) == Spread(4, 2.5, 4, 2.5)
    assert Spread.of(list(range(1, 11))).p90 == 9  # nearest rank: the 9th of 10
    assert Spread.of([]) == Spread(0, None, None, None)


def test_time_at_each_agency_is_its_own(first_half: dict[str, Case]) -> None:
    rows = {row.code: row.days for row in figures.agency_times(query())}
    assert rows == {"DINKES": Spread(2, 2.5, 4, 2.5), "PUPR": Spread(1, 2.0, 2, 2.0)}


def test_the_trend_has_twelve_months_ending_with_the_period(
        first_half: dict[str, Case]) -> None:
    months = figures.trend(query())
    assert next(m.first_day for m in months) == D(2025, 7, 1)
    assert [m.first_day for m in months][-1] == D(2026, 6, 1)
    by_month = {m.first_day.month: (m.received, m.decided, m.on_time_share)
                for m in months if m.first_day.year == 2026}
    assert by_month == {1: (0, 0, None), 2: (1, 1, 100.0), 3: (2, 1, 100.0),
                        4: (1, 1, 0.0), 5: (0, 0, None), 6: (1, 0, None)}


def test_backlog_buckets_split_at_their_edges() -> None:
    # Today Tue 30 Jun 2026 (16 Jun, 27–28 May and 1 Jun are days off). Received on:
    ages = {D(2026, 6, 23): 5, D(2026, 6, 22): 6, D(2026, 6, 15): 10, D(2026, 6, 12): 11,
            D(2026, 5, 29): 20, D(2026, 5, 26): 21}
    for day in ages:
        make_file(received=day)
    make_file(received=D(2026, 5, 4), decided=D(2026, 5, 20), started=D(2026, 5, 4))  # decided
    from satupintu.calendars.selectors import working_calendar

    calendar = working_calendar(llg())
    assert {day: calendar.count_working_days(day, D(2026, 6, 30)) for day in ages} == ages
    counts = figures.counts(query())
    assert [counts[name] for name, _low, _high in figures.BACKLOG_BUCKETS] == [1, 2, 2, 1]
    assert counts["open"] == 6


def test_overdue_files_name_who_holds_them() -> None:
    late = make_file(received=D(2026, 6, 1), started=D(2026, 6, 2),
                     service_due=D(2026, 6, 29), legal_due=D(2026, 7, 7),
                     holder=("DPMPTSP", "verifier"), assignee="verifikator")
    make_file(received=D(2026, 6, 1), started=D(2026, 6, 2), service_due=D(2026, 6, 30),
              legal_due=D(2026, 6, 29))  # due today on the target, past the legal limit
    counts = figures.counts(query())
    assert (counts["overdue"], counts["overdue_legal"]) == (1, 1)
    overdue = figures.overdue_files(query())
    assert [(c.pk, c.holder_agency.code if c.holder_agency else None, c.holder_role,
             c.assignee.username if c.assignee else None) for c in overdue] == [
        (late.pk, "DPMPTSP", "verifier", "verifikator")]


def test_each_drilldown_lists_exactly_the_files_it_counts(
        first_half: dict[str, Case]) -> None:
    q = query()
    counts = figures.counts(q)
    for name in figures.FIGURES:
        assert figures.drilldown(q, name).count() == counts[name], name
    assert {c.pk for c in figures.drilldown(q, "late")} == {first_half["f2"].pk}


def test_a_head_of_agency_sees_only_files_their_agency_reviews(
        first_half: dict[str, Case]) -> None:
    q = query("kepala.dinkes")
    counts = figures.counts(q)
    assert (counts["received"], counts["decided"], counts["on_time"]) == (4, 2, 1)
    assert {c.pk for c in figures.drilldown(q, "decided")} == {
        first_half["f1"].pk, first_half["f2"].pk}
    assert [row.code for row in figures.agency_times(q)] == ["DINKES"]
    assert figures.counts(query("kepala.pupr"))["received"] == 1


def test_the_agency_slice_narrows_to_files_it_reviews(first_half: dict[str, Case]) -> None:
    from satupintu.tenants.models import Agency

    q = query()
    pupr = FigureQuery(scope=q.scope, start=q.start, end=q.end, today=q.today,
                       slices=Slices(agency=Agency.objects.get(tenant=llg(), code="PUPR"),
                                     service=q.slices.service))
    assert figures.counts(pupr)["decided"] == 1
    assert [row.code for row in figures.agency_times(pupr)] == ["PUPR"]


def test_another_regions_files_are_never_counted(first_half: dict[str, Case]) -> None:
    scope = dashboard_scope(User.objects.get(username="admin.pga"))
    assert scope is not None
    assert scope.tenant.code == "pga"
    assert not scope.cases().filter(pk__in=[c.pk for c in first_half.values()]).exists()
