"""`manage.py workflow_import FILE [--publish]`: a workflow definition from YAML, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.core.errors import DomainError
from satupintu.lib.yamlio import YamlFileInvalid
from satupintu.tenants.selectors import tenant_get
from satupintu.workflow.definitions import definition_import


class Command(BaseCommand):
    help = "Import a workflow definition as its next version; --publish makes new files use it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--tenant", default=None, help="tenant code (default: the default)")
        parser.add_argument("--publish", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = tenant_get(options["tenant"] or settings.SATUPINTU_DEFAULT_TENANT)
            text = Path(options["file"]).read_text(encoding="utf-8")
            definition = definition_import(tenant=tenant, actor=None, text=text,
                                           publish=options["publish"])
        except YamlFileInvalid as exc:
            lines = "\n".join(f"  {error}" for error in exc.errors)
            raise CommandError(f"{len(exc.errors)} error(s); nothing was saved:\n{lines}") from exc
        except (OSError, UnicodeDecodeError, DomainError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{definition} ({definition.get_status_display()})")
