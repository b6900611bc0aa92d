"""The counter's survey kiosk: a front-office clerk turns a tablet into the kiosk of their
agency, and from then on `/survei/` on that device shows the survey form without a token.

The grant lives in a signed cookie (tenant, agency, the clerk who started it); it is checked
on every use against the clerk's current role, so deactivating the clerk or removing their
front-office role switches their kiosks off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from satupintu.tracking.throttle import Rate, count_hit, parse_rate

if TYPE_CHECKING:
    from satupintu.tenants.models import Agency, Tenant

COOKIE = "satupintu_kiosk"
SALT = "satupintu.surveys.kiosk"
MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class KioskGrant:
    tenant_id: int
    agency_id: int
    officer_id: int


def kiosk_cookie_set(response: HttpResponse, grant: KioskGrant) -> None:
    value = signing.dumps({"t": grant.tenant_id, "a": grant.agency_id, "o": grant.officer_id},
                          salt=SALT, compress=True)
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)


def kiosk_cookie_clear(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")


def kiosk_grant(request: HttpRequest, tenant: Tenant) -> KioskGrant | None:
    """The device's kiosk grant for this tenant, if its cookie is genuine and the clerk who
    started it still works at the front office of that agency."""
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=SALT, max_age=MAX_AGE)
        grant = KioskGrant(tenant_id=int(data["t"]), agency_id=int(data["a"]),
                           officer_id=int(data["o"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if grant.tenant_id != tenant.pk:
        return None
    from satupintu.accounts.models import Membership, Role

    if not Membership.objects.filter(
            tenant=tenant, user_id=grant.officer_id, user__is_active=True,
            agency_id=grant.agency_id, role=Role.FRONT_OFFICE, is_active=True).exists():
        return None
    return grant


def kiosk_agency(tenant: Tenant, grant: KioskGrant) -> Agency | None:
    from satupintu.tenants.models import Agency

    return Agency.objects.filter(tenant=tenant, pk=grant.agency_id).first()


def _rate(name: str, default: str) -> Rate:
    return parse_rate(str(getattr(settings, name, default)))


def survey_hit(request: HttpRequest) -> float | None:
    """One survey submission by link (page or API) for the client: None when allowed, else
    seconds to wait."""
    return count_hit(request, scope="survey",
                     rate=_rate("SATUPINTU_SURVEY_RATE", "20/m"))


def kiosk_hit(request: HttpRequest) -> float | None:
    """One kiosk submission: a tablet answers one citizen after another, so its budget is an
    hour's queue at a busy counter, not a person's."""
    return count_hit(request, scope="survey_kiosk",
                     rate=_rate("SATUPINTU_SURVEY_KIOSK_RATE", "120/h"))
