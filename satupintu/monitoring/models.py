"""The closed books of the monitoring figures: additive counts per settled day (ADR 0016).

A day is *settled* once nothing the engine does can change what happened on it: the engine
stamps every fact it records (received, complete, decided, withdrawn, deemed approved, first
permit issued) with the moment it happens, and a file's service, location and reviewing
agencies are fixed when it is received. Settled days are counted once from the records
(`monitoring.summary`) and kept here; the open day (today, and yesterday in the first hour
after midnight) is always counted live. Tools that write history directly (the load
generator, the demo loader) call `summary.forget` for the days they touch.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SummaryRow(models.Model):
    """What every table of the summary keys its rows by: the region and the local day, or with
    `whole_month` a month's roll-up (`day` is its first day: the sum of its days' rows, so a
    year is read from twelve rows per cell instead of 365)."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    whole_month = models.BooleanField(_("whole month"), default=False)

    class Meta:
        abstract = True


class DailyFigure(SummaryRow):
    """One settled local day's counts for one cell: the files of one service located in one
    kecamatan (None: no location given), either all of them (`agency` None: the region's
    row) or those one agency reviews (a file reviewed by two agencies is in both agencies'
    rows and once in the region's row)."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    kecamatan = models.ForeignKey("tenants.Kecamatan", on_delete=models.CASCADE, null=True,
                                  related_name="+")
    agency = models.ForeignKey("tenants.Agency", on_delete=models.CASCADE, null=True,
                               related_name="+")
    received = models.PositiveIntegerField(default=0)
    complete = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    within_legal = models.PositiveIntegerField(default=0)
    beyond_legal = models.PositiveIntegerField(default=0)
    fiktif_positif = models.PositiveIntegerField(default=0)
    # Correction rounds summed over the files decided that day (for the mean).
    rounds = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        # The day before the agency: a period is read as a few day ranges (the month roll-ups
        # and the partial months' days, `summary.stored_pieces`) of one agency, of the
        # region (agency NULL) or of every agency (NOT NULL, which as a range on a leading
        # column would leave the days to a filter over all the years).
        indexes = [models.Index(fields=["tenant", "whole_month", "day", "agency"],
                                name="dailyfigure_period_idx")]

    def __str__(self) -> str:
        return f"{self.day} service {self.service_id} agency {self.agency_id or '*'}"


class SettledDay(SummaryRow):
    """A day whose `DailyFigure` rows are counted (a day with no files has none), or with
    `whole_month` a month whose roll-up rows are stored."""

    counted_at = models.DateTimeField(_("counted at"), auto_now=True)

    class Meta:
        verbose_name = _("settled day")
        verbose_name_plural = _("settled days")
        constraints = [models.UniqueConstraint(fields=["tenant", "day", "whole_month"],
                                               name="settledday_unique")]

    def __str__(self) -> str:
        return str(self.day)


class Measure(models.TextChoices):
    """The working-day measures kept as histograms (ADR 0016)."""

    TOTAL = "total", _("working days complete → decision")
    WAITING = "waiting", _("working days waiting on the applicant")
    AT_OFFICE = "at_office", _("working days at the government")
    ROUNDS = "rounds", _("correction rounds")
    REVIEW = "review", _("working days of an agency's review")


class DailySpread(SummaryRow):
    """One settled local day's histogram of one measure for one cell: how many files (or
    reviews) of the service had each value. Decision measures are kept on the day of the
    decision, for the region (`agency` None) and for each reviewing agency; a review's working
    days on the day of the recommendation, under the agency that gave it."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("tenants.Agency", on_delete=models.CASCADE, null=True,
                               related_name="+")
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices)
    value = models.PositiveIntegerField(_("value"))
    files = models.PositiveIntegerField(_("files"))

    class Meta:
        verbose_name = _("daily spread")
        verbose_name_plural = _("daily spreads")
        # The day before the agency, as `DailyFigure`'s; covering (PostgreSQL) for the range
        # scans of one piece.
        indexes = [models.Index(fields=["tenant", "measure", "whole_month", "day", "agency"],
                                include=["service", "value", "files"],
                                name="dailyspread_period_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.measure}={self.value} × {self.files}"


class DailySurvey(SummaryRow):
    """One settled local day's satisfaction answers and applicants for one cell, for the
    public scoreboard's index (PermenPANRB 14/2017): the answers of one service rated under
    one agency (`respondents` and the sum of each element's answers), and on the row of the
    service with `agency` None the applications received that day too (the population the
    minimum sample is drawn from). Answers and applications are stamped when they are given,
    so a settled day keeps its rows as `DailyFigure` does."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, null=True,
                                related_name="+")
    agency = models.ForeignKey("tenants.Agency", on_delete=models.CASCADE, null=True,
                               related_name="+")
    respondents = models.PositiveIntegerField(default=0)
    u1 = models.PositiveIntegerField(default=0)
    u2 = models.PositiveIntegerField(default=0)
    u3 = models.PositiveIntegerField(default=0)
    u4 = models.PositiveIntegerField(default=0)
    u5 = models.PositiveIntegerField(default=0)
    u6 = models.PositiveIntegerField(default=0)
    u7 = models.PositiveIntegerField(default=0)
    u8 = models.PositiveIntegerField(default=0)
    u9 = models.PositiveIntegerField(default=0)
    applicants = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily survey figure")
        verbose_name_plural = _("daily survey figures")
        indexes = [models.Index(fields=["tenant", "whole_month", "day"],
                                name="dailysurvey_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} service {self.service_id or '-'} agency {self.agency_id or '-'}"
