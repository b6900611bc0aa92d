"""The worker's side of the monitoring summary: count each region's newly settled days ahead
of the first reader (imported by the scheduler)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from satupintu.monitoring.summary import first_day, settle, settled_through
from satupintu.scheduler.registry import register
from satupintu.tenants.models import Tenant


@task()
def settle_daily_figures() -> int:
    """Count the settled days not stored yet, for every region, from its first file or
    survey answer on (so a reader, even of a long public range, finds them stored; gaps
    left by `summary.forget` or a restored dump are filled too); return how many."""
    counted = 0
    for tenant in Tenant.objects.all():
        first = first_day(tenant)
        if first is not None:
            counted += settle(tenant, first, settled_through(tenant))
    return counted


# Hourly (cheap when nothing is missing: three queries per region): a day settles at the
# region's midnight, whatever the server's time zone.
register("monitoring_settle", dt.timedelta(hours=1), settle_daily_figures)
