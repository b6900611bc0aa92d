"""Rendering a message to an applicant: one bilingual e-mail, Indonesian first, then English.

A message is rendered when the action happens and stored as it was rendered, so it says what
was true then and a retry sends the same words. The PIN appears only in the receipt.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import formats, translation

from satupintu.notifications.models import Event
from satupintu.workflow.definitions import compiled

if TYPE_CHECKING:
    from satupintu.applications.models import Application
    from satupintu.workflow.models import CaseTransition

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
}
# While the file waits for the applicant or once it is decided, a target date would mislead.
SHOWS_TARGET_DATE = {Event.REGISTERED, Event.RESUBMITTED, Event.FORWARDED, Event.STATUS_CHANGED}
TEMPLATE_DIR = "notifications/email"
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
        "application_url": public_url(f"/permohonan/{application.pk}/"),
        "tracking_url": public_url("/lacak/"),
        "reason": inputs.get("reason", ""),
        "note": "",
        "citations": [],
        "correction_kind": "",
    }
    if event == Event.SUBMITTED:
        context["pin"] = application.pin
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
    """Subject (the template's first line) and body of the event's message."""
    text = _text(f"{TEMPLATE_DIR}/{event}.txt", context)
    subject, _sep, body = text.partition("\n")
    try:
        html = get_template(f"{TEMPLATE_DIR}/{event}.html").render(context)
    except TemplateDoesNotExist:
        html = ""
    return Rendered(subject=" ".join(subject.split())[:MAX_SUBJECT], body=body.strip() + "\n",
                    html_body=html)
