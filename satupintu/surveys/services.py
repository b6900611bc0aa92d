"""Writes of the satisfaction survey: inviting a respondent, answering (by invitation link or at
the counter's kiosk), and starting a kiosk. Each is one transaction with its audit record; the
audit never holds the answers' respondent, the profile or the suggestion (ADR 0015)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.surveys.elements import CODES, FIELDS, MAX_SUGGESTION, PROFILE_CHOICES
from satupintu.surveys.kiosk import KioskGrant, kiosk_agency
from satupintu.surveys.models import Invitation, SurveyChannel, SurveyResponse

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.applications.models import Application
    from satupintu.catalog.models import Service
    from satupintu.complaints.models import Complaint
    from satupintu.tenants.models import Tenant

# How long an invitation link stays open: two months covers a holiday season and a reminder.
INVITATION_DAYS = 60
TOKEN_BYTES = 16  # 128 bits
MAX_TOKEN = 100


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (a leaked table opens no survey)."""
    return hashlib.sha256(token.strip().encode("utf-8", "replace")).hexdigest()


def _both_dates(value: dt.date) -> dict[str, str]:
    out = {}
    for language in ("id", "en"):
        with translation.override(language):
            out[language] = formats.date_format(value, "j F Y")
    return out


@transaction.atomic
def survey_invite(
    *, application: Application | None = None, complaint: Complaint | None = None,
    actor: User | None = None, token: str | None = None, notify: bool = True,
    now: dt.datetime | None = None,
) -> Invitation:
    """Invite the applicant of a completed file (or the complainant of a closed complaint) to
    the survey, once: a second call returns the first invitation, without its token. A new
    invitation carries its secret in `raw_token` (and `link_path`); for an application the
    applicant is told on the channels of the tenant's matrix. `token` fixes the secret (the
    demo's printed link); real invitations get 128 random bits."""
    if (application is None) == (complaint is None):
        raise ValueError("invite for exactly one application or complaint")
    now = now or timezone.now()
    subject: Any = application if application is not None else complaint
    tenant = subject.tenant
    lookup = ({"application": application} if application is not None
              else {"complaint": complaint})
    existing = Invitation.objects.filter(tenant=tenant, **lookup).first()
    if existing is not None:
        return existing
    service = getattr(subject, "service", None) if application is not None else None
    agency = service.lead_agency if service is not None else getattr(subject, "agency", None)
    raw = token or secrets.token_urlsafe(TOKEN_BYTES)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                tenant=tenant, token_hash=token_hash(raw), service=service, agency=agency,
                expires_at=now + dt.timedelta(days=INVITATION_DAYS), **lookup)
    except IntegrityError:  # invited concurrently: the other call's invitation stands
        found = Invitation.objects.filter(tenant=tenant, **lookup).first()
        if found is None:
            raise
        return found
    invitation.raw_token = raw
    record(tenant=tenant, actor=actor, action="survey.invite", obj=invitation, after={
        "application": application.pk if application is not None else None,
        "complaint": complaint.pk if complaint is not None else None,
        "expires_at": invitation.expires_at.isoformat()})
    if notify and application is not None and application.case_id is not None:
        from satupintu.notifications.messages import public_url
        from satupintu.notifications.models import Event
        from satupintu.notifications.services import notify_applicant

        notify_applicant(application=application, event=Event.SURVEY_INVITED, extra={
            "survey_url": public_url(invitation.link_path),
            "survey_expires": _both_dates(local_date(tenant, invitation.expires_at))})
    return invitation


def _answer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip() in {"1", "2", "3", "4"}:
        return int(value.strip())
    if isinstance(value, int) and 1 <= value <= 4:
        return value
    return None


def clean_answers(raw: Any) -> tuple[dict[str, int], dict[str, str]]:
    """The nine answers by field (`u1`…`u9`) from `{"U1": 4, …}` or a list of nine, and the
    problems by element code."""
    problems: dict[str, str] = {}
    if isinstance(raw, Mapping):
        given = {str(k).strip().upper(): v for k, v in raw.items()}
        for key in given:
            if key not in CODES:
                problems[key[:10]] = _("There is no such element; the elements are U1 to U9.")
    elif isinstance(raw, Sequence) and not isinstance(raw, str | bytes):
        if len(raw) != len(CODES):
            problems["answers"] = _("Give exactly nine answers, U1 to U9 in order.")
        given = {code: raw[i] for i, code in enumerate(CODES) if i < len(raw)}
    else:
        return {}, {"answers": _("Answer each of the nine elements with 1 to 4.")}
    out: dict[str, int] = {}
    for code, field in zip(CODES, FIELDS, strict=True):
        if given.get(code) in (None, ""):
            problems[code] = _("Answer this question.")
            continue
        value = _answer(given[code])
        if value is None:
            problems[code] = _("Choose one of the four answers (1 to 4).")
        else:
            out[field] = value
    return out, problems


def clean_profile(raw: Mapping[str, Any] | None) -> tuple[dict[str, str], dict[str, str]]:
    """The optional profile (sex, age band, education, occupation): each empty or a choice of
    the regulation's form."""
    out: dict[str, str] = {}
    problems: dict[str, str] = {}
    raw = raw or {}
    if not isinstance(raw, Mapping):
        return out, {"profile": _("The profile must be an object of named values.")}
    for name, choices in PROFILE_CHOICES.items():
        value = raw.get(name)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or value not in choices.values:
            problems[name] = _("Choose one of the listed options, or leave it empty.")
        else:
            out[name] = value
    for name in raw:
        if name not in PROFILE_CHOICES:
            problems[str(name)[:30]] = _("There is no such profile question.")
    return out, problems


def _clean_suggestion(text: Any, problems: dict[str, str]) -> str:
    if text is None:
        return ""
    if not isinstance(text, str) or "\x00" in text:
        problems["suggestion"] = _("The suggestion must be text.")
        return ""
    cleaned = str(text).strip()
    if len(cleaned) > MAX_SUGGESTION:
        problems["suggestion"] = _("At most %(max)s characters.") % {"max": MAX_SUGGESTION}
    return cleaned


def _open_invitation(tenant: Tenant, token: str, now: dt.datetime) -> Invitation:
    """The invitation of `token` in this tenant, locked; 404 unknown (or another region's),
    409 already answered or expired."""
    token = (token or "").strip()
    invitation = None
    if 0 < len(token) <= MAX_TOKEN:
        invitation = (Invitation.objects.select_for_update(of=("self",))
                      .select_related("service", "agency")
                      .filter(tenant=tenant, token_hash=token_hash(token)).first())
    if invitation is None:
        raise NotFound(_("This survey link is not valid. Check that you copied the whole "
                         "link from the message."), code="invitation_not_found")
    if invitation.used_at is not None:
        raise Conflict(_("This survey link has already been used: each invitation can be "
                         "answered once. Thank you, your answers were recorded."),
                       code="invitation_used")
    if invitation.expires_at <= now:
        raise Conflict(_("This survey link has expired."), code="invitation_expired")
    return invitation


@transaction.atomic
def survey_respond(
    *, tenant: Tenant, answers: Any, token: str | None = None, kiosk: KioskGrant | None = None,
    service: Service | None = None, profile: Mapping[str, Any] | None = None,
    suggestion: Any = "", now: dt.datetime | None = None,
) -> SurveyResponse:
    """Store one respondent's answers, by invitation `token` (used once) or at a `kiosk` (the
    citizen picks the `service`, if any). Refused and nothing stored: an unknown or another
    region's token (404), a used or expired one (409), a missing or out-of-range answer or a
    bad profile (422, per field). Two submissions of one token at once: exactly one is kept."""
    if (token is None) == (kiosk is None):
        raise ValueError("answer by exactly one of token or kiosk")
    now = now or timezone.now()
    invitation = _open_invitation(tenant, token, now) if token is not None else None
    values, problems = clean_answers(answers)
    profile_values, profile_problems = clean_profile(profile)
    problems.update(profile_problems)
    text = _clean_suggestion(suggestion, problems)
    if invitation is not None:
        service, agency = invitation.service, invitation.agency
    else:
        assert kiosk is not None
        if kiosk.tenant_id != tenant.pk:
            raise PermissionDenied()
        if service is not None and (service.tenant_id != tenant.pk or not service.is_active):
            problems["service"] = _("Choose one of the services listed.")
        agency = (service.lead_agency if service is not None
                  else kiosk_agency(tenant, kiosk))
    if problems:
        raise ValidationFailed(_("Some answers are missing or not valid."), details=problems)
    if invitation is not None and not Invitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True).update(used_at=now, updated_at=now):
        raise Conflict(_("This survey link has already been used: each invitation can be "
                         "answered once. Thank you, your answers were recorded."),
                       code="invitation_used")
    response = SurveyResponse.objects.create(
        tenant=tenant, service=service, agency=agency,
        channel=SurveyChannel.LINK if invitation is not None else SurveyChannel.KIOSK,
        suggestion=text, submitted_at=now, **values, **profile_values)
    record(tenant=tenant, actor=None, action="survey.respond", obj=response, after={
        "channel": response.channel, "service": service.code if service is not None else None,
        "agency": agency.code if agency is not None else None,
        "invitation": invitation.pk if invitation is not None else None})
    return response


@transaction.atomic
def survey_kiosk_start(*, tenant: Tenant, actor: User) -> KioskGrant:
    """A front-office clerk turns this device into the survey kiosk of their agency; the grant
    goes into a signed cookie (`surveys.kiosk`)."""
    from satupintu.accounts.models import Membership, Role

    membership = (Membership.objects.select_related("agency")
                  .filter(user=actor, tenant=tenant, role=Role.FRONT_OFFICE, is_active=True)
                  .order_by("-agency__is_one_stop", "pk").first())
    if membership is None or actor.tenant_id != tenant.pk:
        raise PermissionDenied(_("Only front-office clerks start the survey kiosk."))
    grant = KioskGrant(tenant_id=tenant.pk, agency_id=membership.agency_id, officer_id=actor.pk)
    record(tenant=tenant, actor=actor, action="survey.kiosk_start",
           object_type="surveys.kiosk", object_id=str(membership.agency_id),
           object_label=f"survey kiosk of {membership.agency}")
    return grant
