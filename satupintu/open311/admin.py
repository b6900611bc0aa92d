"""Partner apps (Open311 API keys) in the administration: a new key is shown once, right after
it is made; keys are switched off rather than deleted (complaints keep pointing at their app)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from satupintu.complaints.models import Open311Client
from satupintu.core.admin import TenantAdmin, actor_of, tenant_of
from satupintu.core.admin_site import admin_site
from satupintu.open311.keys import open311_client_create, open311_client_update


class Open311ClientAdmin(TenantAdmin):
    list_display = ["name", "key_prefix", "is_active", "last_used_at", "contact_email"]
    list_filter = ["is_active"]
    search_fields = ["name", "key_prefix"]
    readonly_fields = ["key_prefix", "last_used_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "contact_email"]
        return ["name", "contact_email", "is_active", "key_prefix", "last_used_at"]

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> Open311Client:
        client, key = open311_client_create(
            tenant=tenant_of(request), actor=actor_of(request), name=fields.get("name", ""),
            contact_email=fields.get("contact_email", ""))
        self.message_user(request, _("The API key of %(name)s is %(key)s — copy it now: it "
                                     "is stored only as a fingerprint and cannot be shown "
                                     "again.") % {"name": client.name, "key": key},
                          messages.WARNING)
        return client

    def update(self, request: HttpRequest, obj: Open311Client, changes: dict[str, Any]) -> None:
        open311_client_update(client=obj, actor=actor_of(request), changes=changes)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin_site.register(Open311Client, Open311ClientAdmin)
