"""`manage.py tenant_create`: add a regional government with its DPMPTSP."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.core.errors import DomainError
from satupintu.tenants.services import tenant_create


class Command(BaseCommand):
    help = "Create a regional government (tenant) together with its DPMPTSP office."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="short code, e.g. llg")
        parser.add_argument("--name", required=True, help='e.g. "Kota Lubuklinggau"')
        parser.add_argument("--region-code", required=True, help="Kemendagri code, e.g. 16.73")
        parser.add_argument("--province", default="")
        parser.add_argument("--timezone", default="Asia/Jakarta")
        parser.add_argument("--domain", action="append", default=[],
                            help="host name that serves this tenant (repeatable)")
        parser.add_argument("--one-stop-name", default=None, help="full name of its DPMPTSP")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = tenant_create(
                actor=None, code=options["code"], name=options["name"],
                region_code=options["region_code"], province=options["province"],
                timezone=options["timezone"], domains=options["domain"],
                one_stop_name=options["one_stop_name"],
            )
        except DomainError as exc:
            detail = f" {exc.details}" if exc.details else ""
            raise CommandError(f"{exc.message}{detail}") from exc
        self.stdout.write(self.style.SUCCESS(f"Created {tenant.name} ({tenant.code})."))
