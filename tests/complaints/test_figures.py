"""The shared complaint figures against a hand-computed fixture (calendar: Kota Lubuklinggau
2026, where 18–24 March are days off — cuti bersama, Nyepi, Idul Fitri, the weekend — and
Friday 3 April is Good Friday)."""

from __future__ import annotations

import datetime as dt
from itertools import count

import pytest

from satupintu.complaints.figures import (
    ComplaintCounts,
    ComplaintFigures,
    complaint_counts_by_agency,
    complaint_figures,
    complaint_figures_by_agency,
)
from satupintu.complaints.models import Complaint, ComplaintCategory, ComplaintStatus
from satupintu.tenants.models import Agency
from tests.complaints.handling_helpers import agency, at, llg

pytestmark = pytest.mark.django_db
D = dt.date
START, END = D(2026, 3, 16), D(2026, 4, 10)
_numbers = count(1)


def make_complaint(*, agency_code: str, submitted: dt.datetime, answer_due: dt.date,
                   answered: dt.datetime | None = None, closed: dt.datetime | None = None,
                   status: str = ComplaintStatus.RECEIVED, reopens: int = 0) -> Complaint:
    tenant = llg()
    return Complaint.objects.create(
        tenant=tenant, number=f"ADU-TEST-{next(_numbers):05d}",
        category=ComplaintCategory.objects.filter(tenant=tenant).first(),
        agency=agency(agency_code), status=status, description="Uji angka pengaduan.",
        submitted_at=submitted, acknowledge_due=answer_due, answer_due=answer_due,
        resolve_due=answer_due + dt.timedelta(days=14), answered_at=answered,
        closed_at=closed, reopen_count=reopens, contact_name="Siti Rahasia")


def evening(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return at(day, hour).replace(minute=minute)


@pytest.fixture
def complaints() -> None:
    # c1 PUPR: received Mon 16 Mar, answered Wed 25 Mar: (16 Mar, 25 Mar] = 17, 25 Mar = 2
    # working days; due 17 Mar, so late. Resolved Fri 27 Mar: 17, 25, 26, 27 Mar = 4.
    make_complaint(agency_code="PUPR", submitted=at(D(2026, 3, 16)), answer_due=D(2026, 3, 17),
                   answered=at(D(2026, 3, 25)), closed=at(D(2026, 3, 27)),
                   status=ComplaintStatus.RESOLVED)
    # c2 PUPR: received Tue 31 Mar, answered Wed 1 Apr (1 working day, due 2 Apr: on time),
    # reopened once, closed unresolved Mon 6 Apr: 1, 2, 6 Apr = 3 (3 Apr Good Friday).
    make_complaint(agency_code="PUPR", submitted=at(D(2026, 3, 31)), answer_due=D(2026, 4, 2),
                   answered=at(D(2026, 4, 1)), closed=at(D(2026, 4, 6)),
                   status=ComplaintStatus.CLOSED_UNRESOLVED, reopens=1)
    # c3 PUPR: received Fri 10 Apr 23:30 WIB (16:30 UTC) — the period's last local day; open.
    make_complaint(agency_code="PUPR", submitted=evening(D(2026, 4, 10), 23, 30),
                   answer_due=D(2026, 4, 14))
    # c4 PUPR: received Sun 15 Mar 23:00 WIB (before the period), closed as a duplicate on
    # Mon 16 Mar: counts among the outcomes, not among those received. 1 working day.
    make_complaint(agency_code="PUPR", submitted=evening(D(2026, 3, 15), 23),
                   answer_due=D(2026, 3, 17), closed=at(D(2026, 3, 16)),
                   status=ComplaintStatus.DUPLICATE)
    # c5 PUPR: received Sat 11 Apr 00:30 WIB (still 10 Apr in UTC): after the period.
    make_complaint(agency_code="PUPR", submitted=evening(D(2026, 4, 11), 0, 30),
                   answer_due=D(2026, 4, 14), answered=at(D(2026, 4, 11)))
    # c6 DINKES: received Fri 20 Mar (a day off), answered and found not responsible on Wed
    # 25 Mar: (20 Mar, 25 Mar] = 25 Mar = 1 working day; due 26 Mar, on time.
    make_complaint(agency_code="DINKES", submitted=at(D(2026, 3, 20)), answer_due=D(2026, 3, 26),
                   answered=at(D(2026, 3, 25)), closed=at(D(2026, 3, 25)),
                   status=ComplaintStatus.NOT_RESPONSIBLE)


PUPR = ComplaintFigures(
    received=3, answered=2, resolved=1, closed_unresolved=1, not_responsible=0, duplicate=1,
    open_now=1, reopened=1, answered_on_time=1,
    median_days_to_answer=1.5,  # 2 and 1
    median_days_to_close=3.0,  # 4, 3 and 1
)
DINKES = ComplaintFigures(
    received=1, answered=1, resolved=0, closed_unresolved=0, not_responsible=1, duplicate=0,
    open_now=0, reopened=0, answered_on_time=1, median_days_to_answer=1.0,
    median_days_to_close=1.0)


def test_one_agency(complaints: None) -> None:
    assert complaint_figures(tenant=llg(), start=START, end=END, agency=agency("PUPR")) == PUPR
    assert complaint_figures(tenant=llg(), start=START, end=END,
                             agency=agency("DINKES")) == DINKES


def test_the_region(complaints: None) -> None:
    found = complaint_figures(tenant=llg(), start=START, end=END)
    assert found == ComplaintFigures(
        received=4, answered=3, resolved=1, closed_unresolved=1, not_responsible=1,
        duplicate=1, open_now=1, reopened=1, answered_on_time=2,
        median_days_to_answer=1.0,  # 2, 1 and 1
        median_days_to_close=2.0)  # 4, 3, 1 and 1
    assert found.closed == 4


def test_by_agency(complaints: None) -> None:
    found = {a.code: f for a, f in
                 complaint_figures_by_agency(tenant=llg(), start=START, end=END)}
    assert found == {"PUPR": PUPR, "DINKES": DINKES}
    # The scoreboard's counts (two grouped queries) say the same.
    counts = complaint_counts_by_agency(tenant=llg(), start=START, end=END)
    agencies = {a.code: a.pk for a in Agency.objects.filter(tenant=llg())}
    assert counts == {agencies[code]: ComplaintCounts(received=f.received, closed=f.closed,
                                                      resolved=f.resolved)
                      for code, f in found.items()}
    assert complaint_counts_by_agency(tenant=llg(), start=D(2026, 2, 1),
                                      end=D(2026, 2, 28)) == {}


def test_one_day_period_and_empty_period(complaints: None) -> None:
    # 10 Apr alone: only c3 (received late that evening, local time).
    day = complaint_figures(tenant=llg(), start=D(2026, 4, 10), end=D(2026, 4, 10))
    assert (day.received, day.open_now, day.median_days_to_answer) == (1, 1, None)
    empty = complaint_figures(tenant=llg(), start=D(2026, 2, 1), end=D(2026, 2, 28))
    assert empty.received == empty.closed == 0
    assert empty.median_days_to_close is None
    assert complaint_figures_by_agency(tenant=llg(), start=D(2026, 2, 1),
                                       end=D(2026, 2, 28)) == []


def test_other_tenant_sees_none(complaints: None) -> None:
    from satupintu.tenants.models import Tenant
    from tests.personas import OTHER_TENANT_CODE

    other = Tenant.objects.get(code=OTHER_TENANT_CODE)
    assert complaint_figures(tenant=other, start=START, end=END).received == 0
