from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from satupintu.core.admin import TenantAdmin, actor_of, tenant_of
from satupintu.core.admin_site import admin_site
from satupintu.tenants import services
from satupintu.tenants.models import Agency, Kecamatan, Kelurahan, Tenant


class OwnTenantAdmin(TenantAdmin):
    """An administrator edits their own regional government's settings; tenants are created
    with `manage.py tenant_create`."""

    list_display = ["name", "code", "region_code", "timezone"]
    readonly_fields = ["code"]
    fields = ["code", "name", "region_code", "province", "timezone", "numbering_format",
              "tracking_prefix", "deadline_warning_days", "address", "phone", "email",
              "service_pledge", "service_pledge_en"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tenant]:
        return Tenant.objects.filter(pk=tenant_of(request).pk)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        services.tenant_update(tenant=obj, actor=actor_of(request), **changes)


class AgencyAdmin(TenantAdmin):
    list_display = ["name", "code", "sector", "is_one_stop", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["name", "code"]
    fields = ["code", "name", "name_en", "short_name", "sector", "is_one_stop", "is_active"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj else []

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> Agency:
        return services.agency_create(
            tenant=tenant_of(request), actor=actor_of(request), **fields)

    def update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        services.agency_update(agency=obj, actor=actor_of(request), **changes)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # agencies are deactivated, never deleted: their history must stay readable


class RegionAdmin(TenantAdmin):
    """Regions are reference data from Kemendagri codes: shown, not edited by hand here."""

    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class KelurahanAdmin(RegionAdmin):
    list_display = ["code", "name", "kecamatan", "kind"]
    list_filter = ["kecamatan"]


admin_site.register(Tenant, OwnTenantAdmin)
admin_site.register(Agency, AgencyAdmin)
admin_site.register(Kecamatan, RegionAdmin)
admin_site.register(Kelurahan, KelurahanAdmin)
