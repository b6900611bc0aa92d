"""The register of issued documents (*register izin*) and what issuing them records.

A permit row is written only in the transaction that also took its number and stored its
signed file (services.permit_sign): a number in the register always has a document. Failed
signatures leave a `SigningAttempt` instead, so the register stays explainable.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel


def new_token() -> str:
    """The public verification token: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def permit_path(instance: Permit, filename: str) -> str:
    # Random names outside the web root, like uploads: the number is not a secret, the file is.
    return f"permits/{instance.tenant_id}/{instance.year}/{secrets.token_hex(16)}.pdf"


class PermitStatus(models.TextChoices):
    """What verification reports (SPEC contract): computed, never stored (selectors.status)."""

    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")


class PermitSequence(TenantScopedModel):
    """The last number taken per tenant and year; its row is locked while a permit is issued,
    so numbers are gap-free and unique under concurrent issuance."""

    year = models.PositiveIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number taken"), default=0)

    class Meta:
        verbose_name = _("permit number sequence")
        verbose_name_plural = _("permit number sequences")
        constraints = [models.UniqueConstraint(fields=["tenant", "year"],
                                               name="permit_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.tenant_id}/{self.year}: {self.last}"


class Permit(TenantScopedModel):
    """One issued, signed document in the register."""

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT,
                                    related_name="permits", verbose_name=_("application"))
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("service"))
    number = models.CharField(_("number"), max_length=120)
    year = models.PositiveIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence number"))
    token = models.CharField(_("verification code"), max_length=32, unique=True,
                             default=new_token)
    # What the document says, kept as issued (the catalog and the holder's profile may change).
    title = models.CharField(_("document"), max_length=300)
    title_en = models.CharField(_("document in English"), max_length=300, blank=True)
    holder_name = models.CharField(_("holder"), max_length=200)
    holder_is_person = models.BooleanField(
        _("holder is an individual"), default=True,
        help_text=_("An individual's name is masked on the public verification page."))
    conditions = models.TextField(_("conditions"), blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True,
                                   help_text=_("Empty: valid as long as it is not revoked."))
    signer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("signed by"))
    signer_name = models.CharField(_("signer's name"), max_length=200)
    signer_position = models.CharField(_("signer's position"), max_length=200)
    on_behalf_of = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("signed for (Plh/Plt)"))
    file = models.FileField(_("signed document"), upload_to=permit_path, max_length=200)
    sha256 = models.CharField(_("SHA-256 of the signed document"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    # Revocation and correction: the row stays; a correction's new permit supersedes it.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("revoked by"))
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by",
                                      verbose_name=_("corrects (supersedes)"))
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    # Handover at the counter (the applicant's own downloads are in the audit chain).
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    handed_over_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="+",
                                       verbose_name=_("handed over by"))
    receiver_name = models.CharField(_("received by"), max_length=200, blank=True)
    receiver_id_number = models.CharField(_("receiver's NIK"), max_length=16, blank=True)
    receiver_relation = models.CharField(_("receiver is"), max_length=100, blank=True,
                                         help_text=_("The holder, or whom they sent."))
    expiry_reminded_on = models.DateField(_("expiry reminder sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("issued permit")
        verbose_name_plural = _("issued permits")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="permit_number_unique"),
            models.UniqueConstraint(fields=["tenant", "year", "seq"], name="permit_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["tenant", "-issued_at"], name="permit_register_idx"),
            models.Index(fields=["tenant", "valid_until"], name="permit_expiry_idx"),
            # Verification of an uploaded file looks its digest up in the register.
            models.Index(fields=["tenant", "sha256"], name="permit_digest_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class AttemptOutcome(models.TextChoices):
    SIGNED = "signed", _("Signed")
    WRONG_PASSPHRASE = "wrong_passphrase", _("Wrong passphrase")
    UNAVAILABLE = "unavailable", _("Signing service unavailable")
    FAILED = "failed", _("Failed")


class SigningAttempt(TenantScopedModel):
    """Every attempt to sign a file's permit, successful or not: a failure takes no number but
    stays on the file ("approved, awaiting signature" and why) and in the audit chain."""

    case = models.ForeignKey("workflow.Case", on_delete=models.PROTECT,
                             related_name="signing_attempts", verbose_name=_("file"))
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("signer"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=AttemptOutcome.choices)
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("permit"))

    class Meta:
        verbose_name = _("signing attempt")
        verbose_name_plural = _("signing attempts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.outcome}"


class PermitTemplate(TenantScopedModel):
    """The HTML of the permit document for one service, or the tenant's default (no service).
    Rendered with Django's template engine in a sandboxed context (document.render)."""

    service = models.OneToOneField("catalog.Service", on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="permit_template",
                                   verbose_name=_("service"),
                                   help_text=_("Empty: the default for every service."))
    html = models.TextField(_("HTML template"))
    updated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("permit template")
        verbose_name_plural = _("permit templates")
        constraints = [models.UniqueConstraint(
            fields=["tenant"], condition=models.Q(service__isnull=True),
            name="permit_template_one_default")]

    def __str__(self) -> str:
        return f"{self.service_id or 'default'}"
