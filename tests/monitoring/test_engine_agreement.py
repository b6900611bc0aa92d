"""The figures read what the real engine writes: a file driven through the workflow services on
known days (the clock's and the engine's "now" set per step) agrees with the engine's clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from satupintu.accounts.models import User
from satupintu.applications.models import Application, ApplicationStatus
from satupintu.catalog.models import Service, VariantStandard
from satupintu.monitoring import figures
from satupintu.monitoring.figures import FigureQuery, Slices
from satupintu.monitoring.scope import dashboard_scope
from tests.monitoring.builders import SERVICE, at, llg
from tests.workflow.helpers import act, start_case

pytestmark = pytest.mark.django_db
D = dt.date


def test_time_waiting_on_the_applicant_is_what_the_clock_paused(
        on: Callable[[dt.date], None]) -> None:
    on(D(2026, 3, 17))
    case = start_case(legal=10, service=5, agencies=("DINKES", "PUPR"),
                      subject_type="application")
    service = Service.objects.get(tenant=llg(), code=SERVICE)
    Application.objects.create(
        tenant=case.tenant, applicant=User.objects.get(username="pemohon"), service=service,
        variant=VariantStandard.objects.filter(standard__service=service).first(),
        status=ApplicationStatus.SUBMITTED, tracking_number="MON-ENGINE", case=case,
        submitted_at=at(D(2026, 3, 17)))
    act(case, "petugas.fo", "register")  # complete on Tue 17 Mar: day 0
    on(D(2026, 3, 25))
    act(case, "verifikator", "return_for_correction", citations=["KTP"])  # paused
    on(D(2026, 3, 30))
    act(case, "pemohon", "resubmit")  # resumed: 26, 27, 30 Mar = 3 working days waiting
    on(D(2026, 4, 1))
    act(case, "verifikator", "forward_to_review")
    on(D(2026, 4, 2))
    act(case, "teknis.dinkes", "recommend", agency="DINKES", recommendation="approve")
    on(D(2026, 4, 6))
    act(case, "teknis.pupr", "recommend", agency="PUPR", recommendation="approve")
    on(D(2026, 4, 7))
    act(case, "verifikator", "submit_for_approval")
    act(case, "kabid", "approve")  # decided Tue 7 Apr
    case.refresh_from_db()
    assert case.decided_at == at(D(2026, 4, 7))
    assert case.paused_days == 3

    scope = dashboard_scope(User.objects.get(username="admin.llg"))
    assert scope is not None
    query = FigureQuery(scope=scope, start=D(2026, 3, 1), end=D(2026, 4, 30),
                        today=D(2026, 4, 30), slices=Slices(service=service))
    [measured] = figures.decided_files(query)[0]
    # (17 Mar, 7 Apr]: 25, 26, 27, 30, 31 Mar, 1, 2, 6, 7 Apr (18–24 Mar and 3 Apr are days
    # off) = 9, of which 3 waiting on the applicant.
    assert (measured.total, measured.waiting_on_applicant, measured.at_office) == (9, 3, 6)
    counts = figures.counts(query)
    # The service target moved with the pause: 5 + 3 working days after 17 Mar (25, 26, 27,
    # 30, 31 Mar, 1, 2 Apr; 3 Apr is Good Friday) = Mon 6 Apr.
    assert case.service_due_date == D(2026, 4, 6)
    # Decided on 7 Apr: a day after the target; the legal limit, 10 + 3 after 17 Mar, is 13 Apr.
    assert case.legal_due_date == D(2026, 4, 13)
    assert (counts["decided"], counts["late"], counts["within_legal"], counts["complete"]) == (
        1, 1, 1, 1)
    # Asked on 1 Apr; DINKES answered on 2 Apr (1 working day), PUPR on 6 Apr (2, 6 Apr: 2).
    times = {row.code: row.days.median for row in figures.agency_times(query)}
    assert times == {"DINKES": 1.0, "PUPR": 2.0}
