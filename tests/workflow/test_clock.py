"""The working-day clock of a file: start, pause, resume, restart, extend, stop, warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest

from satupintu.calendars.services import holiday_add
from satupintu.core.errors import ValidationFailed
from satupintu.workflow.clock import remaining_working_days
from satupintu.workflow.models import ClockEventKind, ClockState
from satupintu.workflow.monitor import tick
from tests.workflow.helpers import act, llg, start_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """`on("2026-03-17")` makes that the tenant's today for the clock."""
    current: dict[str, dt.date] = {}

    def set_day(iso: str) -> None:
        current["day"] = dt.date.fromisoformat(iso)

    monkeypatch.setattr("satupintu.workflow.clock.local_date",
                        lambda tenant, moment=None: current["day"])
    return set_day


def test_registration_starts_the_clock_on_day_zero(on: Callable[[str], None]) -> None:
    on("2026-03-17")  # Tue; DOMAIN.md: + 5 working days → Tue 2026-03-31
    case = start_case(legal=5, service=3)
    act(case, "petugas.fo", "register")
    case.refresh_from_db()
    assert case.clock_started_on == dt.date(2026, 3, 17)
    assert case.legal_due_date == dt.date(2026, 3, 31)
    # + 3 across Nyepi and its cuti bersama (18-24 March): Wed 25, Thu 26, Fri 27.
    assert case.service_due_date == dt.date(2026, 3, 27)
    assert case.clock_events.filter(kind=ClockEventKind.STARTED).count() == 1


def test_a_file_completed_on_a_sunday_counts_from_that_sunday(on: Callable[[str], None]) -> None:
    on("2026-03-15")  # Sunday
    case = start_case(legal=3, service=1)
    act(case, "petugas.fo", "register")
    case.refresh_from_db()
    # Mon 16, Tue 17, then 18-24 March are off (Nyepi and cuti bersama): Wed 25.
    assert case.legal_due_date == dt.date(2026, 3, 25)


def test_days_waiting_for_the_applicant_do_not_count(on: Callable[[str], None]) -> None:
    on("2026-05-04")  # Monday
    case = start_case(legal=10, service=5)
    act(case, "petugas.fo", "register")
    case.refresh_from_db()
    before = case.legal_due_date
    on("2026-05-05")
    act(case, "verifikator", "return_for_correction", citations=["KTP"])
    case.refresh_from_db()
    assert case.clock_state == ClockState.PAUSED
    assert case.paused_since == dt.date(2026, 5, 5)
    on("2026-05-08")  # Fri: paused Wed 6, Thu 7, Fri 8 = 3 working days
    act(case, "pemohon", "resubmit")
    case.refresh_from_db()
    assert case.clock_state == ClockState.RUNNING
    assert case.paused_days == 3
    assert before is not None
    assert case.legal_due_date is not None
    kinds = list(case.clock_events.values_list("kind", "oss_code"))
    assert ("paused", "41") in kinds
    assert ("resumed", "42") in kinds
    # Without the pause: 10 working days across Ascension Day (05-14) and its cuti bersama.
    assert before == dt.date(2026, 5, 20)
    # The 3 paused days push it 3 working days: Thu 21, Fri 22, Mon 25.
    assert case.legal_due_date == dt.date(2026, 5, 25)


def test_an_approved_extension_moves_both_deadlines(on: Callable[[str], None]) -> None:
    on("2026-03-02")
    case = start_case(legal=5, service=3)
    act(case, "petugas.fo", "register")
    with pytest.raises(ValidationFailed):
        act(case, "kabid", "extend_deadline", days=0, reason="x")
    act(case, "kabid", "extend_deadline", days=2, reason="Menunggu rekomendasi provinsi")
    case.refresh_from_db()
    assert case.state == "verification"  # $same: no move
    assert case.extension_days == 2
    assert case.legal_due_date == dt.date(2026, 3, 11)
    event = case.clock_events.get(kind=ClockEventKind.EXTENDED)
    assert (event.days, event.reason) == (2, "Menunggu rekomendasi provinsi")


def test_the_clock_stops_at_the_decision(on: Callable[[str], None]) -> None:
    from tests.workflow.helpers import through_review

    on("2026-03-02")
    case = through_review(start_case())
    act(case, "verifikator", "submit_for_approval")
    act(case, "kabid", "approve")
    case.refresh_from_db()
    assert case.clock_state == ClockState.STOPPED
    assert case.decided_at is not None


def test_a_warning_is_recorded_once_before_the_service_target(on: Callable[[str], None]) -> None:
    on("2026-03-02")
    case = start_case(legal=10, service=4)
    act(case, "petugas.fo", "register")
    tenant = llg()
    assert tick(tenant, today=dt.date(2026, 3, 3))["warned"] == 0
    assert tick(tenant, today=dt.date(2026, 3, 4))["warned"] == 1  # 2 working days left
    assert tick(tenant, today=dt.date(2026, 3, 5))["warned"] == 0
    case.refresh_from_db()
    assert case.warned_on == dt.date(2026, 3, 4)


def test_fiktif_positif_is_flagged_when_the_legal_limit_passes(on: Callable[[str], None]) -> None:
    on("2026-03-02")
    applies = start_case(legal=3, service=2, fiktif=True)
    other = start_case(legal=3, service=2, fiktif=False)
    for case in (applies, other):
        act(case, "petugas.fo", "register")
    tenant = llg()
    assert tick(tenant, today=dt.date(2026, 3, 5))["fiktif_positif"] == 0
    assert tick(tenant, today=dt.date(2026, 3, 6))["fiktif_positif"] == 1
    applies.refresh_from_db()
    other.refresh_from_db()
    assert applies.fiktif_positif_at is not None
    assert applies.clock_events.filter(kind="fiktif_positif", oss_code="57").exists()
    assert other.fiktif_positif_at is None


def test_a_new_day_off_recomputes_open_files(on: Callable[[str], None]) -> None:
    on("2026-03-02")
    case = start_case(legal=5, service=3)
    act(case, "petugas.fo", "register")
    case.refresh_from_db()
    assert case.legal_due_date == dt.date(2026, 3, 9)
    holiday_add(tenant=llg(), actor=None, date=dt.date(2026, 3, 4), name="Libur daerah",
                reason="Hari jadi kota (uji)")
    case.refresh_from_db()
    assert case.legal_due_date == dt.date(2026, 3, 10)
    assert case.clock_events.filter(kind=ClockEventKind.RECOMPUTED).exists()


def test_remaining_days_are_negative_when_overdue() -> None:
    from satupintu.calendars.selectors import working_calendar

    calendar = working_calendar(llg())
    due = dt.date(2026, 3, 31)
    assert remaining_working_days(calendar, dt.date(2026, 3, 27), due) == 2
    assert remaining_working_days(calendar, dt.date(2026, 4, 2), due) == -2


def test_a_substantial_correction_restarts_the_clock_on_resubmission(
    on: Callable[[str], None],
) -> None:
    on("2026-03-02")
    case = start_case(legal=5, service=3)
    act(case, "petugas.fo", "register")
    on("2026-03-04")
    act(case, "verifikator", "return_for_major_correction", citations=["DENAH"],
        reason="Denah harus diganti seluruhnya")
    case.refresh_from_db()
    assert case.clock_state == ClockState.PAUSED
    assert case.transitions.last().oss_status == "43"  # type: ignore[union-attr]
    on("2026-03-10")
    act(case, "pemohon", "resubmit")
    case.refresh_from_db()
    assert case.clock_started_on == dt.date(2026, 3, 10)
    assert case.paused_days == 0
    assert case.legal_due_date == dt.date(2026, 3, 17)
    assert case.clock_events.filter(kind=ClockEventKind.RESTARTED).exists()


def test_the_approver_can_restart_the_clock_with_a_reason(on: Callable[[str], None]) -> None:
    on("2026-03-02")
    case = start_case(legal=5, service=3)
    act(case, "petugas.fo", "register")
    act(case, "kabid", "extend_deadline", days=1, reason="Menunggu data")
    on("2026-03-05")
    act(case, "kabid", "restart_clock", reason="Permohonan diubah pemohon")
    case.refresh_from_db()
    assert case.state == "verification"
    assert (case.clock_started_on, case.extension_days) == (dt.date(2026, 3, 5), 0)
    event = case.clock_events.filter(kind=ClockEventKind.RESTARTED).get()
    assert (event.oss_code, event.reason) == ("44", "Permohonan diubah pemohon")


def test_withdrawing_while_paused_closes_the_file_and_stops_the_clock(
    on: Callable[[str], None],
) -> None:
    on("2026-03-02")
    case = start_case()
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "return_for_correction", citations=["KTP"])
    on("2026-03-06")
    act(case, "pemohon", "withdraw", reason="Tidak jadi membuka usaha")
    case.refresh_from_db()
    assert (case.state, case.outcome, case.clock_state) == ("withdrawn", "withdrawn",
                                                          ClockState.STOPPED)
    assert case.paused_since is None
    assert case.paused_days == 4


def test_day_zero_is_the_date_in_the_tenants_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.utils import timezone

    # 18:30 UTC on Monday 16 March is 01:30 WIB on Tuesday 17 March.
    moment = dt.datetime(2026, 3, 16, 18, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    case = start_case(legal=5, service=3)
    act(case, "petugas.fo", "register")
    case.refresh_from_db()
    assert case.clock_started_on == dt.date(2026, 3, 17)
    assert case.legal_due_date == dt.date(2026, 3, 31)


def test_a_day_off_added_while_paused_moves_the_deadline(on: Callable[[str], None]) -> None:
    on("2026-03-02")
    case = start_case(legal=5, service=3)
    act(case, "petugas.fo", "register")
    on("2026-03-03")
    act(case, "verifikator", "return_for_correction", citations=["KTP"])
    case.refresh_from_db()
    before = case.legal_due_date
    holiday_add(tenant=llg(), actor=None, date=dt.date(2026, 3, 2) + dt.timedelta(days=7),
                name="Libur daerah uji", reason="Uji")
    case.refresh_from_db()
    assert before is not None
    assert case.legal_due_date is not None
    assert case.legal_due_date > before
