"""`{% workflow_diagram variant %}`: the procedure of a service as its workflow's drawing."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from satupintu.workflow.models import DefinitionStatus, WorkflowDefinition

register = template.Library()


@register.simple_tag(takes_context=True)
def workflow_diagram(context: dict[str, Any], variant: Any) -> SafeString:
    cache: dict[str, WorkflowDefinition | None] = context.setdefault("_workflow_cache", {})
    if variant.workflow not in cache:
        cache[variant.workflow] = (
            WorkflowDefinition.objects.filter(tenant_id=variant.tenant_id, code=variant.workflow,
                                              status=DefinitionStatus.PUBLISHED)
            .only("diagram_id", "diagram_en").order_by("-version").first()
        )
    definition = cache[variant.workflow]
    if definition is None:
        return mark_safe("")
    svg = definition.diagram_en if (get_language() or "id").startswith("en") else \
        definition.diagram_id
    # Our own SVG, drawn by Graphviz from the definition; Graphviz escapes every label.
    return mark_safe(svg)  # noqa: S308
