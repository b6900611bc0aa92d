"""Which published requirements apply to an application, and which are still missing."""

from __future__ import annotations

from collections.abc import Iterable

from satupintu.applications.models import Application, ApplicationDocument
from satupintu.catalog.conditions import condition_holds
from satupintu.catalog.models import Requirement, RequirementKind, VariantStandard


def variant_requirements(variant: VariantStandard) -> list[Requirement]:
    return list(variant.requirements.order_by("position", "id"))


def applicable(requirements: Iterable[Requirement], answers: dict[str, object]) -> (
    list[Requirement]
):
    """The requirements that apply to this applicant: unconditional ones, and conditional ones
    whose condition holds on the answers given so far."""
    return [r for r in requirements if condition_holds(r.condition, answers)]


def current_documents(application: Application) -> dict[str, ApplicationDocument]:
    return {d.requirement_code: d for d in application.documents.filter(replaced_at__isnull=True)
            .select_related("upload")}


def missing(application: Application) -> list[Requirement]:
    """Mandatory applicable requirements without an answer or a document yet."""
    answers = application.answers or {}
    documents = current_documents(application)
    out = []
    for requirement in applicable(variant_requirements(application.variant), answers):
        if not requirement.mandatory:
            continue
        if requirement.kind == RequirementKind.DOCUMENT:
            if requirement.code not in documents:
                out.append(requirement)
        elif answers.get(requirement.code) in (None, ""):
            out.append(requirement)
    return out
