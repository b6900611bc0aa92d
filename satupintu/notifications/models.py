"""Messages (M10): what each event tells whom on which channel, and every message as it went.

A message is rendered when its event happens and stored as it was rendered, so it says what
was true then and a retry sends the same words. In-app messages are the recipient's list at
`/notifikasi/`; e-mail and WhatsApp/SMS messages are sent by the worker, with retries.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp/SMS")
    IN_APP = "in_app", _("In the application")


class Event(models.TextChoices):
    """What happened; each event has its messages (templates/notifications/…/<event>.txt)."""

    # To the applicant, about their file.
    SUBMITTED = "submitted", _("Application received")
    REGISTERED = "registered", _("File complete and registered")
    RETURNED = "returned", _("Returned to the applicant")
    RESUBMITTED = "resubmitted", _("Corrections received")
    FORWARDED = "forwarded", _("Forwarded to the technical team")
    RECOMMENDED = "recommended", _("Technical review complete")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ISSUED = "issued", _("Permit signed and issued")
    HANDED_OVER = "handed_over", _("Permit handed over")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STATUS_CHANGED = "status_changed", _("Status changed")
    # To the permit's holder, about the issued permit (issuance.lifecycle).
    PERMIT_EXPIRING = "permit_expiring", _("Permit expires soon")
    PERMIT_REVOKED = "permit_revoked", _("Permit revoked")
    # To the applicant once the file is completed (surveys.services.survey_invite).
    SURVEY_INVITED = "survey_invited", _("Invitation to the satisfaction survey")
    # To the complainant, about their complaint (complaints.notify).
    COMPLAINT_RECEIVED = "complaint_received", _("Complaint received")
    COMPLAINT_UPDATED = "complaint_updated", _("Complaint acknowledged, answered or forwarded")
    COMPLAINT_CLOSED = "complaint_closed", _("Complaint closed (its outcome)")
    # To officers, about the complaints of their agency.
    COMPLAINT_ARRIVED = "complaint_arrived", _("A complaint arrived (new, forwarded, reopened)")
    COMPLAINT_OVERDUE = "complaint_overdue", _("A complaint is overdue (escalation)")
    # To officers, about the files they hold.
    ENTERED_POOL = "entered_pool", _("A file entered the officers' pool")
    DUE_SOON = "due_soon", _("A file is due soon")
    OVERDUE = "overdue", _("A file is overdue (escalation)")


APPLICANT_EVENTS = [Event.SUBMITTED, Event.REGISTERED, Event.RETURNED, Event.RESUBMITTED,
                    Event.FORWARDED, Event.RECOMMENDED, Event.APPROVED, Event.REJECTED,
                    Event.ISSUED, Event.HANDED_OVER, Event.WITHDRAWN, Event.STATUS_CHANGED,
                    Event.PERMIT_EXPIRING, Event.PERMIT_REVOKED, Event.SURVEY_INVITED]
OFFICER_EVENTS = [Event.ENTERED_POOL, Event.DUE_SOON, Event.OVERDUE]
COMPLAINANT_EVENTS = [Event.COMPLAINT_RECEIVED, Event.COMPLAINT_UPDATED, Event.COMPLAINT_CLOSED]
COMPLAINT_OFFICER_EVENTS = [Event.COMPLAINT_ARRIVED, Event.COMPLAINT_OVERDUE]


class RecipientKind(models.TextChoices):
    """Who an event's message goes to, named by their relation to the file."""

    APPLICANT = "applicant", _("The applicant")
    ASSIGNEE = "assignee", _("The officer the step is assigned to")
    POOL = "pool", _("The step's pool (when nobody is assigned)")
    AGENCY_HEAD = "agency_head", _("Heads of the holding agency")
    ONE_STOP_HEAD = "one_stop_head", _("Heads of the DPMPTSP")
    COMPLAINANT = "complainant", _("The complainant")
    COMPLAINT_HANDLERS = "complaint_handlers", _("The agency's complaint handlers")


APPLICANT_RECIPIENTS = [RecipientKind.APPLICANT]
OFFICER_RECIPIENTS = [RecipientKind.ASSIGNEE, RecipientKind.POOL, RecipientKind.AGENCY_HEAD,
                      RecipientKind.ONE_STOP_HEAD]
COMPLAINT_OFFICER_RECIPIENTS = [RecipientKind.COMPLAINT_HANDLERS, RecipientKind.AGENCY_HEAD]


class NotificationRule(TenantScopedModel):
    """One cell of the tenant's matrix: whether `event` goes to `recipient` on `channel`."""

    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    recipient = models.CharField(_("recipient"), max_length=20, choices=RecipientKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("send"), default=False)

    class Meta:
        verbose_name = _("notification rule")
        verbose_name_plural = _("notification rules (who is told what, how)")
        ordering = ["event", "recipient", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "event", "recipient", "channel"],
                                    name="notification_rule_unique"),
        ]

    def __str__(self) -> str:
        return (f"{self.get_event_display()} → {self.get_recipient_display()} "
                f"({self.get_channel_display()})")


class DeadlineAlert(TenantScopedModel):
    """A deadline warning or escalation, recorded once per step entry (or agency review).

    `key` names the step entry — its state and when the file entered it, and for a parallel
    review the agency — so the hourly job finds it already done on every later run.
    """

    case = models.ForeignKey("workflow.Case", on_delete=models.CASCADE,
                             related_name="deadline_alerts", verbose_name=_("file"))
    kind = models.CharField(_("kind"), max_length=20, choices=[
        (Event.DUE_SOON.value, Event.DUE_SOON.label), (Event.OVERDUE.value, Event.OVERDUE.label)])
    key = models.CharField(max_length=160, editable=False)
    state = models.CharField(_("step"), max_length=60)
    agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("holding agency"))
    due_date = models.DateField(_("due"))
    detected_on = models.DateField(_("detected on"))

    class Meta:
        verbose_name = _("deadline warning or escalation")
        verbose_name_plural = _("deadline warnings and escalations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "key"], name="deadline_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.case_id} {self.state} ({self.due_date})"


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
    to_address = models.CharField(_("sent to"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    html_body = models.TextField(_("message (HTML)"), blank=True)
    # Where the message leads, as a path on this site: the applicant's application page or
    # the officer's file page.
    url = models.CharField(_("link"), max_length=200, blank=True)
    application = models.ForeignKey("applications.Application", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="notifications",
                                    verbose_name=_("application"))
    case = models.ForeignKey("workflow.Case", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("file"))
    transition = models.ForeignKey("workflow.CaseTransition", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("step"))
    alert = models.ForeignKey(DeadlineAlert, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="notifications",
                              verbose_name=_("deadline warning or escalation"))
    status = models.CharField(_("status"), max_length=10, choices=NotificationStatus.choices,
                              default=NotificationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A worker sending this message holds it until then, so a duplicate delivery of its task
    # does not send it twice; a worker that died mid-send lets it go when the time passes.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    external_id = models.CharField(_("gateway's message id"), max_length=100, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["tenant", "status"], name="notification_status_idx"),
            models.Index(fields=["recipient", "channel", "read_at"],
                         name="notification_inbox_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["transition", "recipient", "channel"],
                                    condition=models.Q(transition__isnull=False),
                                    name="notification_once_per_step"),
            models.UniqueConstraint(fields=["alert", "recipient", "channel"],
                                    condition=models.Q(alert__isnull=False),
                                    name="notification_once_per_alert"),
        ]

    def __str__(self) -> str:
        to = self.to_address or f"#{self.recipient_id}"
        return f"{self.get_event_display()} → {to} ({self.status})"
