"""Base classes every domain model builds on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from satupintu.tenants.models import Tenant

_M = TypeVar("_M", bound="TenantScopedModel")


class TenantQuerySet(models.QuerySet[_M]):
    """Querysets of tenant-owned rows; `for_tenant` is the only door selectors use."""

    def for_tenant(self, tenant: Tenant) -> TenantQuerySet[_M]:
        return self.filter(tenant=tenant)


class TimestampedModel(models.Model):
    """Creation and modification times, kept in UTC."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TenantScopedModel(TimestampedModel):
    """A row that belongs to one regional government; every read filters on `tenant`."""

    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.PROTECT, related_name="+", verbose_name=_("tenant")
    )

    objects: Any = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
