"""The worker's side of the monitoring summary: count each region's newly settled days ahead
of the first reader (imported by the scheduler)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from satupintu.monitoring.summary import settle, settled_through
from satupintu.scheduler.registry import register
from satupintu.tenants.models import Tenant

# How far back the nightly job fills gaps (forgotten days, a database restored from a dump);
# older days are counted on first need by whoever asks for them.
LOOK_BACK_DAYS = 800


@task()
def settle_daily_figures() -> int:
    """Count the settled days not stored yet, for every region; return how many."""
    counted = 0
    for tenant in Tenant.objects.all():
        last = settled_through(tenant)
        counted += settle(tenant, last - dt.timedelta(days=LOOK_BACK_DAYS), last)
    return counted


# Hourly (cheap when nothing is missing: one query per region): a day settles at the region's
# midnight, whatever the server's time zone.
register("monitoring_settle", dt.timedelta(hours=1), settle_daily_figures)
