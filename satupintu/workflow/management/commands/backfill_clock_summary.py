"""`manage.py backfill_clock_summary`: store the clock's summary on files and reviews decided
before it existed (ADR 0016); safe to run again (it recounts and writes only what changed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.tenants.models import Tenant
from satupintu.workflow.models import Case, CaseBranch
from satupintu.workflow.summary import summarize_branches, summarize_cases


class Command(BaseCommand):
    help = ("Recount the stored working days (complete → decision, waiting on the applicant, "
            "agency reviews) that the monitoring figures read.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", help="a tenant's code (default: every tenant)")
        parser.add_argument("--all", action="store_true",
                            help="recount every decided file, not only those without a summary")

    def handle(self, *args: Any, **options: Any) -> None:
        regions = list(Tenant.objects.all())
        cases = Case.objects.filter(decided_at__isnull=False)
        branches = CaseBranch.objects.filter(decided_at__isnull=False)
        if options["tenant"]:
            tenant = Tenant.objects.filter(code=options["tenant"]).first()
            if tenant is None:
                raise CommandError(f"No tenant {options['tenant']!r}.")
            cases, branches = cases.filter(tenant=tenant), branches.filter(tenant=tenant)
            regions = [tenant]
        if not options["all"]:
            cases = cases.filter(decision_working_days__isnull=True)
            branches = branches.filter(working_days__isnull=True)
        files, moved = summarize_cases(cases)
        reviews, moved_reviews = summarize_branches(branches)
        if moved or moved_reviews:
            # The monitoring summary's histograms of settled days read these working days.
            from satupintu.monitoring.summary import forget

            for region in regions:
                forget(region)
        self.stdout.write(self.style.SUCCESS(
            f"{files:,} files recounted ({moved:,} changed), {reviews:,} reviews recounted "
            f"({moved_reviews:,} changed)."))
