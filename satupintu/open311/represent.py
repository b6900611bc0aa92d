"""What Open311 shows: services (complaint categories), their definitions and service
requests (complaints), each as a plain dict the renderer turns into JSON or XML.

Service requests are read with `.values()` over public columns only, so a complainant's name,
contact, account or exact address cannot reach an answer even by mistake. The point is
rounded to 3 decimals (about 100 m): an exact point of where someone stood is personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from satupintu.complaints.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintCategory,
    ComplaintMedia,
    ComplaintStatus,
    ComplaintUpdate,
    MediaReview,
    UpdateKind,
)
from satupintu.tenants.models import Agency, Kelurahan, Tenant

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-05-01T00:00:00+07:00"  # change when the answers' shape changes
POINT_PLACES = Decimal("0.001")

_COLUMNS = (
    "pk", "number", "status", "description", "hidden_reason", "submitted_at",
    "resolve_due", "outcome_reason", "responsible_body", "reopen_count", "lapor_ticket",
    "lat", "long", "category__code", "category__name", "category__name_en", "kelurahan__code",
    "kelurahan__name", "agency__name", "agency__name_en", "duplicate_of__number",
)


def english() -> bool:
    return (get_language() or "id").startswith("en")


def _local(name: str, english_name: str) -> str:
    return english_name if english_name and english() else name


# --- services -------------------------------------------------------------------------------
def categories(tenant: Tenant) -> QuerySet[ComplaintCategory]:
    return ComplaintCategory.objects.filter(tenant=tenant, is_active=True).order_by(
        "order", "name")


def category_get(tenant: Tenant, code: str) -> ComplaintCategory | None:
    return categories(tenant).filter(code=code.strip()).first() if len(code) <= 40 else None


def service(category: ComplaintCategory) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": _local(category.name, category.name_en),
        "description": _local(category.description, category.description_en),
        # Every category takes our extra attributes (see `definition`).
        "metadata": True,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def _attribute(code: str, order: int, datatype: str, description: str, about: str,
               values: Iterable[tuple[str, str]] = (), required: bool = False,
               ) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "variable": True, "code": code, "datatype": datatype, "required": required,
        "datatype_description": about, "order": order, "description": description}
    if datatype == "singlevaluelist":
        attribute["values"] = [{"key": key, "name": name} for key, name in values]
    return attribute


def definition(tenant: Tenant, category: ComplaintCategory) -> dict[str, Any]:
    """The service definition: our extra fields, posted as `attribute[<code>]=…`."""
    kelurahan = Kelurahan.objects.filter(tenant=tenant).select_related("kecamatan").order_by(
        "kecamatan__code", "name")
    agencies = Agency.objects.filter(tenant=tenant, is_active=True).order_by("name")
    return {
        "service_code": category.code,
        "attributes": [
            _attribute("kelurahan", 1, "singlevaluelist", _("Kelurahan or desa"),
                       _("Where the problem is. This category needs a kelurahan, an "
                         "address_string or lat and long.") if category.needs_location
                       else _("Where the problem is (optional)."),
                       [(k.code, f"{k.name} ({k.kecamatan.name})") for k in kelurahan]),
            _attribute("agency", 2, "singlevaluelist", _("Agency complained about"),
                       _("The agency the complaint is about (optional)."),
                       [(a.code, _local(a.name, a.name_en)) for a in agencies]),
            _attribute("tracking_number", 3, "string", _("Application tracking number"),
                       _("The tracking number of the application concerned, e.g. "
                         "LLG-2026-000123 (optional).")),
            _attribute("permit_number", 4, "string", _("Permit number"),
                       _("The number of the permit concerned (optional).")),
            _attribute("lapor_ticket", 5, "string", _("SP4N-LAPOR! ticket"),
                       _("The ticket number if the complaint was also sent to SP4N-LAPOR! "
                         "(4–30 letters, digits or dashes; optional).")),
        ],
    }


# --- service requests -----------------------------------------------------------------------
def service_requests(tenant: Tenant) -> QuerySet[Complaint, dict[str, Any]]:
    """The tenant's complaints, public columns only, newest first (filter, then slice)."""
    rows: QuerySet[Complaint, dict[str, Any]] = (
        Complaint.objects.filter(tenant=tenant).order_by("-submitted_at", "-pk")
        .values(*_COLUMNS))
    return rows


def iso(moment: dt.datetime, tenant: Tenant) -> str:
    """ISO 8601 with the tenant's offset, e.g. 2026-05-04T09:30:00+07:00."""
    return moment.astimezone(ZoneInfo(tenant.timezone)).isoformat(timespec="seconds")


def end_of_day(day: dt.date, tenant: Tenant) -> str:
    return dt.datetime.combine(day, dt.time(23, 59, 59),
                               tzinfo=ZoneInfo(tenant.timezone)).isoformat(timespec="seconds")


def _point(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(POINT_PLACES, ROUND_HALF_UP))


def media_url(request: HttpRequest, number: str, pk: int) -> str:
    """The public photo route (complaints:public_media), absolute."""
    try:
        path = reverse("complaints:public_media", args=(number, pk))
    except NoReverseMatch:
        path = f"/pengaduan/{number}/foto/{pk}/"
    return request.build_absolute_uri(path)


def _status_notes(row: dict[str, Any], last_text: str) -> str:
    status = row["status"]
    parts = [str(ComplaintStatus(status).label)]
    if status == ComplaintStatus.NOT_RESPONSIBLE and row["responsible_body"]:
        parts.append(_("Responsible: %(body)s") % {"body": row["responsible_body"]})
    if status == ComplaintStatus.DUPLICATE and row["duplicate_of__number"]:
        parts.append(_("Same as complaint %(number)s") % {"number": row["duplicate_of__number"]})
    if status not in OPEN_STATUSES and row["outcome_reason"]:
        parts.append(row["outcome_reason"])
    elif last_text:
        parts.append(last_text)
    return ". ".join(part.rstrip(". ") for part in parts if part) + "."


def represent(request: HttpRequest, tenant: Tenant, rows: list[dict[str, Any]],
              ) -> list[dict[str, Any]]:
    """Service requests as the standard names them, plus `extended_attributes`."""
    ids = [row["pk"] for row in rows]
    photos: dict[int, int] = {}
    for complaint_id, pk in (ComplaintMedia.objects
                             .filter(complaint_id__in=ids, review=MediaReview.APPROVED)
                             .order_by("-pk").values_list("complaint_id", "pk")):
        photos[complaint_id] = pk  # the first approved photo (the standard has one URL)
    latest: dict[int, tuple[dt.datetime, str, str]] = {}
    # Internal notes never leave the office, whatever their flag says.
    for complaint_id, at, text, hidden, status in (
            ComplaintUpdate.objects.filter(complaint_id__in=ids, is_public=True)
            .exclude(kind=UpdateKind.NOTE).order_by("at", "pk")
            .values_list("complaint_id", "at", "text", "hidden_reason", "status")):
        latest[complaint_id] = (at, "" if hidden else text, status)
    answers = []
    for row in rows:
        at, text, status = latest.get(row["pk"], (row["submitted_at"], "", row["status"]))
        open_ = row["status"] in OPEN_STATUSES
        description = row["description"]
        if row["hidden_reason"]:
            # Moderated text is never sent out, only why it was hidden.
            description = _("[Hidden by a moderator: %(reason)s]") % {
                "reason": row["hidden_reason"]}
        photo = photos.get(row["pk"])
        answers.append({
            "service_request_id": row["number"],
            "status": "open" if open_ else "closed",
            "status_notes": _status_notes(row, text if status == row["status"] else ""),
            "service_name": _local(row["category__name"], row["category__name_en"]),
            "service_code": row["category__code"],
            "description": description,
            "agency_responsible": _local(row["agency__name"], row["agency__name_en"]),
            "service_notice": (_("To be resolved by %(date)s.") % {
                "date": date_format(row["resolve_due"], "DATE_FORMAT")} if open_ else ""),
            "requested_datetime": iso(row["submitted_at"], tenant),
            "updated_datetime": iso(max(at, row["submitted_at"]), tenant),
            "expected_datetime": end_of_day(row["resolve_due"], tenant),
            "address": (f"{row['kelurahan__name']}, {tenant.name}"
                        if row["kelurahan__name"] else ""),
            "address_id": row["kelurahan__code"] or "",
            "zipcode": "",
            "lat": _point(row["lat"]),
            "long": _point(row["long"]),
            "media_url": media_url(request, row["number"], photo) if photo else "",
            "extended_attributes": {
                "satupintu_status": row["status"],
                "reopen_count": row["reopen_count"],
                # Whether SP4N-LAPOR! has it too; the ticket itself is not published (it
                # opens the report on LAPOR!, which may carry the complainant's details).
                "has_lapor_ticket": bool(row["lapor_ticket"]),
            },
        })
    return answers
