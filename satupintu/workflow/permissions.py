"""Who may see a case: one rule, used by the engine and by every page that shows a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from satupintu.accounts.models import Role, UserKind
from satupintu.accounts.selectors import roles_held

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.workflow.models import Case

# Roles of the one-stop office (and the inspectorate's auditors) that deal with every file.
# Administrators maintain the system; they have no business reading applicants' files.
OFFICE_ROLES = [Role.FRONT_OFFICE, Role.VERIFIER, Role.APPROVER, Role.SIGNER, Role.TREASURER,
                Role.AUDITOR, Role.HEAD]
# Roles of a technical agency that see the files their agency reviews.
REVIEW_SIDE_ROLES = [Role.TECHNICAL_REVIEWER, Role.INSPECTOR, Role.HEAD]


def may_see_case(user: User | None, case: Case) -> bool:
    """The system; the applicant who owns it; officers of the one-stop office in a file role;
    officers of an agency that reviews it. Anyone else must not learn that it exists."""
    if user is None:
        return True
    if user.tenant_id != case.tenant_id:
        return bool(user.is_superuser)
    if user.kind == UserKind.APPLICANT:
        return case.owner_id == user.pk
    # Roles held as a member, and roles held today as a Plh/Plt substitute: a stand-in sees what
    # the officer they stand in for sees.
    held = roles_held(user, case.tenant)
    if any(r.is_one_stop and r.role in OFFICE_ROLES for r in held):
        return True
    if any(r.role == Role.AUDITOR for r in held):  # the inspectorate audits every file
        return True
    reviewing = {r.agency_id for r in held if r.role in REVIEW_SIDE_ROLES}
    return bool(reviewing) and case.agencies.filter(pk__in=reviewing).exists()
