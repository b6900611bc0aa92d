"""Who may do what: role checks in one place."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from satupintu.accounts.models import Membership, Role, User
from satupintu.core.errors import PermissionDenied
from satupintu.tenants.models import Tenant


def has_role(
    user: AbstractBaseUser | AnonymousUser, tenant: Tenant, *roles: Role
) -> bool:
    """True when the user holds one of `roles` (any, if none given) in an agency of the tenant."""
    if not isinstance(user, User) or not user.is_active or user.tenant_id != tenant.pk:
        return False
    qs = Membership.objects.filter(user=user, tenant=tenant, is_active=True)
    if roles:
        qs = qs.filter(role__in=roles)
    return qs.exists()


def is_tenant_admin(user: AbstractBaseUser | AnonymousUser, tenant: Tenant) -> bool:
    """Administrators of the tenant, and platform superusers, may use the admin site."""
    if isinstance(user, User) and user.is_active and user.is_superuser:
        return True
    return has_role(user, tenant, Role.ADMINISTRATOR)


def is_superuser(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return isinstance(user, User) and user.is_active and user.is_superuser


def require_tenant_admin(actor: User | None, tenant: Tenant | None) -> None:
    """The permission check of administrative service functions (catalog, organisation, users).

    `actor=None` is the system itself (management commands, the demo loader). Anyone else must
    administer the tenant, or be a platform superuser; without a tenant (creating a tenant, a
    platform account) only a superuser may act.
    """
    if actor is None:
        return
    allowed = is_superuser(actor) if tenant is None else is_tenant_admin(actor, tenant)
    if not allowed:
        raise PermissionDenied()
