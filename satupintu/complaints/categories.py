"""Administering complaint categories (with their time limits) and their routes by kecamatan.

Writes of the administration pages; each checks that the actor administers the tenant,
validates (time limits ordered: acknowledge ≤ first answer ≤ resolve), saves and records.
Categories are switched off rather than deleted: complaints keep pointing at theirs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.accounts.permissions import require_tenant_admin
from satupintu.audit.services import record, record_change, snapshot
from satupintu.complaints.models import ComplaintCategory, ComplaintRoute
from satupintu.core.errors import Conflict, ValidationFailed
from satupintu.core.services import apply_changes, validate_instance

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant

CATEGORY_FIELDS = ["code", "name", "name_en", "description", "description_en", "group",
                   "keywords", "kind", "agency", "acknowledge_days", "answer_days",
                   "resolve_days", "needs_location", "is_active", "order"]
ROUTE_FIELDS = ["category", "kecamatan", "agency"]


def days_problems(ack: int | None, answer: int | None, resolve: int | None) -> dict[str, str]:
    """The time limits must be ordered: acknowledge ≤ first answer ≤ resolve."""
    out = {}
    if ack is not None and answer is not None and ack > answer:
        out["answer_days"] = _("The first answer cannot be due before the acknowledgement.")
    if answer is not None and resolve is not None and answer > resolve:
        out["resolve_days"] = _("Resolving cannot be due before the first answer.")
    return out


def _check_category(category: ComplaintCategory) -> None:
    errors: dict[str, list[str]] = {}
    if category.agency is not None and category.agency.tenant_id != category.tenant_id:
        errors["agency"] = [_("Choose one of the agencies.")]
    try:
        validate_instance(category, exclude=["tenant"])
    except ValidationFailed as exc:
        for name, messages in (exc.details or {}).items():
            errors.setdefault(name, []).extend(messages)
    for name, message in days_problems(category.acknowledge_days, category.answer_days,
                                       category.resolve_days).items():
        errors.setdefault(name, []).append(message)
    if "answer_days" in errors or "resolve_days" in errors:
        # The model's own check says the same in one sentence; the fields say it better.
        errors.pop("__all__", None)
    if errors:
        raise ValidationFailed(_("The category was not saved; check the marked fields."),
                               details=errors)


@transaction.atomic
def complaint_category_create(*, tenant: Tenant, actor: User | None,
                              fields: Mapping[str, Any]) -> ComplaintCategory:
    """A new complaint category of the tenant."""
    require_tenant_admin(actor, tenant)
    category = ComplaintCategory(tenant=tenant, **{k: v for k, v in fields.items()
                                                   if k in CATEGORY_FIELDS})
    _check_category(category)
    category.save()
    record_change(tenant=tenant, actor=actor, action="complaint_category.created",
                  obj=category, fields=CATEGORY_FIELDS)
    return category


@transaction.atomic
def complaint_category_update(*, category: ComplaintCategory, actor: User | None,
                              changes: Mapping[str, Any]) -> ComplaintCategory:
    """Change a category; new time limits apply to complaints filed from now on."""
    require_tenant_admin(actor, category.tenant)
    category = ComplaintCategory.objects.select_for_update().get(pk=category.pk)
    before = snapshot(category, [k for k in changes if k in CATEGORY_FIELDS])
    old = apply_changes(category, {k: v for k, v in changes.items() if k in CATEGORY_FIELDS})
    if not old:
        return category
    _check_category(category)
    category.save()
    record_change(tenant=category.tenant, actor=actor, action="complaint_category.changed",
                  obj=category, before={k: before[k] for k in old}, fields=list(old))
    return category


def _check_route(route: ComplaintRoute) -> None:
    errors: dict[str, list[str]] = {}
    for name in ROUTE_FIELDS:
        related = getattr(route, name, None)
        if related is None:
            errors[name] = [_("This field is required.")]
        elif related.tenant_id != route.tenant_id:
            errors[name] = [_("Choose one of this region's entries.")]
    if not errors:
        try:
            validate_instance(route, exclude=["tenant"])
        except ValidationFailed as exc:
            errors.update(exc.details or {})
    if errors:
        raise ValidationFailed(_("The route was not saved; check the marked fields."),
                               details=errors)


@transaction.atomic
def complaint_route_create(*, tenant: Tenant, actor: User | None,
                           fields: Mapping[str, Any]) -> ComplaintRoute:
    """Route a category's complaints about places in a kecamatan to an agency."""
    require_tenant_admin(actor, tenant)
    route = ComplaintRoute(tenant=tenant, **{k: v for k, v in fields.items()
                                             if k in ROUTE_FIELDS})
    _check_route(route)
    route.save()
    record_change(tenant=tenant, actor=actor, action="complaint_route.created", obj=route,
                  fields=ROUTE_FIELDS)
    return route


@transaction.atomic
def complaint_route_update(*, route: ComplaintRoute, actor: User | None,
                           changes: Mapping[str, Any]) -> ComplaintRoute:
    require_tenant_admin(actor, route.tenant)
    route = ComplaintRoute.objects.select_for_update().get(pk=route.pk)
    before = snapshot(route, ROUTE_FIELDS)
    old = apply_changes(route, {k: v for k, v in changes.items() if k in ROUTE_FIELDS})
    if not old:
        return route
    _check_route(route)
    route.save()
    record_change(tenant=route.tenant, actor=actor, action="complaint_route.changed",
                  obj=route, before={k: before[k] for k in old}, fields=list(old))
    return route


@transaction.atomic
def complaint_route_remove(*, route: ComplaintRoute, actor: User | None) -> None:
    """Remove a route: complaints of the place go to the category's agency again."""
    require_tenant_admin(actor, route.tenant)
    found = ComplaintRoute.objects.select_for_update().filter(pk=route.pk).first()
    if found is None:
        raise Conflict(_("This route was removed in the meantime."))
    record(tenant=found.tenant, actor=actor, action="complaint_route.removed", obj=found,
           before=snapshot(found, ROUTE_FIELDS))
    found.delete()
