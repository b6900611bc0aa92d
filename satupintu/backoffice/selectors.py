"""The officer's inbox: the files their roles hold, ordered by due date, scoped to them."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING

from django.db.models import (
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from satupintu.accounts.models import Role
from satupintu.accounts.selectors import HeldRole, roles_held
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.lib.workdays import CalendarNotConfigured, WorkingDayCalendar
from satupintu.workflow.clock import remaining_working_days
from satupintu.workflow.definitions import compiled
from satupintu.workflow.models import BranchStatus, Case, CaseBranch, WorkflowDefinition

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant

PAGE_SIZE = 50
# Roles that work on an agency's branch of a parallel review.
REVIEW_ROLES = [Role.TECHNICAL_REVIEWER, Role.INSPECTOR]
# What an inbox row's case carries: what the inbox page and the officer API show. Reading only
# these halves the time to load a page of rows (bench/inbox.py); reading another field of
# `InboxRow.case` costs a query per row — add it here instead
# (tests/backoffice/test_workspace.py and test_api.py count them).
ROW_RELATED = ("assignee", "holder_agency", "application__service",
               "application__kelurahan__kecamatan")
ROW_FIELDS = (
    "state", "version", "definition", "holder_role", "holder_agency__code",
    "holder_agency__name", "holder_agency__name_en", "assignee__username",
    "assignee__full_name", "assignee__first_name", "assignee__last_name",
    "application__tracking_number", "application__service__code",
    "application__service__name", "application__service__name_en",
    "application__kelurahan__kecamatan__code", "application__kelurahan__kecamatan__name",
)


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


def _held(user: User, tenant: Tenant, held: frozenset[HeldRole] | None,
          ) -> tuple[list[tuple[int, str]], list[int]]:
    """(agency, role) pairs the user holds (members and Plh/Plt), and agencies they review for."""
    held = roles_held(user, tenant) if held is None else held
    pairs = {(r.agency_id, r.role) for r in held}
    review_agencies = sorted({agency for agency, role in pairs if role in REVIEW_ROLES})
    return sorted(pairs), review_agencies


def inbox_queryset(*, user: User, tenant: Tenant, filters: InboxFilters,
                   held: frozenset[HeldRole] | None = None) -> QuerySet[Case]:
    """Open files in the user's pools: steps their (agency, role) holds, and pending reviews of
    the agencies they review for; each annotated with its due date for this user. `held`: the
    user's roles when the caller already read them (`request_roles`)."""
    pairs, review_agencies = _held(user, tenant, held)
    holds = [Q(holder_agency_id=agency, holder_role=role) for agency, role in pairs]
    qs: QuerySet[Case] = Case.objects.filter(tenant=tenant, closed_at__isnull=True)
    if review_agencies:
        pending = CaseBranch.objects.filter(status=BranchStatus.PENDING,
                                            agency_id__in=review_agencies)
        my_branch = pending.filter(case=OuterRef("pk")).order_by("due_date")
        # The agency's pending reviews are looked up once (by their agency index), not probed
        # for every open file of the tenant: half the time with 6,000 open files.
        qs = (qs.filter(reduce(operator.or_, holds, Q(pk__in=pending.values("case_id"))))
              .annotate(in_review=Exists(my_branch),
                        branch_due=Subquery(my_branch.values("due_date")[:1]),
                        branch_assignee=Subquery(my_branch.values("assignee_id")[:1]))
              .annotate(due=Coalesce(F("branch_due"), F("state_due_date"),
                                     F("service_due_date"))))
        if filters.assigned == "me":
            qs = qs.filter(Q(assignee=user) | Q(branch_assignee=user.pk))
        elif filters.assigned == "none":
            qs = qs.filter(Q(in_review=True, branch_assignee__isnull=True)
                           | Q(in_review=False, assignee__isnull=True))
    else:
        # Without reviews the filter and the order are exactly what the pool index
        # (workflow `case_pool_idx`) holds, so the database reads a page off it, unsorted.
        qs = (qs.filter(reduce(operator.or_, holds)) if holds else qs.none()).annotate(
            in_review=Value(False), branch_due=Value(None, output_field=DateField()),
            branch_assignee=Value(None, output_field=IntegerField()),
            due=Coalesce(F("state_due_date"), F("service_due_date")))
        if filters.assigned == "me":
            qs = qs.filter(assignee=user)
        elif filters.assigned == "none":
            qs = qs.filter(assignee__isnull=True)
    if filters.service:
        qs = qs.filter(application__service__code=filters.service)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kecamatan:
        qs = qs.filter(application__kelurahan__kecamatan__code=filters.kecamatan)
    return qs.order_by(F("due").asc(nulls_last=True), "pk")


def _remaining(calendar: WorkingDayCalendar, today: dt.date, due: dt.date | None) -> int | None:
    """Working days left; unknown (not an error page) for a date the calendar does not cover."""
    try:
        return remaining_working_days(calendar, today, due)
    except CalendarNotConfigured:
        return None


def inbox(*, user: User, tenant: Tenant, filters: InboxFilters, lang: str,
          held: frozenset[HeldRole] | None = None) -> InboxPage:
    qs = inbox_queryset(user=user, tenant=tenant, filters=filters, held=held)
    total = qs.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    # The pool is sorted as narrow rows and only the page's rows are then read with their
    # joins: sorting thousands of joined rows (each with its workflow's definition) took 0.6 s
    # for the last of 100 pages on SQLite.
    # django-stubs cannot see the annotations of inbox_queryset's declared return type.
    window = list(qs.values_list("pk", "due", "branch_assignee")  # type: ignore[misc]
                  [(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
    cases = (Case.objects.select_related(*ROW_RELATED).only(*ROW_FIELDS)
             .in_bulk([pk for pk, _due, _who in window]))
    # A few definitions serve all the files: each is read and compiled once, not per row.
    flows = {d.pk: compiled(d) for d in WorkflowDefinition.objects.filter(
        pk__in={case.definition_id for case in cases.values()}).order_by().only("spec")}
    calendar = working_calendar(tenant)
    today = local_date(tenant)
    rows = []
    for pk, due, branch_assignee in window:
        case = cases.get(pk)
        if case is None:  # deleted between the two reads
            continue
        label = flows[case.definition_id].states[case.state].label
        rows.append(InboxRow(
            case=case, state_label=label.en if lang.startswith("en") else label.id, due=due,
            remaining=_remaining(calendar, today, due), my_branch_assignee_id=branch_assignee))
    return InboxPage(rows=rows, total=total, page=page, pages=pages)
