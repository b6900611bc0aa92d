"""The workflow effects that tell people what happened to a file: the applicant
(`notify_applicant`) and the officers whose pool it entered (`notify_officers`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from satupintu.applications.models import Application
from satupintu.notifications.messages import event_for
from satupintu.notifications.models import Event
from satupintu.notifications.recipients import holdings
from satupintu.notifications.services import notify_applicant, notify_officers
from satupintu.workflow.models import Case, CaseTransition
from satupintu.workflow.registry import effect


def _transition(case: Case, ctx: dict[str, Any]) -> CaseTransition:
    transition_id = ctx.get("transition_id")
    transition = (CaseTransition.objects.select_related("actor")
                  .filter(pk=transition_id, case=case).first()
                  if isinstance(transition_id, int) else None)
    if transition is None:
        raise LookupError(f"effect context names no step of case {case.pk}: {ctx!r}")
    return transition


@effect("notify_applicant", mode="deferred")
def notify_applicant_effect(case: Case, ctx: dict[str, Any]) -> None:
    """Queue the applicant's messages for the step that ran this effect; a case that is not an
    application (a complaint, a test file) has no applicant to write to here."""
    application = (Application.objects.select_related("tenant", "applicant", "service", "variant")
                   .filter(case=case).first())
    if application is None:
        return
    transition = _transition(case, ctx)
    application.case = case
    with transaction.atomic():
        notify_applicant(application=application, event=event_for(transition.action),
                         transition=transition)


@effect("notify_officers", mode="deferred")
def notify_officers_effect(case: Case, ctx: dict[str, Any]) -> None:
    """Tell the officers whose pool the step entered (`entered_pool`): the assignee if the step
    is assigned, else the pool of its role in the holding agency; in a parallel review, per
    agency. Nothing if the file has moved on since: that step's own effect tells its holders.
    Whoever took the step is not told of it."""
    transition = _transition(case, ctx)
    case = Case.objects.select_related("definition", "tenant", "holder_agency", "assignee").get(
        pk=case.pk)
    if case.state != transition.to_state or case.state_entered_at != transition.at:
        return
    with transaction.atomic():
        notify_officers(case=case, event=Event.ENTERED_POOL, holdings=holdings(case),
                        transition=transition, skip=transition.actor)
