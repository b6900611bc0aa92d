"""The satisfaction survey (M12, PermenPANRB 14/2017): invitations and responses.

A response keeps no link to who answered: an invitation is spent when its response is stored,
but the response does not point back to it (nor to the application), so the index can be
published and sliced without anyone reading an applicant's own answers (ADR 0015).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel
from satupintu.surveys.elements import FIELDS, AgeBand, Education, Occupation, Sex


class SurveyChannel(models.TextChoices):
    LINK = "link", _("Invitation link")
    KIOSK = "kiosk", _("Kiosk at the counter")


class Invitation(TenantScopedModel):
    """A one-use invitation to answer the survey, sent after a file is completed or a complaint
    closed. Only the SHA-256 of its token is stored; the token itself travels in the link."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, null=True, blank=True,
        related_name="survey_invitations", verbose_name=_("application"))
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, null=True, blank=True,
        related_name="survey_invitations", verbose_name=_("complaint"))
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("service"))
    agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("agency"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    # Set on a freshly issued invitation only (never stored): the secret for its link.
    raw_token: str = ""

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application"],
                                    condition=Q(application__isnull=False),
                                    name="survey_invitation_once_per_application"),
            models.UniqueConstraint(fields=["complaint"],
                                    condition=Q(complaint__isnull=False),
                                    name="survey_invitation_once_per_complaint"),
        ]

    def __str__(self) -> str:
        return f"survey invitation #{self.pk}"

    @property
    def link_path(self) -> str:
        return f"/survei/{self.raw_token}/" if self.raw_token else ""


class SurveyResponse(TenantScopedModel):
    """One respondent's nine answers (1–4), with the service and agency they rate, the channel,
    an optional profile as on the regulation's form and an optional suggestion."""

    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="survey_responses",
                                verbose_name=_("service"))
    # The service's responsible agency at the time, kept so slicing needs no join.
    agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="survey_responses",
                               verbose_name=_("agency"))
    channel = models.CharField(_("channel"), max_length=10, choices=SurveyChannel.choices)
    u1 = models.PositiveSmallIntegerField("U1")
    u2 = models.PositiveSmallIntegerField("U2")
    u3 = models.PositiveSmallIntegerField("U3")
    u4 = models.PositiveSmallIntegerField("U4")
    u5 = models.PositiveSmallIntegerField("U5")
    u6 = models.PositiveSmallIntegerField("U6")
    u7 = models.PositiveSmallIntegerField("U7")
    u8 = models.PositiveSmallIntegerField("U8")
    u9 = models.PositiveSmallIntegerField("U9")
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, blank=True)
    education = models.CharField(_("education"), max_length=15, choices=Education.choices,
                                 blank=True)
    occupation = models.CharField(_("occupation"), max_length=15, choices=Occupation.choices,
                                  blank=True)
    suggestion = models.TextField(_("suggestion"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(**{f"{f}__gte": 1, f"{f}__lte": 4}),
                                   name=f"survey_response_{f}_1_to_4")
            for f in FIELDS
        ]
        indexes = [
            models.Index(fields=["tenant", "submitted_at"], name="survey_resp_tenant_idx"),
            models.Index(fields=["tenant", "service", "submitted_at"],
                         name="survey_resp_service_idx"),
            models.Index(fields=["tenant", "agency", "submitted_at"],
                         name="survey_resp_agency_idx"),
        ]

    def __str__(self) -> str:
        return f"survey response #{self.pk}"

    def answers(self) -> list[int]:
        return [int(getattr(self, f)) for f in FIELDS]
