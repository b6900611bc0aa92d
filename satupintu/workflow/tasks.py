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
LEASE = dt.timedelta(minutes=10)


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, 4 min, … capped at one hour."""
    delay: dt.timedelta = BACKOFF_BASE * (2 ** max(attempts - 1, 0))
    return min(delay, dt.timedelta(hours=1))


@task()
def run_effect(effect_run_id: int) -> str:
    """Run one deferred effect; on failure schedule a retry, and after the last, mark it failed.

    The transition it belongs to is already committed: a failing effect never undoes it. The
    effect itself runs outside any transaction (on SQLite an open transaction would hold the
    database's write lock for as long as, say, a mail server takes to answer): the run is
    claimed with a lease in one short transaction and its outcome recorded in another.
    """
    with transaction.atomic():
        run = (EffectRun.objects.select_for_update().select_related("case")
               .filter(pk=effect_run_id).first())
        now = timezone.now()
        if run is None or run.status != EffectStatus.PENDING or (
                run.lease_until is not None and run.lease_until > now):
            return "skipped"
        run.attempts += 1
        run.lease_until = now + LEASE
        run.save(update_fields=["attempts", "lease_until", "updated_at"])
    effect = EFFECTS.get(run.effect)
    error = ""
    try:
        if effect is None:
            raise LookupError(f"no effect named {run.effect} is registered")
        effect.fn(run.case, dict(run.context))
    except Exception as exc:
        error = "".join(traceback.format_exception_only(exc)).strip()[:4000]
    with transaction.atomic():
        run = EffectRun.objects.select_for_update().get(pk=effect_run_id)
        run.lease_until = None
        if not error:
            run.status, run.finished_at, run.last_error = (EffectStatus.SUCCEEDED,
                                                           timezone.now(), "")
            run.save()
            return "succeeded"
        run.last_error = error
        if run.attempts >= (effect.max_attempts if effect else 1):
            run.status, run.finished_at = EffectStatus.FAILED, timezone.now()
        else:
            run.next_attempt_at = timezone.now() + backoff(run.attempts)
            run_effect.using(run_after=run.next_attempt_at).enqueue(run.pk)
        run.save()
        return "failed" if run.status == EffectStatus.FAILED else "retrying"


@task()
def requeue_abandoned_effects() -> int:
    """Effects whose worker died mid-run (lease expired, still pending) are queued again."""
    now = timezone.now()
    abandoned = list(EffectRun.objects.filter(status=EffectStatus.PENDING, lease_until__lt=now)
                     .values_list("pk", flat=True))
    for pk in abandoned:
        with transaction.atomic():
            EffectRun.objects.filter(pk=pk, lease_until__lt=now).update(lease_until=None)
            run_effect.enqueue(pk)
    return len(abandoned)


@task()
def clock_tick() -> dict[str, int]:
    """Deadline warnings, fiktif positif flags and paused files' due dates, for every tenant."""
    from satupintu.workflow.monitor import tick_all

    return tick_all()


register("workflow_clock_tick", dt.timedelta(hours=1), clock_tick)
register("workflow_requeue_abandoned_effects", dt.timedelta(minutes=10), requeue_abandoned_effects)
