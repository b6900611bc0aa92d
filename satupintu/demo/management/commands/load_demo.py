"""`manage.py load_demo`: the Kota Lubuklinggau demo (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.demo.loader import demo_logins, demo_second_factor_help, load_demo
from satupintu.lib.yamlio import YamlFileInvalid


class Command(BaseCommand):
    help = "Load the Kota Lubuklinggau demo tenant, agencies, accounts and catalog (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print-logins", action="store_true",
                            help="print the demo accounts afterwards")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo has public passwords: it is refused in production.")
        try:
            report = load_demo()
        except YamlFileInvalid as exc:
            raise CommandError(f"The demo data is invalid:\n{exc}") from exc
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Demo loaded: " + ", ".join(
                report.created + (report.catalog.services_created if report.catalog else []))))
        else:
            self.stdout.write("Demo already loaded: nothing changed.")
        if options["print_logins"]:
            self.stdout.write("\nDemo logins (http://127.0.0.1:8000/masuk/):")
            for username, password, what in demo_logins():
                self.stdout.write(f"  {username:<15} {password}   {what}")
            for line in demo_second_factor_help():
                self.stdout.write(line)
