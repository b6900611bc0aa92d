"""Steps whose effects no action of a definition can name, reported by a job instead.

A file's submission (`case_start`, action `submit`) puts it in the front office's pool; the
last agency's recommendation ends a parallel review (`reviews_complete`), putting it in the
verifiers' pool; a correction beyond the limit goes to the head of office (the definition's
`correction.escalate_to`) with the action's effects dropped. Definitions attach effects to
actions only, so a job (every two minutes) reads the transitions past a cursor and queues, for
these, the effects the step would have had: `notify_officers` (and, for the end of a review,
`notify_applicant`: the `recommended` message). They are ordinary effect runs — retried,
visible in the admin — and the messages they queue are once per step, so a run queued twice
sends nothing more.

Transitions are read only once they are `SETTLE` old, so one still being committed when the
job passes is not skipped. When the engine can attach effects to these steps itself, this
job goes.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from satupintu.notifications.models import EntryCursor
from satupintu.workflow.definitions import compiled
from satupintu.workflow.engine import REVIEWS_COMPLETE
from satupintu.workflow.models import CaseTransition, EffectRun, WorkflowDefinition

ENTRY_EFFECTS: dict[str, list[str]] = {
    "submit": ["notify_officers"],
    REVIEWS_COMPLETE: ["notify_officers", "notify_applicant"],
}
CURSOR = "engine_entries"
SETTLE = dt.timedelta(seconds=30)
BATCH = 500


def _effects(action: str, to_state: str, definition: WorkflowDefinition) -> list[str]:
    if action in ENTRY_EFFECTS:
        return ENTRY_EFFECTS[action]
    flow = compiled(definition)
    act = flow.actions.get(action)
    escalation = flow.spec.correction.escalate_to if flow.spec.correction else None
    if act is not None and act.correction and to_state == escalation:
        return ["notify_officers"]
    return []


def queue_entry_effects(now: dt.datetime | None = None) -> int:
    """Queue the effects of the new engine-recorded steps; how many effect runs."""
    from satupintu.workflow.tasks import run_effect

    cutoff = (now or timezone.now()) - SETTLE
    definitions: dict[int, WorkflowDefinition] = {}
    queued = 0
    while True:
        with transaction.atomic():
            cursor = EntryCursor.objects.select_for_update().filter(name=CURSOR).first()
            if cursor is None:
                # First run (a new install, or this job's first deployment): report from now
                # on, not the whole history.
                start = CaseTransition.objects.aggregate(last=Max("pk"))["last"] or 0
                EntryCursor.objects.create(name=CURSOR, last_transition_id=start)
                return queued
            rows = list(CaseTransition.objects.filter(pk__gt=cursor.last_transition_id)
                        .order_by("pk").values_list("pk", "action", "to_state", "at", "case_id",
                                                    "tenant_id", "case__definition_id")[:BATCH])
            last = cursor.last_transition_id
            for pk, action, to_state, at, case_id, tenant_id, definition_id in rows:
                if at > cutoff:
                    break  # this one and those after it on a later run
                last = pk
                if definition_id not in definitions:
                    definitions[definition_id] = WorkflowDefinition.objects.get(pk=definition_id)
                for name in _effects(action, to_state, definitions[definition_id]):
                    if EffectRun.objects.filter(transition_id=pk, effect=name).exists():
                        continue
                    run = EffectRun.objects.create(tenant_id=tenant_id, case_id=case_id,
                                                   transition_id=pk, effect=name,
                                                   context={"transition_id": pk})
                    run_effect.enqueue(run.pk)
                    queued += 1
            if last != cursor.last_transition_id:
                cursor.last_transition_id = last
                cursor.save(update_fields=["last_transition_id"])
            if len(rows) < BATCH or last != rows[-1][0]:
                return queued
