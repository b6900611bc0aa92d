"""Complaints in the administration: categories with their time limits, routes by kecamatan,
and a read-only list of complaints (without personal data; officers work in
/petugas/pengaduan/). Open311 partner apps: satupintu/open311/admin.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from satupintu.complaints import categories
from satupintu.complaints.models import Complaint, ComplaintCategory, ComplaintRoute
from satupintu.core.admin import TenantAdmin, TenantAdminForm, actor_of, tenant_of
from satupintu.core.admin_site import admin_site


class CategoryForm(TenantAdminForm):
    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        # Said next to the fields, before the model's one-line constraint message.
        for problem in categories.days_problems(data.get("acknowledge_days"),
                                                data.get("answer_days"),
                                                data.get("resolve_days")).items():
            self.add_error(*problem)
        return data


class ComplaintCategoryAdmin(TenantAdmin):
    form = CategoryForm
    list_display = ["name", "code", "kind", "agency", "acknowledge_days", "answer_days",
                    "resolve_days", "needs_location", "is_active", "order"]
    list_filter = ["kind", "is_active", "agency"]
    search_fields = ["name", "name_en", "code", "keywords"]
    list_select_related = ["agency"]
    fields = ["code", "name", "name_en", "description", "description_en", "group", "keywords",
              "kind", "agency", "acknowledge_days", "answer_days", "resolve_days",
              "needs_location", "is_active", "order"]

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> ComplaintCategory:
        return categories.complaint_category_create(tenant=tenant_of(request),
                                                    actor=actor_of(request), fields=fields)

    def update(self, request: HttpRequest, obj: ComplaintCategory,
               changes: dict[str, Any]) -> None:
        categories.complaint_category_update(category=obj, actor=actor_of(request),
                                             changes=changes)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # switched off instead: complaints keep their category


class ComplaintRouteAdmin(TenantAdmin):
    list_display = ["category", "kecamatan", "agency"]
    list_filter = ["category", "agency"]
    list_select_related = ["category", "kecamatan", "agency"]
    fields = ["category", "kecamatan", "agency"]

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> ComplaintRoute:
        return categories.complaint_route_create(tenant=tenant_of(request),
                                                 actor=actor_of(request), fields=fields)

    def update(self, request: HttpRequest, obj: ComplaintRoute, changes: dict[str, Any]) -> None:
        categories.complaint_route_update(route=obj, actor=actor_of(request), changes=changes)

    def remove(self, request: HttpRequest, obj: ComplaintRoute) -> None:
        categories.complaint_route_remove(route=obj, actor=actor_of(request))


class ComplaintAdmin(TenantAdmin):
    """Read-only: the register of complaints with their outcome, without personal data."""

    list_display = ["number", "category", "status", "agency", "channel", "submitted_at",
                    "resolve_due", "closed_at", "reopen_count", "escalated_on"]
    list_filter = ["status", "channel", "category", "agency"]
    search_fields = ["number", "lapor_ticket"]
    list_select_related = ["category", "agency"]
    date_hierarchy = "submitted_at"
    SHOWN = ["number", "category", "status", "channel", "agency", "subject_agency", "assignee",
             "submitted_at", "acknowledge_due", "answer_due", "resolve_due", "acknowledged_at",
             "answered_at", "closed_at", "escalated_on", "reopen_count", "outcome_reason",
             "responsible_body", "duplicate_of", "lapor_ticket", "client"]
    fields = tuple(SHOWN)
    readonly_fields = SHOWN

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin_site.register(ComplaintCategory, ComplaintCategoryAdmin)
admin_site.register(ComplaintRoute, ComplaintRouteAdmin)
admin_site.register(Complaint, ComplaintAdmin)
