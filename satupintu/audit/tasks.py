"""Daily: store yesterday's audit roots for every tenant."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from satupintu.audit.roots import store_closed_days
from satupintu.scheduler.registry import register
from satupintu.tenants.models import Tenant


@task()
def store_audit_roots() -> int:
    return sum(store_closed_days(tenant) for tenant in Tenant.objects.all())


register("store_audit_roots", dt.timedelta(hours=1), store_audit_roots)
