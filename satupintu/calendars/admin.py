"""Calendar administration: days off by year and kind, regional additions, removals with reasons.

Rows are never deleted or edited in place: a day is removed (made a working day again) or
restored by unticking or ticking "day off" and giving the reason; the page shows who changed it
and when. Adding a year seeds it from the national calendar.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from satupintu.calendars import selectors, services
from satupintu.calendars.models import CalendarYear, Holiday, HolidayKind
from satupintu.core.admin import TenantAdmin, actor_of, tenant_of
from satupintu.core.admin_site import admin_site
from satupintu.core.errors import Conflict, ValidationFailed


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(y), str(y)) for y in reversed(selectors.calendar_years(tenant_of(request)))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


class HolidayAdmin(TenantAdmin):
    list_display = ["date", "weekday", "name", "kind", "is_day_off", "source", "reason",
                    "changed_by", "changed_at"]
    list_filter = [YearFilter, "kind", "is_day_off", "source"]
    search_fields = ["name", "reason"]
    list_select_related = ["changed_by"]
    list_per_page = 100
    ADD_FIELDS = ["date", "name", "kind", "reason"]
    CHANGE_READONLY = ["date", "name", "kind", "source", "previous_reason", "changed_by",
                       "changed_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.ADD_FIELDS
        return [*self.CHANGE_READONLY[:4], "is_day_off", "reason", *self.CHANGE_READONLY[4:]]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.CHANGE_READONLY if obj is not None else []

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"kind": HolidayKind.REGIONAL}

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            form.base_fields["reason"].required = True
            return form

        class ChangeForm(form):  # type: ignore[misc]
            """The reason asked for is that of this change, so it starts empty."""

            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, **kw)
                self.initial["reason"] = ""
                self.fields["reason"].help_text = gettext(
                    "Why the day is removed or restored (required).")

        return ChangeForm

    @admin.display(description=_("day"))
    def weekday(self, obj: Holiday) -> str:
        return date_format(obj.date, "l")

    @admin.display(description=_("reason so far"))
    def previous_reason(self, obj: Holiday) -> str:
        return obj.reason or "—"

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> Holiday:
        return services.holiday_add(
            tenant=tenant_of(request), actor=actor_of(request), date=fields["date"],
            name=fields["name"], kind=fields["kind"], reason=fields.get("reason", ""))

    def update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        if not changes:
            return
        if "is_day_off" not in changes:
            raise ValidationFailed(gettext(
                "Untick “day off” to remove the day, or tick it to restore it; nothing else "
                "about a day can be changed."))
        change = services.holiday_restore if changes["is_day_off"] else services.holiday_remove
        change(holiday=obj, actor=actor_of(request), reason=changes.get("reason", ""))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # remove a day instead: its history must stay readable


class CalendarYearForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CalendarYear
        fields = ["year"]


class CalendarYearAdmin(TenantAdmin):
    """The years that have data; adding one seeds it from the national calendar."""

    form = CalendarYearForm
    list_display = ["year", "seeded_at", "source_version"]
    fields = ["year"]

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> CalendarYear:
        tenant = tenant_of(request)
        year = fields["year"]
        if not services.calendar_seed(tenant=tenant, actor=actor_of(request), years=[year]):
            raise Conflict(gettext("%(year)s already has calendar data.") % {"year": year})
        return CalendarYear.objects.get(tenant=tenant, year=year)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin_site.register(Holiday, HolidayAdmin)
admin_site.register(CalendarYear, CalendarYearAdmin)
