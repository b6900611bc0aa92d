"""Officer-side reads of complaints: the inbox with its filters and due dates, one complaint
with its full timeline. Everything is scoped by `permissions.visible_complaints`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Case, DateField, F, Q, QuerySet, When

from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.complaints.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Complaint,
    ComplaintMedia,
    ComplaintStatus,
    ComplaintUpdate,
)
from satupintu.complaints.permissions import visible_complaints
from satupintu.lib.workdays import CalendarNotConfigured
from satupintu.tenants.models import Tenant

PER_PAGE = 25
STATUS_FILTERS = {"open", "closed", "all", *ComplaintStatus.values}


@dataclass
class InboxFilters:
    status: str = "open"  # open / closed / all / one ComplaintStatus value
    category: str = ""
    overdue: bool = False
    mine: bool = False
    page: int = 1


@dataclass
class InboxRow:
    complaint: Complaint
    stage: str  # acknowledge / answer / resolve / "" (closed)
    due: dt.date | None
    remaining: int | None  # working days left; negative when overdue

    @property
    def overdue(self) -> bool:
        return self.remaining is not None and self.remaining < 0

    @property
    def overdue_by(self) -> int:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else 0


@dataclass
class InboxPage:
    rows: list[InboxRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


def _overdue_q(today: dt.date) -> Q:
    """Open and past the due date of the stage it is in (a reopened one: its resolve date)."""
    first_round = ~Q(status=ComplaintStatus.REOPENED)
    return Q(status__in=OPEN_STATUSES) & (
        (first_round & Q(acknowledged_at__isnull=True, acknowledge_due__lt=today))
        | (first_round & Q(answered_at__isnull=True, answer_due__lt=today))
        | Q(resolve_due__lt=today))


def next_due_expression() -> Case:
    """The due date of the stage the complaint is in, for ordering by urgency."""
    first_round = ~Q(status=ComplaintStatus.REOPENED)
    return Case(
        When(first_round & Q(acknowledged_at__isnull=True), then=F("acknowledge_due")),
        When(first_round & Q(answered_at__isnull=True), then=F("answer_due")),
        default=F("resolve_due"), output_field=DateField())


def stage_of(complaint: Complaint) -> tuple[str, dt.date | None]:
    if complaint.status in CLOSED_STATUSES:
        return "", None
    if complaint.status != ComplaintStatus.REOPENED:
        if complaint.acknowledged_at is None:
            return "acknowledge", complaint.acknowledge_due
        if complaint.answered_at is None:
            return "answer", complaint.answer_due
    return "resolve", complaint.resolve_due


def remaining(tenant: Tenant, today: dt.date, due: dt.date | None) -> int | None:
    """Working days left until `due` (negative when overdue)."""
    if due is None:
        return None
    try:
        calendar = working_calendar(tenant)
        if due >= today:
            return calendar.count_working_days(today, due)
        return -calendar.count_working_days(due, today)
    except CalendarNotConfigured:
        return (due - today).days


def inbox(*, user: AbstractBaseUser | AnonymousUser, tenant: Tenant,
          filters: InboxFilters) -> InboxPage:
    """The complaints the officer may see, the most urgent open ones first."""
    today = local_date(tenant)
    rows: QuerySet[Complaint] = visible_complaints(user, tenant)
    if filters.status == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif filters.status == "closed":
        rows = rows.filter(status__in=CLOSED_STATUSES)
    elif filters.status in ComplaintStatus.values:
        rows = rows.filter(status=filters.status)
    if filters.category:
        rows = rows.filter(category__code=filters.category)
    if filters.overdue:
        rows = rows.filter(_overdue_q(today))
    if filters.mine:
        rows = rows.filter(assignee_id=getattr(user, "pk", None))
    total = rows.count()
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, filters.page), pages)
    ordered = (rows.select_related("category", "agency", "assignee", "kelurahan")
               .annotate(next_due=next_due_expression())
               .order_by(Case(When(status__in=OPEN_STATUSES, then=0), default=1),
                         "next_due", "-submitted_at"))
    out = []
    for complaint in ordered[(page - 1) * PER_PAGE: page * PER_PAGE]:
        stage, due = stage_of(complaint)
        out.append(InboxRow(complaint=complaint, stage=stage, due=due,
                            remaining=remaining(tenant, today, due)))
    return InboxPage(rows=out, total=total, page=page, pages=pages)


def office_complaint(*, user: AbstractBaseUser | AnonymousUser, tenant: Tenant,
                     number: str) -> Complaint | None:
    """One complaint the officer may see (None: missing or not theirs — the same 404)."""
    found: Complaint | None = (
        visible_complaints(user, tenant).filter(number=(number or "").strip().upper()[:24])
        .select_related("category", "agency", "subject_agency", "assignee", "complainant",
                        "kelurahan__kecamatan", "application", "permit", "duplicate_of",
                        "client").first())
    return found


def timeline(complaint: Complaint) -> QuerySet[ComplaintUpdate]:
    """Every step, internal notes and escalations included (officers only)."""
    steps: QuerySet[ComplaintUpdate] = (ComplaintUpdate.objects.filter(complaint=complaint)
                                        .select_related("actor", "agency").order_by("at", "pk"))
    return steps


def photos(complaint: Complaint) -> QuerySet[ComplaintMedia]:
    media: QuerySet[ComplaintMedia] = (ComplaintMedia.objects.filter(complaint=complaint)
                                       .select_related("reviewed_by").order_by("pk"))
    return media


def clock(complaint: Complaint) -> dict[str, Any]:
    """The three time limits with working days left, for the detail page."""
    tenant = complaint.tenant
    today = local_date(tenant)
    stage, _due = stage_of(complaint)
    rows = []
    for code, due, done in (("acknowledge", complaint.acknowledge_due, complaint.acknowledged_at),
                            ("answer", complaint.answer_due, complaint.answered_at),
                            ("resolve", complaint.resolve_due, complaint.closed_at)):
        left = remaining(tenant, today, due) if code == stage else None
        rows.append({"stage": code, "due": due, "done": done, "current": code == stage,
                     "left": left, "late": -left if left is not None and left < 0 else 0})
    return {"stage": stage, "rows": rows}
