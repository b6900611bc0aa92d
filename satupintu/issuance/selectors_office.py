"""Reads for the signer's pages and the file page (officers only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from satupintu.issuance.models import AttemptOutcome, Permit, SigningAttempt
from satupintu.workflow.models import Case
from satupintu.workflow.permissions import may_see_case

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.applications.models import Application
    from satupintu.tenants.models import Tenant

SIGNING_STATE = "signing"


@dataclass(frozen=True)
class AwaitingRow:
    case: Case
    application: Application
    last_failure: SigningAttempt | None


def awaiting_signature(*, tenant: Tenant, user: User, limit: int = 200) -> list[AwaitingRow]:
    """Files in the signing step, oldest first, with their latest failed attempt (if the last
    attempt failed). The caller has checked that `user` signs for the office."""
    cases = list(Case.objects.filter(tenant=tenant, state=SIGNING_STATE, closed_at__isnull=True)
                 .select_related("application__service", "application__applicant", "tenant")
                 .order_by("state_entered_at", "pk")[:limit])
    failures: dict[int, SigningAttempt] = {}
    for attempt in (SigningAttempt.objects.filter(case__in=cases)
                    .exclude(outcome=AttemptOutcome.SIGNED).order_by("created_at", "pk")):
        failures[attempt.case_id] = attempt  # the latest wins
    rows = []
    for case in cases:
        application = getattr(case, "application", None)
        if application is None or not may_see_case(user, case):
            continue
        rows.append(AwaitingRow(case=case, application=application,
                                last_failure=failures.get(case.pk)))
    return rows


def failed_attempts(case: Case) -> list[SigningAttempt]:
    """The file's failed signing attempts, newest first (shown while it awaits signature)."""
    return list(SigningAttempt.objects.filter(case=case).exclude(outcome=AttemptOutcome.SIGNED)
                .select_related("actor").order_by("-created_at", "-pk")[:20])


def permits_of_case(case: Case) -> list[Permit]:
    """Every permit issued on the file, newest first (corrections included)."""
    return list(Permit.objects.filter(application__case=case, tenant_id=case.tenant_id)
                .select_related("supersedes").order_by("-issued_at", "-pk"))


def permit_for_officer(*, tenant: Tenant, user: User, pk: int) -> Permit | None:
    """The permit if the officer may see its file; None (= not found) otherwise."""
    permit = (Permit.objects.select_related("application__case", "tenant")
              .filter(tenant=tenant, pk=pk).first())
    if permit is None or permit.application.case is None:
        return None
    if not may_see_case(user, permit.application.case):
        return None
    return permit
