"""Gap-free yearly counters (permit numbers, complaint numbers): one row per tenant and year."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connection, transaction


def take_next(model: Any, *, tenant_id: int, year: int) -> int:
    """The next number of the tenant's year in `model` (fields tenant, year, last), taken in the
    caller's transaction.

    The row is created if missing (a concurrent creator wins the unique constraint and we read
    its row), then locked: on PostgreSQL by SELECT … FOR UPDATE, on SQLite by the IMMEDIATE
    transaction every write already runs in. Concurrent callers queue here until the holder
    commits (its number is then used) or rolls back (its number is free again).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("numbers are taken inside the transaction that stores their record")
    if not model.objects.filter(tenant_id=tenant_id, year=year).exists():
        try:
            with transaction.atomic():  # a savepoint: losing the race must not abort the caller
                model.objects.create(tenant_id=tenant_id, year=year, last=0)
        except IntegrityError:
            pass
    row = model.objects.select_for_update(of=("self",)).get(tenant_id=tenant_id, year=year)
    row.last += 1
    row.save(update_fields=["last", "updated_at"])
    return int(row.last)
