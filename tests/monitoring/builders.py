"""Files with known dates for the dashboard's figures, written as the engine leaves them.

Rows are created directly (not replayed through the engine) so each date is exactly the one a
test's hand computation uses; times are 10:00 in Lubuklinggau (WIB) unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import count
from zoneinfo import ZoneInfo

from satupintu.accounts.models import User
from satupintu.applications.models import Application, ApplicationStatus
from satupintu.calendars.selectors import working_calendar
from satupintu.catalog.models import Service, VariantStandard
from satupintu.issuance.models import Permit
from satupintu.monitoring.summary import forget
from satupintu.tenants.models import Agency, Tenant
from satupintu.workflow.clock import summarize_branch
from satupintu.workflow.definitions import DEFAULT_CODE, published_definition
from satupintu.workflow.models import (
    BranchStatus,
    Case,
    CaseBranch,
    ClockEvent,
    ClockEventKind,
    ClockState,
)
from satupintu.workflow.summary import summarize_cases

WIB = ZoneInfo("Asia/Jakarta")
SERVICE = "SIPDG"  # no demo application uses it: the figures sliced by it are the test's own
_numbers = count(1)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WIB)


def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def make_file(
    *, received: dt.datetime | dt.date, started: dt.date | None = None,
    decided: dt.date | None = None, outcome: str = "", service_due: dt.date | None = None,
    legal_due: dt.date | None = None, agencies: Sequence[str] = ("DINKES",), rounds: int = 0,
    pauses: Sequence[tuple[dt.date, dt.date]] = (), state: str = "verification",
    holder: tuple[str, str] | None = None, assignee: str | None = None,
    fiktif: dt.datetime | None = None, service: str = SERVICE,
) -> Case:
    """A submitted application and its case; `pauses` are (paused on, resumed on)."""
    tenant = llg()
    applicant = User.objects.get(username="pemohon")
    received_at = received if isinstance(received, dt.datetime) else at(received)
    closed = decided if outcome else None
    the_service = Service.objects.get(tenant=tenant, code=service)
    case = Case.objects.create(
        tenant=tenant, definition=published_definition(tenant=tenant, code=DEFAULT_CODE),
        subject_type="application", owner=applicant,
        state=outcome or state, state_entered_at=received_at,
        holder_agency=Agency.objects.get(tenant=tenant, code=holder[0]) if holder else None,
        holder_role=holder[1] if holder else "",
        assignee=User.objects.get(username=assignee) if assignee else None,
        correction_rounds=rounds, legal_days=10, service_days=5, received_at=received_at,
        clock_state=(ClockState.STOPPED if decided else ClockState.RUNNING if started
                     else ClockState.NOT_STARTED),
        clock_started_on=started, legal_due_date=legal_due, service_due_date=service_due,
        decided_at=at(decided) if decided else None, closed_at=at(closed) if closed else None,
        outcome=outcome, fiktif_positif_at=fiktif,
    )
    case.agencies.set(Agency.objects.filter(tenant=tenant, code__in=agencies))
    events = [(ClockEventKind.RECEIVED, received_at.astimezone(WIB).date())]
    if started:
        events.append((ClockEventKind.STARTED, started))
    for paused_on, resumed_on in pauses:
        events += [(ClockEventKind.PAUSED, paused_on), (ClockEventKind.RESUMED, resumed_on)]
    if decided:
        events.append((ClockEventKind.STOPPED, decided))
    ClockEvent.objects.bulk_create([
        ClockEvent(tenant=tenant, case=case, kind=kind, on=on, at=at(on, 9, i))
        for i, (kind, on) in enumerate(events)])
    # The summary the clock stores when it stops on a decision (workflow.clock.Clock.stop).
    summarize_cases(Case.objects.filter(pk=case.pk))
    case.refresh_from_db()
    # History written outside the engine: the monitoring summary counts those days again.
    forget(tenant, min(on for _kind, on in events))
    number = next(_numbers)
    Application.objects.create(
        tenant=tenant, applicant=applicant, service=the_service,
        variant=VariantStandard.objects.filter(standard__service=the_service).first(),
        status=ApplicationStatus.SUBMITTED, tracking_number=f"MON-{number:05d}", pin="123456",
        case=case, submitted_at=received_at)
    return case


def review(case: Case, agency: str, asked: dt.date, answered: dt.date) -> CaseBranch:
    """A recommendation given by `agency` on the file, asked and answered on those days."""
    branch = CaseBranch.objects.create(
        tenant=case.tenant, case=case, state="technical_review",
        agency=Agency.objects.get(tenant=case.tenant, code=agency),
        status=BranchStatus.RECOMMENDED, recommendation="approve", decided_at=at(answered))
    CaseBranch.objects.filter(pk=branch.pk).update(created_at=at(asked))
    branch.refresh_from_db()
    # The working days the engine stores with the recommendation.
    summarize_branch(branch, working_calendar(case.tenant), WIB)
    branch.save(update_fields=["working_days"])
    forget(case.tenant, answered)
    return branch


def issue(case: Case, on: dt.date) -> Permit:
    """The file's signed permit, first issued on that day."""
    application = Application.objects.get(case=case)
    number = next(_numbers)
    forget(case.tenant, on)
    return Permit.objects.create(
        tenant=case.tenant, application=application, service=application.service,
        number=f"503/{number}/MON/2026", year=on.year, seq=90000 + number, title="Izin",
        holder_name="Siti Aminah", issued_at=at(on), valid_from=on,
        signer=User.objects.get(username="kadis"), signer_name="Kadis",
        signer_position="Kepala DPMPTSP", file="permits/none.pdf", sha256="0" * 64, size=1)
