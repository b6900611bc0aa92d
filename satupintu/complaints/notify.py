"""Telling people about a complaint's steps (M10 channels), in the step's transaction.

- The complainant: with an account, through the notification machinery (in-app list, e-mail,
  on the channels of the tenant's matrix for the complainant); without one but with an e-mail
  address, by a plain bilingual e-mail queued as a task (sent by the worker after commit).
  They hear of the receipt (with their private link), the acknowledgement, answers, a
  forwarding and the outcome — never of internal notes, moderation or escalations.
- The responsible agency's complaint handlers hear of every complaint that arrives there:
  filed, forwarded to it, or reopened (when the agency has none, the DPMPTSP's handlers,
  who coordinate, are told instead).
- The agency's heads (and their Plh/Plt) hear of an overdue complaint (escalation).

Messages never carry the complainant's contact details; officers' messages link to the office
page, the complainant's to their private page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils import formats, translation

from satupintu.accounts.models import Role, User
from satupintu.calendars.selectors import local_date
from satupintu.complaints.models import (
    Complaint,
    ComplaintStatus,
    ComplaintUpdate,
    UpdateKind,
)
from satupintu.notifications.matrix import channels_for
from satupintu.notifications.messages import public_url, render
from satupintu.notifications.models import Channel, Event, RecipientKind

if TYPE_CHECKING:
    from satupintu.tenants.models import Agency

COMPLAINANT_EVENT = {
    UpdateKind.RECEIVED: Event.COMPLAINT_RECEIVED,
    UpdateKind.ACKNOWLEDGED: Event.COMPLAINT_UPDATED,
    UpdateKind.ANSWER: Event.COMPLAINT_UPDATED,
    UpdateKind.FORWARDED: Event.COMPLAINT_UPDATED,
    UpdateKind.RESOLVED: Event.COMPLAINT_CLOSED,
    UpdateKind.CLOSED_UNRESOLVED: Event.COMPLAINT_CLOSED,
    UpdateKind.NOT_RESPONSIBLE: Event.COMPLAINT_CLOSED,
    UpdateKind.DUPLICATE: Event.COMPLAINT_CLOSED,
}
ARRIVALS = {UpdateKind.RECEIVED, UpdateKind.FORWARDED, UpdateKind.REOPENED}


def private_path(complaint: Complaint) -> str:
    """The complainant's private page (no account needed: the secret is the key)."""
    return f"/pengaduan/saya/{complaint.secret}/"


def public_path(complaint: Complaint) -> str:
    return f"/pengaduan/{complaint.number}/"


def office_path(complaint: Complaint) -> str:
    return f"/petugas/pengaduan/{complaint.number}/"


def both_dates(value: dt.date | None) -> dict[str, str] | None:
    if value is None:
        return None
    out = {}
    for language in ("id", "en"):
        with translation.override(language):
            out[language] = formats.date_format(value, "j F Y")
    return out


def _labels(id_text: str, en_text: str) -> dict[str, str]:
    return {"id": id_text, "en": en_text or id_text}


def _status(status: str) -> dict[str, str]:
    out = {}
    for language in ("id", "en"):
        with translation.override(language):
            out[language] = str(ComplaintStatus(status).label)
    return out


def _agency(agency: Agency) -> dict[str, str]:
    return {**_labels(agency.name, agency.name_en), "short": agency.short_name or agency.name}


def base_context(complaint: Complaint, update: ComplaintUpdate) -> dict[str, Any]:
    """What every complaint message may show: no personal data."""
    category = complaint.category
    return {
        "tenant": complaint.tenant.name,
        "number": complaint.number,
        "kind": update.kind,
        "category": _labels(category.name, category.name_en),
        "status": _status(complaint.status),
        "agency": _agency(complaint.agency),
        "acknowledge_due": both_dates(complaint.acknowledge_due),
        "answer_due": both_dates(complaint.answer_due),
        "resolve_due": both_dates(complaint.resolve_due),
        "reopen_count": complaint.reopen_count,
        "public_url": public_url(public_path(complaint)),
    }


def complaint_notify(complaint: Complaint, update: ComplaintUpdate, *,
                     extra: Mapping[str, Any] | None = None) -> None:
    """Queue the messages a timeline step sends, in the caller's transaction."""
    event = COMPLAINANT_EVENT.get(UpdateKind(update.kind))
    if event is not None and update.is_public:
        _to_complainant(complaint, update, event, extra or {})
    if update.kind in ARRIVALS:
        _to_officers(complaint, update, Event.COMPLAINT_ARRIVED, extra or {})
    if update.kind == UpdateKind.ESCALATED:
        _to_officers(complaint, update, Event.COMPLAINT_OVERDUE, extra or {})


def _to_complainant(complaint: Complaint, update: ComplaintUpdate, event: str,
                    extra: Mapping[str, Any]) -> None:
    channels = channels_for(complaint.tenant, event).get(RecipientKind.COMPLAINANT, [])
    if not channels:
        return
    from satupintu.complaints.handling import reopen_until

    context = base_context(complaint, update)
    account = complaint.complainant
    context.update({
        "name": (account.get_full_name() if account is not None else complaint.contact_name),
        "text": "" if update.hidden_reason else update.text,
        "private_url": public_url(private_path(complaint)),
        "outcome": complaint.outcome_reason,
        "responsible_body": complaint.responsible_body,
        "duplicate_of": complaint.duplicate_of.number if complaint.duplicate_of else "",
        "reopen_until": both_dates(reopen_until(complaint)),
        "survey_url": "", "survey_expires": None,
        **extra,
    })
    if account is not None and account.is_active:
        from satupintu.notifications.services import notify_user

        notify_user(tenant=complaint.tenant, recipient=account, event=event, channels=channels,
                    context=context, path=private_path(complaint))
    elif complaint.contact_email and Channel.EMAIL in channels:
        message = render(event, context)
        from satupintu.complaints.tasks import send_complaint_email

        send_complaint_email.enqueue(complaint.pk, message.subject, message.body, 1)


def handlers(agency: Agency) -> list[User]:
    """The agency's complaint handlers; the DPMPTSP's when it has none."""
    from satupintu.tenants.selectors import one_stop_agency
    from satupintu.workflow.assignment import eligible_officers

    people = list(eligible_officers(agency, Role.COMPLAINT_HANDLER).order_by("pk"))
    if not people and not agency.is_one_stop:
        people = list(eligible_officers(one_stop_agency(tenant=agency.tenant),
                                        Role.COMPLAINT_HANDLER).order_by("pk"))
    return people


def _to_officers(complaint: Complaint, update: ComplaintUpdate, event: str,
                 extra: Mapping[str, Any]) -> None:
    from satupintu.notifications.recipients import heads
    from satupintu.notifications.services import notify_user

    rules = channels_for(complaint.tenant, event)
    today = local_date(complaint.tenant)
    groups: list[tuple[str, list[User]]] = []
    if rules.get(RecipientKind.AGENCY_HEAD):
        groups.append((RecipientKind.AGENCY_HEAD, heads(complaint.agency, today)))
    if rules.get(RecipientKind.COMPLAINT_HANDLERS):
        people = handlers(complaint.agency)
        assignee = complaint.assignee
        if assignee is not None and assignee.is_active and assignee not in people:
            people.append(assignee)
        groups.append((RecipientKind.COMPLAINT_HANDLERS, people))
    seen: set[int] = set()
    previous = None
    if update.kind == UpdateKind.FORWARDED:
        previous = (ComplaintUpdate.objects.filter(complaint=complaint, at__lte=update.at)
                    .exclude(pk=update.pk).exclude(agency=complaint.agency)
                    .order_by("-at", "-pk").select_related("agency").first())
    for kind, people in groups:
        for person in people:
            if person.pk in seen or (update.actor_id is not None
                                     and person.pk == update.actor_id):
                continue
            seen.add(person.pk)
            context = base_context(complaint, update)
            context.update({
                "name": person.get_full_name(),
                "for_head": kind == RecipientKind.AGENCY_HEAD,
                # Officers read what the step says (the forwarding or reopening reason).
                "text": update.text if update.kind != UpdateKind.RECEIVED else "",
                "from_agency": (_agency(previous.agency) if previous is not None
                                and previous.agency is not None else None),
                "office_url": public_url(office_path(complaint)),
                "stages": [], "days_late": None,
                **extra,
            })
            notify_user(tenant=complaint.tenant, recipient=person, event=event,
                        channels=rules.get(kind, []), context=context,
                        path=office_path(complaint))
