"""Officers over time: stand-ins (Plh/Plt) for a date range, and officers who leave."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Delegation, DelegationKind, Membership, Role, User, UserKind
from satupintu.accounts.permissions import is_tenant_admin
from satupintu.audit.services import record
from satupintu.core.errors import Conflict, PermissionDenied, ValidationFailed
from satupintu.tenants.models import Agency

MAX_DELEGATION_DAYS = 366


@transaction.atomic
def delegation_create(
    *, actor: User, principal: User, substitute: User, agency: Agency, role: Role,
    kind: DelegationKind, starts_on: dt.date, ends_on: dt.date, reason: str,
    letter_number: str = "",
) -> Delegation:
    """A head appoints a substitute for their own role (or an administrator records it)."""
    tenant = agency.tenant
    if actor.pk != principal.pk and not is_tenant_admin(actor, tenant):
        raise PermissionDenied(_("Only the officer concerned or an administrator appoints a "
                                 "substitute."))
    problems: dict[str, str] = {}
    if not Membership.objects.filter(user=principal, agency=agency, role=role,
                                     is_active=True).exists():
        problems["role"] = _("The officer does not hold this role in this agency.")
    if (substitute.tenant_id != tenant.pk or substitute.kind != UserKind.OFFICER
            or not substitute.is_active or substitute.pk == principal.pk):
        problems["substitute"] = _("Choose another active officer of this region.")
    if ends_on < starts_on:
        problems["ends_on"] = _("The end may not be before the start.")
    elif (ends_on - starts_on).days > MAX_DELEGATION_DAYS:
        problems["ends_on"] = _("A delegation lasts at most a year; appoint again after.")
    reason = (reason or "").strip()
    if not reason or len(reason) > 300 or "\x00" in reason:
        problems["reason"] = _("Give the reason (at most 300 characters).")
    if len(letter_number) > 100 or "\x00" in letter_number:
        problems["letter_number"] = _("At most 100 characters.")
    if problems:
        raise ValidationFailed(details=problems)
    overlapping = Delegation.objects.filter(
        principal=principal, agency=agency, role=role, revoked_at__isnull=True,
        starts_on__lte=ends_on, ends_on__gte=starts_on).exists()
    if overlapping:
        raise Conflict(_("A substitute is already appointed for part of this period."),
                       code="delegation_overlaps")
    delegation = Delegation.objects.create(
        tenant=tenant, principal=principal, substitute=substitute, agency=agency, role=role,
        kind=kind, starts_on=starts_on, ends_on=ends_on, reason=reason,
        letter_number=letter_number)
    record(tenant=tenant, actor=actor, action="delegation.create", obj=delegation,
           after={"principal": principal.pk, "substitute": substitute.pk, "agency": agency.code,
                  "role": role, "kind": kind, "starts_on": starts_on, "ends_on": ends_on},
           reason=reason)
    return delegation


@transaction.atomic
def delegation_revoke(*, delegation: Delegation, actor: User, reason: str) -> Delegation:
    if actor.pk != delegation.principal_id and not is_tenant_admin(actor, delegation.tenant):
        raise PermissionDenied()
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.revoked_at is not None:
        raise Conflict(_("This delegation was already revoked."))
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at", "updated_at"])
    record(tenant=delegation.tenant, actor=actor, action="delegation.revoke", obj=delegation,
           after={"revoked_at": delegation.revoked_at}, reason=reason)
    return delegation


@transaction.atomic
def officer_deactivate(*, officer: User, actor: User, reason: str) -> User:
    """An officer who leaves: never deleted (their history keeps its names), no longer able
    to sign in or act; their open files and reviews return to the pools."""
    from satupintu.workflow.assignment import release_all_of

    tenant = officer.tenant
    if tenant is None or not is_tenant_admin(actor, tenant):
        raise PermissionDenied()
    if officer.kind != UserKind.OFFICER:
        raise ValidationFailed(_("Only officer accounts are deactivated here."))
    officer = User.objects.select_for_update().get(pk=officer.pk)
    if not officer.is_active:
        raise Conflict(_("This officer is already deactivated."))
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    Membership.objects.filter(user=officer, is_active=True).update(is_active=False)
    Delegation.objects.filter(substitute=officer, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    # Files last: release_all_of locks them and then appends to the audit chain.
    released = release_all_of(officer, actor)
    record(tenant=tenant, actor=actor, action="officer.deactivate", obj=officer,
           after={"released_files": released}, reason=reason)
    return officer
