"""Users (applicants and officers) and officers' roles per agency."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel


class UserKind(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    OFFICER = "officer", _("Officer")


class Role(models.TextChoices):
    """What an officer may do within one agency."""

    FRONT_OFFICE = "front_office", _("Front office")
    VERIFIER = "verifier", _("Verifier")
    TECHNICAL_REVIEWER = "technical_reviewer", _("Technical reviewer")
    INSPECTOR = "inspector", _("Field inspector")
    APPROVER = "approver", _("Approver")
    SIGNER = "signer", _("Signer")
    TREASURER = "treasurer", _("Treasurer")
    COMPLAINT_HANDLER = "complaint_handler", _("Complaint handler")
    ADMINISTRATOR = "administrator", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


class User(AbstractUser):
    """A person who signs in: an applicant of one tenant, or an officer of its agencies.

    Platform superusers have no tenant; everyone else belongs to exactly one.
    """

    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.PROTECT, null=True, blank=True,
        related_name="users", verbose_name=_("regional government"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=UserKind.choices, default=UserKind.APPLICANT
    )
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    is_demo = models.BooleanField(_("demo account"), default=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]
        indexes = [models.Index(fields=["tenant", "kind"], name="user_tenant_kind_idx")]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username


class Membership(TenantScopedModel):
    """An officer holding one role in one agency of their tenant."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("officer")
    )
    agency = models.ForeignKey(
        "tenants.Agency", on_delete=models.PROTECT, related_name="memberships",
        verbose_name=_("agency"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.CharField(
        _("position"), max_length=120, blank=True,
        help_text=_("Official position, e.g. Kepala Bidang Perizinan."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["agency__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.agency})"
