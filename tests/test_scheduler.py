"""The scheduler enqueues each periodic job once per period, however many run."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from satupintu.scheduler.registry import JOBS, enqueue_due_jobs
from satupintu.scheduler.tasks import prune_finished_tasks


@pytest.mark.django_db
def test_a_due_job_is_enqueued_once_per_interval() -> None:
    now = timezone.now()
    assert "prune_finished_tasks" in JOBS
    assert "prune_finished_tasks" in enqueue_due_jobs(now)
    assert "prune_finished_tasks" not in enqueue_due_jobs(now + dt.timedelta(hours=1))
    assert "prune_finished_tasks" in enqueue_due_jobs(now + dt.timedelta(days=1, seconds=1))
    assert DBTaskResult.objects.filter(task_path__endswith="prune_finished_tasks").count() == 2


@pytest.mark.django_db
def test_pruning_keeps_failures_and_recent_results() -> None:
    old = timezone.now() - dt.timedelta(days=30)
    result = prune_finished_tasks.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(status="SUCCESSFUL", finished_at=old)
    failed = prune_finished_tasks.enqueue()
    DBTaskResult.objects.filter(id=failed.id).update(status="FAILED", finished_at=old)
    prune_finished_tasks.call()
    assert not DBTaskResult.objects.filter(id=result.id).exists()
    assert DBTaskResult.objects.filter(id=failed.id).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_enqueue_a_job_only_once() -> None:
    now = timezone.now()
    claimed: list[list[str]] = []
    barrier = threading.Barrier(4)

    def run() -> None:
        barrier.wait()
        try:
            claimed.append(enqueue_due_jobs(now))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(names.count("prune_finished_tasks") for names in claimed) == 1
    assert DBTaskResult.objects.filter(task_path__endswith="prune_finished_tasks").count() == 1
