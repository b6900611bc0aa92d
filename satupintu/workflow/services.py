"""Administrative writes on the workflow that are not transitions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.permissions import is_tenant_admin
from satupintu.audit.services import record
from satupintu.core.errors import Conflict, PermissionDenied
from satupintu.workflow.models import EffectRun, EffectStatus

if TYPE_CHECKING:
    from satupintu.accounts.models import User


@transaction.atomic
def effect_retry(*, run: EffectRun, actor: User | None) -> EffectRun:
    """Give a failed effect a fresh set of attempts (after its cause was fixed)."""
    from satupintu.workflow.tasks import run_effect

    if actor is not None and not is_tenant_admin(actor, run.case.tenant):
        raise PermissionDenied()
    run = EffectRun.objects.select_for_update().get(pk=run.pk)
    stuck = (run.status == EffectStatus.PENDING and run.lease_until is not None
             and run.lease_until < timezone.now())
    if run.status != EffectStatus.FAILED and not stuck:
        raise Conflict(_("Only failed or abandoned effects can be retried."))
    run.status = EffectStatus.PENDING
    run.attempts = 0
    run.next_attempt_at = None
    run.lease_until = None
    run.save(update_fields=["status", "attempts", "next_attempt_at", "lease_until",
                            "updated_at"])
    run_effect.enqueue(run.pk)
    record(tenant=run.case.tenant, actor=actor, action="workflow.effect_retry", obj=run,
           before={"status": "failed" if not stuck else "abandoned",
                   "last_error": run.last_error[:500]},
           after={"status": EffectStatus.PENDING})
    return run
