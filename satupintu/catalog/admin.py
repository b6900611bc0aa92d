"""Catalog administration; published versions show read-only, changes go to a new version."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from satupintu.catalog import services
from satupintu.catalog.models import (
    Requirement,
    Service,
    ServiceStandard,
    StandardStatus,
    VariantStandard,
)
from satupintu.catalog.selectors import tenant_today
from satupintu.core.admin import TenantAdmin, actor_of, tenant_of
from satupintu.core.admin_site import admin_site
from satupintu.core.errors import DomainError


def _editable(obj: ServiceStandard | None) -> bool:
    return obj is None or obj.status == StandardStatus.DRAFT


class StandardLinkInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ServiceStandard
    fields = ["link", "status", "effective_from", "published_at"]
    readonly_fields = ["link", "status", "effective_from", "published_at"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("standard versions")

    @admin.display(description=_("version"))
    def link(self, obj: ServiceStandard) -> str:
        url = reverse("admin:catalog_servicestandard_change", args=[obj.pk])
        return format_html('<a href="{}">v{}</a>', url, obj.version)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)


class ServiceAdmin(TenantAdmin):
    list_display = ["code", "name", "category", "sector", "lead_agency", "is_active"]
    list_filter = ["category", "sector", "lead_agency", "is_active", "is_demo"]
    search_fields = ["code", "name", "name_en", "keywords"]
    filter_horizontal = ["agencies"]
    inlines = [StandardLinkInline]
    actions = ["draft_new_version"]
    fields = ["code", "name", "name_en", "summary", "summary_en", "keywords", "category",
              "sector", "lead_agency", "agencies", "is_active", "is_demo"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj else []

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> Service:
        return services.service_create(
            tenant=tenant_of(request), actor=actor_of(request), **fields)

    def update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        services.service_update(service=obj, actor=actor_of(request), **changes)

    def remove(self, request: HttpRequest, obj: Any) -> None:
        services.service_delete(service=obj, actor=actor_of(request))

    @admin.action(description=_("Draft a new standard version (copy of the latest)"))
    def draft_new_version(self, request: HttpRequest, queryset: QuerySet[Service]) -> None:
        for service in queryset:
            latest = service.standards.order_by("-version").first()
            try:
                standard = services.standard_create(
                    service=service, actor=actor_of(request),
                    effective_from=tenant_today(service.tenant), copy_from=latest,
                )
            except DomainError as exc:
                self.message_user(request, f"{service.code}: {exc.message}", messages.ERROR)
                continue
            self.message_user(request, _("Drafted %(standard)s.") % {"standard": standard})


class VariantLinkInline(admin.TabularInline):  # type: ignore[type-arg]
    model = VariantStandard
    fields = ["link", "legal_time_limit_days", "service_time_limit_days", "fee_kind"]
    readonly_fields = ["link", "legal_time_limit_days", "service_time_limit_days", "fee_kind"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("variants")

    @admin.display(description=_("variant"))
    def link(self, obj: VariantStandard) -> str:
        url = reverse("admin:catalog_variantstandard_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.get_kind_display())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)


class ServiceStandardAdmin(TenantAdmin):
    list_display = ["service", "version", "status", "effective_from", "published_at"]
    list_filter = ["status", "service__sector"]
    search_fields = ["service__code", "service__name"]
    inlines = [VariantLinkInline]
    actions = ["publish"]
    FIELDS = ["service", "version", "status", "effective_from", "decree", "change_note",
              "published_at", "published_by"]
    fields = list(FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        always = ["version", "status", "published_at", "published_by"]
        if obj is None:
            return always
        return self.FIELDS if not _editable(obj) else ["service", *always]

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> ServiceStandard:
        service = fields.pop("service")
        latest = service.standards.order_by("-version").first()
        return services.standard_create(
            service=service, actor=actor_of(request), copy_from=latest, **fields)

    def update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        services.standard_update(standard=obj, actor=actor_of(request), **changes)

    def remove(self, request: HttpRequest, obj: Any) -> None:
        services.standard_delete(standard=obj, actor=actor_of(request))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj) and super().has_delete_permission(request, obj)

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ServiceStandard]) -> None:
        for standard in queryset:
            try:
                services.standard_publish(standard=standard, actor=actor_of(request))
            except DomainError as exc:
                self.message_user(request, f"{standard}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, _("Published %(standard)s.") % {"standard": standard})


class RequirementInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Requirement
    extra = 0
    fields = [("code", "position", "kind", "mandatory"), ("name", "name_en"),
              ("description", "description_en"), ("data_type", "choices"),
              ("file_types", "max_size_kb"), "condition", ("condition_text", "condition_text_en")]

    def _editable(self, obj: Any) -> bool:
        return obj is None or _editable(obj.standard)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and self.admin_site.has_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and self.admin_site.has_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and self.admin_site.has_permission(request)


class VariantStandardAdmin(TenantAdmin):
    list_display = ["standard", "kind", "legal_time_limit_days", "service_time_limit_days"]
    list_filter = ["kind", "standard__status"]
    search_fields = ["standard__service__code", "standard__service__name"]
    inlines = [RequirementInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and not _editable(obj.standard):
            return [f.name for f in VariantStandard._meta.concrete_fields if f.name != "id"]
        return ["standard"] if obj else []

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["tenant"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "standard":
            kwargs["queryset"] = ServiceStandard.objects.filter(
                tenant=tenant_of(request), status=StandardStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> VariantStandard:
        standard = fields.pop("standard")
        return services.variant_create(standard=standard, actor=actor_of(request), **fields)

    def update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        services.variant_update(variant=obj, actor=actor_of(request), **changes)

    def remove(self, request: HttpRequest, obj: Any) -> None:
        services.variant_delete(variant=obj, actor=actor_of(request))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (obj is None or _editable(obj.standard)) and super().has_delete_permission(
            request, obj)

    def inline_create(self, request: HttpRequest, parent: Any, fields: dict[str, Any]) -> None:
        services.requirement_create(variant=parent, actor=actor_of(request), **fields)

    def inline_update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        services.requirement_update(requirement=obj, actor=actor_of(request), **changes)

    def inline_remove(self, request: HttpRequest, obj: Any) -> None:
        services.requirement_delete(requirement=obj, actor=actor_of(request))


admin_site.register(Service, ServiceAdmin)
admin_site.register(ServiceStandard, ServiceStandardAdmin)
admin_site.register(VariantStandard, VariantStandardAdmin)
