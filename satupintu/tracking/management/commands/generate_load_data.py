"""`manage.py generate_load_data --applications N`: load data for benchmarks (never production)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.tenants.models import Tenant
from satupintu.tracking.loadgen import LoadDataRefused, generate


class Command(BaseCommand):
    help = ("Fill a demo tenant with N realistic submitted applications and their timelines, "
            "with bulk inserts, for benchmarks. Refused in production.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--applications", type=int, required=True, metavar="N")
        parser.add_argument("--tenant", default="llg", help="a demo tenant's code (default llg)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--months", type=int, default=6,
                            help="spread submissions over this many past months (default 6)")
        parser.add_argument("--years", type=int, default=None,
                            help="spread submissions over this many past years (overrides "
                                 "--months; e.g. --applications 1000000 --years 3)")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(code=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"No tenant {options['tenant']!r}.")
        total = options["applications"]

        def progress(done: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {done:,} / {total:,}")

        try:
            report = generate(tenant=tenant, count=total, seed=options["seed"],
                              months=(12 * options["years"] if options["years"]
                                      else options["months"]), progress=progress)
        except LoadDataRefused as exc:
            raise CommandError(str(exc.message)) from exc
        rate = report.applications / report.seconds if report.seconds else 0.0
        self.stdout.write(self.style.SUCCESS(
            f"{report.applications:,} applications ({report.first_number} … "
            f"{report.last_number}), {report.transitions:,} steps, {report.clock_events:,} clock "
            f"events, {report.branches:,} agency reviews, {report.permits:,} permits, "
            f"{report.surveys:,} survey answers, {report.complaints:,} complaints, "
            f"{report.users_created:,} new "
            f"applicants in {report.seconds:.1f} s ({rate:,.0f} applications/s)."))
        states = ", ".join(f"{state} {count:,}" for state, count in report.states.most_common())
        self.stdout.write(f"States: {states}.")
        self.stdout.write("PINs: satupintu.tracking.loadgen.load_pin(sequence), e.g. "
                          f"{report.first_number} → "
                          f"{_pin_of(report.first_number)}.")


def _pin_of(number: str) -> str:
    from satupintu.tracking.loadgen import load_pin

    return load_pin(int(number.rsplit("-", 1)[-1])) if number else ""
