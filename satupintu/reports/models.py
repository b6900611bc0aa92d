"""Periodic reports (M13): one run per request or schedule, and the files it produced.

A run keeps the scope it was asked with (`agency_ids`; None: the whole region), so a file is
served only to people whose own dashboard scope covers it. Files are written once, at the end
of a successful run, under random names outside the web root.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMESTER = "semester", _("Semester")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", _("Spreadsheet (XLSX)")
    PDF = "pdf", _("PDF")


STALE_AFTER = dt.timedelta(minutes=30)


class ReportRun(TenantScopedModel):
    """One report of one period and scope, and how far its generation got."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    agency_ids = models.JSONField(_("agencies (empty: the whole region)"), null=True,
                                  blank=True)
    scheduled = models.BooleanField(_("scheduled"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("requested by"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.CharField(_("reason of the failure"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ("-created_at", "-pk")
        constraints = [
            # The schedule creates each period's region-wide report once.
            models.UniqueConstraint(fields=("tenant", "kind", "period_start"),
                                    condition=models.Q(scheduled=True),
                                    name="reports_one_scheduled_run_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING) and not self.is_stale

    @property
    def is_stale(self) -> bool:
        """Running without progress for longer than any report takes: its worker died."""
        return (self.status == RunStatus.RUNNING
                and self.updated_at < timezone.now() - STALE_AFTER)

    @property
    def can_retry(self) -> bool:
        return self.status == RunStatus.FAILED or self.is_stale


def report_path(instance: ReportFile, filename: str) -> str:
    # Random names outside the web root, like uploads and permits.
    return f"reports/{instance.tenant_id}/{secrets.token_hex(16)}.{instance.format}"


class ReportFile(TenantScopedModel):
    """One file of a finished run, with its digest and size."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="files",
                            verbose_name=_("report run"))
    format = models.CharField(_("format"), max_length=5, choices=ReportFormat.choices)
    file = models.FileField(_("file"), upload_to=report_path, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [models.UniqueConstraint(fields=("run", "format"),
                                               name="reports_one_file_per_format")]

    def __str__(self) -> str:
        return f"{self.run} ({self.format})"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self.file.delete(save=False)
        return super().delete(*args, **kwargs)
