"""Who sees which part of the leaders' dashboard (M13): one rule, used by every page of it.

The mayor's office and the inspectorate (agencies of general administration), the head of the
DPMPTSP, administrators and auditors see every agency of their region; the head of a technical
agency sees the files their agency reviews; everyone else sees no dashboard. Roles held today as
a Plh/Plt stand-in count like the officer's own. Nobody sees another region.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet

from satupintu.accounts.models import Role, User, UserKind
from satupintu.accounts.selectors import HeldRole, roles_held
from satupintu.applications.services import SUBJECT
from satupintu.tenants.models import Sector, Tenant
from satupintu.workflow.models import Case

# Roles that see every agency wherever they are held.
REGION_WIDE_ROLES = frozenset({Role.ADMINISTRATOR, Role.AUDITOR})


@dataclass(frozen=True)
class DashboardScope:
    """The region a dashboard user sees, and the agencies they are limited to (None: all)."""

    tenant: Tenant
    agency_ids: frozenset[int] | None

    @property
    def is_region_wide(self) -> bool:
        return self.agency_ids is None

    def cases(self) -> QuerySet[Case]:
        """The region's application files this scope may count and list."""
        # Applications attach to their case by subject type (workflow.models.Case): a column
        # of the case, so counting the region's files needs no join with the applications.
        qs: QuerySet[Case] = Case.objects.filter(tenant=self.tenant, subject_type=SUBJECT)
        if self.agency_ids is not None:
            qs = qs.filter(reviewed_by_any(self.agency_ids))
        return qs


def reviewed_by_any(agency_ids: frozenset[int]) -> Exists:
    """Files one of the agencies reviews (the case's reviewing agencies)."""
    through = Case.agencies.through
    return Exists(through.objects.filter(case_id=OuterRef("pk"), agency_id__in=agency_ids))


def dashboard_scope(user: AbstractBaseUser | AnonymousUser | None,
                    held: frozenset[HeldRole] | None = None) -> DashboardScope | None:
    """The user's view of the dashboard, or None when they may not open it. `held`: the
    user's roles when the caller already has them (`request_roles`)."""
    if not isinstance(user, User) or not user.is_active or user.kind != UserKind.OFFICER \
            or user.tenant is None:
        return None
    tenant = user.tenant
    held = roles_held(user, tenant) if held is None else held
    for role in held:
        if role.role in REGION_WIDE_ROLES:
            return DashboardScope(tenant, None)
        if role.role == Role.HEAD and (role.is_one_stop or role.sector == Sector.GENERAL):
            return DashboardScope(tenant, None)
    heads = frozenset(r.agency_id for r in held if r.role == Role.HEAD)
    return DashboardScope(tenant, heads) if heads else None
