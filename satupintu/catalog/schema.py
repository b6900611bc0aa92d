"""The shape of a catalog file (YAML), validated before anything is written.

The same models describe what `catalog_export` writes, so an export can be imported unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from satupintu.catalog.conditions import ORDERING_OPERATORS

ServiceCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]{1,19}$")]
AgencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]{1,30}$")]
RequirementCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]{0,29}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
Days = Annotated[int, Field(ge=1, le=365)]

Category = Literal["perizinan", "non_perizinan"]
Sector = Literal[
    "general", "investment", "health", "public_works", "environment", "transport", "trade",
    "tourism", "education", "revenue", "politics", "social", "manpower", "agriculture",
    "communication",
]
VariantKind = Literal["new", "extension", "amendment", "revocation"]
DataType = Literal[
    "text", "long_text", "number", "date", "choice", "boolean", "nik", "npwp", "nib", "kbli",
    "email", "phone",
]
FileType = Literal["pdf", "jpg", "png"]
Operator = Literal["eq", "ne", "gt", "gte", "lt", "lte", "in"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ConditionSpec(_Strict):
    field: RequirementCode
    op: Operator
    value: Any

    @model_validator(mode="after")
    def _value_fits_operator(self) -> ConditionSpec:
        if self.op == "in" and not isinstance(self.value, list):
            raise ValueError("the value of 'in' must be a list")
        if self.op in ORDERING_OPERATORS and (
            isinstance(self.value, bool) or not isinstance(self.value, int | float)
        ):
            raise ValueError(f"the value of '{self.op}' must be a number")
        return self


class RequirementSpec(_Strict):
    code: RequirementCode
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=300)]
    name_en: str = ""
    description: Text = ""
    description_en: Text = ""
    kind: Literal["document", "data"]
    data_type: DataType | None = None
    choices: list[str] = []
    mandatory: bool = True
    condition: ConditionSpec | None = None
    condition_text: str = ""
    condition_text_en: str = ""
    file_types: list[FileType] = []
    max_size_kb: Annotated[int, Field(ge=10, le=51200)] | None = None

    @model_validator(mode="after")
    def _kind_fields(self) -> RequirementSpec:
        if self.kind == "document":
            if self.data_type is not None or self.choices:
                raise ValueError("a document has no data_type or choices")
            if not self.file_types:
                raise ValueError("a document needs file_types (pdf, jpg, png)")
            if self.max_size_kb is None:
                raise ValueError("a document needs max_size_kb")
        else:
            if self.data_type is None:
                raise ValueError("a data item needs a data_type")
            if self.file_types or self.max_size_kb is not None:
                raise ValueError("a data item has no file_types or max_size_kb")
            if (self.data_type == "choice") != bool(self.choices):
                raise ValueError("choices are given exactly when data_type is 'choice'")
        if self.condition is not None and not self.condition_text:
            raise ValueError("a conditional requirement needs condition_text for people")
        if self.condition is not None and not self.mandatory:
            raise ValueError("a conditional requirement is mandatory when its condition holds")
        return self


class FeeSpec(_Strict):
    kind: Literal["free", "fixed", "per_unit", "formula"]
    amount: Annotated[int, Field(ge=0, le=10**13)] = 0
    unit: str = ""
    description: Text = ""
    description_en: Text = ""

    @model_validator(mode="after")
    def _amount_fits_kind(self) -> FeeSpec:
        if self.kind == "free" and self.amount != 0:
            raise ValueError("a free service has amount 0")
        if self.kind in {"fixed", "per_unit"} and self.amount <= 0:
            raise ValueError(f"a '{self.kind}' fee needs a positive amount")
        if self.kind == "per_unit" and not self.unit:
            raise ValueError("a 'per_unit' fee needs its unit")
        if self.kind == "formula" and not self.description:
            raise ValueError("a 'formula' fee needs a description of the formula")
        return self


class VariantSpec(_Strict):
    kind: VariantKind
    procedure: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
    procedure_en: Text = ""
    legal_time_limit_days: Days
    service_time_limit_days: Days
    fee: FeeSpec
    output: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=300)]
    output_en: str = ""
    validity_months: Annotated[int, Field(ge=1, le=1200)] | None = None
    workflow: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,59}$")] = (
        "perizinan-standar")
    correction_limit: Annotated[int, Field(ge=0, le=10)] = 2
    fiktif_positif: bool = False
    review_days: dict[AgencyCode, Days] = {}
    complaints: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
    complaints_en: Text = ""
    legal_basis: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
    facilities: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
    staff_competence: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
    internal_oversight: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
    staff_count: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    service_guarantee: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
    security_guarantee: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
    performance_evaluation: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=2)
    ]
    requirements: Annotated[list[RequirementSpec], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> VariantSpec:
        if self.service_time_limit_days > self.legal_time_limit_days:
            raise ValueError(
                "service_time_limit_days may not exceed legal_time_limit_days"
            )
        return self


class StandardSpec(_Strict):
    version: Annotated[int, Field(ge=1)]
    status: Literal["draft", "published"]
    effective_from: dt.date
    decree: str = ""
    change_note: Text = ""
    variants: Annotated[list[VariantSpec], Field(min_length=1)]


class ServiceSpec(_Strict):
    code: ServiceCode
    name: Name
    name_en: str = ""
    summary: Text = ""
    summary_en: Text = ""
    keywords: Annotated[str, StringConstraints(max_length=300)] = ""
    category: Category
    sector: Sector
    lead_agency: AgencyCode
    agencies: list[AgencyCode] = []
    active: bool = True
    demo: bool = False
    assignment: Literal["manual", "least_loaded", "random"] = "manual"
    standards: Annotated[list[StandardSpec], Field(min_length=1)]


class CatalogSpec(_Strict):
    format: Literal["satupintu-catalog/1"]
    services: list[ServiceSpec]
