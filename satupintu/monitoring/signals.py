"""The two ways a settled day of the monitoring summary can change outside a calendar change,
each answered by forgetting the days it touches (`summary.forget`).

- A file sent back into a review step loses its agencies' earlier recommendations: the engine
  deletes that step's `CaseBranch` rows (`workflow.engine`), so an agency's review counted on
  the day it was given no longer exists. Rare (a send-back), and only that day is recounted.
- A region's time zone moves every day's midnight: everything is recounted.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from satupintu.monitoring.summary import forget, settled_through
from satupintu.tenants.models import Tenant
from satupintu.workflow.models import BranchStatus, CaseBranch


@receiver(post_delete, sender=CaseBranch, dispatch_uid="monitoring_review_deleted")
def forget_deleted_review(sender: type[CaseBranch], instance: CaseBranch, **kwargs: Any) -> None:
    if instance.status != BranchStatus.RECOMMENDED or instance.decided_at is None:
        return
    tenant = Tenant.objects.get(pk=instance.tenant_id)
    day = instance.decided_at.astimezone(ZoneInfo(tenant.timezone)).date()
    if day <= settled_through(tenant):
        forget(tenant, day, day)


@receiver(pre_save, sender=Tenant, dispatch_uid="monitoring_timezone_changed")
def forget_on_new_time_zone(sender: type[Tenant], instance: Tenant, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    before = Tenant.objects.filter(pk=instance.pk).values_list("timezone", flat=True).first()
    if before is not None and before != instance.timezone:
        forget(instance)
