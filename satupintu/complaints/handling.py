"""Handling a complaint: what officers do with it, and the complainant's reopening.

Every function is one write path: lock the complaint row → may the actor see it (404) and do
this (403) → is their copy current (409 `stale`) → is the input valid (422, nothing changed) →
is the step possible in the complaint's state (409) → change → timeline step → audit record →
messages, all in one transaction. The audit never holds the complainant's contact details or
the texts people wrote about them (only lengths); officers' reasons are kept, they are the
accountability trail.

Choices recorded here (also in docs/architecture.md):
- Internal notes, photo reviews and hiding an update's text do not change the complaint's
  `version`: they do not alter its state, so a colleague's note never turns an answer being
  written into a conflict. Every other step does.
- A duplicate cannot be reopened: it follows the complaint it duplicates (reopen that one).
- Claiming writes no timeline step (the audit has it): the public timeline is about the
  complaint, not about who in the office holds it.
"""

from __future__ import annotations

import datetime as dt
import secrets as _secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.complaints.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Complaint,
    ComplaintMedia,
    ComplaintStatus,
    ComplaintUpdate,
    MediaReview,
    UpdateKind,
)
from satupintu.complaints.notify import both_dates, complaint_notify
from satupintu.complaints.permissions import may_handle, may_read
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.tenants.models import Agency

if TYPE_CHECKING:
    from satupintu.accounts.models import User

REOPEN_DAYS = 14  # calendar days after closing (the product's promise to complainants)
MIN_TEXT, MAX_TEXT = 10, 5000
MAX_REASON = 300  # hidden_reason's column
MAX_BODY = 200  # responsible_body's column


# --- shared steps --------------------------------------------------------------------------------
def _locked(complaint: Complaint) -> Complaint:
    found: Complaint | None = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("tenant", "agency", "category", "assignee", "complainant")
        .filter(pk=complaint.pk, tenant_id=complaint.tenant_id).first())
    if found is None:
        raise NotFound()
    return found


def _officer_locked(complaint: Complaint, actor: User, expected_version: int | None,
                    *, act: bool = True) -> Complaint:
    """The locked row, once the actor may see it (else 404) and act on it (else 403), and
    their copy is current (else 409)."""
    locked = _locked(complaint)
    if not may_read(actor, locked):
        raise NotFound()
    if act and not may_handle(actor, locked):
        raise PermissionDenied(_("Only the complaint handlers of the responsible agency may do "
                                 "this."))
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(_("This complaint has changed in the meantime. Reload the page and try "
                         "again."), code="stale")
    return locked


def _require_open(complaint: Complaint) -> None:
    if complaint.status not in OPEN_STATUSES:
        raise Conflict(_("This complaint is closed (%(status)s); reload the page.") % {
            "status": complaint.get_status_display()}, code="closed")


def _text(value: str | None, field: str, errors: dict[str, str], *, required: bool = True,
          minimum: int = MIN_TEXT, maximum: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if not text:
        if required:
            errors[field] = _("This field is required.")
        return ""
    if len(text) < minimum:
        errors[field] = _("Write at least %(n)d characters.") % {"n": minimum}
    elif len(text) > maximum:
        errors[field] = _("Write at most %(n)d characters.") % {"n": maximum}
    return text


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed(_("Nothing was changed; check the marked fields."),
                               details=errors)


def _save(complaint: Complaint, *fields: str) -> None:
    complaint.version += 1
    complaint.save(update_fields=[*fields, "version", "updated_at"])


def _step(complaint: Complaint, kind: str, actor: User | None, now: dt.datetime, *,
          text: str = "", public: bool = True) -> ComplaintUpdate:
    step: ComplaintUpdate = ComplaintUpdate.objects.create(
        tenant_id=complaint.tenant_id, complaint=complaint, kind=kind, text=text,
        is_public=public, actor=actor, agency=complaint.agency, status=complaint.status, at=now)
    return step


def _audit(complaint: Complaint, actor: User | None, action: str, *,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           reason: str = "") -> None:
    record(tenant=complaint.tenant, actor=actor, action=f"complaint.{action}", obj=complaint,
           before=before, after={"agency": complaint.agency.code, **(after or {})},
           reason=reason)


def _invite_to_survey(complaint: Complaint, actor: User | None,
                      now: dt.datetime) -> dict[str, Any]:
    """Invite a reachable complainant to the satisfaction survey once the complaint is closed;
    what the closing message adds (the link), or nothing when they were invited before."""
    if complaint.complainant_id is None and not complaint.contact_email:
        return {}
    from satupintu.surveys import services as surveys

    invite = getattr(surveys, "survey_invite", None)
    if invite is None:  # the survey module predates invitations for complaints
        return {}
    invitation = invite(complaint=complaint, actor=actor, now=now)
    if not getattr(invitation, "raw_token", ""):
        return {}  # invited when it was closed before (a reopened complaint)
    from satupintu.notifications.messages import public_url

    return {"survey_url": public_url(invitation.link_path),
            "survey_expires": both_dates(local_date(complaint.tenant, invitation.expires_at))}


def _close(complaint: Complaint, actor: User, status: str, kind: str, now: dt.datetime, *,
           text: str, fields: tuple[str, ...] = (), survey: bool = True,
           audit: dict[str, Any] | None = None) -> ComplaintUpdate:
    before = complaint.status
    complaint.status = status
    complaint.closed_at = now
    changed = ["status", "closed_at", *fields]
    if complaint.acknowledged_at is None:
        complaint.acknowledged_at = now
        changed.append("acknowledged_at")
    _save(complaint, *changed)
    step = _step(complaint, kind, actor, now, text=text)
    extra = _invite_to_survey(complaint, actor, now) if survey else {}
    _audit(complaint, actor, status, before={"status": before},
           after={"status": status, "text_length": len(text),
                  "survey_invited": bool(extra), **(audit or {})},
           reason=complaint.outcome_reason if status == ComplaintStatus.CLOSED_UNRESOLVED
           else "")
    complaint_notify(complaint, step, extra=extra)
    return step


# --- officers ------------------------------------------------------------------------------------
@transaction.atomic
def complaint_acknowledge(*, complaint: Complaint, actor: User, text: str = "",
                          expected_version: int | None = None,
                          now: dt.datetime | None = None) -> Complaint:
    """Tell the complainant the complaint is being looked at (an optional public message)."""
    now = now or timezone.now()
    complaint = _officer_locked(complaint, actor, expected_version)
    errors: dict[str, str] = {}
    text = _text(text, "text", errors, required=False)
    _raise(errors)
    if complaint.status != ComplaintStatus.RECEIVED:
        raise Conflict(_("This complaint has already been acknowledged."), code="acknowledged")
    complaint.status = ComplaintStatus.ACKNOWLEDGED
    complaint.acknowledged_at = now
    _save(complaint, "status", "acknowledged_at")
    step = _step(complaint, UpdateKind.ACKNOWLEDGED, actor, now, text=text)
    _audit(complaint, actor, "acknowledged", before={"status": ComplaintStatus.RECEIVED},
           after={"status": complaint.status, "late": local_date(complaint.tenant, now)
                  > complaint.acknowledge_due})
    complaint_notify(complaint, step)
    return complaint


@transaction.atomic
def complaint_answer(*, complaint: Complaint, actor: User, text: str,
                     expected_version: int | None = None,
                     now: dt.datetime | None = None) -> Complaint:
    """A public answer to the complainant; the first one is the "first answer" of the time
    limits and moves the complaint to `answered`."""
    now = now or timezone.now()
    complaint = _officer_locked(complaint, actor, expected_version)
    errors: dict[str, str] = {}
    text = _text(text, "text", errors)
    _raise(errors)
    _require_open(complaint)
    before = complaint.status
    first = complaint.answered_at is None
    changed = ["status"]
    complaint.status = ComplaintStatus.ANSWERED
    if first:
        complaint.answered_at = now
        changed.append("answered_at")
    if complaint.acknowledged_at is None:  # answering is acknowledging
        complaint.acknowledged_at = now
        changed.append("acknowledged_at")
    _save(complaint, *changed)
    step = _step(complaint, UpdateKind.ANSWER, actor, now, text=text)
    _audit(complaint, actor, "answered", before={"status": before},
           after={"status": complaint.status, "first": first, "text_length": len(text),
                  "late": first and local_date(complaint.tenant, now) > complaint.answer_due})
    complaint_notify(complaint, step)
    return complaint


@transaction.atomic
def complaint_note(*, complaint: Complaint, actor: User, text: str,
                   expected_version: int | None = None,
                   now: dt.datetime | None = None) -> ComplaintUpdate:
    """An internal note for colleagues: never public, never sent to the complainant."""
    now = now or timezone.now()
    complaint = _officer_locked(complaint, actor, expected_version)
    errors: dict[str, str] = {}
    text = _text(text, "text", errors, minimum=1)
    _raise(errors)
    step = _step(complaint, UpdateKind.NOTE, actor, now, text=text, public=False)
    _audit(complaint, actor, "noted", after={"text_length": len(text)})
    complaint_notify(complaint, step)
    return step


@transaction.atomic
def complaint_forward(*, complaint: Complaint, actor: User, to_agency: Agency | None,
                      reason: str, expected_version: int | None = None,
                      now: dt.datetime | None = None) -> Complaint:
    """Send the complaint to the agency that must answer it, with the reason (public). The
    new agency's handlers are told; whoever held it here lets go of it."""
    now = now or timezone.now()
    complaint = _officer_locked(complaint, actor, expected_version)
    errors: dict[str, str] = {}
    reason = _text(reason, "reason", errors)
    if to_agency is None or to_agency.tenant_id != complaint.tenant_id \
            or not to_agency.is_active:
        errors["to_agency"] = _("Choose one of the agencies.")
    elif to_agency.pk == complaint.agency_id:
        errors["to_agency"] = _("The complaint is already with this agency.")
    _raise(errors)
    assert to_agency is not None
    _require_open(complaint)
    source = complaint.agency
    complaint.agency = to_agency
    complaint.assignee = None
    _save(complaint, "agency", "assignee")
    step = _step(complaint, UpdateKind.FORWARDED, actor, now, text=reason)
    forwards = ComplaintUpdate.objects.filter(complaint=complaint,
                                              kind=UpdateKind.FORWARDED).count()
    _audit(complaint, actor, "forwarded", before={"agency": source.code},
           after={"from_agency": source.code, "to_agency": to_agency.code,
                  "times_forwarded": forwards}, reason=reason)
    complaint_notify(complaint, step)
    return complaint


@transaction.atomic
def complaint_claim(*, complaint: Complaint, actor: User, expected_version: int | None = None,
                    now: dt.datetime | None = None) -> Complaint:
    """Take the complaint to handle it yourself (others still see it)."""
    complaint = _officer_locked(complaint, actor, expected_version)
    _require_open(complaint)
    if complaint.assignee_id == actor.pk:
        return complaint
    if complaint.assignee_id is not None:
        raise Conflict(_("%(name)s is already handling this complaint.") % {
            "name": complaint.assignee.get_full_name() if complaint.assignee else "?"},
            code="taken")
    complaint.assignee = actor
    _save(complaint, "assignee")
    _audit(complaint, actor, "claimed", after={"assignee": actor.pk})
    return complaint


@transaction.atomic
def complaint_resolve(*, complaint: Complaint, actor: User, text: str,
                      expected_version: int | None = None,
                      now: dt.datetime | None = None) -> Complaint:
    """Close it as resolved, saying how (public); the complainant is invited to the survey."""
    now = now or timezone.now()
    complaint = _officer_locked(complaint, actor, expected_version)
    errors: dict[str, str] = {}
    text = _text(text, "text", errors)
    _raise(errors)
    _require_open(complaint)
    complaint.outcome_reason = text
    fields = ["outcome_reason"]
    if complaint.answered_at is None:  # the resolution is the first answer
        complaint.answered_at = now
        fields.append("answered_at")
    _close(complaint, actor, ComplaintStatus.RESOLVED, UpdateKind.RESOLVED, now, text=text,
           fields=tuple(fields))
    return complaint


@transaction.atomic
def complaint_close_unresolved(*, complaint: Complaint, actor: User, reason: str,
                               expected_version: int | None = None,
                               now: dt.datetime | None = None) -> Complaint:
    """Close it without a solution, saying honestly why (required, public)."""
    now = now or timezone.now()
    complaint = _officer_locked(complaint, actor, expected_version)
    errors: dict[str, str] = {}
    reason = _text(reason, "reason", errors)
    _raise(errors)
    _require_open(complaint)
    complaint.outcome_reason = reason
    _close(complaint, actor, ComplaintStatus.CLOSED_UNRESOLVED, UpdateKind.CLOSED_UNRESOLVED,
           now, text=reason, fields=("outcome_reason",))
    return complaint


@transaction.atomic
def complaint_not_responsible(*, complaint: Complaint, actor: User, responsible_body: str,
                              text: str = "", expected_version: int | None = None,
                              now: dt.datetime | None = None) -> Complaint:
    """Close it as outside the government's remit, naming who is responsible (required)."""
    now = now or timezone.now()
    complaint = _officer_locked(complaint, actor, expected_version)
    errors: dict[str, str] = {}
    body = _text(responsible_body, "responsible_body", errors, minimum=3, maximum=MAX_BODY)
    text = _text(text, "text", errors, required=False)
    _raise(errors)
    _require_open(complaint)
    complaint.responsible_body = body
    complaint.outcome_reason = text
    # The timeline step names the body itself: the complaint's field changes if it reopens.
    _close(complaint, actor, ComplaintStatus.NOT_RESPONSIBLE, UpdateKind.NOT_RESPONSIBLE, now,
           text=f"{body}\n\n{text}".strip(), fields=("responsible_body", "outcome_reason"),
           audit={"responsible_body": body})
    return complaint


def _duplicate_target(complaint: Complaint, number: str) -> Complaint:
    number = (number or "").strip().upper()
    target: Complaint | None = (Complaint.objects.filter(tenant_id=complaint.tenant_id,
                                                         number=number).first()
                                if number else None)
    if target is None:
        raise ValidationFailed(_("Nothing was changed; check the marked fields."),
                               details={"of_number": _("No complaint has this number.")})
    if target.pk == complaint.pk:
        raise ValidationFailed(_("Nothing was changed; check the marked fields."),
                               details={"of_number": _("A complaint cannot duplicate itself.")})
    seen = {complaint.pk}
    step: Complaint | None = target
    while step is not None:
        if step.pk in seen:
            raise ValidationFailed(_("Nothing was changed; check the marked fields."), details={
                "of_number": _("%(number)s is itself a duplicate of this complaint.") % {
                    "number": target.number}})
        seen.add(step.pk)
        step = step.duplicate_of
    return target


@transaction.atomic
def complaint_mark_duplicate(*, complaint: Complaint, actor: User, of_number: str,
                             text: str = "", expected_version: int | None = None,
                             now: dt.datetime | None = None) -> Complaint:
    """Close it as a duplicate of another complaint of the region (linked, public)."""
    now = now or timezone.now()
    complaint = _officer_locked(complaint, actor, expected_version)
    errors: dict[str, str] = {}
    text = _text(text, "text", errors, required=False)
    _raise(errors)
    target = _duplicate_target(complaint, of_number)
    _require_open(complaint)
    complaint.duplicate_of = target
    _close(complaint, actor, ComplaintStatus.DUPLICATE, UpdateKind.DUPLICATE, now,
           text=text or target.number, fields=("duplicate_of",), survey=False,
           audit={"duplicate_of": target.number})
    return complaint


@transaction.atomic
def complaint_hide_text(*, complaint: Complaint, actor: User, reason: str,
                        update: ComplaintUpdate | None = None,
                        expected_version: int | None = None,
                        now: dt.datetime | None = None) -> Complaint:
    """Moderation: hide the complaint's description (or one timeline step's text) from the
    public, with a recorded reason; the original stays for officers and the audit."""
    now = now or timezone.now()
    complaint = _officer_locked(complaint, actor,
                                expected_version if update is None else None)
    errors: dict[str, str] = {}
    reason = _text(reason, "reason", errors, minimum=5, maximum=MAX_REASON)
    _raise(errors)
    if update is None:
        if complaint.hidden_reason:
            raise Conflict(_("This text is already hidden."), code="hidden")
        complaint.hidden_reason = reason
        complaint.hidden_at = now
        _save(complaint, "hidden_reason", "hidden_at")
        target = "description"
    else:
        locked = (ComplaintUpdate.objects.select_for_update(of=("self",))
                  .filter(pk=update.pk, complaint=complaint).first())
        if locked is None or not locked.is_public or not locked.text:
            raise NotFound()
        if locked.hidden_reason:
            raise Conflict(_("This text is already hidden."), code="hidden")
        locked.hidden_reason = reason
        locked.save(update_fields=["hidden_reason", "updated_at"])
        target = f"update:{locked.pk}"
    step = _step(complaint, UpdateKind.HIDDEN, actor, now, text=reason, public=False)
    _audit(complaint, actor, "text_hidden", after={"target": target}, reason=reason)
    complaint_notify(complaint, step)
    return complaint


@transaction.atomic
def complaint_media_review(*, media: ComplaintMedia, actor: User, approve: bool,
                           now: dt.datetime | None = None) -> ComplaintMedia:
    """Publish a photo on the public page, or keep it off (it stays for officers)."""
    now = now or timezone.now()
    complaint = _officer_locked(media.complaint, actor, None)
    locked: ComplaintMedia | None = (ComplaintMedia.objects.select_for_update(of=("self",))
                                     .filter(pk=media.pk, complaint=complaint).first())
    if locked is None:
        raise NotFound()
    before = locked.review
    locked.review = MediaReview.APPROVED if approve else MediaReview.REJECTED
    locked.reviewed_by = actor
    locked.reviewed_at = now
    locked.save(update_fields=["review", "reviewed_by", "reviewed_at", "updated_at"])
    _audit(complaint, actor, "media_reviewed", before={"review": before},
           after={"media": locked.pk, "review": locked.review})
    return locked


# --- the complainant ----------------------------------------------------------------------------
def reopen_until(complaint: Complaint) -> dt.date | None:
    """The last day the complainant may reopen the complaint (None: it is not closed, or it is a
    duplicate)."""
    if (complaint.closed_at is None or complaint.status not in CLOSED_STATUSES
            or complaint.status == ComplaintStatus.DUPLICATE):
        return None
    return local_date(complaint.tenant, complaint.closed_at) + dt.timedelta(days=REOPEN_DAYS)


@transaction.atomic
def complaint_reopen(*, complaint: Complaint, reason: str, secret: str | None = None,
                     actor: User | None = None, expected_version: int | None = None,
                     now: dt.datetime | None = None) -> Complaint:
    """The complainant (by their account, or by the secret of their private link) reopens a
    closed complaint within 14 calendar days of its closing, saying why. The resolve time
    limit starts again from today; the agency is told, and the reopening counts against it."""
    now = now or timezone.now()
    complaint = _locked(complaint)
    by_account = (actor is not None and complaint.complainant_id is not None
                  and actor.pk == complaint.complainant_id)
    by_secret = bool(secret) and _secrets.compare_digest(str(secret), complaint.secret)
    if not (by_account or by_secret):
        raise NotFound()
    if expected_version is not None and complaint.version != expected_version:
        raise Conflict(_("This complaint has changed in the meantime. Reload the page and try "
                         "again."), code="stale")
    errors: dict[str, str] = {}
    reason = _text(reason, "reason", errors)
    _raise(errors)
    if complaint.status == ComplaintStatus.DUPLICATE:
        original = complaint.duplicate_of
        raise Conflict(_("This complaint was joined to %(number)s, which is handled in its "
                         "place; follow that one instead.") % {
            "number": original.number if original else "?"}, code="duplicate")
    if complaint.status not in CLOSED_STATUSES:
        raise Conflict(_("This complaint is still open."), code="open")
    today = local_date(complaint.tenant, now)
    until = reopen_until(complaint)
    if until is None or today > until:
        raise Conflict(_("A complaint can be reopened within %(days)d days of its closing; "
                         "this one was closed on %(date)s. Please file a new complaint.") % {
            "days": REOPEN_DAYS,
            "date": formats.date_format(local_date(complaint.tenant, complaint.closed_at)
                                        if complaint.closed_at else today, "j F Y")},
            code="reopen_expired")
    before = complaint.status
    complaint.status = ComplaintStatus.REOPENED
    complaint.closed_at = None
    complaint.reopen_count += 1
    complaint.resolve_due = working_calendar(complaint.tenant).add_working_days(
        today, complaint.category.resolve_days)
    # The outcome no longer stands; its words stay in the timeline.
    complaint.outcome_reason = ""
    complaint.responsible_body = ""
    _save(complaint, "status", "closed_at", "reopen_count", "resolve_due", "outcome_reason",
          "responsible_body")
    step = _step(complaint, UpdateKind.REOPENED, actor if by_account else None, now,
                 text=reason)
    _audit(complaint, actor if by_account else None, "reopened", before={"status": before},
           after={"status": complaint.status, "reopen_count": complaint.reopen_count,
                  "resolve_due": complaint.resolve_due.isoformat(),
                  "by": "account" if by_account else "private_link",
                  "text_length": len(reason)})
    complaint_notify(complaint, step)
    return complaint
