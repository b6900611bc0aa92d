"""Overdue complaints escalate to the head of the responsible agency, once per stage, on the
region's working-day calendar (here across Christmas 2026: 24 December is cuti bersama, 25
December a national holiday)."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.complaints import handling
from satupintu.complaints.deadlines import escalate_tenant, overdue_stages
from satupintu.complaints.models import Complaint, ComplaintUpdate, UpdateKind
from satupintu.notifications.models import Channel, Event, Notification
from satupintu.scheduler.registry import JOBS
from tests.complaints.handling_helpers import at, file_complaint, fresh, llg, pupr_handler, user

pytestmark = pytest.mark.django_db

FILED = dt.date(2026, 12, 23)  # Wednesday, the last working day before Christmas
ANSWER = "Kami sudah menegur petugas loket dan memperbaiki daftar periksa berkas."


def _filed() -> Complaint:
    # The public works office's category: acknowledge 1, first answer 5, resolve 14 days.
    complaint = file_complaint(now=at(FILED))
    assert complaint.acknowledge_due == dt.date(2026, 12, 28)  # Monday after the holidays
    return complaint


def _escalations(complaint: Complaint) -> list[ComplaintUpdate]:
    return list(complaint.updates.filter(kind=UpdateKind.ESCALATED).order_by("pk"))


def test_nothing_is_overdue_over_the_holidays_and_on_the_due_day() -> None:
    complaint = _filed()
    for day in (dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2026, 12, 27),
                dt.date(2026, 12, 28)):
        assert overdue_stages(complaint, day) == []
        escalate_tenant(llg(), today=day, now=at(day, 1))
    assert _escalations(complaint) == []


def test_an_overdue_stage_is_escalated_once_to_the_head_with_an_internal_step() -> None:
    complaint = _filed()
    version = complaint.version
    day = dt.date(2026, 12, 29)
    assert escalate_tenant(llg(), today=day, now=at(day, 1)) >= 1
    assert escalate_tenant(llg(), today=day, now=at(day, 2)) == 0
    assert escalate_tenant(llg(), today=day + dt.timedelta(days=1), now=at(day, 3)) == 0
    complaint = fresh(complaint)
    assert complaint.escalated_on == day
    assert complaint.version == version
    [step] = _escalations(complaint)
    assert step.is_public is False
    assert "2026-12-28" in step.text
    head = user("kepala.pupr")
    told = Notification.objects.filter(recipient=head, event=Event.COMPLAINT_OVERDUE,
                                       url=f"/petugas/pengaduan/{complaint.number}/")
    assert sorted(told.values_list("channel", flat=True)) == [Channel.EMAIL, Channel.IN_APP]
    email = told.get(channel=Channel.EMAIL)
    assert "konfirmasi penerimaan: batas 28 Desember 2026" in email.body
    assert "dieskalasikan kepada Anda sebagai pimpinan" in email.body
    assert "Terlambat 1 hari kerja" in email.body


def test_each_later_stage_escalates_once_when_it_falls_due() -> None:
    complaint = _filed()
    handling.complaint_acknowledge(complaint=complaint, actor=pupr_handler(),
                                   now=at(dt.date(2026, 12, 28)))
    complaint = fresh(complaint)
    answer_due = complaint.answer_due
    escalate_tenant(llg(), today=answer_due, now=at(answer_due, 1))
    assert _escalations(complaint) == []
    after = llg_next_working_day(answer_due)
    escalate_tenant(llg(), today=after, now=at(after, 1))
    escalate_tenant(llg(), today=after, now=at(after, 2))
    [answer] = _escalations(complaint)
    assert "tanggapan pertama" in answer.text
    resolve_after = llg_next_working_day(fresh(complaint).resolve_due)
    escalate_tenant(llg(), today=resolve_after, now=at(resolve_after, 1))
    assert len(_escalations(complaint)) == 2
    assert "penyelesaian" in _escalations(complaint)[1].text


def test_a_reopened_complaint_escalates_again_on_its_new_resolve_limit() -> None:
    complaint = file_complaint()
    handling.complaint_resolve(complaint=complaint, actor=pupr_handler(), text=ANSWER)
    handling.complaint_reopen(complaint=complaint, secret=complaint.secret,
                              reason="Belum ada perubahan di loket.")
    complaint = fresh(complaint)
    late = llg_next_working_day(complaint.resolve_due)
    escalate_tenant(llg(), today=late, now=at(late, 1))
    [step] = _escalations(complaint)
    assert "penyelesaian" in step.text
    assert "konfirmasi" not in step.text


def test_closed_complaints_are_never_escalated() -> None:
    complaint = _filed()
    handling.complaint_resolve(complaint=complaint, actor=pupr_handler(), text=ANSWER,
                               now=at(FILED, 15))
    day = dt.date(2027, 3, 1)
    escalate_tenant(llg(), today=day, now=at(day, 1))
    assert _escalations(complaint) == []


def test_the_scan_is_a_scheduled_job() -> None:
    import satupintu.complaints.tasks  # noqa: F401  (the scheduler imports every app's tasks)

    assert "complaints_deadlines" in JOBS
    assert JOBS["complaints_deadlines"].every <= dt.timedelta(days=1)


def llg_next_working_day(day: dt.date) -> dt.date:
    from satupintu.calendars.selectors import working_calendar

    return working_calendar(llg()).next_working_day(day)
