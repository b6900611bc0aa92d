"""Workflow definitions (data) and the cases the engine moves through them."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel


class DefinitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class WorkflowDefinition(TenantScopedModel):
    """One version of a workflow; immutable once published. Cases pin the version they began on."""

    code = models.CharField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=DefinitionStatus.choices,
                              default=DefinitionStatus.DRAFT)
    name = models.CharField(_("name"), max_length=120)
    spec = models.JSONField(_("definition"))
    diagram_id = models.TextField(_("diagram (Indonesian)"), blank=True)
    diagram_en = models.TextField(_("diagram (English)"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("workflow definition")
        verbose_name_plural = _("workflow definitions")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code", "version"],
                                    name="workflow_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class ClockState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused (waiting for the applicant)")
    STOPPED = "stopped", _("Stopped")


class Case(TenantScopedModel):
    """A file in progress: where it is in its workflow and how its working-day clock stands.

    The engine knows nothing of what the file is; applications, complaints and permits attach
    to a case by `subject_type` and their own foreign key to it.
    """

    definition = models.ForeignKey(WorkflowDefinition, on_delete=models.PROTECT,
                                   related_name="cases", verbose_name=_("workflow"))
    subject_type = models.CharField(_("kind of file"), max_length=40)
    owner = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="owned_cases", verbose_name=_("applicant"))
    state = models.CharField(_("state"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    holder_agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+", verbose_name=_("held by"))
    holder_role = models.CharField(_("held by role"), max_length=40, blank=True)
    assignee = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="assigned_cases",
                                 verbose_name=_("assigned to"))
    state_entered_at = models.DateTimeField(_("entered this step"))
    state_due_date = models.DateField(_("step due"), null=True, blank=True)
    return_state = models.CharField(max_length=60, blank=True)
    correction_rounds = models.PositiveSmallIntegerField(_("correction rounds"), default=0)
    # Parameters fixed when the case starts (from the service standard it was filed under).
    correction_limit = models.PositiveSmallIntegerField(_("correction rounds allowed"), default=2)
    legal_days = models.PositiveIntegerField(_("legal time limit (working days)"))
    service_days = models.PositiveIntegerField(_("service time target (working days)"))
    fiktif_positif_applies = models.BooleanField(default=False)
    assignment = models.CharField(_("assignment"), max_length=12, default="manual")
    agencies = models.ManyToManyField("tenants.Agency", related_name="review_cases",
                                      blank=True, verbose_name=_("reviewing agencies"))
    citable = models.JSONField(_("citable requirements"), default=list, blank=True)
    review_days = models.JSONField(_("working days per reviewing agency"), default=dict,
                                   blank=True)
    # The clock.
    received_at = models.DateTimeField(_("received"))
    clock_state = models.CharField(_("clock"), max_length=12, choices=ClockState.choices,
                                   default=ClockState.NOT_STARTED)
    clock_started_on = models.DateField(_("complete since"), null=True, blank=True)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(_("working days paused"), default=0)
    restart_on_resume = models.BooleanField(default=False)
    extension_days = models.PositiveIntegerField(_("working days of extension"), default=0)
    legal_due_date = models.DateField(_("legal deadline"), null=True, blank=True)
    service_due_date = models.DateField(_("service target date"), null=True, blank=True)
    warned_on = models.DateField(_("deadline warning sent"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, blank=True)
    # Summary of the clock at its stop (monitoring figures, ADR 0016): working days from the
    # first declaration of completeness to the decision, and of them waiting on the applicant.
    # None until the clock stops on a started file; kept current by workflow.clock and the
    # calendar-change hook (workflow.calendar_sync).
    decision_working_days = models.PositiveIntegerField(null=True, blank=True)
    waiting_working_days = models.PositiveIntegerField(null=True, blank=True)
    fiktif_positif_at = models.DateTimeField(_("deemed approved (fiktif positif)"), null=True,
                                             blank=True)

    class Meta:
        verbose_name = _("file in progress")
        verbose_name_plural = _("files in progress")
        indexes = [
            models.Index(fields=["tenant", "state"], name="case_state_idx"),
            models.Index(fields=["tenant", "holder_agency", "holder_role", "service_due_date"],
                         name="case_inbox_idx"),
            models.Index(fields=["tenant", "closed_at", "legal_due_date"], name="case_open_idx"),
            # An officer's pool in inbox order (backoffice.selectors): counted and paged
            # straight off the index, never sorted.
            models.Index(models.F("tenant"), models.F("holder_agency"), models.F("holder_role"),
                         Coalesce("state_due_date", "service_due_date"), models.F("id"),
                         condition=models.Q(closed_at__isnull=True), name="case_pool_idx"),
            # The monitoring figures' periods (received, decided) and open files.
            models.Index(fields=["tenant", "received_at"], name="case_received_idx"),
            models.Index(fields=["tenant", "decided_at"], name="case_decided_idx",
                         condition=models.Q(decided_at__isnull=False)),
            models.Index(fields=["tenant", "received_at"], name="case_open_received_idx",
                         condition=models.Q(decided_at__isnull=True, closed_at__isnull=True)),
            # The dashboard's overdue files, longest overdue first, read in index order.
            models.Index(fields=["tenant", "service_due_date", "id"], name="case_overdue_idx",
                         condition=models.Q(decided_at__isnull=True, closed_at__isnull=True)),
            # The monitoring summary's live days (deemed approved today or yesterday).
            models.Index(fields=["tenant", "fiktif_positif_at"], name="case_fiktif_idx",
                         condition=models.Q(fiktif_positif_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type} #{self.pk} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CaseTransition(TenantScopedModel):
    """One step a case took: who did what, from where to where, with which inputs."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    seq = models.PositiveIntegerField()
    action = models.CharField(_("action"), max_length=60)
    from_state = models.CharField(_("from"), max_length=60)
    to_state = models.CharField(_("to"), max_length=60)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    role = models.CharField(_("as role"), max_length=40, blank=True)
    on_behalf_of = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("on behalf of (Plh/Plt)"))
    branch_agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+")
    inputs = models.JSONField(default=dict, blank=True)
    oss_status = models.CharField(max_length=2, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="transition_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.action}"


class BranchStatus(models.TextChoices):
    PENDING = "pending", _("Under review")
    RECOMMENDED = "recommended", _("Recommended")


class CaseBranch(TenantScopedModel):
    """One agency's part of a parallel review."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="branches")
    # One row per agency per entry into the review; history lives in transitions and audit.
    state = models.CharField(max_length=60)
    agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=BranchStatus.choices,
                              default=BranchStatus.PENDING)
    due_date = models.DateField(null=True, blank=True)
    assignee = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="assigned_branches")
    recommendation = models.CharField(max_length=30, blank=True)
    conditions = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # Working days from the request (created_at) to the recommendation, stored when it is given
    # (monitoring figures, ADR 0016); recomputed by the calendar-change hook.
    working_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("agency review")
        verbose_name_plural = _("agency reviews")
        ordering = ["case", "agency__name"]
        indexes = [
            # Recommendations given in a period (monitoring figures, agency times).
            models.Index(fields=["tenant", "status", "decided_at"], name="branch_decided_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "state", "agency"], name="branch_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.agency_id} {self.status}"


class ClockEventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    STARTED = "started", _("Declared complete: clock started")
    PAUSED = "paused", _("Paused: waiting for the applicant")
    RESUMED = "resumed", _("Resumed")
    RESTARTED = "restarted", _("Restarted from zero")
    EXTENDED = "extended", _("Deadline extended")
    STOPPED = "stopped", _("Decided: clock stopped")
    WARNED = "warned", _("Deadline warning")
    FIKTIF_POSITIF = "fiktif_positif", _("Legal deadline passed: deemed approved")
    RECOMPUTED = "recomputed", _("Due dates recomputed (calendar changed)")


# OSS-RBA clock event codes (DOMAIN.md).
OSS_CLOCK_CODES: dict[str, str] = {
    ClockEventKind.PAUSED: "41", ClockEventKind.RESUMED: "42", ClockEventKind.RESTARTED: "44",
    ClockEventKind.FIKTIF_POSITIF: "57",
}


class ClockEvent(TenantScopedModel):
    """A change of a case's clock, with the working-day date it counts from."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clock_events")
    kind = models.CharField(max_length=20, choices=ClockEventKind.choices)
    on = models.DateField()
    at = models.DateTimeField()
    days = models.IntegerField(default=0)
    reason = models.TextField(blank=True)
    oss_code = models.CharField(max_length=2, blank=True)
    legal_due_date = models.DateField(null=True, blank=True)
    service_due_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("clock event")
        verbose_name_plural = _("clock events")
        ordering = ["case", "at", "id"]
        indexes = [
            # "complete in the period" (monitoring figures): the started events of some days.
            models.Index(fields=["tenant", "kind", "on"], name="clockevent_kind_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.on}"


class EffectStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class EffectRun(TenantScopedModel):
    """A deferred effect of a transition, run by the worker; failures stay visible here."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="effect_runs")
    transition = models.ForeignKey(CaseTransition, on_delete=models.CASCADE, null=True,
                                   related_name="effect_runs")
    effect = models.CharField(_("effect"), max_length=60)
    status = models.CharField(_("status"), max_length=10, choices=EffectStatus.choices,
                              default=EffectStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # While a worker runs the effect; a run whose lease expired was abandoned (a crash).
    lease_until = models.DateTimeField(_("running until"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    context: Any = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("effect run")
        verbose_name_plural = _("effect runs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tenant", "status"], name="effect_status_idx")]

    def __str__(self) -> str:
        return f"{self.effect} for case {self.case_id}: {self.status}"
