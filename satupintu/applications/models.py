"""Applications for a service (M3): drafts, the applicant's answers and documents, the file.

An application is pinned to the `VariantStandard` (hence the standard version) it was drafted
under; once submitted it gets a tracking number, a PIN and a workflow `Case`, which carries
its state and clock from then on.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Application(TenantScopedModel):
    """One applicant's request for one variant of one service."""

    applicant = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                  related_name="applications", verbose_name=_("applicant"))
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT,
                                related_name="applications", verbose_name=_("service"))
    variant = models.ForeignKey("catalog.VariantStandard", on_delete=models.PROTECT,
                                related_name="applications",
                                verbose_name=_("service standard variant"))
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    kelurahan = models.ForeignKey("tenants.Kelurahan", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="applications",
                                  verbose_name=_("location (kelurahan)"))
    location_detail = models.CharField(_("street address of the activity"), max_length=300,
                                       blank=True)
    # NULL (not "") for drafts, so the unique constraint binds submitted applications only.
    tracking_number = models.CharField(  # noqa: DJ001
        _("tracking number"), max_length=24, null=True, blank=True)
    pin = models.CharField(_("PIN"), max_length=6, blank=True)
    case = models.OneToOneField("workflow.Case", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="application", verbose_name=_("file"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    assisted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="assisted_applications",
                                    verbose_name=_("filed at the counter by"))
    consent_recorded_at = models.DateTimeField(_("applicant's consent recorded"), null=True,
                                               blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "tracking_number"],
                                    name="application_tracking_unique"),
            models.UniqueConstraint(fields=["applicant", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""),
                                    name="application_idempotency_unique"),
        ]
        indexes = [
            models.Index(fields=["tenant", "applicant", "status"], name="application_mine_idx"),
            # The satisfaction survey's population (applications submitted in a period, per
            # service): read from the index alone on PostgreSQL.
            models.Index(fields=["tenant", "submitted_at"], include=["service", "id"],
                         condition=models.Q(tracking_number__isnull=False),
                         name="application_submitted_idx"),
        ]

    def __str__(self) -> str:
        return self.tracking_number or f"draft #{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT


def upload_path(instance: Upload, filename: str) -> str:
    """Random names outside any web root; the original name is kept only as data."""
    return f"uploads/{instance.tenant_id}/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class Upload(TenantScopedModel):
    """A file an applicant uploaded, checked by content; reusable in their later applications."""

    owner = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="uploads",
                              verbose_name=_("owner"))
    file = models.FileField(_("file"), upload_to=upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationDocument(TenantScopedModel):
    """A file attached to an application for one document requirement.

    A correction attaches a new file and marks the old one replaced; both stay on record.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="documents")
    requirement_code = models.CharField(_("requirement"), max_length=30)
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="attachments")
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "requirement_code", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement_code"],
                                    condition=models.Q(replaced_at__isnull=True),
                                    name="document_current_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.requirement_code}"


class TrackingCounter(models.Model):
    """The last tracking sequence number used per tenant and year."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year"], name="tracking_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}/{self.year}: {self.last}"
