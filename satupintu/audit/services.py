"""Appending to the audit chain: called by every service function, inside its transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.utils import timezone

from satupintu.audit.canonical import GENESIS, clean_text, jsonable, record_hash
from satupintu.audit.context import current_request_meta
from satupintu.audit.models import AuditChainHead, AuditRecord

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant


class AuditOutsideTransaction(RuntimeError):
    """A change and its record must commit together; recording outside a transaction is a bug."""


def actor_label(actor: User | None) -> str:
    """Who acted, as the permanent record keeps it: officers by user name and name (they act
    in an official capacity), applicants by account number only (their names are personal
    data the log could never correct)."""
    if actor is None:
        return "system"
    if actor.kind == "applicant":
        return f"applicant #{actor.pk}"
    name = actor.get_full_name()
    return f"{actor.username} ({name})" if name and name != actor.username else actor.username


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of an instance as JSON-safe values (foreign keys by id)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            value: Any = sorted(getattr(instance, name).values_list("pk", flat=True)) \
                if instance.pk else []
        elif field.is_relation:
            value = getattr(instance, field.attname)  # type: ignore[union-attr]
        else:
            value = getattr(instance, name)
        out[name] = jsonable(value)
    return out


def record(
    *,
    tenant: Tenant,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditRecord:
    """Append one record to the tenant's chain, in the caller's transaction.

    The chain head row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
    transactions already serialise writers), so concurrent writers queue instead of forking.
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(action)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:300]
    head = AuditChainHead.objects.select_for_update().filter(tenant=tenant).first()
    if head is None:
        head = AuditChainHead.objects.create(tenant=tenant, seq=0, hash=GENESIS)
        head = AuditChainHead.objects.select_for_update().get(tenant=tenant)
    now = timezone.now()
    fields: dict[str, Any] = {
        "id": uuid.uuid4(),
        "tenant_id": tenant.pk,
        "seq": head.seq + 1,
        "hash_version": 1,
        "at": max(now, head.last_at) if head.last_at else now,
        "actor_id": actor.pk if actor is not None else None,
        "actor_label": actor_label(actor)[:300],
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_label": clean_text(object_label)[:300],
        "before": jsonable(dict(before)) if before is not None else None,
        "after": jsonable(dict(after)) if after is not None else None,
        "reason": clean_text(reason),
        "request": {k: clean_text(v) for k, v in current_request_meta().items()},
        "prev_hash": head.hash,
    }
    digest = record_hash(fields)
    entry = AuditRecord.objects.create(hash=digest, **fields)
    AuditChainHead.objects.filter(tenant=tenant).update(seq=entry.seq, hash=digest,
                                                        last_at=entry.at)
    return entry


def record_update(
    *,
    tenant: Tenant,
    actor: User | None,
    action: str,
    obj: models.Model,
    old: Mapping[str, Any],
    personal: Iterable[str] = (),
    reason: str = "",
) -> AuditRecord:
    """Record an update: the old and new values of the fields that changed.

    Personal data (UU 27/2022) is not copied into the permanent record: for `personal` fields
    only the fact that they changed is kept.
    """
    hidden = set(personal)
    before = {k: ("(personal data)" if k in hidden else v) for k, v in old.items()}
    after = {k: ("(personal data)" if k in hidden else v)
             for k, v in snapshot(obj, old.keys()).items()}
    return record(tenant=tenant, actor=actor, action=action, obj=obj, before=before,
                  after=after, reason=reason)


def record_change(
    *,
    tenant: Tenant,
    actor: User | None,
    action: str,
    obj: models.Model,
    before: Mapping[str, Any] | None = None,
    fields: Iterable[str] = (),
    reason: str = "",
) -> AuditRecord:
    """Record a create or update: `after` is the instance's current value of `fields`."""
    return record(tenant=tenant, actor=actor, action=action, obj=obj, before=before,
                  after=snapshot(obj, fields), reason=reason)

