"""Each tenant's working-day calendar as data: holidays, the years that have data, a version."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("National holiday")
    CUTI_BERSAMA = "cuti_bersama", _("Collective leave (cuti bersama)")
    REGIONAL = "regional", _("Regional day off")


class HolidaySource(models.TextChoices):
    SEED = "seed", _("Seeded from the national calendar")
    MANUAL = "manual", _("Entered by an administrator")


class Holiday(TenantScopedModel):
    """A non-working day of the tenant, or one that was removed (`is_day_off` false).

    Rows are never deleted: a day a revised decree takes back stays listed, with who removed it,
    when and why.
    """

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=HolidayKind.choices)
    source = models.CharField(
        _("source"), max_length=10, choices=HolidaySource.choices, default=HolidaySource.MANUAL
    )
    is_day_off = models.BooleanField(
        _("day off"), default=True,
        help_text=_("Untick to make the date a working day again (e.g. a revised joint "
                    "decree); tick to restore it. Give the reason below."),
    )
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "date", "name"], name="holiday_unique"),
        ]
        indexes = [models.Index(fields=["tenant", "date"], name="holiday_date_idx")]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"


class CalendarYear(TenantScopedModel):
    """A year whose national holidays and cuti bersama have been seeded: it has data."""

    year = models.PositiveSmallIntegerField(_("year"))
    seeded_at = models.DateTimeField(_("seeded at"))
    source_version = models.CharField(
        _("source version"), max_length=40, blank=True,
        help_text=_("Version of the holidays package the year was seeded from."),
    )

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year"], name="calendar_year_unique"),
        ]

    def __str__(self) -> str:
        return str(self.year)


class TenantCalendar(models.Model):
    """The version of a tenant's calendar, bumped by every change so process caches notice.

    `token` changes with the version; comparing it (not only the counter) also catches a
    database that was emptied and reloaded, where the counter starts again.
    """

    tenant = models.OneToOneField(
        "tenants.Tenant", on_delete=models.CASCADE, primary_key=True, related_name="+",
        verbose_name=_("tenant"),
    )
    version = models.PositiveBigIntegerField(_("version"), default=0)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("calendar version")
        verbose_name_plural = _("calendar versions")

    def __str__(self) -> str:
        return f"{self.tenant_id} v{self.version}"
