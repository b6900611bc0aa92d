"""Periodic jobs: a name, an interval and a django-tasks task to enqueue.

Apps declare their jobs with `register(...)` in their `tasks.py` (imported by the scheduler);
the scheduler enqueues each due job as an ordinary task row, and the worker runs it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from satupintu.scheduler.models import ScheduledJob

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: dt.timedelta
    task: Any  # a django_tasks Task


JOBS: dict[str, PeriodicJob] = {}


def register(name: str, every: dt.timedelta, task: Any) -> None:
    JOBS[name] = PeriodicJob(name=name, every=every, task=task)


def enqueue_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose interval has passed; return their names.

    The claim is a compare-and-set UPDATE on the job's row, committed together with the task
    row, so however many schedulers run against one database, each period enqueues once.
    """
    now = now or timezone.now()
    enqueued: list[str] = []
    for job in JOBS.values():
        ScheduledJob.objects.get_or_create(name=job.name, defaults={"last_enqueued_at": EPOCH})
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(
                name=job.name, last_enqueued_at__lte=now - job.every
            ).update(last_enqueued_at=now, runs=F("runs") + 1)
            if claimed:
                job.task.enqueue()
                enqueued.append(job.name)
    return enqueued
