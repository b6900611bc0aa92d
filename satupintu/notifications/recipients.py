"""Who holds a file now and who is told about it: the assignee, the pool, the heads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from satupintu.accounts.models import Delegation, Role, User, UserKind
from satupintu.notifications.models import RecipientKind
from satupintu.tenants.selectors import one_stop_agency
from satupintu.workflow.assignment import eligible_officers
from satupintu.workflow.definitions import compiled
from satupintu.workflow.models import BranchStatus, CaseBranch

if TYPE_CHECKING:
    from satupintu.tenants.models import Agency
    from satupintu.workflow.models import Case

_MICROSECOND = dt.timedelta(microseconds=1)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Holding:
    """One part of a file that officers hold now: the file's step, or in a parallel review
    one agency's part of it. `key` names this entry into the step, for "once per entry"."""

    agency: Agency
    role: str
    assignee: User | None
    due: dt.date | None
    key: str


def entry_key(case: Case) -> str:
    micros = (case.state_entered_at - _EPOCH) // _MICROSECOND
    return f"{case.state}@{micros}"


def holdings(case: Case) -> list[Holding]:
    """What officers hold of the file in its current step (nothing when it is closed or
    waits for the applicant)."""
    if case.closed_at is not None:
        return []
    state = compiled(case.definition).states[case.state]
    entry = entry_key(case)
    if state.parallel is not None:
        branches = (CaseBranch.objects.select_related("agency", "assignee")
                    .filter(case=case, state=case.state, status=BranchStatus.PENDING)
                    .order_by("agency__code"))
        return [Holding(agency=b.agency, role=state.parallel.role, assignee=b.assignee,
                        due=b.due_date, key=f"{entry}/{b.agency.code}") for b in branches]
    if case.holder_agency is None:
        return []
    return [Holding(agency=case.holder_agency, role=case.holder_role, assignee=case.assignee,
                    due=case.state_due_date, key=entry)]


def heads(agency: Agency, day: dt.date) -> list[User]:
    """The agency's heads, and whoever stands in for one (Plh/Plt) on `day`."""
    people = {u.pk: u for u in eligible_officers(agency, Role.HEAD)}
    substitutes = User.objects.filter(
        is_active=True, kind=UserKind.OFFICER,
        pk__in=Delegation.objects.filter(
            agency=agency, role=Role.HEAD, starts_on__lte=day, ends_on__gte=day,
            revoked_at__isnull=True).values("substitute_id"))
    people.update({u.pk: u for u in substitutes})
    return sorted(people.values(), key=lambda u: u.pk)


def recipients(holding: Holding, kind: str, day: dt.date) -> list[User]:
    """The people of one recipient kind for a holding. The pool is told only when nobody is
    assigned: an assigned step is that officer's."""
    if kind == RecipientKind.ASSIGNEE:
        assignee = holding.assignee
        return [assignee] if assignee is not None and assignee.is_active else []
    if kind == RecipientKind.POOL:
        if holding.assignee is not None:
            return []
        return list(eligible_officers(holding.agency, holding.role).order_by("pk"))
    if kind == RecipientKind.AGENCY_HEAD:
        return heads(holding.agency, day)
    if kind == RecipientKind.ONE_STOP_HEAD:
        return heads(one_stop_agency(tenant=holding.agency.tenant), day)
    return []
