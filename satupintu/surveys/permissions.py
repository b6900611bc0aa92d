"""Who may read the survey's results inside the office."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from satupintu.accounts.models import Role, User, UserKind
from satupintu.accounts.selectors import roles_held
from satupintu.tenants.models import Tenant

# Leaders, the inspectorate and administrators anywhere in the region; and every officer of
# the one-stop office, whose service the index measures.
READER_ROLES = (Role.HEAD, Role.AUDITOR, Role.ADMINISTRATOR)


def may_read_ikm(user: AbstractBaseUser | AnonymousUser, tenant: Tenant) -> bool:
    if not isinstance(user, User) or user.kind != UserKind.OFFICER or not user.is_active \
            or user.tenant_id != tenant.pk:
        return False
    # Roles held as a Plh/Plt stand-in count like the officer's own, as everywhere else.
    return any(r.role in READER_ROLES or r.is_one_stop for r in roles_held(user, tenant))
