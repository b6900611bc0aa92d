"""`manage.py catalog_import FILE`: import services and standards from YAML, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.catalog.transfer import catalog_import
from satupintu.core.errors import NotFound
from satupintu.lib.yamlio import YamlFileInvalid
from satupintu.tenants.selectors import tenant_get


class Command(BaseCommand):
    help = "Import a catalog YAML file into a tenant. Any error: nothing is imported."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the YAML file, or - for standard input")
        parser.add_argument("--tenant", default=None, help="tenant code (default: the default)")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["tenant"] or settings.SATUPINTU_DEFAULT_TENANT
        try:
            tenant = tenant_get(code)
        except NotFound as exc:
            raise CommandError(f"No tenant with code {code!r}.") from exc
        path = options["file"]
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            report = catalog_import(tenant=tenant, actor=None, text=text)
        except YamlFileInvalid as exc:
            lines = "\n".join(f"  {error}" for error in exc.errors)
            raise CommandError(
                f"{len(exc.errors)} error(s) in {path}; nothing was imported:\n{lines}"
            ) from exc
        if not report.changed:
            self.stdout.write("Nothing changed: the catalog already matches the file.")
            return
        for label, items in [("services created", report.services_created),
                             ("services updated", report.services_updated),
                             ("versions written", report.versions_written),
                             ("versions published", report.versions_published)]:
            if items:
                self.stdout.write(f"{label}: {', '.join(items)}")
