"""Notifications in the administration: the matrix of who is told what and how (editable),
what was sent to whom, what failed and sending it again, deadline warnings and escalations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from satupintu.core.admin import TenantAdmin, actor_of, tenant_of
from satupintu.core.admin_site import admin_site
from satupintu.core.errors import DomainError
from satupintu.notifications.matrix import matrix_seed, notification_rule_set
from satupintu.notifications.models import DeadlineAlert, Notification, NotificationRule
from satupintu.notifications.services import notification_retry

FIELDS = ("event", "channel", "recipient", "to_address", "application", "case", "transition",
          "alert", "url", "status", "attempts", "last_error", "next_attempt_at", "sent_at",
          "external_id", "read_at", "created_at", "subject", "body")


class NotificationRuleAdmin(TenantAdmin):
    """The matrix: one row per event, recipient and channel; only `send` is edited, through
    `notification_rule_set` (audited). Missing rows are filled with the defaults on opening."""

    list_display = ["event", "recipient", "channel", "enabled"]
    list_display_links = None
    list_editable = ["enabled"]
    list_filter = ["event", "recipient", "channel", "enabled"]
    list_per_page = 200
    fields = ["event", "recipient", "channel", "enabled"]
    readonly_fields = ["event", "recipient", "channel"]
    actions = ["switch_on", "switch_off"]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if self.has_change_permission(request):
            matrix_seed(tenant=tenant_of(request), actor=actor_of(request))
        return super().changelist_view(request, extra_context)

    def update(self, request: HttpRequest, obj: NotificationRule, changes: dict[str, Any]) -> None:
        if "enabled" in changes:
            notification_rule_set(rule=obj, enabled=bool(changes["enabled"]),
                                  actor=actor_of(request))

    def _switch(self, request: HttpRequest, queryset: QuerySet[NotificationRule],
                enabled: bool) -> None:
        done = 0
        for rule in queryset.select_related("tenant"):
            try:
                notification_rule_set(rule=rule, enabled=enabled, actor=actor_of(request))
            except DomainError as exc:
                self.message_user(request, f"{rule}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, ngettext("%(count)d rule changed.",
                                                "%(count)d rules changed.", done)
                              % {"count": done})

    @admin.action(description=_("Send on the selected rows"))
    def switch_on(self, request: HttpRequest, queryset: QuerySet[NotificationRule]) -> None:
        self._switch(request, queryset, True)

    @admin.action(description=_("Do not send on the selected rows"))
    def switch_off(self, request: HttpRequest, queryset: QuerySet[NotificationRule]) -> None:
        self._switch(request, queryset, False)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NotificationAdmin(TenantAdmin):
    """Read-only: messages are written by the events they report and by the worker."""

    list_display = ["created_at", "event", "channel", "recipient", "to_address", "application",
                    "status", "attempts", "short_error", "sent_at"]
    list_filter = ["status", "event", "channel"]
    search_fields = ["to_address", "subject", "application__tracking_number"]
    list_select_related = ["application", "recipient"]
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


class DeadlineAlertAdmin(TenantAdmin):
    """Read-only: recorded by the hourly deadline job."""

    list_display = ["created_at", "kind", "case", "state", "agency", "due_date", "detected_on"]
    list_filter = ["kind", "agency", "detected_on"]
    list_select_related = ["case", "agency"]
    date_hierarchy = "created_at"
    fields = ("kind", "case", "state", "agency", "due_date", "detected_on", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin_site.register(NotificationRule, NotificationRuleAdmin)
admin_site.register(Notification, NotificationAdmin)
admin_site.register(DeadlineAlert, DeadlineAlertAdmin)
