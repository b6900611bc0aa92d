"""The service catalog (M1): services and their versioned service standards.

A Service is the stable identity (code, name, agencies). What an applicant must submit and what
the office promises lives in a ServiceStandard *version*: one VariantStandard per variant (new,
extension, …) carrying the 14 components of PermenPANRB 15/2014, and its Requirements. A
published version is never edited; a change is a new version with its own effective date, so an
application stays pinned to the version it was filed under.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import TenantScopedModel
from satupintu.tenants.models import Sector

service_code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9-]{1,19}$",
    _("Use 2–20 uppercase letters, digits or dashes, starting with a letter."),
)
# The range a document's size limit may take (the catalog file's schema uses the same).
MIN_DOCUMENT_KB = 10
MAX_DOCUMENT_KB = 51200

requirement_code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9_]{0,29}$",
    _("Use up to 30 uppercase letters, digits or underscores, starting with a letter."),
)


class Category(models.TextChoices):
    PERIZINAN = "perizinan", _("Permit (perizinan)")
    NON_PERIZINAN = "non_perizinan", _("Non-permit service (non-perizinan)")


class VariantKind(models.TextChoices):
    NEW = "new", _("New")
    EXTENSION = "extension", _("Extension")
    AMENDMENT = "amendment", _("Amendment")
    REVOCATION = "revocation", _("Revocation")


class StandardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class FeeKind(models.TextChoices):
    FREE = "free", _("Free of charge")
    FIXED = "fixed", _("Fixed amount")
    PER_UNIT = "per_unit", _("Amount per unit")
    FORMULA = "formula", _("Computed by formula")


class RequirementKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    DATA = "data", _("Data item")


class DataType(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    BOOLEAN = "boolean", _("Yes / no")
    NIK = "nik", _("NIK")
    NPWP = "npwp", _("NPWP")
    NIB = "nib", _("NIB")
    KBLI = "kbli", _("KBLI code")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Mobile number")


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpg", "JPEG"
    PNG = "png", "PNG"


class Assignment(models.TextChoices):
    MANUAL = "manual", _("Manual (claim from the pool)")
    LEAST_LOADED = "least_loaded", _("Automatic: least-loaded officer")
    RANDOM = "random", _("Automatic: random officer")


class Service(TenantScopedModel):
    """A permit or non-permit service the tenant offers, with its responsible agencies."""

    code = models.CharField(_("code"), max_length=20, validators=[service_code_validator])
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    keywords = models.CharField(
        _("search keywords"), max_length=300, blank=True,
        help_text=_("Other words people use for this service, separated by commas."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    lead_agency = models.ForeignKey(
        "tenants.Agency", on_delete=models.PROTECT, related_name="led_services",
        verbose_name=_("lead technical agency"),
    )
    agencies = models.ManyToManyField(
        "tenants.Agency", related_name="services", blank=True,
        verbose_name=_("responsible technical agencies"),
    )
    is_active = models.BooleanField(_("offered"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    assignment = models.CharField(
        _("assignment of files"), max_length=12, choices=Assignment.choices,
        default=Assignment.MANUAL,
        help_text=_("Manual: officers claim files from their pool. Least loaded or random: "
                    "each step's file goes to an eligible officer automatically (random "
                    "assignment prevents collusion)."),
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="service_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ServiceStandard(TenantScopedModel):
    """One version of a service's standard; immutable once published."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="standards", verbose_name=_("service")
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=StandardStatus.choices, default=StandardStatus.DRAFT
    )
    effective_from = models.DateField(_("effective from"))
    decree = models.CharField(
        _("decree setting this standard"), max_length=200, blank=True,
        help_text=_("The regional head's decree (Permendagri 138/2017 Pasal 13(2))."),
    )
    change_note = models.TextField(_("what changed"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("service standard version")
        verbose_name_plural = _("service standard versions")
        ordering = ["service__code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="standard_version_unique"),
        ]
        indexes = [
            models.Index(
                fields=["service", "status", "effective_from"], name="standard_current_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == StandardStatus.PUBLISHED


class VariantStandard(TenantScopedModel):
    """The 14 components of the standard for one variant (new, extension, …) of a version."""

    standard = models.ForeignKey(
        ServiceStandard, on_delete=models.CASCADE, related_name="variants",
        verbose_name=_("standard version"),
    )
    kind = models.CharField(_("variant"), max_length=12, choices=VariantKind.choices)
    # Public components (besides requirements, which are rows of Requirement).
    procedure = models.TextField(_("procedure"), help_text=_("One step per line."))
    procedure_en = models.TextField(_("procedure in English"), blank=True)
    legal_time_limit_days = models.PositiveIntegerField(
        _("legal time limit (working days)"), validators=[MinValueValidator(1)]
    )
    service_time_limit_days = models.PositiveIntegerField(
        _("service time target (working days)"), validators=[MinValueValidator(1)]
    )
    fee_kind = models.CharField(
        _("fee rule"), max_length=10, choices=FeeKind.choices, default=FeeKind.FREE
    )
    fee_amount = models.DecimalField(
        _("fee amount (Rp)"), max_digits=14, decimal_places=0, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    fee_unit = models.CharField(_("fee unit"), max_length=60, blank=True)
    fee_description = models.TextField(_("fee explanation"), blank=True)
    fee_description_en = models.TextField(_("fee explanation in English"), blank=True)
    output = models.CharField(_("service product"), max_length=300)
    output_en = models.CharField(_("service product in English"), max_length=300, blank=True)
    validity_months = models.PositiveIntegerField(
        _("validity (months)"), null=True, blank=True,
        help_text=_("Empty when the product does not expire."),
    )
    workflow = models.CharField(
        _("workflow"), max_length=60, default="perizinan-standar",
        help_text=_("Code of the workflow definition files of this variant follow."),
    )
    correction_limit = models.PositiveSmallIntegerField(
        _("correction rounds allowed"), default=2,
        help_text=_("After this many returns for correction the file goes to the head of office."),
    )
    fiktif_positif = models.BooleanField(
        _("deemed approved when the legal limit passes (fiktif positif)"), default=False,
    )
    review_days = models.JSONField(
        _("working days per technical agency"), default=dict, blank=True,
        help_text=_("Agency code → working days for its technical review, where it differs "
                    "from the workflow's default."),
    )
    complaints = models.TextField(_("complaints, suggestions and feedback"))
    complaints_en = models.TextField(_("complaints handling in English"), blank=True)
    # Internal components.
    legal_basis = models.TextField(_("legal basis"), help_text=_("One regulation per line."))
    facilities = models.TextField(_("facilities and infrastructure"))
    staff_competence = models.TextField(_("staff competence"))
    internal_oversight = models.TextField(_("internal oversight"))
    staff_count = models.CharField(_("number of staff"), max_length=200)
    service_guarantee = models.TextField(_("service guarantee"))
    security_guarantee = models.TextField(_("security and safety guarantee"))
    performance_evaluation = models.TextField(_("staff performance evaluation"))

    class Meta:
        verbose_name = _("variant standard")
        verbose_name_plural = _("variant standards")
        ordering = ["standard", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "kind"], name="variant_kind_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.standard} – {self.get_kind_display()}"

    def clean(self) -> None:
        """Rules between fields (the catalog file's schema checks the same ones, with lines)."""
        errors: dict[str, str | Promise] = {}
        legal, target = self.legal_time_limit_days, self.service_time_limit_days
        if legal is not None and target is not None and target > legal:
            errors["service_time_limit_days"] = _(
                "The service time target may not exceed the legal time limit.")
        amount = self.fee_amount
        if self.fee_kind == FeeKind.FREE and amount not in (None, 0):
            errors["fee_amount"] = _("A service free of charge has the amount 0.")
        if self.fee_kind in {FeeKind.FIXED, FeeKind.PER_UNIT} and (amount is None or amount <= 0):
            errors["fee_amount"] = _("A fixed or per-unit fee needs an amount above 0.")
        if self.fee_kind == FeeKind.PER_UNIT and not self.fee_unit.strip():
            errors["fee_unit"] = _("A per-unit fee needs its unit, e.g. m².")
        if self.fee_kind == FeeKind.FORMULA and not self.fee_description.strip():
            errors["fee_description"] = _("A fee computed by formula needs the formula explained.")
        if errors:
            raise ValidationError(errors)

    @property
    def fee_value(self) -> Decimal | None:
        """The fee as one number, or None when it depends on the application (per unit, formula)."""
        if self.fee_kind == FeeKind.FREE:
            return Decimal(0)
        if self.fee_kind == FeeKind.FIXED:
            return self.fee_amount
        return None


class Requirement(TenantScopedModel):
    """One published requirement: a document to upload or a data item to fill in."""

    variant = models.ForeignKey(
        VariantStandard, on_delete=models.CASCADE, related_name="requirements",
        verbose_name=_("variant"),
    )
    code = models.CharField(_("code"), max_length=30, validators=[requirement_code_validator])
    position = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    description = models.TextField(_("explanation"), blank=True)
    description_en = models.TextField(_("explanation in English"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=RequirementKind.choices)
    data_type = models.CharField(
        _("data type"), max_length=10, choices=DataType.choices, blank=True
    )
    choices = models.JSONField(_("choices"), default=list, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    # A condition on an earlier data item, as data: {"field": CODE, "op": "gt", "value": 100}.
    condition = models.JSONField(_("condition"), null=True, blank=True)
    condition_text = models.CharField(_("condition, in words"), max_length=300, blank=True)
    condition_text_en = models.CharField(
        _("condition in English"), max_length=300, blank=True
    )
    file_types = models.JSONField(_("accepted file types"), default=list, blank=True)
    max_size_kb = models.PositiveIntegerField(_("maximum size (KB)"), null=True, blank=True)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["variant", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "code"], name="requirement_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def clean(self) -> None:
        """Rules between fields (the catalog file's schema checks the same ones, with lines)."""
        errors: dict[str, str | Promise] = {}
        if self.kind == RequirementKind.DOCUMENT:
            if self.data_type:
                errors["data_type"] = _("A document has no data type.")
            if not self.file_types:
                errors["file_types"] = _("A document needs its accepted file types.")
            if self.max_size_kb is None:
                errors["max_size_kb"] = _("A document needs a maximum size.")
        elif self.kind == RequirementKind.DATA:
            if not self.data_type:
                errors["data_type"] = _("A data item needs a data type.")
            if self.file_types:
                errors["file_types"] = _("A data item has no file types.")
            if self.max_size_kb is not None:
                errors["max_size_kb"] = _("A data item has no maximum size.")
        if not isinstance(self.file_types, list) or any(
                t not in FileType.values for t in self.file_types):
            errors["file_types"] = _("Accepted file types are pdf, jpg and png, as a list.")
        if self.max_size_kb is not None and not (
                MIN_DOCUMENT_KB <= self.max_size_kb <= MAX_DOCUMENT_KB):
            errors["max_size_kb"] = _(
                "The maximum size must be between %(min)s and %(max)s KB."
            ) % {"min": MIN_DOCUMENT_KB, "max": MAX_DOCUMENT_KB}
        if not isinstance(self.choices, list) or any(
                not isinstance(c, str) or not c.strip() or "\x00" in c for c in self.choices):
            errors["choices"] = _("Choices must be a list of texts.")
        elif self.data_type == DataType.CHOICE and not self.choices:
            errors["choices"] = _("A data item of type choice needs its choices.")
        elif self.data_type != DataType.CHOICE and self.choices:
            errors["choices"] = _("Only a data item of type choice has choices.")
        if self.condition is not None:
            if not self.mandatory:
                errors["mandatory"] = _(
                    "A conditional requirement is mandatory whenever its condition holds.")
            if not self.condition_text.strip():
                errors["condition_text"] = _(
                    "A conditional requirement needs its condition in words for applicants.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_conditional(self) -> bool:
        return self.condition is not None
