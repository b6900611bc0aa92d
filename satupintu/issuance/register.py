"""Reads of the register of issued permits: who may read it, and the scoped, filtered list.

The register holds personal data (holders' names, receivers' NIK), so it is for the one-stop
office's own officers, its heads and the inspectorate's auditors — not for technical agencies,
whose officers see the files they review through the back office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from satupintu.accounts.models import Membership, Role, User, UserKind
from satupintu.issuance.models import Permit, PermitStatus
from satupintu.tenants.models import Tenant
from satupintu.workflow.assignment import holds

# Roles of the one-stop office that work with issued permits; the auditor may sit in any agency
# (the inspectorate), since auditing the register is their job.
REGISTER_ROLES = (Role.FRONT_OFFICE, Role.VERIFIER, Role.APPROVER, Role.SIGNER, Role.HEAD)
READER_ROLES = (*REGISTER_ROLES, Role.AUDITOR)
# Revoking is an act of the authority that signs permits (PP 6/2021: the head of DPMPTSP).
REVOKER_ROLES = (Role.SIGNER, Role.HEAD)
PAGE_SIZE = 25
MAX_QUERY = 120


def _one_stop_roles(user: User, tenant: Tenant, roles: tuple[Role, ...]) -> bool:
    from satupintu.tenants.models import Agency

    agency = Agency.objects.filter(tenant=tenant, is_one_stop=True).first()
    return agency is not None and any(holds(user, agency, role) for role in roles)


def may_read_register(user: User, tenant: Tenant) -> bool:
    """One-stop officers with a permit role (or their Plh/Plt), and auditors of the tenant."""
    if not isinstance(user, User) or user.kind != UserKind.OFFICER or user.tenant_id != tenant.pk:
        return False
    if Membership.objects.filter(user=user, tenant=tenant, is_active=True,
                                 role=Role.AUDITOR).exists():
        return True
    return _one_stop_roles(user, tenant, REGISTER_ROLES)


def may_revoke(user: User, tenant: Tenant) -> bool:
    return (isinstance(user, User) and user.tenant_id == tenant.pk
            and _one_stop_roles(user, tenant, REVOKER_ROLES))


def may_hand_over(user: User, tenant: Tenant) -> bool:
    return (isinstance(user, User) and user.tenant_id == tenant.pk
            and _one_stop_roles(user, tenant, (Role.FRONT_OFFICE,)))


@dataclass(frozen=True)
class RegisterFilters:
    """The register's search form, already cleaned (bad values read as "no filter")."""

    q: str = ""  # number, holder or tracking number
    service: str = ""
    status: str = ""
    year: int | None = None
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None
    page: int = 1

    def query_string(self) -> str:
        from urllib.parse import urlencode

        pairs = {"q": self.q, "service": self.service, "status": self.status,
                 "year": self.year or "", "from": self.issued_from or "",
                 "to": self.issued_to or ""}
        return urlencode({k: v for k, v in pairs.items() if v})


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "")[:10]) if raw else None
    except ValueError:
        return None


def filters_from(get: dict[str, str]) -> RegisterFilters:
    """Parse the search form; never raises (a register search is not worth an error page)."""
    year_raw = (get.get("year") or "")[:4]
    page_raw = (get.get("page") or "1")[:7]
    status = get.get("status") or ""
    return RegisterFilters(
        q=" ".join((get.get("q") or "").split())[:MAX_QUERY],
        service=(get.get("service") or "")[:20],
        status=status if status in PermitStatus.values else "",
        year=int(year_raw) if year_raw.isdigit() and len(year_raw) == 4 else None,
        issued_from=_date(get.get("from")), issued_to=_date(get.get("to")),
        page=max(1, int(page_raw)) if page_raw.isdigit() else 1,
    )


def register_queryset(*, tenant: Tenant, filters: RegisterFilters,
                      today: dt.date) -> QuerySet[Permit]:
    """The tenant's permits matching the filters, newest first. Status is computed from the
    row (status.permit_status), so its filter repeats that rule in SQL."""
    qs = (Permit.objects.filter(tenant=tenant)
          .select_related("service", "application", "superseded_by")
          .order_by("-issued_at", "-pk"))
    if filters.q:
        qs = qs.filter(Q(number__icontains=filters.q) | Q(holder_name__icontains=filters.q)
                       | Q(application__tracking_number__iexact=filters.q)
                       | Q(token=filters.q))
    if filters.service:
        qs = qs.filter(service__code=filters.service)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.issued_from:
        qs = qs.filter(issued_at__date__gte=filters.issued_from)
    if filters.issued_to:
        qs = qs.filter(issued_at__date__lte=filters.issued_to)
    revoked = Q(revoked_at__isnull=False)
    superseded = Q(superseded_by__isnull=False)
    expired = Q(valid_until__lt=today)
    if filters.status == PermitStatus.REVOKED:
        qs = qs.filter(revoked)
    elif filters.status == PermitStatus.SUPERSEDED:
        qs = qs.filter(superseded).exclude(revoked)
    elif filters.status == PermitStatus.EXPIRED:
        qs = qs.filter(expired).exclude(revoked).exclude(superseded)
    elif filters.status == PermitStatus.VALID:
        qs = qs.exclude(revoked).exclude(superseded).exclude(expired)
    return qs


def register_permit(*, tenant: Tenant, pk: int) -> Permit | None:
    """One permit of the tenant, with what its detail page shows."""
    return (Permit.objects.filter(tenant=tenant, pk=pk)
            .select_related("service", "application", "application__case", "signer",
                            "revoked_by", "handed_over_by", "supersedes")
            .first())


def current_permit(application_id: int) -> Permit | None:
    """The application's permit that is in force on paper: the newest not superseded one."""
    return (Permit.objects.filter(application_id=application_id, superseded_by__isnull=True)
            .select_related("service").order_by("-issued_at", "-pk").first())

