"""`manage.py open311_key --tenant CODE --name NAME [--email E]`: a partner app's API key,
printed once (only its fingerprint is stored)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.core.errors import DomainError, NotFound
from satupintu.open311.keys import open311_client_create
from satupintu.tenants.selectors import tenant_get


class Command(BaseCommand):
    help = ("Register an Open311 partner app and print its new API key. The key is shown "
            "only now: copy it to the partner; only its SHA-256 fingerprint is kept.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", required=True, help="code of the tenant, e.g. llg")
        parser.add_argument("--name", required=True, help="the partner app's name")
        parser.add_argument("--email", default="", help="the partner's contact e-mail")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = tenant_get(options["tenant"])
            client, key = open311_client_create(tenant=tenant, actor=None, name=options["name"],
                                                contact_email=options["email"])
        except NotFound as exc:
            raise CommandError(f"No regional government with code {options['tenant']}.") from exc
        except DomainError as exc:
            detail = f" {exc.details}" if exc.details else ""
            raise CommandError(f"{exc.message}{detail}") from exc
        self.stdout.write(f"{client.name} ({tenant.code}): {key}")
        self.stderr.write("Copy the key now: it cannot be shown again.")
