"""Daily roots: the hash of each day's last record, stored once the day is over."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from satupintu.audit.models import AuditChainHead, AuditDailyRoot, AuditRecord
from satupintu.tenants.models import Tenant


@dataclass(frozen=True)
class DailyRoot:
    date: dt.date
    root_hash: str
    last_seq: int
    provisional: bool


def _day_bounds(day: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return start, start + dt.timedelta(days=1)


@transaction.atomic
def store_closed_days(tenant: Tenant, today: dt.date | None = None) -> int:
    """Store the root of every finished day that has records and no stored root yet.

    Holding the chain head lock, no record can be in flight: every record of a finished day
    has committed, and later ones are timed after the head's last record (never earlier).
    """
    AuditChainHead.objects.select_for_update().filter(tenant=tenant).first()
    zone = ZoneInfo(tenant.timezone)
    today = today or timezone.now().astimezone(zone).date()
    last = AuditDailyRoot.objects.filter(tenant=tenant).order_by("-date").first()
    since = _day_bounds(last.date, zone)[1] if last else None
    qs = AuditRecord.objects.filter(tenant=tenant, at__lt=_day_bounds(today, zone)[0])
    if since is not None:
        qs = qs.filter(at__gte=since)
    latest: dict[dt.date, tuple[int, str]] = {}
    for seq, at, digest in qs.order_by("seq").values_list("seq", "at", "hash").iterator():
        latest[at.astimezone(zone).date()] = (seq, digest)
    AuditDailyRoot.objects.bulk_create([
        AuditDailyRoot(tenant=tenant, date=day, last_seq=seq, root_hash=digest)
        for day, (seq, digest) in sorted(latest.items())
    ])
    return len(latest)


def roots_between(tenant: Tenant, start: dt.date, end: dt.date) -> list[DailyRoot]:
    """Stored roots in [start, end], plus today's provisional root (the current head)."""
    zone = ZoneInfo(tenant.timezone)
    today = timezone.now().astimezone(zone).date()
    roots = [
        DailyRoot(r.date, r.root_hash, r.last_seq, provisional=False)
        for r in AuditDailyRoot.objects.filter(tenant=tenant, date__gte=start, date__lte=end)
        .order_by("date")
    ]
    if start <= today <= end:
        head = AuditChainHead.objects.filter(tenant=tenant).first()
        latest_today = AuditRecord.objects.filter(
            tenant=tenant, at__gte=_day_bounds(today, zone)[0]).exists()
        if head is not None and latest_today:
            roots.append(DailyRoot(today, head.hash, head.seq, provisional=True))
    return roots
