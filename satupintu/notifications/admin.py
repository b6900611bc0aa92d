"""Notifications in the administration: what was sent to whom, what failed, sending again."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from satupintu.core.admin import TenantAdmin, actor_of
from satupintu.core.admin_site import admin_site
from satupintu.core.errors import DomainError
from satupintu.notifications.models import Notification
from satupintu.notifications.services import notification_retry

FIELDS = ("event", "channel", "recipient", "to_address", "application", "transition", "status",
          "attempts", "last_error", "next_attempt_at", "sent_at", "created_at", "subject", "body")


class NotificationAdmin(TenantAdmin):
    """Read-only: messages are written by the actions they report and by the worker."""

    list_display = ["created_at", "event", "channel", "to_address", "application", "status",
                    "attempts", "short_error", "sent_at"]
    list_filter = ["status", "event", "channel"]
    search_fields = ["to_address", "subject", "application__tracking_number"]
    list_select_related = ["application"]
    date_hierarchy = "created_at"
    fields = FIELDS
    readonly_fields = FIELDS
    actions = ["retry"]

    @admin.display(description=_("last error"))
    def short_error(self, obj: Notification) -> str:
        return obj.last_error.splitlines()[-1][:120] if obj.last_error else ""

    @admin.action(description=_("Send the selected failed messages again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        done = 0
        for notification in queryset.select_related("tenant"):
            try:
                notification_retry(notification=notification, actor=actor_of(request))
            except DomainError as exc:
                self.message_user(request, f"{notification}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, ngettext(
                "%(count)d message will be sent again.", "%(count)d messages will be sent again.",
                done) % {"count": done})

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin_site.register(Notification, NotificationAdmin)
