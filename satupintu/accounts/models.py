"""Users (applicants and officers), applicants' profiles, officers' roles per agency, API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from satupintu.accounts.validators import validate_nib, validate_nik, validate_npwp
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
    HEAD = "head", _("Head of agency")


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
    # Officers only (applicants' NIK is on their profile): what a remote signing service such
    # as BSrE knows a signing official by.
    officer_nik = models.CharField(
        _("NIK (for the electronic signature)"), max_length=16, blank=True,
        validators=[validate_nik],
        help_text=_("Officers who sign permits: the NIK their electronic certificate was "
                    "issued to."))
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


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    BUSINESS = "business", _("Business")


class LegalForm(models.TextChoices):
    """Legal forms of businesses as OSS-RBA lists them."""

    PT = "pt", _("PT (limited company)")
    PT_PERORANGAN = "pt_perorangan", _("PT Perorangan (one-person company)")
    CV = "cv", _("CV (limited partnership)")
    FIRMA = "firma", _("Firma (general partnership)")
    PERSEKUTUAN_PERDATA = "persekutuan_perdata", _("Persekutuan perdata (civil partnership)")
    KOPERASI = "koperasi", _("Koperasi (cooperative)")
    YAYASAN = "yayasan", _("Yayasan (foundation)")
    PERKUMPULAN = "perkumpulan", _("Perkumpulan (association)")
    PERORANGAN = "perorangan", _("Usaha perorangan (sole proprietorship)")
    BUMD = "bumd", _("BUMD / Perumda (regionally owned enterprise)")
    OTHER = "other", _("Other")


class ApplicantProfile(TenantScopedModel):
    """What an applicant (pemohon) tells us about themself or their business.

    The person's name, e-mail address and mobile number stay on `User` (sign-in, password reset
    and messages use them); the profile holds the rest. For a business, the user is its
    representative: `User.full_name` and `nik` are the representative's.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="applicant_profile",
        verbose_name=_("account"),
    )
    kind = models.CharField(_("applicant type"), max_length=10, choices=ApplicantKind.choices)
    nik = models.CharField(
        _("NIK"), max_length=16, validators=[validate_nik],
        help_text=_("The 16-digit national identity number on the KTP."),
    )
    address = models.CharField(_("street address"), max_length=300)
    kelurahan = models.ForeignKey(
        "tenants.Kelurahan", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("kelurahan"),
    )
    company_name = models.CharField(_("business name"), max_length=200, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, blank=True
    )
    nib = models.CharField(_("NIB"), max_length=13, blank=True, validators=[validate_nib])
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True, validators=[validate_npwp])
    email_verified_at = models.DateTimeField(_("e-mail address verified at"), null=True,
                                             blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_at = models.DateTimeField(_("consent given at"))

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "nik"], condition=models.Q(kind="individual"),
                name="applicant_nik_unique_individual",
            ),
            models.UniqueConstraint(
                fields=["tenant", "nib"], condition=models.Q(kind="business"),
                name="applicant_nib_unique_business",
            ),
        ]

    def __str__(self) -> str:
        # Kept free of personal data: audit records and logs show this label.
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.kind == ApplicantKind.BUSINESS:
            required = {"company_name": _("Enter the business name."),
                        "legal_form": _("Choose the legal form."),
                        "nib": _("Enter the NIB."), "npwp": _("Enter the NPWP.")}
            errors.update({k: m for k, m in required.items() if not getattr(self, k)})
        if self.kelurahan_id is not None and self.tenant_id is not None and (
            self.kelurahan.tenant_id != self.tenant_id
        ):
            errors["kelurahan"] = _("Choose a kelurahan of this region.")
        if errors:
            raise ValidationError(errors)


class ApiToken(TenantScopedModel):
    """A bearer token of the API; only its SHA-256 is stored, so a database leak reveals none.

    Officers' tokens are issued only after their second factor, whose device they record.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("account"))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    prefix = models.CharField(_("key prefix"), max_length=12)
    otp_device = models.CharField(_("second-factor device"), max_length=100, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    user_agent = models.CharField(_("client"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_idx")]

    def __str__(self) -> str:
        return f"{self.prefix}…"


class DelegationKind(models.TextChoices):
    PLH = "plh", _("Plh (acting while the holder is away)")
    PLT = "plt", _("Plt (acting while the post is vacant)")


class Delegation(TenantScopedModel):
    """An officer acting in another's role for a date range (Pelaksana Harian / Tugas).

    Actions the substitute takes under it record both names.
    """

    principal = models.ForeignKey(User, on_delete=models.PROTECT, related_name="delegations_given",
                                  verbose_name=_("on behalf of"))
    substitute = models.ForeignKey(User, on_delete=models.PROTECT,
                                   related_name="delegations_held", verbose_name=_("substitute"))
    agency = models.ForeignKey("tenants.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("agency"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    kind = models.CharField(_("kind"), max_length=3, choices=DelegationKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=300)
    letter_number = models.CharField(_("letter (surat perintah) number"), max_length=100,
                                     blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegation (Plh/Plt)")
        verbose_name_plural = _("delegations (Plh/Plt)")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["substitute", "starts_on", "ends_on"],
                                name="delegation_active_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.substitute} → {self.principal} ({self.role})"
