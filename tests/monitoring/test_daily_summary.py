"""The daily summary (`monitoring.summary`, ADR 0016): the dashboard's counts and trend and the
scoreboard's tallies read from it equal a from-scratch recount over the files, for every cut
(region, one agency's head, slices by agency, service and kecamatan), across settled and open
days; settled days are stored once, open days are live; concurrent readers store each day
once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from satupintu.accounts.models import User
from satupintu.applications.models import Application, ApplicationStatus
from satupintu.calendars.selectors import local_date
from satupintu.catalog.models import Service, VariantStandard
from satupintu.monitoring import figures, summary
from satupintu.monitoring.figures import FigureQuery, Slices
from satupintu.monitoring.models import DailyFigure, DailySpread, Measure, SettledDay
from satupintu.monitoring.scope import DashboardScope, dashboard_scope
from satupintu.tenants.models import Agency, Kecamatan, Kelurahan
from satupintu.tracking import loadgen
from satupintu.workflow.models import Case
from tests.monitoring.builders import at, issue, llg, make_file, review
from tests.workflow.helpers import act, start_case

pytestmark = pytest.mark.django_db
D = dt.date


def placed(case: Case, kecamatan_index: int) -> Case:
    """Locate the file's application in a kelurahan of the n-th kecamatan."""
    kecamatan = Kecamatan.objects.filter(tenant=case.tenant).order_by("code")[kecamatan_index]
    Application.objects.filter(case=case).update(
        kelurahan=Kelurahan.objects.filter(kecamatan=kecamatan).first())
    return case


@pytest.fixture
def spread() -> list[Case]:
    """Files of two services in two kecamatan (and one without a location), reviewed by one,
    two or no agencies, with facts on settled days and on the open days (yesterday, today)."""
    today = local_date(llg())
    yesterday = today - dt.timedelta(days=1)
    made = [
        placed(make_file(received=D(2026, 3, 2), started=D(2026, 3, 3), decided=D(2026, 3, 10),
                         outcome="approved", service_due=D(2026, 3, 9),
                         legal_due=D(2026, 3, 16), rounds=1), 0),
        placed(make_file(received=D(2026, 3, 2), started=D(2026, 3, 2), decided=D(2026, 3, 5),
                         outcome="rejected", service_due=D(2026, 3, 9), legal_due=D(2026, 3, 4),
                         agencies=("DINKES", "PUPR"), service="PBG"), 1),
        placed(make_file(received=D(2026, 4, 6), started=D(2026, 4, 7), decided=D(2026, 4, 9),
                         outcome="withdrawn", agencies=("PUPR",), service="PBG"), 1),
        make_file(received=D(2026, 5, 4), agencies=(),
                  fiktif=dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)),
        placed(make_file(received=yesterday, started=yesterday, decided=today,
                         outcome="approved", service_due=today, legal_due=today,
                         agencies=("DINKES", "PUPR")), 0),
        placed(make_file(received=today, started=today), 1),
        placed(make_file(received=D(2025, 11, 3), started=D(2025, 11, 4)), 0),
    ]
    issue(made[0], D(2026, 3, 12))
    issue(made[4], today)
    review(made[0], "DINKES", D(2026, 3, 3), D(2026, 3, 6))
    review(made[1], "DINKES", D(2026, 3, 2), D(2026, 3, 4))
    review(made[1], "PUPR", D(2026, 3, 2), D(2026, 3, 3))
    review(made[4], "PUPR", yesterday, today)
    return made


def queries(start: dt.date, end: dt.date) -> list[FigureQuery]:
    tenant = llg()
    region = dashboard_scope(User.objects.get(username="admin.llg"))
    head = dashboard_scope(User.objects.get(username="kepala.dinkes"))
    assert region is not None
    assert head is not None
    assert head.agency_ids is not None
    dinkes, pupr = (Agency.objects.get(tenant=tenant, code=c) for c in ("DINKES", "PUPR"))
    kecamatan = Kecamatan.objects.filter(tenant=tenant).order_by("code")
    today = local_date(tenant)
    slices = [Slices(), Slices(agency=dinkes), Slices(agency=pupr),
              Slices(service=Service.objects.get(tenant=tenant, code="PBG")),
              Slices(kecamatan=kecamatan[0]), Slices(kecamatan=kecamatan[1]),
              Slices(agency=pupr, kecamatan=kecamatan[1],
                     service=Service.objects.get(tenant=tenant, code="PBG"))]
    found = [FigureQuery(scope=region, start=start, end=end, today=today, slices=s)
             for s in slices]
    found += [FigureQuery(scope=head, start=start, end=end, today=today),
              FigureQuery(scope=head, start=start, end=end, today=today,
                          slices=Slices(kecamatan=kecamatan[0])),
              # Files both DINKES and PUPR review: no cells hold them, counted from scratch.
              FigureQuery(scope=head, start=start, end=end, today=today,
                          slices=Slices(agency=pupr))]
    return found


def agree(q: FigureQuery) -> None:
    assert figures.counts(q) == figures.recount(q), q.slices
    assert figures.trend(q) == figures.recompute_trend(q), q.slices
    assert figures.durations(q) == figures.recompute_durations(q), q.slices
    assert figures.agency_times(q) == figures.recompute_agency_times(q), q.slices


def periods() -> list[tuple[dt.date, dt.date]]:
    today = local_date(llg())
    return [(D(2026, 3, 1), D(2026, 3, 31)), (D(2026, 1, 1), today),
            (today - dt.timedelta(days=364), today), (D(2026, 3, 5), D(2026, 4, 9)),
            (today - dt.timedelta(days=1), today)]


def test_counts_and_trend_match_the_recount_for_every_cut(spread: list[Case]) -> None:
    for start, end in periods():
        for q in queries(start, end):
            agree(q)
    # By hand, the fixture's files of the service no demo file uses, this year.
    region = queries(D(2026, 1, 1), local_date(llg()))[0]
    own = FigureQuery(scope=region.scope, start=region.start, end=region.end,
                      today=region.today,
                      slices=Slices(service=Service.objects.get(tenant=llg(), code="SIPDG")))
    counts = figures.counts(own)
    assert (counts["received"], counts["complete"], counts["decided"]) == (4, 3, 2)
    assert (counts["approved"], counts["rejected"], counts["withdrawn"]) == (2, 0, 0)
    assert (counts["on_time"], counts["late"]) == (1, 1)
    assert (counts["within_legal"], counts["beyond_legal"]) == (2, 0)
    assert (counts["issued"], counts["fiktif_positif"]) == (2, 1)
    assert (counts["in_process"], counts["open"]) == (3, 3)  # with the one from 2025
    assert figures.cut(queries(D(2026, 1, 1), D(2026, 1, 31))[-1]) is None


def test_settled_days_are_stored_once_and_match_the_count_from_the_records(
        spread: list[Case]) -> None:
    tenant = llg()
    first, last = D(2025, 11, 1), summary.settled_through(tenant)
    assert summary.settle(tenant, first, last) == (last - first).days + 1
    assert summary.settle(tenant, first, last) == 0  # nothing left to count
    days = SettledDay.objects.filter(tenant=tenant, whole_month=False)
    assert days.count() == (last - first).days + 1
    stored = {(r.day, r.service_id, r.kecamatan_id, r.agency_id):
              {name: getattr(r, name) for name in summary.ADDITIVE}
              for r in DailyFigure.objects.filter(tenant=tenant, whole_month=False)}
    assert stored == summary.count_days(tenant, first, last)
    spreads = {(r.day, r.service_id, r.agency_id, r.measure, r.value): r.files
               for r in DailySpread.objects.filter(tenant=tenant, whole_month=False)}
    assert spreads == summary.count_spreads(tenant, first, last)
    # Each whole month is rolled up once: its rows are the sums of its days' rows.
    months = list(SettledDay.objects.filter(tenant=tenant, whole_month=True)
                  .order_by("day").values_list("day", flat=True))
    assert months[0] == D(2025, 11, 1)
    assert len(months) == len(set(months)) >= 12
    for month in (D(2026, 3, 1), D(2026, 4, 1), D(2026, 6, 1)):
        rolled = {(r.service_id, r.kecamatan_id, r.agency_id):
                  {name: getattr(r, name) for name in summary.ADDITIVE}
                  for r in DailyFigure.objects.filter(tenant=tenant, whole_month=True,
                                                      day=month)}
        added: dict[tuple[int, int | None, int | None], dict[str, int]] = {}
        for (day, service, kecamatan, agency), cell in stored.items():
            if day.replace(day=1) == month:
                target = added.setdefault((service, kecamatan, agency),
                                          dict.fromkeys(summary.ADDITIVE, 0))
                for name in summary.ADDITIVE:
                    target[name] += cell[name]
        assert rolled == added, month
    assert spreads[(D(2026, 3, 5), Service.objects.get(tenant=tenant, code="PBG").pk,
                    None, Measure.TOTAL, 3)] == 1  # 2 Mar → 5 Mar: three working days
    # The open days are never stored: yesterday's and today's facts stay live.
    assert not DailyFigure.objects.filter(day__gt=last).exists()
    # Yesterday settles an hour after midnight.
    hour_old = local_date(tenant, timezone.now() - dt.timedelta(hours=1))
    assert summary.settled_through(tenant) == hour_old - dt.timedelta(days=1)


def test_a_file_received_today_counts_at_once(spread: list[Case]) -> None:
    q = queries(D(2026, 1, 1), local_date(llg()))[0]
    before = figures.counts(q)
    make_file(received=local_date(llg()))
    assert figures.counts(q)["received"] == before["received"] + 1
    assert figures.trend(q)[-1].received == figures.recompute_trend(q)[-1].received


def test_history_written_outside_the_engine_is_counted_after_forget(
        spread: list[Case]) -> None:
    tenant = llg()
    q = queries(D(2026, 1, 1), D(2026, 6, 30))[0]
    before = figures.counts(q)["received"]
    # A file's history rewritten in the database, as an import tool would: received in
    # February instead of November.
    Case.objects.filter(pk=spread[6].pk).update(received_at=at(D(2026, 2, 2)))
    # Settled days are counted once: the summary keeps what the engine could have recorded...
    assert figures.counts(q)["received"] == before
    summary.forget(tenant, D(2026, 2, 2), D(2026, 2, 2))
    # ... until the tool that rewrote history says which days to count again.
    assert figures.counts(q)["received"] == before + 1
    agree(q)


def test_the_load_generator_forgets_what_it_rewrites() -> None:
    tenant = llg()
    region = dashboard_scope(User.objects.get(username="admin.llg"))
    assert region is not None
    today = local_date(tenant)
    q = FigureQuery(scope=region, start=today - dt.timedelta(days=3 * 365), end=today,
                    today=today)
    figures.counts(q)  # the summary is stored for three years
    loadgen.generate(tenant=tenant, count=150, seed=5, months=36, chunk=50)
    head = dashboard_scope(User.objects.get(username="kepala.dinkes"))
    assert head is not None
    for scope in (region, head):
        for end in (today, today - dt.timedelta(days=400)):
            agree(FigureQuery(scope=scope, start=end - dt.timedelta(days=364), end=end,
                              today=today))


@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_store_each_day_once() -> None:
    from tests.conftest import load_everything

    load_everything()
    tenant = llg()
    for day in (D(2026, 3, 2), D(2026, 3, 9), D(2026, 4, 1)):
        make_file(received=day, started=day, decided=day + dt.timedelta(days=2),
                  outcome="approved", agencies=("DINKES", "PUPR"))
    summary.forget(tenant)
    q = FigureQuery(scope=DashboardScope(tenant, None), start=D(2026, 1, 1),
                    end=D(2026, 6, 30), today=local_date(tenant))
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def read() -> None:
        try:
            barrier.wait()
            figures.counts(q)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert SettledDay.objects.filter(tenant=tenant, whole_month=False).count() == 181
    assert SettledDay.objects.filter(tenant=tenant, whole_month=True).count() == 6
    stored = [(r.day, r.service_id, r.kecamatan_id, r.agency_id)
              for r in DailyFigure.objects.filter(tenant=tenant, whole_month=False)]
    # 3 files × (received day, decided day) × (the region's row + two agencies')
    assert len(stored) == len(set(stored)) == 18
    # Rolled up once: March (two files) and April (one), three cells each.
    rolled = [(r.day, r.service_id, r.kecamatan_id, r.agency_id)
              for r in DailyFigure.objects.filter(tenant=tenant, whole_month=True)]
    assert len(rolled) == len(set(rolled)) == 6
    assert figures.counts(q) == figures.recount(q)


def test_the_hourly_job_settles_the_days_before_any_reader(spread: list[Case]) -> None:
    from satupintu.monitoring.tasks import settle_daily_figures
    from satupintu.scheduler.registry import JOBS

    assert JOBS["monitoring_settle"].task is settle_daily_figures
    tenant = llg()
    first = summary.first_day(tenant)
    assert first is not None
    assert first <= D(2025, 11, 3)  # the fixture's oldest file
    last = summary.settled_through(tenant)
    # Every day from the region's first fact on, before any reader asks.
    assert settle_daily_figures.call() == (last - first).days + 1
    assert SettledDay.objects.filter(tenant=tenant, whole_month=False).count() \
        == (last - first).days + 1
    assert settle_daily_figures.call() == 0  # nothing new until the next midnight
    # A reader of a long public range then counts only the open days (nothing to store).
    before = SettledDay.objects.count()
    q = queries(first, local_date(tenant))[0]
    assert figures.counts(q) == figures.recount(q)
    assert SettledDay.objects.count() == before


def test_a_file_sent_back_to_review_is_recounted(on: Callable[[dt.date], None]) -> None:
    """Sending a file back into review deletes the agencies' earlier recommendations (a new
    round starts): the settled days they were counted on are counted again."""
    on(D(2026, 3, 17))
    case = start_case(legal=10, service=5, agencies=("DINKES", "PUPR"),
                      subject_type="application")
    service = Service.objects.get(tenant=llg(), code="SIPDG")
    Application.objects.create(
        tenant=case.tenant, applicant=User.objects.get(username="pemohon"), service=service,
        variant=VariantStandard.objects.filter(standard__service=service).first(),
        status=ApplicationStatus.SUBMITTED, tracking_number="MON-BACK", case=case,
        submitted_at=at(D(2026, 3, 17)))
    act(case, "petugas.fo", "register")
    on(D(2026, 3, 18))
    act(case, "verifikator", "forward_to_review")
    on(D(2026, 3, 19))
    act(case, "teknis.dinkes", "recommend", agency="DINKES", recommendation="approve")
    act(case, "teknis.pupr", "recommend", agency="PUPR", recommendation="approve")
    on(D(2026, 3, 20))
    act(case, "verifikator", "submit_for_approval")
    on(D(2026, 3, 30))
    q = queries(D(2026, 3, 1), D(2026, 3, 31))[0]
    before = {t.code: t.days.n for t in figures.agency_times(q)}
    assert before["DINKES"] >= 1
    assert SettledDay.objects.filter(tenant=llg(), day=D(2026, 3, 19)).exists()
    act(case, "kabid", "send_back_to_review", reason="Kajian ulang")
    # The day the deleted recommendations were given is no longer stored...
    assert not SettledDay.objects.filter(tenant=llg(), day=D(2026, 3, 19)).exists()
    # ... so the figures agree with a recount that no longer sees them.
    assert figures.agency_times(q) == figures.recompute_agency_times(q)
    after = {t.code: t.days.n for t in figures.agency_times(q)}
    assert after.get("DINKES", 0) == before["DINKES"] - 1


def test_the_backfill_and_a_new_time_zone_forget_the_stored_days(spread: list[Case]) -> None:
    tenant = llg()
    q = queries(D(2026, 1, 1), D(2026, 6, 30))[0]
    figures.durations(q)
    assert SettledDay.objects.filter(tenant=tenant).exists()
    Case.objects.filter(pk=spread[0].pk).update(decision_working_days=None)
    call_command("backfill_clock_summary", "--tenant", "llg", stdout=StringIO())
    assert not SettledDay.objects.filter(tenant=tenant).exists()
    assert figures.durations(q) == figures.recompute_durations(q)
    tenant.timezone = "Asia/Makassar"
    tenant.save()
    assert not SettledDay.objects.filter(tenant=tenant).exists()
    agree(queries(D(2026, 1, 1), D(2026, 6, 30))[0])
