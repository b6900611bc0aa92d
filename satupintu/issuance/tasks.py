"""Periodic work on issued permits (imported by the scheduler)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from satupintu.scheduler.registry import register


@task()
def permit_expiry_reminders() -> dict[str, Any]:
    from satupintu.issuance.lifecycle import permits_remind_expiring_all

    return permits_remind_expiring_all()


# Daily is enough for a 30-day window; a run missed by a stopped scheduler is caught up by the
# next one, since reminders go to every unreminded permit inside the window.
register("issuance_permit_expiry_reminders", dt.timedelta(days=1), permit_expiry_reminders)
