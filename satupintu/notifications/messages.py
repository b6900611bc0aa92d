"""Rendering messages: bilingual, Indonesian first, then English.

E-mails are full letters (`templates/notifications/email/<event>.txt`); in-app and WhatsApp/SMS
messages are short (`templates/notifications/short/<event>.txt`: a title line, then the text).
A message is rendered when its event happens and stored as it was rendered, so it says what
was true then and a retry sends the same words. The PIN appears only in the receipt e-mail;
short messages carry no personal data beyond the tracking number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import formats, translation

from satupintu.applications.rejection import letter_number
from satupintu.notifications.models import Event, RecipientKind
from satupintu.workflow.definitions import compiled

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.applications.models import Application
    from satupintu.notifications.recipients import Holding
    from satupintu.workflow.models import Case, CaseTransition

# The workflow actions that concern the applicant, and the message each one sends; an action
# not listed here that has the effect gets the plain "status changed" message.
ACTION_EVENTS: dict[str, Event] = {
    "register": Event.REGISTERED,
    "return_incomplete": Event.RETURNED,
    "return_for_correction": Event.RETURNED,
    "return_for_major_correction": Event.RETURNED,
    "resubmit": Event.RESUBMITTED,
    "forward_to_review": Event.FORWARDED,
    "approve": Event.APPROVED,
    "reject": Event.REJECTED,
    "sign": Event.ISSUED,
    "hand_over": Event.HANDED_OVER,
    "withdraw": Event.WITHDRAWN,
    # Recorded by the engine when the last agency of a parallel review has recommended.
    "reviews_complete": Event.RECOMMENDED,
}
# While the file waits for the applicant or once it is decided, a target date would mislead.
SHOWS_TARGET_DATE = {Event.REGISTERED, Event.RESUBMITTED, Event.FORWARDED, Event.RECOMMENDED,
                     Event.STATUS_CHANGED}
TEMPLATE_DIR = "notifications/email"
SHORT_DIR = "notifications/short"
MAX_SUBJECT = 300


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    html_body: str


def event_for(action: str) -> Event:
    return ACTION_EVENTS.get(action, Event.STATUS_CHANGED)


def _both(value: dt.date | None) -> dict[str, str] | None:
    """A date written out in Indonesian and in English (never in the reader's locale)."""
    if value is None:
        return None
    out = {}
    for language in ("id", "en"):
        with translation.override(language):
            out[language] = formats.date_format(value, "j F Y")
    return out


def public_url(path: str) -> str:
    return f"{settings.SATUPINTU_PUBLIC_URL.rstrip('/')}{path}"


def applicant_path(application: Application) -> str:
    return f"/permohonan/{application.pk}/"


def officer_path(case: Case) -> str:
    """The officer's page of a file (the back office's file view)."""
    return f"/petugas/berkas/{case.pk}/"


def _citations(application: Application, transition: CaseTransition) -> list[dict[str, str]]:
    cited = transition.inputs.get("citations") or []
    names = {r.code: r for r in application.variant.requirements.filter(
        code__in=[c["code"] for c in cited])}
    out = []
    for citation in cited:
        requirement = names.get(citation["code"])
        name_id = requirement.name if requirement else citation["code"]
        name_en = (requirement.name_en or requirement.name) if requirement else citation["code"]
        out.append({"code": citation["code"], "name_id": name_id, "name_en": name_en,
                    "note": citation.get("note", "")})
    return out


def message_context(
    *, application: Application, event: str, transition: CaseTransition | None
) -> dict[str, Any]:
    """What a template may show: the file as it stands after the action."""
    case = application.case
    assert case is not None, "only submitted applications have messages"
    state_code = transition.to_state if transition is not None else case.state
    label = compiled(case.definition).states[state_code].label
    # The worker renders a step's message moments after it; if the file has moved on since,
    # today's due dates belong to a later step and are left out (the links show them).
    current = transition is None or case.version == transition.seq
    inputs: dict[str, Any] = dict(transition.inputs) if transition is not None else {}
    service = application.service
    context: dict[str, Any] = {
        "event": event,
        "tenant": application.tenant.name,
        "name": application.applicant.get_full_name(),
        "tracking_number": application.tracking_number,
        "service": {"id": service.name, "en": service.name_en or service.name},
        "status": {"id": label.id, "en": label.en},
        "service_days": case.service_days,
        "target_date": (_both(case.service_due_date)
                        if current and event in SHOWS_TARGET_DATE else None),
        "step_due": _both(case.state_due_date) if current else None,
        "application_url": public_url(applicant_path(application)),
        "tracking_url": public_url("/lacak/"),
        "reason": inputs.get("reason", ""),
        "note": "",
        "citations": [],
        "correction_kind": "",
    }
    if event == Event.SUBMITTED:
        context["pin"] = application.pin
    if event == Event.REJECTED:
        context["letter_url"] = public_url(
            reverse("applications:rejection_letter", args=[application.pk]))
        context["letter_number"] = letter_number(application.tracking_number or "")
    if event == Event.RETURNED and transition is not None:
        context["citations"] = _citations(application, transition)
        context["note"] = inputs.get("note", "")
        context["correction_kind"] = {
            "return_incomplete": "incomplete", "return_for_major_correction": "major",
        }.get(transition.action, "correction")
    return context


def _text(name: str, context: dict[str, Any]) -> str:
    # A plain-text message is not HTML: "&" and quotes must arrive as typed.
    text = get_template(name).template.render(  # type: ignore[attr-defined]
        Context(context, autoescape=False))
    lines = [line.rstrip() for line in str(text).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def render(event: str, context: dict[str, Any]) -> Rendered:
    """Subject (the template's first line) and body of the event's e-mail."""
    text = _text(f"{TEMPLATE_DIR}/{event}.txt", context)
    subject, _sep, body = text.partition("\n")
    try:
        html = get_template(f"{TEMPLATE_DIR}/{event}.html").render(context)
    except TemplateDoesNotExist:
        html = ""
    return Rendered(subject=" ".join(subject.split())[:MAX_SUBJECT], body=body.strip() + "\n",
                    html_body=html)


def render_short(event: str, context: dict[str, Any]) -> Rendered:
    """Title (the first line) and text of the event's short message (in-app, WhatsApp/SMS)."""
    text = _text(f"{SHORT_DIR}/{event}.txt", context)
    subject, _sep, body = text.partition("\n")
    return Rendered(subject=" ".join(subject.split())[:MAX_SUBJECT], body=body.strip(),
                    html_body="")


def _labels(id_text: str, en_text: str) -> dict[str, str]:
    return {"id": id_text, "en": en_text or id_text}


def officer_context(
    *, case: Case, application: Application | None, event: str, holding: Holding,
    recipient: User, kind: str, today: dt.date, days: int | None = None,
) -> dict[str, Any]:
    """What an officer's message may show: the file's reference, service, step, holding agency
    and due date, and for a head who holds it; never the applicant's personal data."""
    flow = compiled(case.definition)
    label = flow.states[case.state].label
    agency = holding.agency
    reference = application.tracking_number if application is not None else f"#{case.pk}"
    service = (_labels(application.service.name, application.service.name_en)
               if application is not None else None)
    assignee = holding.assignee
    return {
        "event": event,
        "tenant": case.tenant.name,
        "name": recipient.get_full_name(),
        "reference": reference,
        "service": service,
        "step": {"id": label.id, "en": label.en},
        "agency": {**_labels(agency.name, agency.name_en),
                   "short": agency.short_name or agency.name},
        "due": _both(holding.due),
        "service_due": _both(case.service_due_date),
        "today": _both(today),
        "days_left": days if days is not None and days >= 0 else None,
        "days_late": -days if days is not None and days < 0 else None,
        "assigned_to_you": assignee is not None and assignee.pk == recipient.pk,
        "assignee": assignee.get_full_name() if assignee is not None else "",
        # Heads are told of a file they do not work on themselves (an escalation).
        "for_head": kind in (RecipientKind.AGENCY_HEAD, RecipientKind.ONE_STOP_HEAD),
        "file_url": public_url(officer_path(case)),
    }
