"""The schedule: on the first working day of a month, quarter or semester (the region's
calendar), the region-wide report of the previous one, created once."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.reports.models import ReportKind, ReportRun
from satupintu.reports.services import schedule_reports
from satupintu.reports.tasks import schedule_periodic_reports
from satupintu.scheduler.registry import JOBS
from tests.monitoring.builders import llg

pytestmark = pytest.mark.django_db
D = dt.date


def made(day: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    return [(run.kind, run.period_start, run.period_end)
            for run in schedule_reports(llg(), today=day)]


def test_only_on_the_first_working_day_and_only_once() -> None:
    # 1 June 2026 is Pancasila Day: the first working day of June is Tuesday 2 June.
    assert made(D(2026, 6, 1)) == []
    assert made(D(2026, 6, 2)) == [(ReportKind.MONTHLY, D(2026, 5, 1), D(2026, 5, 31))]
    assert made(D(2026, 6, 2)) == []  # the second check of the day
    assert made(D(2026, 6, 3)) == []
    run = ReportRun.objects.get(tenant=llg(), scheduled=True)
    assert (run.agency_ids, run.requested_by, run.status) == (None, None, "queued")


def test_the_first_of_july_starts_a_month_a_quarter_and_a_semester() -> None:
    assert sorted(made(D(2026, 7, 1))) == sorted([
        (ReportKind.MONTHLY, D(2026, 6, 1), D(2026, 6, 30)),
        (ReportKind.QUARTERLY, D(2026, 4, 1), D(2026, 6, 30)),
        (ReportKind.SEMESTER, D(2026, 1, 1), D(2026, 6, 30)),
    ])
    assert made(D(2026, 7, 1)) == []


def test_the_unique_constraint_holds_against_a_second_scheduler() -> None:
    from django.db import IntegrityError, transaction

    made(D(2026, 6, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportRun.objects.create(tenant=llg(), kind=ReportKind.MONTHLY,
                                 period_start=D(2026, 5, 1), period_end=D(2026, 5, 31),
                                 scheduled=True)


def test_the_job_is_registered() -> None:
    assert JOBS["reports_schedule"].task is schedule_periodic_reports
    assert isinstance(schedule_periodic_reports.call(), int)
