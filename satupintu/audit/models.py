"""The append-only, hash-chained audit record (M15).

Each tenant has one chain. A record's hash is SHA-256 over a canonical serialisation of every
column except the hash itself, including the previous record's hash, so altering, removing or
reordering any record breaks every hash after it. The database refuses UPDATE and DELETE on
these tables (triggers, see migrations); `AuditChainHead` is the lock that serialises appends.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditRecord(models.Model):
    """One state change or sensitive read, written in the same transaction as what it records."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.PROTECT, related_name="+", verbose_name=_("tenant")
    )
    seq = models.PositiveBigIntegerField(_("sequence number"))
    hash_version = models.PositiveSmallIntegerField(_("hash version"), default=1)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor as recorded"), max_length=300)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request = models.JSONField(_("request"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["tenant", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "seq"], name="audit_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["tenant", "object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["tenant", "at"], name="audit_time_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """The last record of a tenant's chain; locking this row serialises appends."""

    tenant = models.OneToOneField(
        "tenants.Tenant", on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    # Time of the last record: the next one is never earlier, whatever the servers' clocks say,
    # so a day's root, once stored, can never gain a record.
    last_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.tenant_id}#{self.seq}"


class AuditDailyRoot(models.Model):
    """The hash of the last record of a day (in the tenant's time zone): published, append-only."""

    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.PROTECT, related_name="+", verbose_name=_("tenant")
    )
    date = models.DateField(_("date"))
    last_seq = models.PositiveBigIntegerField(_("last sequence number"))
    root_hash = models.CharField(_("root hash"), max_length=64)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("daily audit root")
        verbose_name_plural = _("daily audit roots")
        ordering = ["tenant", "date"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "date"], name="audit_root_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.root_hash[:12]}"
