"""`manage.py workflow_export CODE [--number N]`: a workflow definition as YAML."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.core.errors import DomainError
from satupintu.tenants.selectors import tenant_get
from satupintu.workflow.definitions import definition_export
from satupintu.workflow.models import WorkflowDefinition


class Command(BaseCommand):
    help = "Print a workflow definition (the newest version, or --number N) as YAML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("--tenant", default=None)
        parser.add_argument("--number", type=int, default=None, help="version number")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = tenant_get(options["tenant"] or settings.SATUPINTU_DEFAULT_TENANT)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        qs = WorkflowDefinition.objects.filter(tenant=tenant, code=options["code"])
        if options["number"]:
            qs = qs.filter(version=options["number"])
        definition = qs.order_by("-version").first()
        if definition is None:
            raise CommandError(f"No workflow {options['code']!r} in {tenant.code}.")
        self.stdout.write(definition_export(definition), ending="")
