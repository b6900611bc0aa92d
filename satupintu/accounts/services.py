"""Writes of users and role assignments, each audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.accounts.models import Membership, Role, User, UserKind
from satupintu.accounts.permissions import require_tenant_admin
from satupintu.audit.services import record_change, record_update
from satupintu.core.errors import Conflict, ValidationFailed
from satupintu.core.services import apply_changes, validate_instance
from satupintu.tenants.models import Agency, Tenant

# Kept out of the permanent audit record (UU 27/2022): only that they changed is recorded.
PERSONAL_FIELDS = ["full_name", "first_name", "last_name", "email", "phone"]


@transaction.atomic
def user_create(
    *,
    tenant: Tenant | None,
    actor: User | None,
    username: str,
    kind: UserKind,
    password: str | None,
    **fields: Any,
) -> User:
    """Create an applicant or officer account of the tenant (password hashed with Argon2)."""
    require_tenant_admin(actor, tenant)
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(_("The user name %(name)s is taken.") % {"name": username})
    user = User(tenant=tenant, username=username, kind=kind, **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    validate_instance(user, exclude=["password"])
    user.save()
    if tenant is not None:
        record_change(tenant=tenant, actor=actor, action="user.create", obj=user,
                      fields=["username", "kind", "is_active", "is_demo"])
    return user


@transaction.atomic
def user_update(*, user: User, actor: User | None, **changes: Any) -> User:
    require_tenant_admin(actor, user.tenant)
    old = apply_changes(user, changes)
    if old:
        validate_instance(user, exclude=["password"])
        user.save(update_fields=list(old))
        if user.tenant is not None:
            record_update(tenant=user.tenant, actor=actor, action="user.update", obj=user,
                          old=old, personal=PERSONAL_FIELDS)
    return user


@transaction.atomic
def membership_grant(
    *, user: User, agency: Agency, role: Role, actor: User | None, position: str = ""
) -> Membership:
    """Give an officer a role in an agency of their own tenant (idempotent)."""
    require_tenant_admin(actor, agency.tenant)
    if user.tenant_id != agency.tenant_id:
        raise ValidationFailed(_("An officer can only hold roles in their own region's agencies."))
    if user.kind != UserKind.OFFICER:
        raise ValidationFailed(_("Only officer accounts can hold roles."))
    membership = Membership.objects.filter(user=user, agency=agency, role=role).first()
    if membership is None:
        membership = Membership(
            tenant=agency.tenant, user=user, agency=agency, role=role, position=position
        )
        validate_instance(membership)
        membership.save()
        record_change(tenant=agency.tenant, actor=actor, action="role.grant", obj=membership,
                      fields=["user", "agency", "role", "position"])
        return membership
    old = apply_changes(membership, {"is_active": True, "position": position})
    if old:
        membership.save(update_fields=[*old, "updated_at"])
        record_update(tenant=agency.tenant, actor=actor, action="role.grant", obj=membership,
                      old=old)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User | None) -> Membership:
    """Withdraw a role; the row stays so the officer's history keeps its meaning."""
    require_tenant_admin(actor, membership.tenant)
    old = apply_changes(membership, {"is_active": False})
    if old:
        membership.save(update_fields=["is_active", "updated_at"])
        record_update(tenant=membership.tenant, actor=actor, action="role.revoke",
                      obj=membership, old=old)
    return membership
