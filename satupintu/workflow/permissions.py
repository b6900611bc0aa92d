"""Who may see a case: one rule, used by the engine and by every page that shows a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from satupintu.accounts.models import Membership, Role, UserKind

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.workflow.models import Case

# Roles of the one-stop office (and the inspectorate's auditors) that deal with every file.
# Administrators maintain the system; they have no business reading applicants' files.
OFFICE_ROLES = [Role.FRONT_OFFICE, Role.VERIFIER, Role.APPROVER, Role.SIGNER, Role.TREASURER,
                Role.AUDITOR, Role.HEAD]


def may_see_case(user: User | None, case: Case) -> bool:
    """The system; the applicant who owns it; officers of the one-stop office in a file role;
    officers of an agency that reviews it. Anyone else must not learn that it exists."""
    if user is None:
        return True
    if user.tenant_id != case.tenant_id:
        return bool(user.is_superuser)
    if user.kind == UserKind.APPLICANT:
        return case.owner_id == user.pk
    memberships = Membership.objects.filter(user=user, is_active=True)
    if memberships.filter(role__in=OFFICE_ROLES, agency__is_one_stop=True).exists():
        return True
    if memberships.filter(role=Role.AUDITOR).exists():  # the inspectorate audits every file
        return True
    return memberships.filter(agency__review_cases=case.pk, role__in=[
        Role.TECHNICAL_REVIEWER, Role.INSPECTOR, Role.HEAD]).exists()
