"""Who may read the survey's results inside the office."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from satupintu.accounts.models import Membership, Role, User, UserKind
from satupintu.tenants.models import Tenant

# Leaders, the inspectorate and administrators anywhere in the region; and every officer of
# the one-stop office, whose service the index measures.
READER_ROLES = (Role.HEAD, Role.AUDITOR, Role.ADMINISTRATOR)


def may_read_ikm(user: AbstractBaseUser | AnonymousUser, tenant: Tenant) -> bool:
    if not isinstance(user, User) or user.kind != UserKind.OFFICER or not user.is_active \
            or user.tenant_id != tenant.pk:
        return False
    mine = Membership.objects.filter(user=user, tenant=tenant, is_active=True)
    return mine.filter(role__in=READER_ROLES).exists() or mine.filter(
        agency__is_one_stop=True).exists()
