"""Filing a complaint (web, counter, Open311): validation, routing, time limits, numbering.

One write path: `complaint_submit` checks everything before it writes, then stores the
complaint, its photos, its first timeline step and the audit record in one transaction, and
queues the notifications there too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from satupintu.applications.models import Application
from satupintu.applications.uploads import check_file
from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintMedia,
    ComplaintRoute,
    ComplaintSequence,
    ComplaintStatus,
    ComplaintUpdate,
    Open311Client,
    UpdateKind,
)
from satupintu.core.errors import ValidationFailed
from satupintu.core.sequences import take_next
from satupintu.issuance.models import Permit
from satupintu.tenants.models import Agency, Kelurahan
from satupintu.tenants.selectors import one_stop_agency
from satupintu.tracking.selectors import normalize_tracking_number

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant

MIN_TEXT, MAX_TEXT = 10, 5000
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"jpg", "png"}


@dataclass
class ComplaintInput:
    """What a complainant (or the clerk, or a partner app) sends, as raw text."""

    category: str
    description: str
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    kelurahan: str = ""  # code 16.73.01.1001
    address: str = ""
    lat: str | float | Decimal | None = None
    long: str | float | Decimal | None = None
    tracking_number: str = ""
    permit_number: str = ""
    agency: str = ""  # the agency complained about, by code
    lapor_ticket: str = ""
    photos: Sequence[UploadedFile[bytes]] = field(default_factory=list)


def _coordinate(raw: object, low: int, high: int, name: str,
                errors: dict[str, str]) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        errors[name] = _("Give the coordinate as a decimal number, e.g. -3.2945.")
        return None
    if not value.is_finite() or not low <= value <= high:
        errors[name] = _("The coordinate must lie between %(low)s and %(high)s.") % {
            "low": low, "high": high}
        return None
    return value.quantize(Decimal("0.000001"))


def _decodes(photo: UploadedFile[bytes]) -> bool:
    """Whether the image really is one: a published photo must be a picture, not any bytes
    behind a JPEG or PNG signature."""
    photo.seek(0)
    try:
        with Image.open(photo) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        photo.seek(0)
    return True


@dataclass
class _Checked:
    category: ComplaintCategory
    kelurahan: Kelurahan | None
    lat: Decimal | None
    long: Decimal | None
    application: Application | None
    permit: Permit | None
    subject_agency: Agency | None


def _check(tenant: Tenant, data: ComplaintInput) -> _Checked:
    """Every problem at once, by field; raises ValidationFailed(details={field: message})."""
    errors: dict[str, str] = {}
    category = ComplaintCategory.objects.filter(tenant=tenant, code=(data.category or "").strip(),
                                                is_active=True).first()
    if category is None:
        errors["category"] = _("Choose one of the complaint categories.")
    text = (data.description or "").strip()
    if len(text) < MIN_TEXT:
        errors["description"] = _("Describe the problem in at least %(n)d characters.") % {
            "n": MIN_TEXT}
    elif len(text) > MAX_TEXT:
        errors["description"] = _("The description may have at most %(n)d characters.") % {
            "n": MAX_TEXT}
    if data.contact_email.strip():
        try:
            validate_email(data.contact_email.strip())
        except DjangoValidationError:
            errors["contact_email"] = _("Enter a valid e-mail address.")
    phone = data.contact_phone.strip().replace(" ", "").replace("-", "")
    if phone and not (phone.lstrip("+").isdigit() and 8 <= len(phone.lstrip("+")) <= 15):
        errors["contact_phone"] = _("Enter a phone number of 8–15 digits.")
    kelurahan = None
    if data.kelurahan.strip():
        kelurahan = Kelurahan.objects.filter(tenant=tenant, code=data.kelurahan.strip()).first()
        if kelurahan is None:
            errors["kelurahan"] = _("Choose a kelurahan of this city.")
    lat = _coordinate(data.lat, -90, 90, "lat", errors)
    long = _coordinate(data.long, -180, 180, "long", errors)
    if (lat is None) != (long is None) and "lat" not in errors and "long" not in errors:
        errors["lat" if lat is None else "long"] = _("Give both latitude and longitude.")
    if (category is not None and category.needs_location and kelurahan is None
            and lat is None and not data.address.strip() and not errors.keys() & {"lat", "long",
                                                                                   "kelurahan"}):
        errors["kelurahan"] = _("This category needs a location: choose the kelurahan, give "
                                "the address or a point on the map.")
    if len(data.address) > 300:
        errors["address"] = _("The address may have at most 300 characters.")
    application = None
    if data.tracking_number.strip():
        number = normalize_tracking_number(data.tracking_number)
        application = (Application.objects.filter(tenant=tenant, tracking_number=number)
                       .select_related("service").first() if number else None)
        if application is None:
            errors["tracking_number"] = _("No application has this tracking number.")
    permit = None
    if data.permit_number.strip():
        permit = Permit.objects.filter(tenant=tenant, number=data.permit_number.strip()).first()
        if permit is None:
            errors["permit_number"] = _("No permit has this number.")
    subject_agency = None
    if data.agency.strip():
        subject_agency = Agency.objects.filter(tenant=tenant, code=data.agency.strip().upper(),
                                               is_active=True).first()
        if subject_agency is None:
            errors["agency"] = _("Choose one of the agencies.")
    ticket = data.lapor_ticket.strip()
    if ticket:
        try:
            Complaint._meta.get_field("lapor_ticket").run_validators(ticket)
        except DjangoValidationError as exc:
            errors["lapor_ticket"] = " ".join(exc.messages)
    if len(data.photos) > MAX_PHOTOS:
        errors["media"] = _("Attach at most %(n)d photos.") % {"n": MAX_PHOTOS}
    else:
        for photo in data.photos:
            try:
                check_file(photo, allowed=PHOTO_TYPES, max_bytes=MAX_PHOTO_BYTES,
                           label=_("Photo"), code="media")
            except ValidationFailed as exc:
                errors["media"] = str(exc.message)
                break
            if not _decodes(photo):
                errors["media"] = _("Photo: the file is not a readable JPEG or PNG image.")
                break
    if errors or category is None:
        raise ValidationFailed(_("The complaint could not be filed; check the marked fields."),
                               details=errors)
    if subject_agency is None and application is not None:
        subject_agency = application.service.lead_agency
    return _Checked(category, kelurahan, lat, long, application, permit, subject_agency)


def route(*, tenant: Tenant, category: ComplaintCategory, kelurahan: Kelurahan | None,
          subject_agency: Agency | None) -> Agency:
    """Who answers: the category's route for the place's kecamatan, else the category's
    agency, else the agency complained about, else the DPMPTSP."""
    if kelurahan is not None:
        routed = (ComplaintRoute.objects.filter(category=category,
                                                kecamatan_id=kelurahan.kecamatan_id)
                  .select_related("agency").first())
        if routed is not None and routed.agency.is_active:
            return routed.agency
    if category.agency is not None and category.agency.is_active:
        return category.agency
    if subject_agency is not None:
        return subject_agency
    return one_stop_agency(tenant=tenant)


@dataclass(frozen=True)
class Deadlines:
    acknowledge: dt.date
    answer: dt.date
    resolve: dt.date


def deadlines(tenant: Tenant, category: ComplaintCategory, day0: dt.date) -> Deadlines:
    """The three time limits, counted in working days from the day received (day 0)."""
    calendar = working_calendar(tenant)
    return Deadlines(acknowledge=calendar.add_working_days(day0, category.acknowledge_days),
                     answer=calendar.add_working_days(day0, category.answer_days),
                     resolve=calendar.add_working_days(day0, category.resolve_days))


def _next_number(tenant: Tenant, year: int) -> str:
    return f"ADU-{year}-{take_next(ComplaintSequence, tenant_id=tenant.pk, year=year):05d}"


def complaint_submit(*, tenant: Tenant, actor: User | None, data: ComplaintInput,
                     channel: str = ComplaintChannel.WEB, client: Open311Client | None = None,
                     now: dt.datetime | None = None) -> Complaint:
    """File a complaint. `actor` is the signed-in complainant (an applicant account), the
    clerk filing it at the counter (channel `counter`), or None (anonymous, Open311)."""
    checked = _check(tenant, data)
    from satupintu.complaints.notify import complaint_notify

    now = now or timezone.now()
    day0 = local_date(tenant, now)
    due = deadlines(tenant, checked.category, day0)
    agency = route(tenant=tenant, category=checked.category, kelurahan=checked.kelurahan,
                   subject_agency=checked.subject_agency)
    complainant = actor if actor is not None and actor.kind == "applicant" else None
    with transaction.atomic():
        complaint = Complaint.objects.create(
            tenant=tenant, number=_next_number(tenant, day0.year), category=checked.category,
            channel=channel, agency=agency, subject_agency=checked.subject_agency,
            description=data.description.strip(), application=checked.application,
            permit=checked.permit, lapor_ticket=data.lapor_ticket.strip(),
            kelurahan=checked.kelurahan, address=data.address.strip(), lat=checked.lat,
            long=checked.long, complainant=complainant,
            contact_name=data.contact_name.strip()[:150],
            contact_email=data.contact_email.strip(),
            contact_phone=data.contact_phone.strip()[:20], client=client, submitted_at=now,
            acknowledge_due=due.acknowledge, answer_due=due.answer, resolve_due=due.resolve,
        )
        for photo in data.photos:
            checked_file = check_file(photo, allowed=PHOTO_TYPES, max_bytes=MAX_PHOTO_BYTES,
                                      label=_("Photo"), code="media")
            media = ComplaintMedia(tenant=tenant, complaint=complaint, kind=checked_file.kind,
                                   content_type=checked_file.content_type,
                                   size=checked_file.size, sha256=checked_file.sha256)
            media.file.save(f"photo.{checked_file.kind}", photo, save=False)
            media.save()
        update = ComplaintUpdate.objects.create(
            tenant=tenant, complaint=complaint, kind=UpdateKind.RECEIVED,
            actor=actor if actor is not None and actor.kind == "officer" else None,
            agency=agency, status=ComplaintStatus.RECEIVED, at=now)
        # Personal data stays out of the permanent record (UU 27/2022).
        record(tenant=tenant, actor=actor, action="complaint.submitted", obj=complaint,
               after={"number": complaint.number, "category": checked.category.code,
                      "agency": agency.code, "channel": channel,
                      "client": client.pk if client else None,
                      "photos": len(data.photos), "anonymous": complainant is None
                      and not (complaint.contact_email or complaint.contact_phone)})
        complaint_notify(complaint, update)
    return complaint
