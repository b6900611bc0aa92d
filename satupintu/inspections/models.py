"""Field inspections of a technical review: the schedule (team, assignment letter) and the
report (*berita acara*) with findings, attendees, location and photos."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel


class InspectionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    REPORTED = "reported", _("Reported")


class Inspection(TenantScopedModel):
    """One field inspection by an agency reviewing a file."""

    case = models.ForeignKey("workflow.Case", on_delete=models.PROTECT,
                             related_name="inspections", verbose_name=_("file"))
    agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("agency"))
    status = models.CharField(_("status"), max_length=10, choices=InspectionStatus.choices,
                              default=InspectionStatus.SCHEDULED)
    scheduled_on = models.DateField(_("scheduled for"))
    letter_number = models.CharField(_("assignment letter (SPT) number"), max_length=100)
    team = models.ManyToManyField("accounts.User", related_name="inspections",
                                  verbose_name=_("team"))
    scheduled_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("scheduled by"))
    # The report (berita acara pemeriksaan lapangan).
    inspected_on = models.DateField(_("inspected on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    attendees = models.TextField(_("attendees"), blank=True,
                                 help_text=_("Who was present, one per line."))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    reported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("field inspection")
        verbose_name_plural = _("field inspections")
        ordering = ["case", "scheduled_on", "pk"]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.scheduled_on} ({self.status})"


def photo_path(instance: InspectionPhoto, filename: str) -> str:
    return f"inspections/{instance.tenant_id}/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class InspectionPhoto(TenantScopedModel):
    """A photo taken during an inspection, checked to be an image by its content."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to=photo_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.original_name
