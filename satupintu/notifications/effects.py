"""The workflow effect that tells the applicant what happened to their file."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from satupintu.applications.models import Application
from satupintu.notifications.messages import event_for
from satupintu.notifications.services import notify_applicant
from satupintu.workflow.models import Case, CaseTransition
from satupintu.workflow.registry import effect


@effect("notify_applicant", mode="deferred")
def notify_applicant_effect(case: Case, ctx: dict[str, Any]) -> None:
    """Queue the message for the step that ran this effect; a case that is not an application
    (a complaint, a test file) has no applicant to write to here."""
    application = (Application.objects.select_related("tenant", "applicant", "service", "variant")
                   .filter(case=case).first())
    if application is None:
        return
    transition_id = ctx.get("transition_id")
    transition = (CaseTransition.objects.filter(pk=transition_id, case=case).first()
                  if isinstance(transition_id, int) else None)
    if transition is None:
        raise LookupError(f"effect context names no step of case {case.pk}: {ctx!r}")
    application.case = case
    with transaction.atomic():
        notify_applicant(application=application, event=event_for(transition.action),
                         transition=transition)
