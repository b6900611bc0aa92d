"""Public reads of complaints: the list and page anyone may open, and the complainant's own
private page.

The public queries load only public columns (`.values()`), so a template cannot show a
complainant's name, contact or exact address even by mistake: those fields are never fetched.
Everything is scoped to the request's tenant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from satupintu.calendars.selectors import local_date
from satupintu.complaints.handling import reopen_until
from satupintu.complaints.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Complaint,
    ComplaintCategory,
    ComplaintMedia,
    ComplaintStatus,
    ComplaintUpdate,
    MediaReview,
    UpdateKind,
)
from satupintu.tenants.models import Kecamatan, Kelurahan, Tenant

MAX_NUMBER_LENGTH = 24

# The columns the public may see (personal data — contact, account, address, point — and the
# internal references are not among them).
_PUBLIC_COLUMNS = (
    "pk", "number", "status", "channel", "description", "hidden_reason", "submitted_at",
    "acknowledge_due", "answer_due", "resolve_due", "acknowledged_at", "answered_at",
    "closed_at", "outcome_reason", "responsible_body", "reopen_count", "lapor_ticket",
    "category__code", "category__name", "category__name_en", "kelurahan__code",
    "kelurahan__name", "kelurahan__kecamatan__name", "agency__name", "agency__name_en",
    "subject_agency__name", "subject_agency__name_en", "duplicate_of__number",
)


def open_closed(status: str) -> str:
    """The Open311 word for a status: `open` or `closed`."""
    return "open" if status in OPEN_STATUSES else "closed"


def normalize_number(raw: str | None) -> str | None:
    """`adu-2026-00001 ` → `ADU-2026-00001`; None for anything that cannot be a number."""
    text = (raw or "").strip().upper()
    if not text or len(text) > MAX_NUMBER_LENGTH or not text.replace("-", "").isalnum():
        return None
    return text


@dataclass(frozen=True)
class Filters:
    """What the public list is narrowed to; empty strings mean "all"."""

    category: str = ""
    status: str = ""  # open, closed, or one ComplaintStatus value
    kecamatan: str = ""
    kelurahan: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class PublicUpdate:
    kind: str
    kind_label: str
    text: str
    hidden_reason: str
    agency: str
    status: str
    at: dt.datetime


@dataclass(frozen=True)
class PublicComplaint:
    """What anyone may see of a complaint (no personal data)."""

    pk: int
    number: str
    status: str
    status_label: str
    state: str  # open / closed (Open311)
    channel: str
    description: str
    hidden_reason: str
    category_code: str
    category: str
    kelurahan: str
    kecamatan: str
    agency: str
    subject_agency: str
    submitted_at: dt.datetime
    acknowledge_due: dt.date
    answer_due: dt.date
    resolve_due: dt.date
    acknowledged_at: dt.datetime | None
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome_reason: str
    responsible_body: str
    duplicate_of: str
    reopen_count: int
    has_lapor_ticket: bool
    updates: list[PublicUpdate] = field(default_factory=list)
    photos: list[int] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def is_hidden(self) -> bool:
        return bool(self.hidden_reason)


def _label(value: str, choices: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _bilingual(row: Mapping[str, Any], key: str) -> str:
    """The English name on English pages when there is one (as `localized` does)."""
    english = row.get(f"{key}__name_en") or ""
    if english and (get_language() or "id").startswith("en"):
        return str(english)
    return str(row.get(f"{key}__name") or "")


def _public(row: dict[str, Any]) -> PublicComplaint:
    status = row["status"]
    return PublicComplaint(
        pk=row["pk"], number=row["number"], status=status,
        status_label=_label(status, ComplaintStatus), state=open_closed(status),
        channel=row["channel"],
        # Moderated text is never sent to the page, only the reason it was hidden.
        description="" if row["hidden_reason"] else row["description"],
        hidden_reason=row["hidden_reason"], category_code=row["category__code"],
        category=_bilingual(row, "category"), kelurahan=row["kelurahan__name"] or "",
        kecamatan=row["kelurahan__kecamatan__name"] or "", agency=_bilingual(row, "agency"),
        subject_agency=_bilingual(row, "subject_agency"), submitted_at=row["submitted_at"],
        acknowledge_due=row["acknowledge_due"], answer_due=row["answer_due"],
        resolve_due=row["resolve_due"], acknowledged_at=row["acknowledged_at"],
        answered_at=row["answered_at"], closed_at=row["closed_at"],
        outcome_reason=row["outcome_reason"], responsible_body=row["responsible_body"],
        duplicate_of=row["duplicate_of__number"] or "", reopen_count=row["reopen_count"],
        has_lapor_ticket=bool(row["lapor_ticket"]),
    )


def _filtered(tenant: Tenant, filters: Filters) -> QuerySet[Complaint]:
    qs = Complaint.objects.filter(tenant=tenant)
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status == "closed":
        qs = qs.filter(status__in=CLOSED_STATUSES)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kelurahan:
        qs = qs.filter(kelurahan__code=filters.kelurahan)
    elif filters.kecamatan:
        qs = qs.filter(kelurahan__kecamatan__code=filters.kecamatan)
    # Days are the tenant's local days: compare with local midnight boundaries.
    if filters.date_from:
        qs = qs.filter(submitted_at__gte=_midnight(tenant, filters.date_from))
    if filters.date_to:
        qs = qs.filter(submitted_at__lt=_midnight(tenant, filters.date_to + dt.timedelta(1)))
    return qs


def _midnight(tenant: Tenant, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(tenant.timezone))


def public_complaints(*, tenant: Tenant, filters: Filters) -> QuerySet[Complaint, Any]:
    """The public list's rows (public columns only), newest first; page it, then `as_public`."""
    rows: QuerySet[Complaint, Any] = (_filtered(tenant, filters)
                                      .order_by("-submitted_at", "-pk").values(*_PUBLIC_COLUMNS))
    return rows


def as_public(rows: Any) -> list[PublicComplaint]:
    return [_public(row) for row in rows]


def public_complaint(*, tenant: Tenant, number: str | None) -> PublicComplaint | None:
    """One complaint's public page: its public facts, public updates and approved photos."""
    normalized = normalize_number(number)
    if normalized is None:
        return None
    row = (Complaint.objects.filter(tenant=tenant, number=normalized)
           .values(*_PUBLIC_COLUMNS).first())
    if row is None:
        return None
    found = _public(row)
    found.updates.extend(_public_updates(found.pk))
    found.photos.extend(ComplaintMedia.objects.filter(
        complaint_id=found.pk, review=MediaReview.APPROVED).order_by("pk")
        .values_list("pk", flat=True))
    return found


def _public_updates(complaint_id: int) -> list[PublicUpdate]:
    # Internal notes never leave the office, whatever their flag says.
    rows = (ComplaintUpdate.objects.filter(complaint_id=complaint_id, is_public=True)
            .exclude(kind=UpdateKind.NOTE).order_by("at", "pk")
            .values("kind", "text", "hidden_reason", "status", "at", "agency__name",
                    "agency__name_en"))
    return [PublicUpdate(kind=r["kind"], kind_label=_label(r["kind"], UpdateKind),
                         text="" if r["hidden_reason"] else r["text"],
                         hidden_reason=r["hidden_reason"], agency=_bilingual(r, "agency"),
                         status=r["status"], at=r["at"]) for r in rows]


def public_photo(*, tenant: Tenant, number: str, pk: int) -> ComplaintMedia | None:
    """An approved photo of the complaint `number`; anything else is None (404)."""
    normalized = normalize_number(number)
    if normalized is None:
        return None
    return (ComplaintMedia.objects.filter(tenant=tenant, pk=pk, complaint__number=normalized,
                                          review=MediaReview.APPROVED)
            .only("pk", "file", "content_type", "size").first())


# --- the complainant's own ---------------------------------------------------------------------
@dataclass(frozen=True)
class OwnComplaint:
    """The private page: everything public plus what the complainant gave."""

    public: PublicComplaint
    complaint: Complaint
    contact_name: str
    contact_email: str
    contact_phone: str
    has_account: bool
    photos_pending: int
    may_reopen: bool
    reopen_until: dt.date | None


def own_complaint(*, tenant: Tenant, secret: str | None) -> OwnComplaint | None:
    """The complaint whose private link carries `secret`, with its contact; None if none."""
    secret = (secret or "").strip()
    if not secret or len(secret) > 64:
        return None
    complaint = (Complaint.objects.filter(tenant=tenant, secret=secret)
                 .select_related("complainant", "kelurahan", "application", "permit").first())
    if complaint is None:
        return None
    public = public_complaint(tenant=tenant, number=complaint.number)
    assert public is not None
    account = complaint.complainant
    until = reopen_until(complaint)
    return OwnComplaint(
        public=public, complaint=complaint,
        contact_name=complaint.contact_name or (account.get_full_name() if account else ""),
        contact_email=complaint.contact_email or (account.email if account else ""),
        contact_phone=complaint.contact_phone or (account.phone if account else ""),
        has_account=account is not None,
        photos_pending=complaint.media.exclude(review=MediaReview.APPROVED).count(),
        may_reopen=until is not None and local_date(tenant) <= until, reopen_until=until,
    )


def my_complaints(*, tenant: Tenant, user: Any) -> QuerySet[Complaint, Any]:
    """A signed-in applicant's complaints, newest first (with their private links)."""
    return (Complaint.objects.filter(tenant=tenant, complainant=user)
            .order_by("-submitted_at", "-pk")
            .values("number", "status", "secret", "submitted_at", "resolve_due",
                    "category__name", "category__name_en"))


# --- choices for the forms -------------------------------------------------------------------
def active_categories(tenant: Tenant) -> list[ComplaintCategory]:
    return list(ComplaintCategory.objects.filter(tenant=tenant, is_active=True)
                .select_related("agency").order_by("order", "name"))


def kelurahan_groups(tenant: Tenant) -> list[tuple[str, list[tuple[str, str]]]]:
    """Kelurahan by kecamatan, for a select with option groups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name, kecamatan in (Kelurahan.objects.filter(tenant=tenant)
                                  .order_by("kecamatan__code", "name")
                                  .values_list("code", "name", "kecamatan__name")):
        groups.setdefault(kecamatan, []).append((code, name))
    return list(groups.items())


def kecamatan_choices(tenant: Tenant) -> list[tuple[str, str]]:
    return list(Kecamatan.objects.filter(tenant=tenant).order_by("code")
                .values_list("code", "name"))


def status_choices() -> list[tuple[str, str]]:
    """Open/closed first, then each finer status."""
    return [("open", _("Open (all)")), ("closed", _("Closed (all)"))] + [
        (value, str(label)) for value, label in ComplaintStatus.choices]
