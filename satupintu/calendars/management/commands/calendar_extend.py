"""`manage.py calendar_extend [--tenant CODE] [--until YEAR]`: seed the years still missing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.calendars.services import calendar_extend
from satupintu.core.errors import DomainError, NotFound
from satupintu.tenants.models import Tenant
from satupintu.tenants.selectors import tenant_get


class Command(BaseCommand):
    help = ("Seed national holidays and cuti bersama for every year without calendar data, "
            "through --until (default: the current year + 2). Run yearly, once the joint "
            "decree (SKB) of the coming year is out; years already seeded are left alone.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", default=None, help="code of one tenant (default: all)")
        parser.add_argument("--until", type=int, default=None, help="last year to seed")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenants = ([tenant_get(options["tenant"])] if options["tenant"]
                       else list(Tenant.objects.order_by("code")))
            for tenant in tenants:
                seeded = calendar_extend(tenant=tenant, actor=None, until=options["until"])
                done = ", ".join(map(str, seeded)) if seeded else "nothing to add"
                self.stdout.write(f"{tenant.code}: {done}")
        except NotFound as exc:
            raise CommandError(f"No regional government with code {options['tenant']}.") from exc
        except DomainError as exc:
            detail = f" {exc.details}" if exc.details else ""
            raise CommandError(f"{exc.message}{detail}") from exc
