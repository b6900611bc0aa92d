"""The scheduler's own housekeeping job."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from satupintu.scheduler.registry import register

KEEP_FINISHED_TASKS = dt.timedelta(days=14)


@task()
def prune_finished_tasks() -> int:
    """Delete task rows that finished successfully two weeks ago; failures stay for review."""
    deleted, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=timezone.now() - KEEP_FINISHED_TASKS
    ).delete()
    return deleted


register("prune_finished_tasks", dt.timedelta(days=1), prune_finished_tasks)
