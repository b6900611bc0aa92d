"""`manage.py verify_audit [--tenant CODE]`: exit non-zero at the first broken record."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.audit.verify import verify_chain
from satupintu.tenants.models import Tenant


class Command(BaseCommand):
    help = "Verify the hash-chained audit record (every tenant, or one) and its daily roots."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", default=None, help="tenant code (default: every tenant)")

    def handle(self, *args: Any, **options: Any) -> None:
        tenants = Tenant.objects.order_by("code")
        if options["tenant"]:
            tenants = tenants.filter(code=options["tenant"])
            if not tenants.exists():
                raise CommandError(f"No tenant with code {options['tenant']!r}.")
        broken = []
        for tenant in tenants:
            result = verify_chain(tenant)
            if result.ok:
                self.stdout.write(f"{tenant.code}: {result.records} records, chain intact")
            else:
                self.stderr.write(f"{tenant.code}: BROKEN: {result.problem}")
                broken.append(tenant.code)
        if broken:
            raise CommandError(f"Audit chain broken for: {', '.join(broken)}")
