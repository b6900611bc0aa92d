"""Walk a tenant's chain and its daily roots; report the first record that does not fit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from satupintu.audit.canonical import GENESIS, record_hash
from satupintu.audit.models import AuditChainHead, AuditDailyRoot, AuditRecord
from satupintu.tenants.models import Tenant

_FIELDS = ["id", "tenant_id", "seq", "hash_version", "at", "actor_id", "actor_label", "action",
           "object_type", "object_id", "object_label", "before", "after", "reason", "request",
           "prev_hash", "hash"]


@dataclass(frozen=True)
class VerifyResult:
    tenant: str
    records: int
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(tenant: Tenant, batch: int = 5000) -> VerifyResult:
    """Check sequence, links and hashes of every record, the head, and the stored daily roots."""
    expected_prev = GENESIS
    expected_seq = 1
    last_per_day: dict[dt.date, tuple[int, str]] = {}
    zone = ZoneInfo(tenant.timezone)
    rows = (AuditRecord.objects.filter(tenant=tenant).order_by("seq").values(*_FIELDS)
            .iterator(chunk_size=batch))
    count = 0
    for row in rows:
        count += 1
        seq = row["seq"]
        if seq != expected_seq:
            return VerifyResult(tenant.code, count, f"record #{expected_seq} is missing "
                                f"(next found is #{seq}): records were removed or reordered")
        if row["prev_hash"] != expected_prev:
            return VerifyResult(tenant.code, count, f"record #{seq} ({row['id']}) does not link "
                                "to the record before it: records were removed or reordered")
        if record_hash(row) != row["hash"]:
            return VerifyResult(tenant.code, count, f"record #{seq} ({row['id']}) was altered: "
                                "its content no longer matches its hash")
        last_per_day[row["at"].astimezone(zone).date()] = (seq, row["hash"])
        expected_prev = row["hash"]
        expected_seq += 1
    head = AuditChainHead.objects.filter(tenant=tenant).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        return VerifyResult(tenant.code, count, f"the chain ends at #{expected_seq - 1} but its "
                            f"head says #{head.seq}: the newest records were removed")
    for root in AuditDailyRoot.objects.filter(tenant=tenant).order_by("date"):
        if last_per_day.get(root.date) != (root.last_seq, root.root_hash):
            return VerifyResult(tenant.code, count, f"the published root of {root.date} does not "
                                "match the chain: history before it was rewritten")
    return VerifyResult(tenant.code, count)
