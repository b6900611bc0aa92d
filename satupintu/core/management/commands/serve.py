"""`manage.py serve`: the web server, the task worker and the scheduler, together.

This is what `make run` ends with. Ctrl-C (or SIGTERM) stops all three; if one of them dies,
the others are stopped too, so a half-running installation never goes unnoticed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve SatuPintu (gunicorn), run the task worker and the scheduler; Ctrl-C stops all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("SATUPINTU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", 4)))
        parser.add_argument("--print-logins", action="store_true",
                            help="print the demo accounts once the servers are up")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        commands = {
            "web": [python, "-m", "gunicorn", "satupintu.config.wsgi:application",
                    "--bind", options["bind"], "--workers", str(options["workers"]),
                    "--threads", str(options["threads"]), "--worker-class", "gthread",
                    "--access-logfile", "-", "--graceful-timeout", "10"],
            "worker": [python, manage, "db_worker", "--no-reload", "--interval", "1"],
            "scheduler": [python, manage, "scheduler"],
        }
        self.children: dict[str, subprocess.Popen[bytes]] = {
            name: subprocess.Popen(cmd, cwd=settings.BASE_DIR)  # noqa: S603 - fixed argv
            for name, cmd in commands.items()
        }
        self.stopping = False
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)
        time.sleep(1.5)
        self.stdout.write(self.style.SUCCESS(
            f"\nSatuPintu is running at http://{options['bind']}/  (Ctrl-C stops the web "
            "server, the worker and the scheduler)"))
        if options["print_logins"]:
            self._print_logins()
        exit_code = 0
        while not self.stopping:
            for name, child in self.children.items():
                if child.poll() is not None:
                    self.stderr.write(f"{name} exited with code {child.returncode}; stopping.")
                    exit_code = child.returncode or 1
                    self.stopping = True
            time.sleep(0.5)
        self._terminate_all()
        if exit_code:
            sys.exit(exit_code)

    def _print_logins(self) -> None:
        from satupintu.demo.loader import demo_logins, demo_second_factor_help

        self.stdout.write("\nDemo logins (sign in at /masuk/; administration at /admin/):")
        for username, password, what in demo_logins():
            self.stdout.write(f"  {username:<15} {password:<20} {what}")
        for line in demo_second_factor_help():
            self.stdout.write(line)
        from satupintu.demo.applications import demo_tracking

        rows = demo_tracking()
        if rows:
            self.stdout.write("\nDemo applications (track them at /lacak/):")
            for number, pin, service in rows:
                self.stdout.write(f"  {number}  PIN {pin}  {service}")
        self.stdout.write("")

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def _terminate_all(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
