"""Who may read and handle complaints, in one place.

- Handlers: officers holding Role.COMPLAINT_HANDLER or Role.HEAD (as members or as Plh/Plt) in
  the complaint's responsible `agency`.
- Coordinators: the DPMPTSP's complaint handlers and heads see and may handle every complaint
  of the tenant (they route and chase the others).
- Readers: auditors and administrators of the tenant see every complaint, read-only, without
  the complainant's contact details.
- The counter: front-office clerks and complaint handlers file complaints for walk-in people.

Nobody ever sees another tenant's complaints.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from satupintu.accounts.models import Role, User, UserKind
from satupintu.accounts.selectors import HeldRole, roles_held
from satupintu.complaints.models import Complaint
from satupintu.tenants.models import Tenant

HANDLER_ROLES = (Role.COMPLAINT_HANDLER, Role.HEAD)
READER_ROLES = (Role.AUDITOR, Role.ADMINISTRATOR)
COUNTER_ROLES = (Role.FRONT_OFFICE, Role.COMPLAINT_HANDLER)
# Everyone who may open the officers' complaint pages at all.
OFFICE_ROLES = (*HANDLER_ROLES, *READER_ROLES)


def _officer(user: AbstractBaseUser | AnonymousUser | None, tenant: Tenant) -> User | None:
    if (not isinstance(user, User) or not user.is_active or user.kind != UserKind.OFFICER
            or user.tenant_id != tenant.pk):
        return None
    return user


def _held(user: AbstractBaseUser | AnonymousUser | None, tenant: Tenant,
          held: frozenset[HeldRole] | None) -> frozenset[HeldRole]:
    if held is not None:
        return held
    officer = _officer(user, tenant)
    return roles_held(officer, tenant) if officer is not None else frozenset()


def handled_agency_ids(user: AbstractBaseUser | AnonymousUser | None, tenant: Tenant,
                       held: frozenset[HeldRole] | None = None) -> set[int]:
    """Agencies whose complaints the user handles, as a member or as Plh/Plt today."""
    return {r.agency_id for r in _held(user, tenant, held) if r.role in HANDLER_ROLES}


def is_coordinator(user: AbstractBaseUser | AnonymousUser | None, tenant: Tenant,
                   held: frozenset[HeldRole] | None = None) -> bool:
    """A complaint handler or head of the DPMPTSP: handles every complaint of the tenant."""
    return any(r.role in HANDLER_ROLES and r.is_one_stop for r in _held(user, tenant, held))


def is_reader(user: AbstractBaseUser | AnonymousUser | None, tenant: Tenant,
              held: frozenset[HeldRole] | None = None) -> bool:
    return any(r.role in READER_ROLES for r in _held(user, tenant, held))


def may_open_office(user: AbstractBaseUser | AnonymousUser | None, tenant: Tenant,
                    held: frozenset[HeldRole] | None = None) -> bool:
    """Whether the officers' complaint pages are for this user at all."""
    held = _held(user, tenant, held)
    return bool(handled_agency_ids(user, tenant, held)) or is_reader(user, tenant, held)


def may_file_at_counter(user: AbstractBaseUser | AnonymousUser | None, tenant: Tenant,
                        held: frozenset[HeldRole] | None = None) -> bool:
    return any(r.role in COUNTER_ROLES for r in _held(user, tenant, held))


def visible_complaints(user: AbstractBaseUser | AnonymousUser | None,
                       tenant: Tenant) -> QuerySet[Complaint]:
    """The tenant's complaints this officer may see (none for anyone else)."""
    base = Complaint.objects.filter(tenant=tenant)
    held = _held(user, tenant, None)
    if is_coordinator(user, tenant, held) or is_reader(user, tenant, held):
        return base
    ids = handled_agency_ids(user, tenant, held)
    if not ids:
        return base.none()
    return base.filter(Q(agency_id__in=ids))


def may_read(user: AbstractBaseUser | AnonymousUser | None, complaint: Complaint) -> bool:
    tenant = complaint.tenant
    if _officer(user, tenant) is None:
        return False
    return may_handle(user, complaint) or is_reader(user, tenant)


def may_handle(user: AbstractBaseUser | AnonymousUser | None, complaint: Complaint) -> bool:
    """Act on the complaint: its agency's handlers and heads, and the coordinators."""
    held = _held(user, complaint.tenant, None)
    return (complaint.agency_id in handled_agency_ids(user, complaint.tenant, held)
            or is_coordinator(user, complaint.tenant, held))


def may_see_contact(user: AbstractBaseUser | AnonymousUser | None, complaint: Complaint) -> bool:
    """The complainant's name and contact details: only for those who answer them."""
    return may_handle(user, complaint)
