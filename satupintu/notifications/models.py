"""Messages to applicants (M10): rendered when the action happens, sent by the worker."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")


class Event(models.TextChoices):
    """What happened to the applicant's file; each has its template."""

    SUBMITTED = "submitted", _("Application received")
    REGISTERED = "registered", _("File complete and registered")
    RETURNED = "returned", _("Returned to the applicant")
    RESUBMITTED = "resubmitted", _("Corrections received")
    FORWARDED = "forwarded", _("Forwarded to the technical team")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ISSUED = "issued", _("Permit issued")
    HANDED_OVER = "handed_over", _("Permit handed over")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STATUS_CHANGED = "status_changed", _("Status changed")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(TenantScopedModel):
    """One message to one person on one channel, kept as it was sent (or failed to be)."""

    recipient = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                  related_name="notifications", verbose_name=_("recipient"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices,
                               default=Channel.EMAIL)
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    to_address = models.CharField(_("sent to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    html_body = models.TextField(_("message (HTML)"), blank=True)
    application = models.ForeignKey("applications.Application", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="notifications",
                                    verbose_name=_("application"))
    transition = models.ForeignKey("workflow.CaseTransition", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("step"))
    status = models.CharField(_("status"), max_length=10, choices=NotificationStatus.choices,
                              default=NotificationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A worker sending this message holds it until then, so a duplicate delivery of its task
    # does not send it twice; a worker that died mid-send lets it go when the time passes.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["tenant", "status"], name="notification_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["transition", "recipient", "channel"],
                                    condition=models.Q(transition__isnull=False),
                                    name="notification_once_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.to_address} ({self.status})"
