"""The officer's inbox: the files their roles hold, ordered by due date, scoped to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from satupintu.accounts.models import Membership, Role
from satupintu.accounts.selectors import active_delegations
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.lib.workdays import CalendarNotConfigured, WorkingDayCalendar
from satupintu.workflow.clock import remaining_working_days
from satupintu.workflow.definitions import compiled
from satupintu.workflow.models import BranchStatus, Case, CaseBranch

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant

PAGE_SIZE = 50
# Roles that work on an agency's branch of a parallel review.
REVIEW_ROLES = [Role.TECHNICAL_REVIEWER, Role.INSPECTOR]


@dataclass(frozen=True)
class InboxFilters:
    service: str = ""
    state: str = ""
    kecamatan: str = ""
    assigned: str = ""  # "" all, "me", "none"
    page: int = 1


@dataclass(frozen=True)
class InboxRow:
    case: Case
    state_label: str
    due: dt.date | None
    remaining: int | None
    my_branch_assignee_id: int | None

    @property
    def overdue(self) -> bool:
        return self.remaining is not None and self.remaining < 0

    @property
    def overdue_by(self) -> int:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else 0


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    total: int
    page: int
    pages: int


def _held(user: User, tenant: Tenant) -> tuple[list[tuple[int, str]], list[int]]:
    """(agency, role) pairs the user holds (members and Plh/Plt), and agencies they review for."""
    pairs = set(Membership.objects.filter(user=user, tenant=tenant, is_active=True)
                .values_list("agency_id", "role"))
    pairs |= set(active_delegations(user, tenant).values_list("agency_id", "role"))
    review_agencies = sorted({agency for agency, role in pairs if role in REVIEW_ROLES})
    return sorted(pairs), review_agencies


def inbox_queryset(*, user: User, tenant: Tenant, filters: InboxFilters) -> QuerySet[Case]:
    """Open files in the user's pools: steps their (agency, role) holds, and pending reviews of
    the agencies they review for; each annotated with its due date for this user."""
    pairs, review_agencies = _held(user, tenant)
    holds = Q(pk__in=[])
    for agency, role in pairs:
        holds |= Q(holder_agency_id=agency, holder_role=role)
    my_branch = CaseBranch.objects.filter(case=OuterRef("pk"), status=BranchStatus.PENDING,
                                          agency_id__in=review_agencies).order_by("due_date")
    qs = (Case.objects.filter(tenant=tenant, closed_at__isnull=True)
          .annotate(in_review=Exists(my_branch),
                    branch_due=Subquery(my_branch.values("due_date")[:1]),
                    branch_assignee=Subquery(my_branch.values("assignee_id")[:1]))
          .filter(holds | Q(in_review=True))
          .annotate(due=Coalesce(F("branch_due"), F("state_due_date"), F("service_due_date"))))
    if filters.service:
        qs = qs.filter(application__service__code=filters.service)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kecamatan:
        qs = qs.filter(application__kelurahan__kecamatan__code=filters.kecamatan)
    if filters.assigned == "me":
        qs = qs.filter(Q(assignee=user) | Q(branch_assignee=user.pk))
    elif filters.assigned == "none":
        qs = qs.filter(Q(in_review=True, branch_assignee__isnull=True)
                       | Q(in_review=False, assignee__isnull=True))
    return qs.order_by(F("due").asc(nulls_last=True), "pk")


def _remaining(calendar: WorkingDayCalendar, today: dt.date, due: dt.date | None) -> int | None:
    """Working days left; unknown (not an error page) for a date the calendar does not cover."""
    try:
        return remaining_working_days(calendar, today, due)
    except CalendarNotConfigured:
        return None


def inbox(*, user: User, tenant: Tenant, filters: InboxFilters, lang: str) -> InboxPage:
    qs = inbox_queryset(user=user, tenant=tenant, filters=filters)
    total = qs.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    cases = list(qs.select_related("definition", "assignee", "holder_agency",
                                   "application__service", "application__kelurahan__kecamatan")
                 [(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
    calendar = working_calendar(tenant)
    today = local_date(tenant)
    rows = []
    for case in cases:
        label = compiled(case.definition).states[case.state].label
        due = case.due  # type: ignore[attr-defined]
        rows.append(InboxRow(
            case=case, state_label=label.en if lang.startswith("en") else label.id, due=due,
            remaining=_remaining(calendar, today, due),
            my_branch_assignee_id=case.branch_assignee))  # type: ignore[attr-defined]
    return InboxPage(rows=rows, total=total, page=page, pages=pages)
