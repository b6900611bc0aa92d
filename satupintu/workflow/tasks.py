"""Worker tasks: deferred effects with retries, and the hourly clock tick."""

from __future__ import annotations

import datetime as dt
import traceback

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from satupintu.scheduler.registry import register
from satupintu.workflow.models import EffectRun, EffectStatus
from satupintu.workflow.registry import EFFECTS

BACKOFF_BASE = dt.timedelta(seconds=30)


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, 4 min, … capped at one hour."""
    delay: dt.timedelta = BACKOFF_BASE * (2 ** max(attempts - 1, 0))
    return min(delay, dt.timedelta(hours=1))


@task()
def run_effect(effect_run_id: int) -> str:
    """Run one deferred effect; on failure schedule a retry, and after the last, mark it failed.

    The transition it belongs to is already committed: a failing effect never undoes it.
    """
    with transaction.atomic():
        run = (EffectRun.objects.select_for_update().select_related("case")
               .filter(pk=effect_run_id).first())
        if run is None or run.status != EffectStatus.PENDING:
            return "skipped"
        effect = EFFECTS.get(run.effect)
        run.attempts += 1
        try:
            if effect is None:
                raise LookupError(f"no effect named {run.effect} is registered")
            with transaction.atomic():
                effect.fn(run.case, dict(run.context))
        except Exception as exc:
            run.last_error = "".join(traceback.format_exception_only(exc)).strip()[:4000]
            limit = effect.max_attempts if effect else 1
            if run.attempts >= limit:
                run.status = EffectStatus.FAILED
                run.finished_at = timezone.now()
            else:
                run.next_attempt_at = timezone.now() + backoff(run.attempts)
                run_effect.using(run_after=run.next_attempt_at).enqueue(run.pk)
            run.save()
            return "failed" if run.status == EffectStatus.FAILED else "retrying"
        run.status = EffectStatus.SUCCEEDED
        run.finished_at = timezone.now()
        run.last_error = ""
        run.save()
        return "succeeded"


@task()
def clock_tick() -> dict[str, int]:
    """Deadline warnings, fiktif positif flags and paused files' due dates, for every tenant."""
    from satupintu.workflow.monitor import tick_all

    return tick_all()


register("workflow_clock_tick", dt.timedelta(hours=1), clock_tick)
