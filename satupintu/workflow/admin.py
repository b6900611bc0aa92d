"""Workflow administration: definitions with their diagrams, and failing effects."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from satupintu.core.admin import TenantAdmin, actor_of
from satupintu.core.admin_site import admin_site
from satupintu.core.errors import DomainError
from satupintu.lib.yamlio import YamlFileInvalid
from satupintu.workflow.definitions import definition_publish
from satupintu.workflow.models import EffectRun, WorkflowDefinition
from satupintu.workflow.services import effect_retry


class ReadOnlyAdmin(TenantAdmin):
    """Rows written only by the engine or by imports: shown, never edited by hand."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WorkflowDefinitionAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "status", "published_at"]
    list_filter = ["status"]
    fields = ["code", "version", "status", "name", "published_at", "diagram"]
    readonly_fields = ["code", "version", "status", "name", "published_at", "diagram"]
    actions = ["publish"]

    @admin.display(description=_("diagram"))
    def diagram(self, obj: WorkflowDefinition) -> SafeString:
        # Our own SVG, drawn by Graphviz from the definition; Graphviz escapes the labels.
        return mark_safe(obj.diagram_id)  # noqa: S308

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request: HttpRequest, queryset: QuerySet[WorkflowDefinition]) -> None:
        for definition in queryset:
            try:
                definition_publish(definition=definition, actor=actor_of(request))
            except DomainError as exc:
                self.message_user(request, f"{definition}: {exc.message}", messages.ERROR)
            except YamlFileInvalid as exc:
                self.message_user(request, f"{definition}: {exc}", messages.ERROR)
            else:
                self.message_user(request, _("Published %(definition)s.") % {
                    "definition": definition})

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Needed for the publish action; the form itself stays read-only.
        return self.admin_site.has_permission(request)


class EffectRunAdmin(ReadOnlyAdmin):
    list_display = ["effect", "case_link", "status", "attempts", "short_error", "next_attempt_at",
                    "created_at"]
    list_filter = ["status", "effect"]
    fields = ["effect", "case", "transition", "status", "attempts", "last_error",
              "next_attempt_at", "finished_at", "created_at"]
    readonly_fields = ["effect", "case", "transition", "status", "attempts", "last_error",
                       "next_attempt_at", "finished_at", "created_at"]
    actions = ["retry"]

    @admin.display(description=_("file"))
    def case_link(self, obj: EffectRun) -> str:
        return format_html("{} #{}", obj.case.subject_type, obj.case_id)

    @admin.display(description=_("last error"))
    def short_error(self, obj: EffectRun) -> str:
        return obj.last_error.splitlines()[-1][:120] if obj.last_error else ""

    @admin.action(description=_("Retry the selected failed effects"))
    def retry(self, request: HttpRequest, queryset: QuerySet[EffectRun]) -> None:
        for run in queryset.select_related("case__tenant"):
            try:
                effect_retry(run=run, actor=actor_of(request))
            except DomainError as exc:
                self.message_user(request, f"{run}: {exc.message}", messages.ERROR)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)


admin_site.register(WorkflowDefinition, WorkflowDefinitionAdmin)
admin_site.register(EffectRun, EffectRunAdmin)
