"""Complaints (M11, Perpres 76/2013): categories with their time limits, routes to agencies,
the complaints themselves, their public timeline, photos and the Open311 partner keys."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel


def new_secret() -> str:
    """A 128-bit URL-safe secret (the complainant's private link, Open311 tokens)."""
    return secrets.token_urlsafe(16)


def media_path(instance: ComplaintMedia, filename: str) -> str:
    # Random names outside the web root, like every upload.
    return f"complaints/{instance.tenant_id}/{secrets.token_hex(16)}.{instance.kind}"


category_code_validator = RegexValidator(
    r"^[a-z][a-z0-9-]{1,39}$",
    _("Use 2–40 lowercase letters, digits or dashes, starting with a letter."),
)


class ComplaintKind(models.TextChoices):
    """The local standard's classes of complaint, each with its default time to resolve
    (DOMAIN.md: simple 2, normative 5, without supervision content 14, investigation 60)."""

    SIMPLE = "simple", _("Simple")
    NORMATIVE = "normative", _("Normative")
    NO_SUPERVISION = "no_supervision", _("Without supervision content")
    INVESTIGATION = "investigation", _("Needs investigation")


DEFAULT_RESOLVE_DAYS = {
    ComplaintKind.SIMPLE: 2,
    ComplaintKind.NORMATIVE: 5,
    ComplaintKind.NO_SUPERVISION: 14,
    ComplaintKind.INVESTIGATION: 60,
}


class ComplaintCategory(TenantScopedModel):
    """What a complaint is about; its code is the Open311 `service_code`."""

    code = models.CharField(_("code"), max_length=40, validators=[category_code_validator])
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    group = models.CharField(_("group"), max_length=80, blank=True,
                             help_text=_("Open311 group, e.g. Pelayanan perizinan."))
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    kind = models.CharField(_("class"), max_length=16, choices=ComplaintKind.choices,
                            default=ComplaintKind.NORMATIVE)
    agency = models.ForeignKey(
        "tenants.Agency", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("responsible agency"),
        help_text=_("Empty: the agency the complaint is about, else the DPMPTSP."))
    acknowledge_days = models.PositiveSmallIntegerField(
        _("acknowledge within (working days)"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(60)])
    answer_days = models.PositiveSmallIntegerField(
        _("first answer within (working days)"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(60)])
    resolve_days = models.PositiveSmallIntegerField(
        _("resolve within (working days)"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(120)])
    needs_location = models.BooleanField(
        _("asks for a location"), default=False,
        help_text=_("Complaints about a place (a road, a building) need a kelurahan or a point."))
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"],
                                    name="complaint_category_code_unique"),
            models.CheckConstraint(
                condition=models.Q(acknowledge_days__lte=models.F("answer_days"))
                & models.Q(answer_days__lte=models.F("resolve_days")),
                name="complaint_category_days_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class ComplaintRoute(TenantScopedModel):
    """Routing by location: complaints of a category about a place in a kecamatan go to
    this agency (e.g. road damage per district office)."""

    category = models.ForeignKey(ComplaintCategory, on_delete=models.CASCADE,
                                 related_name="routes", verbose_name=_("category"))
    kecamatan = models.ForeignKey("tenants.Kecamatan", on_delete=models.CASCADE,
                                  related_name="+", verbose_name=_("district"))
    agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("responsible agency"))

    class Meta:
        verbose_name = _("complaint route")
        verbose_name_plural = _("complaint routes")
        constraints = [
            models.UniqueConstraint(fields=["category", "kecamatan"],
                                    name="complaint_route_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} / {self.kecamatan_id} → {self.agency_id}"


class ComplaintStatus(models.TextChoices):
    """Machine-readable status (lowercase English, SPEC contract); Open311 reports the first
    four as `open`, the rest as `closed`."""

    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered, being handled")
    REOPENED = "reopened", _("Reopened by the complainant")
    RESOLVED = "resolved", _("Resolved")
    CLOSED_UNRESOLVED = "closed_unresolved", _("Closed unresolved")
    NOT_RESPONSIBLE = "not_responsible", _("Not our responsibility")
    DUPLICATE = "duplicate", _("Duplicate")


OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED,
                 ComplaintStatus.ANSWERED, ComplaintStatus.REOPENED)
CLOSED_STATUSES = (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED_UNRESOLVED,
                   ComplaintStatus.NOT_RESPONSIBLE, ComplaintStatus.DUPLICATE)


class ComplaintChannel(models.TextChoices):
    WEB = "web", _("Website")
    COUNTER = "counter", _("Service counter")
    OPEN311 = "open311", _("Partner app (Open311)")


class ComplaintSequence(TenantScopedModel):
    """The last complaint number per tenant and year, locked while a complaint is filed."""

    year = models.PositiveIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number taken"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "year"],
                                               name="complaint_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.tenant_id}/{self.year}: {self.last}"


class Complaint(TenantScopedModel):
    """One complaint, from whoever filed it, with its routing, time limits and outcome.

    Personal data (name, contact, exact address) lives only here and is never shown on public
    pages or in public API answers; the public see the number, category, kelurahan, the text
    (unless hidden by a moderator) and the public updates.
    """

    number = models.CharField(_("number"), max_length=24)  # ADU-2026-00001
    category = models.ForeignKey(ComplaintCategory, on_delete=models.PROTECT,
                                 related_name="complaints", verbose_name=_("category"))
    status = models.CharField(_("status"), max_length=20, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED)
    version = models.PositiveIntegerField(_("version"), default=1)
    channel = models.CharField(_("channel"), max_length=10, choices=ComplaintChannel.choices,
                               default=ComplaintChannel.WEB)
    # Who must answer now (routing, forwarding) and who the complaint is about.
    agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("responsible agency"))
    subject_agency = models.ForeignKey(
        "tenants.Agency", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("agency complained about"))
    assignee = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+",
                                 null=True, blank=True, verbose_name=_("handled by"))
    description = models.TextField(_("complaint"))
    # Moderation keeps the original for the audit; the public see the reason instead.
    hidden_reason = models.CharField(_("hidden because"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    # References.
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT,
                                    related_name="complaints", null=True, blank=True,
                                    verbose_name=_("application"))
    permit = models.ForeignKey("issuance.Permit", on_delete=models.PROTECT,
                               related_name="complaints", null=True, blank=True,
                               verbose_name=_("permit"))
    lapor_ticket = models.CharField(
        _("SP4N-LAPOR! ticket"), max_length=30, blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9-]{4,30}$",
                                   _("A LAPOR! ticket number has 4–30 letters, digits or "
                                     "dashes."))])
    # Location: a kelurahan and/or a point; the exact address is personal data.
    kelurahan = models.ForeignKey("tenants.Kelurahan", on_delete=models.PROTECT,
                                  related_name="+", null=True, blank=True,
                                  verbose_name=_("kelurahan"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                              blank=True)
    long = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                               blank=True)
    # The complainant: an account, or contact details given with the complaint, or nobody.
    complainant = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                    related_name="complaints", null=True, blank=True,
                                    verbose_name=_("complainant's account"))
    contact_name = models.CharField(_("name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    # The complainant's private link (see and reopen without an account).
    secret = models.CharField(max_length=32, unique=True, default=new_secret, editable=False)
    # Open311: the partner app that posted it, and the token it may poll (tokens/{token}).
    client = models.ForeignKey("complaints.Open311Client", on_delete=models.PROTECT,
                               related_name="complaints", null=True, blank=True,
                               verbose_name=_("partner app"))
    open311_token = models.CharField(max_length=32, unique=True, default=new_secret,
                                     editable=False)
    # Time limits (working days on the tenant's calendar, from the day received).
    submitted_at = models.DateTimeField(_("received at"))
    acknowledge_due = models.DateField(_("acknowledge by"))
    answer_due = models.DateField(_("first answer by"))
    resolve_due = models.DateField(_("resolve by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated to the head on"), null=True, blank=True)
    # Outcome.
    outcome_reason = models.TextField(_("outcome"), blank=True)
    responsible_body = models.CharField(_("responsible body"), max_length=200, blank=True)
    duplicate_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="duplicates", verbose_name=_("duplicate of"))
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="complaint_number_unique"),
            models.CheckConstraint(
                condition=models.Q(lat__isnull=True, long__isnull=True)
                | models.Q(lat__gte=-90, lat__lte=90, long__gte=-180, long__lte=180),
                name="complaint_point_valid"),
        ]
        indexes = [
            models.Index(fields=["tenant", "status", "submitted_at"],
                         name="complaint_status_idx"),
            models.Index(fields=["tenant", "agency", "status"], name="complaint_agency_idx"),
            models.Index(fields=["tenant", "category", "submitted_at"],
                         name="complaint_category_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class UpdateKind(models.TextChoices):
    """Steps of a complaint's timeline."""

    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWER = "answer", _("Answer")
    NOTE = "note", _("Internal note")
    FORWARDED = "forwarded", _("Forwarded to another agency")
    RESOLVED = "resolved", _("Resolved")
    CLOSED_UNRESOLVED = "closed_unresolved", _("Closed unresolved")
    NOT_RESPONSIBLE = "not_responsible", _("Not our responsibility")
    DUPLICATE = "duplicate", _("Marked as duplicate")
    REOPENED = "reopened", _("Reopened by the complainant")
    ESCALATED = "escalated", _("Overdue: escalated to the head of the agency")
    HIDDEN = "hidden", _("Text hidden by a moderator")


class ComplaintUpdate(TenantScopedModel):
    """One step of a complaint's timeline; public ones appear on its public page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="updates",
                                  verbose_name=_("complaint"))
    kind = models.CharField(_("kind"), max_length=20, choices=UpdateKind.choices)
    text = models.TextField(_("text"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    hidden_reason = models.CharField(_("hidden because"), max_length=300, blank=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+",
                              null=True, blank=True, verbose_name=_("by"))
    agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, related_name="+",
                               null=True, blank=True, verbose_name=_("agency"))
    status = models.CharField(_("status after"), max_length=20,
                              choices=ComplaintStatus.choices)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("complaint update")
        verbose_name_plural = _("complaint updates")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.kind}"


class MediaReview(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved for the public page")
    REJECTED = "rejected", _("Not published")


class ComplaintMedia(TenantScopedModel):
    """A photo sent with a complaint (JPEG/PNG, checked by content); public only once an
    officer approves it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="media",
                                  verbose_name=_("complaint"))
    file = models.FileField(_("file"), upload_to=media_path, max_length=200)
    kind = models.CharField(max_length=4)  # jpg / png
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    review = models.CharField(_("review"), max_length=10, choices=MediaReview.choices,
                              default=MediaReview.PENDING)
    reviewed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True, verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint photo")
        verbose_name_plural = _("complaint photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}/{self.pk}"


class Open311Client(TenantScopedModel):
    """A partner app allowed to post complaints through Open311, by its API key (stored as a
    SHA-256 digest; the key is shown once when created)."""

    name = models.CharField(_("name"), max_length=120)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key begins with"), max_length=8, editable=False)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 partner app")
        verbose_name_plural = _("Open311 partner apps")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
