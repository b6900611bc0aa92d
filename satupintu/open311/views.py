"""The GeoReport v2 endpoints. Every answer is JSON or XML, errors included: the standard's
error list for a bad key (403), an unknown code or id (404), bad input (400), a wrong method
(405), too many requests (429) and anything unexpected (500) — never an HTML or CSRF page.

Partner apps post from their own servers with an API key, not a browser session, so the
endpoints are exempt from CSRF; no cookie grants anything here.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from satupintu.complaints.intake import ComplaintInput, complaint_submit
from satupintu.complaints.models import CLOSED_STATUSES, OPEN_STATUSES, ComplaintChannel
from satupintu.core.errors import DomainError, ValidationFailed
from satupintu.open311 import represent
from satupintu.open311.keys import client_for_key, client_touch
from satupintu.open311.render import FORMATS, JSON, XML, error_response, respond
from satupintu.tenants.models import Tenant
from satupintu.tracking.throttle import count_hit, parse_rate

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]
MAX_ROWS = 1000
DEFAULT_DAYS = 90
MAX_LIST_ITEMS = 100  # ids or codes in one comma list
# Intake's field names → the parameter a partner app sent.
PARAMETERS = {
    "category": "service_code", "description": "description", "contact_email": "email",
    "contact_phone": "phone", "kelurahan": "attribute[kelurahan]", "address": "address_string",
    "lat": "lat", "long": "long", "tracking_number": "attribute[tracking_number]",
    "permit_number": "attribute[permit_number]", "agency": "attribute[agency]",
    "lapor_ticket": "attribute[lapor_ticket]", "media": "media",
}


class Refused(Exception):
    """An answer from the error list: HTTP `status`, one description per problem."""

    def __init__(self, status: int, *descriptions: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(descriptions)
        self.status = status
        self.descriptions = descriptions
        self.headers = headers or {}


def _tenant(request: HttpRequest) -> Tenant:
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    return tenant


def _format_of(path: str) -> str:
    return XML if path.lower().endswith(".xml") else JSON


def endpoint(*methods: str) -> Callable[[View], View]:
    """CSRF-exempt, `methods` only (405 otherwise), and every failure as the error list."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            fmt = kwargs.get("fmt") or _format_of(request.path)
            try:
                if request.method not in methods:
                    raise Refused(405, _("This method is not allowed here; use %(methods)s.")
                                  % {"methods": ", ".join(methods)},
                                  headers={"Allow": ", ".join(methods)})
                if fmt not in FORMATS:
                    raise Refused(404, _("Unknown format; use .json or .xml."))
                return view(request, *args, **kwargs)
            except Refused as exc:
                return error_response(fmt, exc.status, exc.descriptions, exc.headers)
            except RequestDataTooBig:
                return error_response(fmt, 413, [_("The request is too large.")])
            except SuspiciousOperation:
                return error_response(fmt, 400, [_("The request could not be read.")])
            except Exception:
                logger.exception("open311: unexpected error on %s", request.path)
                return error_response(fmt, 500, [_("Something went wrong on our side; try "
                                                   "again later.")])

        return wrapped

    return decorate


def _throttle(request: HttpRequest, scope: str, setting: str, default: str) -> None:
    wait = count_hit(request, scope=scope,
                     rate=parse_rate(getattr(settings, setting, default)))
    if wait is not None:
        seconds = int(wait) + 1
        raise Refused(429, _("Too many requests; try again in %(n)d seconds.") % {"n": seconds},
                      headers={"Retry-After": str(seconds)})


def _read(request: HttpRequest) -> None:
    _throttle(request, "open311-read", "SATUPINTU_OPEN311_READ_RATE", "120/m")


# --- discovery and services ----------------------------------------------------------------
@endpoint("GET", "HEAD")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    tenant = _tenant(request)
    body = {
        "changeset": represent.CHANGESET,
        "contact": ", ".join(p for p in (tenant.name, tenant.email, tenant.phone) if p),
        "key_service": _("Partner apps ask the DPMPTSP of %(name)s for an API key.")
        % {"name": tenant.name},
        "endpoints": [{
            "specification": represent.SPECIFICATION,
            "url": request.build_absolute_uri(reverse("open311:root")).rstrip("/"),
            "changeset": represent.CHANGESET,
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    }
    return respond(fmt, "discovery", body)


@endpoint("GET", "HEAD")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    _read(request)
    body = [represent.service(c) for c in represent.categories(_tenant(request))]
    return respond(fmt, "services", body)


@endpoint("GET", "HEAD")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    _read(request)
    tenant = _tenant(request)
    category = represent.category_get(tenant, code)
    if category is None:
        raise Refused(404, _("Unknown service_code: %(code)s.") % {"code": code[:40]})
    return respond(fmt, "service_definition", represent.definition(tenant, category))


# --- service requests ----------------------------------------------------------------------
@endpoint("GET", "HEAD", "POST")
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post(request, fmt)
    _read(request)
    tenant = _tenant(request)
    rows = _filtered(request, tenant)
    return respond(fmt, "service_requests", represent.represent(request, tenant, rows))


@endpoint("GET", "HEAD")
def service_request(request: HttpRequest, service_request_id: str, fmt: str) -> HttpResponse:
    _read(request)
    tenant = _tenant(request)
    number = service_request_id.strip().upper()
    rows = list(represent.service_requests(tenant).filter(number=number)[:1]) if len(
        number) <= 24 else []
    if not rows:
        raise Refused(404, _("Unknown service_request_id: %(id)s.") % {
            "id": service_request_id[:24]})
    return respond(fmt, "service_requests", represent.represent(request, tenant, rows))


@endpoint("GET", "HEAD")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    _read(request)
    from satupintu.complaints.models import Complaint

    number = (Complaint.objects.filter(tenant=_tenant(request), open311_token=token)
              .values_list("number", flat=True).first()) if len(token) <= 64 else None
    if number is None:
        raise Refused(404, _("Unknown token."))
    return respond(fmt, "service_requests", [{"service_request_id": number, "token": token}])


@endpoint("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    raise Refused(404, _("Nothing here. The endpoints are discovery, services, "
                         "services/{code}, requests, requests/{id} and tokens/{token}, each "
                         "with .json or .xml."))


# --- reading the list ----------------------------------------------------------------------
def _comma_list(request: HttpRequest, name: str) -> list[str]:
    values = [v.strip() for v in request.GET.get(name, "").split(",") if v.strip()]
    if len(values) > MAX_LIST_ITEMS:
        raise Refused(400, _("%(name)s lists at most %(n)d values.") % {"name": name,
                                                                        "n": MAX_LIST_ITEMS})
    return values


_OFFSET_SPACE = re.compile(r" (\d\d:?\d\d)$")


def _moment(request: HttpRequest, name: str, tenant: Tenant,
            day_end: bool = False) -> dt.datetime | None:
    """A W3C date-time parameter; a plain date is the start of that day (the end with
    `day_end`), where the tenant is."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    # An unencoded "+07:00" arrives as " 07:00".
    text = _OFFSET_SPACE.sub(r"+\1", raw)
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)) is not None:
            moment = dt.datetime.combine(day, dt.time.max if day_end else dt.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise Refused(400, _("%(name)s must be a W3C date and time, e.g. "
                             "2026-05-04T09:30:00+07:00.") % {"name": name})
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=ZoneInfo(tenant.timezone))
    return moment


def _filtered(request: HttpRequest, tenant: Tenant) -> list[dict[str, Any]]:
    """The standard's filters: ids alone, or codes, status and a date range (default: the
    last 90 days); at most 1000, newest first."""
    qs = represent.service_requests(tenant)
    ids = _comma_list(request, "service_request_id")
    if ids:
        return list(qs.filter(number__in=[i.upper()[:24] for i in ids])[:MAX_ROWS])
    codes = _comma_list(request, "service_code")
    statuses = {s.lower() for s in _comma_list(request, "status")}
    if statuses - {"open", "closed"}:
        raise Refused(400, _("status must be open or closed."))
    errors: list[str] = []
    start = end = None
    try:
        start = _moment(request, "start_date", tenant)
    except Refused as exc:
        errors.extend(exc.descriptions)
    try:
        end = _moment(request, "end_date", tenant, day_end=True)
    except Refused as exc:
        errors.extend(exc.descriptions)
    if start and end and start > end:
        errors.append(_("start_date must not be after end_date."))
    if errors:
        raise Refused(400, *errors)
    if start is None:
        start = (end or timezone.now()) - dt.timedelta(days=DEFAULT_DAYS)
    qs = qs.filter(submitted_at__gte=start)
    if end is not None:
        qs = qs.filter(submitted_at__lte=end)
    if codes:
        qs = qs.filter(category__code__in=codes)
    if statuses == {"open"}:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif statuses == {"closed"}:
        qs = qs.filter(status__in=CLOSED_STATUSES)
    return list(qs[:MAX_ROWS])


# --- posting -------------------------------------------------------------------------------
def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    tenant = _tenant(request)
    data = request.POST
    client = client_for_key(tenant, data.get("api_key") or request.GET.get("api_key"))
    if client is None:
        raise Refused(403, _("A valid api_key is required to post a service request."))
    _throttle(request, f"open311-post:{client.pk}", "SATUPINTU_OPEN311_RATE", "60/10m")
    client_touch(client)
    code = data.get("service_code", "").strip()
    if not code:
        raise Refused(400, _("service_code is required."))
    if represent.category_get(tenant, code) is None:
        raise Refused(404, _("Unknown service_code: %(code)s.") % {"code": code[:40]})

    def attribute(name: str) -> str:
        return data.get(f"attribute[{name}]", "").strip()

    name = " ".join(p for p in (data.get("first_name", "").strip(),
                                data.get("last_name", "").strip()) if p)
    try:
        complaint = complaint_submit(
            tenant=tenant, actor=None, channel=ComplaintChannel.OPEN311, client=client,
            data=ComplaintInput(
                category=code, description=data.get("description", ""), contact_name=name,
                contact_email=data.get("email", ""), contact_phone=data.get("phone", ""),
                kelurahan=attribute("kelurahan") or data.get("address_id", "").strip(),
                address=data.get("address_string", ""),
                lat=data.get("lat") or None, long=data.get("long") or None,
                tracking_number=attribute("tracking_number"),
                permit_number=attribute("permit_number"), agency=attribute("agency"),
                lapor_ticket=attribute("lapor_ticket"),
                photos=request.FILES.getlist("media")))
    except ValidationFailed as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        problems = [f"{PARAMETERS.get(field, field)}: {message}"
                    for field, message in details.items()] or [str(exc.message)]
        raise Refused(400, *problems) from exc
    except DomainError as exc:
        raise Refused(exc.http_status, str(exc.message)) from exc
    notice = _("Received as complaint %(number)s; to be resolved by %(date)s.") % {
        "number": complaint.number, "date": date_format(complaint.resolve_due, "DATE_FORMAT")}
    if data.get("media_url", "").strip():
        # Fetching a URL someone else chose would let them make us request anything.
        notice += " " + _("media_url is not fetched; upload the photo as the file field "
                          "media instead.")
    return respond(fmt, "service_requests", [{
        "service_request_id": complaint.number, "token": complaint.open311_token,
        "service_notice": notice, "account_id": None}])
