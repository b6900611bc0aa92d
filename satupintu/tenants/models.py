"""Regional governments (tenants), their agencies and their administrative regions."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel, TimestampedModel
from satupintu.issuance.numbering import validate_numbering_format

code_validator = RegexValidator(
    r"^[a-z][a-z0-9-]{1,30}$",
    _("Use 2–31 lowercase letters, digits or dashes, starting with a letter."),
)
agency_code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9-]{1,30}$",
    _("Use 2–31 uppercase letters, digits or dashes, starting with a letter."),
)
region_code_validator = RegexValidator(
    r"^\d{2}\.\d{2}$", _("A regency/city code looks like 16.73 (Kemendagri).")
)


class Sector(models.TextChoices):
    """Government sectors, as the province roll-up groups permits."""

    GENERAL = "general", _("General administration")
    INVESTMENT = "investment", _("Investment and one-stop service")
    HEALTH = "health", _("Health")
    PUBLIC_WORKS = "public_works", _("Public works and spatial planning")
    ENVIRONMENT = "environment", _("Environment")
    TRANSPORT = "transport", _("Transport")
    TRADE = "trade", _("Trade and industry")
    TOURISM = "tourism", _("Tourism")
    EDUCATION = "education", _("Education")
    REVENUE = "revenue", _("Regional revenue")
    POLITICS = "politics", _("National unity and politics")
    SOCIAL = "social", _("Social affairs")
    MANPOWER = "manpower", _("Manpower")
    AGRICULTURE = "agriculture", _("Agriculture and food")
    COMMUNICATION = "communication", _("Communication and informatics")


class Tenant(TimestampedModel):
    """A regional government (kota or kabupaten) served by this installation."""

    code = models.CharField(_("code"), max_length=31, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    region_code = models.CharField(
        _("region code"), max_length=5, validators=[region_code_validator]
    )
    province = models.CharField(_("province"), max_length=80, blank=True)
    timezone = models.CharField(_("time zone"), max_length=40, default="Asia/Jakarta")
    numbering_format = models.CharField(
        _("permit numbering format"),
        max_length=120,
        default="503/{seq}/{service}/DPMPTSP/{year}",
        # Parsed, never evaluated (issuance.numbering): a bad format cannot be saved.
        validators=[validate_numbering_format],
        help_text=_("Placeholders: {seq}, {service}, {unit}, {year}, {month}."),
    )
    numbering_seq_width = models.PositiveSmallIntegerField(
        _("digits of {seq}"), default=4, validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("The sequence number is padded with zeros to this width."),
    )
    tracking_prefix = models.CharField(
        _("tracking number prefix"), max_length=8,
        validators=[RegexValidator(r"^[A-Z]{2,8}$", _("Use 2–8 uppercase letters."))],
    )
    deadline_warning_days = models.PositiveSmallIntegerField(
        _("warn this many working days before a deadline"), default=2,
    )
    address = models.TextField(_("office address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    service_pledge = models.TextField(_("service pledge (maklumat pelayanan)"), blank=True)
    service_pledge_en = models.TextField(_("service pledge in English"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("regional government")
        verbose_name_plural = _("regional governments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantDomain(models.Model):
    """A host name that resolves to its tenant (e.g. `ptsp.lubuklinggaukota.go.id`)."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="domains", verbose_name=_("tenant")
    )
    host = models.CharField(_("host name"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("host name")
        verbose_name_plural = _("host names")
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host


class Agency(TenantScopedModel):
    """An agency of the regional government: the DPMPTSP or a technical agency (OPD teknis)."""

    code = models.CharField(_("code"), max_length=31, validators=[agency_code_validator])
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("name in English"), max_length=160, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    is_one_stop = models.BooleanField(
        _("one-stop office (DPMPTSP)"), default=False,
        help_text=_("The office that receives applications and signs permits."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["-is_one_stop", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="agency_code_unique"),
            models.UniqueConstraint(
                fields=["tenant"], condition=models.Q(is_one_stop=True),
                name="agency_one_stop_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class RegionKind(models.TextChoices):
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
    DESA = "desa", _("Village (desa)")


class Kecamatan(TenantScopedModel):
    """A district of the tenant, with its Kemendagri code (PP.KK.CC)."""

    code = models.CharField(
        _("code"), max_length=8,
        validators=[RegexValidator(r"^\d{2}\.\d{2}\.\d{2}$", _("Use the form 16.73.01."))],
    )
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("district (kecamatan)")
        verbose_name_plural = _("districts (kecamatan)")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="kecamatan_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Kelurahan(TenantScopedModel):
    """An urban village (kelurahan) or village (desa), code PP.KK.CC.DDDD."""

    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="kelurahan",
        verbose_name=_("district"),
    )
    code = models.CharField(
        _("code"), max_length=13,
        validators=[
            RegexValidator(r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$", _("Use the form 16.73.01.1001."))
        ],
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(
        _("kind"), max_length=10, choices=RegionKind.choices, default=RegionKind.KELURAHAN
    )

    class Meta:
        verbose_name = _("urban village (kelurahan)")
        verbose_name_plural = _("urban villages (kelurahan)")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="kelurahan_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name
