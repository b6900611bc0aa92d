"""Reads of accounts: applicants' profiles, who may submit, sign-in by e-mail address."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest

from satupintu.accounts.models import ApplicantProfile, Delegation, Membership, User, UserKind
from satupintu.lib.identifiers import InvalidIdentifier, parse_nik
from satupintu.tenants.models import Kelurahan, Tenant
from satupintu.tenants.selectors import kelurahan_list


def applicant_profile_of(user: AbstractBaseUser | AnonymousUser) -> ApplicantProfile | None:
    """The profile of an applicant account (None for officers and visitors)."""
    if not isinstance(user, User) or user.kind != UserKind.APPLICANT:
        return None
    return ApplicantProfile.objects.select_related(
        "kelurahan__kecamatan").filter(user=user).first()


def applicant_may_submit(user: User) -> bool:
    """Whether the applicant may submit an application: an active applicant with a profile
    whose e-mail address is verified. Drafting needs none of this."""
    if not user.is_active or user.kind != UserKind.APPLICANT:
        return False
    return ApplicantProfile.objects.filter(user=user, email_verified_at__isnull=False).exists()


def applicant_by_nik(*, tenant: Tenant, nik: str) -> User | None:
    """The individual applicant of the tenant with this NIK (front office: find the account of
    a walk-in applicant); None when there is none or the NIK is not valid."""
    try:
        digits = parse_nik(nik).value
    except InvalidIdentifier:
        return None
    profile = ApplicantProfile.objects.select_related("user").filter(
        tenant=tenant, kind="individual", nik=digits).first()
    return profile.user if profile else None


def username_for_sign_in(*, tenant: Tenant | None, identifier: str) -> str:
    """The user name to sign in with: `identifier` itself, or the user name of the one account
    of the tenant with that e-mail address (applicants may sign in with either)."""
    identifier = identifier.strip()
    if "@" not in identifier or tenant is None:
        return identifier
    matches = list(User.objects.filter(tenant=tenant, email__iexact=identifier)
                   .values_list("username", flat=True)[:2])
    return matches[0] if len(matches) == 1 else identifier


def kelurahan_choices(*, tenant: Tenant) -> list[tuple[str, list[tuple[str, str]]]]:
    """The tenant's kelurahan grouped by kecamatan, for a select with option groups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for kelurahan in kelurahan_list(tenant=tenant).order_by("kecamatan__name", "name"):
        groups.setdefault(kelurahan.kecamatan.name, []).append((kelurahan.code, kelurahan.name))
    return list(groups.items())


def kelurahan_get(*, tenant: Tenant, code: str) -> Kelurahan | None:
    return kelurahan_list(tenant=tenant).filter(code=code).first()


class HeldRole(NamedTuple):
    """A role an officer holds in an agency, as a member or as its Plh/Plt today."""

    agency_id: int
    role: str
    is_one_stop: bool
    sector: str


def roles_held(user: User, tenant: Tenant) -> frozenset[HeldRole]:
    """The roles the officer holds in the tenant today: own active memberships and the
    stand-ins (Plh/Plt) delegated to them. Every "who may" rule starts from this set."""
    fields = ("agency_id", "role", "agency__is_one_stop", "agency__sector")
    held = {HeldRole(*row) for row in Membership.objects.filter(
        user=user, tenant=tenant, is_active=True).values_list(*fields)}
    held |= {HeldRole(*row) for row in active_delegations(user, tenant).values_list(*fields)}
    return frozenset(held)


def request_roles(request: HttpRequest) -> frozenset[HeldRole]:
    """`roles_held` of the request's officer, read once per request (the menu items of every
    page ask it several times); empty for anyone who is not an officer of the request's
    tenant."""
    cached: frozenset[HeldRole] | None = getattr(request, "_roles_held", None)
    if cached is None:
        user, tenant = getattr(request, "user", None), getattr(request, "tenant", None)
        cached = (roles_held(user, tenant) if isinstance(user, User) and user.is_active
                  and user.kind == UserKind.OFFICER and tenant is not None
                  and user.tenant_id == tenant.pk else frozenset())
        request._roles_held = cached  # type: ignore[attr-defined]
    return cached


def officer_memberships(user: User) -> list[Membership]:
    return list(Membership.objects.filter(user=user, is_active=True)
                .select_related("agency").order_by("agency__name", "role"))


def active_delegations(user: User, tenant: Tenant, on: dt.date | None = None) -> (
    QuerySet[Delegation]
):
    """The Plh/Plt delegations the user holds today (in the tenant's time zone)."""
    from satupintu.calendars.selectors import local_date

    day = on or local_date(tenant)
    return Delegation.objects.filter(tenant=tenant, substitute=user, starts_on__lte=day,
                                     ends_on__gte=day, revoked_at__isnull=True)


def applicant_get(*, tenant: Tenant, pk: int) -> User | None:
    """An applicant account of the tenant (None for an officer, another tenant's, or none)."""
    return User.objects.filter(pk=pk, tenant=tenant, kind=UserKind.APPLICANT).first()


def applicants_by_nik(*, tenant: Tenant, nik: str) -> list[User]:
    """Every applicant account of the tenant behind a NIK: the person's own, and the
    businesses they represent (the front office picks which one the walk-in files for)."""
    try:
        digits = parse_nik(nik).value
    except InvalidIdentifier:
        return []
    return [profile.user for profile in ApplicantProfile.objects.select_related("user").filter(
        tenant=tenant, nik=digits, user__is_active=True).order_by("kind", "pk")]
