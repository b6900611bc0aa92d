"""`manage.py catalog_export`: write a tenant's catalog as YAML (importable unchanged)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.catalog.transfer import catalog_export
from satupintu.core.errors import NotFound
from satupintu.tenants.selectors import tenant_get


class Command(BaseCommand):
    help = "Export a tenant's catalog (every version of every service) as YAML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", default=None, help="tenant code (default: the default)")
        parser.add_argument("--output", "-o", default="-", help="file to write (default: stdout)")
        parser.add_argument("--service", action="append", default=[], help="only these codes")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["tenant"] or settings.SATUPINTU_DEFAULT_TENANT
        try:
            tenant = tenant_get(code)
        except NotFound as exc:
            raise CommandError(f"No tenant with code {code!r}.") from exc
        text = catalog_export(tenant=tenant, codes=options["service"] or None)
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")
