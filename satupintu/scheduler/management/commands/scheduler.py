"""`manage.py scheduler`: enqueue periodic jobs when they fall due (run next to db_worker)."""

from __future__ import annotations

import importlib
import signal
import time
from types import FrameType
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from satupintu.scheduler.registry import JOBS, enqueue_due_jobs


def load_job_modules() -> None:
    """Import every app's `tasks` module so its `register(...)` calls run."""
    for config in apps.get_app_configs():
        if config.name.startswith("satupintu."):
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tasks":
                    raise


class Command(BaseCommand):
    help = "Enqueue periodic jobs as they fall due; run one next to `manage.py db_worker`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="check once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        load_job_modules()
        self.running = True
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)
        self.stdout.write(f"scheduler: {len(JOBS)} periodic jobs: {', '.join(sorted(JOBS))}")
        while self.running:
            for name in enqueue_due_jobs():
                self.stdout.write(f"scheduler: enqueued {name}")
            close_old_connections()
            if options["once"]:
                break
            deadline = time.monotonic() + options["interval"]
            while self.running and time.monotonic() < deadline:
                time.sleep(0.5)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.running = False
