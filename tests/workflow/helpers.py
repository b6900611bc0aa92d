"""Starting and moving demo cases in engine tests."""

from __future__ import annotations

from typing import Any

from satupintu.accounts.models import User
from satupintu.tenants.models import Agency, Tenant
from satupintu.workflow.definitions import DEFAULT_CODE, published_definition
from satupintu.workflow.engine import CaseParams, case_perform, case_start
from satupintu.workflow.models import Case


def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def user(username: str) -> User:
    return User.objects.get(username=username)


def start_case(*, legal: int = 10, service: int = 5, agencies: tuple[str, ...] = ("DINKES", "PUPR"),
               limit: int = 2, fiktif: bool = False, code: str = DEFAULT_CODE,
               subject_type: str = "test") -> Case:
    """A case of the default workflow; `subject_type="application"` when the test attaches an
    application to it (the monitoring figures count only applications' files)."""
    tenant = llg()
    return case_start(
        tenant=tenant, definition=published_definition(tenant=tenant, code=code),
        subject_type=subject_type, owner=user("pemohon"), actor=user("pemohon"),
        params=CaseParams(legal_days=legal, service_days=service,
                          agencies=list(Agency.objects.filter(tenant=tenant, code__in=agencies)),
                          citable=["KTP", "STRA", "DENAH"], correction_limit=limit,
                          fiktif_positif=fiktif),
    )


def act(case: Case, username: str | None, action: str, agency: str | None = None,
        **inputs: Any) -> Case:
    """Perform an action as a demo user on the case's current version."""
    case.refresh_from_db()
    return case_perform(
        tenant=case.tenant, case_id=case.pk, actor=user(username) if username else None,
        action=action, expected_version=case.version, inputs=inputs,
        agency=Agency.objects.get(tenant=case.tenant, code=agency) if agency else None,
    )


def through_review(case: Case) -> Case:
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    act(case, "teknis.dinkes", "recommend", recommendation="approve")
    return act(case, "teknis.pupr", "recommend", recommendation="approve_with_conditions",
               conditions="Papan nama dipasang sesuai desain")
