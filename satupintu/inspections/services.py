"""Scheduling and reporting field inspections; each is also a step of the file's workflow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.applications.uploads import check_file
from satupintu.core.errors import Conflict, NotFound, ValidationFailed
from satupintu.inspections.models import Inspection, InspectionPhoto, InspectionStatus
from satupintu.workflow.assignment import holds
from satupintu.workflow.engine import case_perform
from satupintu.workflow.models import Case

if TYPE_CHECKING:
    from satupintu.tenants.models import Agency

MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 8 * 1024 * 1024
# Indonesia lies within these bounds; a point outside is a typo or a spoofed location.
LAT_RANGE = (Decimal("-11.5"), Decimal("6.5"))
LON_RANGE = (Decimal("94.5"), Decimal("141.5"))


def _text(value: str, name: str, limit: int, problems: dict[str, str], *,
          required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        problems[name] = _("This is required.")
    elif len(value) > limit or "\x00" in value:
        problems[name] = _("At most %(max)s characters.") % {"max": limit}
    return value


@transaction.atomic
def inspection_schedule(
    *, case: Case, agency: Agency, actor: User, scheduled_on: dt.date, team: Sequence[User],
    letter_number: str, expected_version: int,
) -> Inspection:
    """Schedule an inspection for the agency's review of the file (OSS 40)."""
    problems: dict[str, str] = {}
    letter_number = _text(letter_number, "letter_number", 100, problems, required=True)
    members = list(team)
    if not members:
        problems["team"] = _("Name at least one officer of the team.")
    elif any(not (holds(m, agency, Role.INSPECTOR) or holds(m, agency, Role.TECHNICAL_REVIEWER))
             for m in members):
        problems["team"] = _("The team is made of this agency's inspectors and reviewers.")
    if problems:
        raise ValidationFailed(details=problems)
    case_perform(tenant=case.tenant, case_id=case.pk, actor=actor, action="schedule_inspection",
                 expected_version=expected_version, agency=agency,
                 inputs={"date": scheduled_on.isoformat(), "note": f"SPT {letter_number}"})
    inspection = Inspection.objects.create(
        tenant=case.tenant, case=case, agency=agency, scheduled_on=scheduled_on,
        letter_number=letter_number, scheduled_by=actor)
    inspection.team.set(members)
    return inspection


@transaction.atomic
def inspection_report(
    *, inspection: Inspection, actor: User, inspected_on: dt.date, findings: str,
    attendees: str, latitude: str, longitude: str, photos: Sequence[UploadedFile[bytes]],
    expected_version: int,
) -> Inspection:
    """Record the inspection report (berita acara) with location and photos, from a phone."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status != InspectionStatus.SCHEDULED:
        raise Conflict(_("The report of this inspection was already recorded."),
                       code="reported")
    problems: dict[str, str] = {}
    findings = _text(findings, "findings", 8000, problems, required=True)
    attendees = _text(attendees, "attendees", 2000, problems, required=True)
    lat, lon = _coordinates(latitude, longitude, problems)
    if abs((inspected_on - timezone.localdate()).days) > 366:
        problems["inspected_on"] = _("The date must be within a year of today.")
    if len(photos) > MAX_PHOTOS:
        problems["photos"] = _("At most %(max)s photos.") % {"max": MAX_PHOTOS}
    checked = []
    for index, photo in enumerate(photos):
        try:
            checked.append((photo, check_file(photo, allowed={"jpg", "png"},
                                              max_bytes=MAX_PHOTO_BYTES,
                                              label=_("Photo %(n)s") % {"n": index + 1},
                                              code="photos")))
        except ValidationFailed as exc:
            problems["photos"] = str(exc.message)
    if problems:
        raise ValidationFailed(details=problems)
    case_perform(tenant=inspection.case.tenant, case_id=inspection.case_id, actor=actor,
                 action="record_inspection", expected_version=expected_version,
                 agency=inspection.agency,
                 inputs={"note": findings[:4000], "date": inspected_on.isoformat()})
    stored: list[str] = []
    try:
        for photo, info in checked:
            row = InspectionPhoto(tenant_id=inspection.tenant_id, inspection=inspection,
                                  content_type=info.content_type, size=info.size,
                                  sha256=info.sha256, original_name=info.name)
            row.file.save(info.name, File(photo), save=False)
            stored.append(str(row.file.name))
            row.save()
        inspection.status = InspectionStatus.REPORTED
        inspection.inspected_on = inspected_on
        inspection.findings, inspection.attendees = findings, attendees
        inspection.latitude, inspection.longitude = lat, lon
        inspection.reported_by, inspection.reported_at = actor, timezone.now()
        inspection.save()
    except BaseException:
        # Files are stored before their rows; a failed write must not leave them behind.
        for name in stored:
            InspectionPhoto.file.field.storage.delete(name)
        raise
    return inspection


def _coordinates(latitude: str, longitude: str,
                 problems: dict[str, str]) -> tuple[Decimal | None, Decimal | None]:
    if not (latitude or "").strip() and not (longitude or "").strip():
        problems["location"] = _("Record the location of the inspection (the phone's GPS).")
        return None, None
    try:
        lat, lon = Decimal(str(latitude).strip()), Decimal(str(longitude).strip())
    except InvalidOperation:
        problems["location"] = _("The location is not a latitude and longitude.")
        return None, None
    if not (lat.is_finite() and lon.is_finite() and LAT_RANGE[0] <= lat <= LAT_RANGE[1]
            and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        problems["location"] = _("This location is outside Indonesia: check the coordinates.")
        return None, None
    return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))


def inspection_for(*, case: Case, pk: int) -> Inspection:
    inspection = Inspection.objects.filter(case=case, pk=pk).select_related("agency").first()
    if inspection is None:
        raise NotFound()
    return inspection
