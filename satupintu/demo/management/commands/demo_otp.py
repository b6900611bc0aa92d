"""`manage.py demo_otp [USERNAME]`: the demo officers' current second-factor codes (demo only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.accounts.models import User, UserKind
from satupintu.accounts.second_factor import current_code
from satupintu.demo.second_factor import demo_totp_device, remaining_backup_codes


class Command(BaseCommand):
    help = ("Print the current 6-digit second-factor code of demo officers (all of them, or "
            "USERNAME) and their unused backup codes. Demo only: refused in production.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="a demo officer's user name")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo second-factor codes are refused in production.")
        officers = User.objects.filter(kind=UserKind.OFFICER, is_demo=True).order_by("pk")
        if options["username"]:
            officers = officers.filter(username=options["username"])
            if not officers.exists():
                raise CommandError(f"{options['username']} is not a demo officer.")
        rows = 0
        for officer in officers:
            device = demo_totp_device(officer)
            if device is None:
                self.stdout.write(f"{officer.username:<15} no second factor (enrols at sign-in)")
                continue
            code, seconds = current_code(device)
            backups = " ".join(remaining_backup_codes(officer)) or "-"
            self.stdout.write(f"{officer.username:<15} {code}  (valid {seconds:>2} s more)   "
                              f"backup codes: {backups}")
            rows += 1
        if rows:
            self.stdout.write("A code is accepted once; if it was just used, wait for the "
                              "next one (every 30 s). A backup code works once, instead.")
