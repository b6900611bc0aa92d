"""Base class for admin pages whose writes go through service functions.

Django's admin would save models directly; here every add, change and delete — of the page's
own object and of its inline rows — is handed to the app's service functions, so the admin
obeys the same rules (and, from the audit chain on, leaves the same records) as everything else.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import (
    NotRelationField,
    get_fields_from_path,
    get_model_from_relation,
)
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from satupintu.accounts.models import User
from satupintu.core.errors import DomainError
from satupintu.tenants.models import Tenant


def actor_of(request: HttpRequest) -> User:
    """The signed-in administrator (the admin site admits nobody else)."""
    assert isinstance(request.user, User)
    return request.user


def tenant_of(request: HttpRequest) -> Tenant:
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    return tenant


def _fresh(obj: Any) -> Any:
    return type(obj)._default_manager.get(pk=obj.pk)


def has_tenant(model: type[models.Model]) -> bool:
    return any(f.name == "tenant" for f in model._meta.get_fields())


class TenantRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A filter by a related row that offers only the request's tenant's rows; Django's own
    would list every tenant's (their agencies, kecamatan, …)."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        related = get_model_from_relation(field)
        if not has_tenant(related):
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, ordering=ordering,
                                 limit_choices_to={"tenant": tenant_of(request)})


def scoped_list_filter(model: type[models.Model], entry: Any) -> Any:
    """`entry` of a list_filter, with relations to tenant-owned rows filtered by tenant."""
    if isinstance(entry, tuple) and entry[1] is admin.RelatedFieldListFilter:
        return (entry[0], TenantRelatedFieldListFilter)
    if not isinstance(entry, str):
        return entry
    try:
        last = get_fields_from_path(model, entry)[-1]
    except (FieldDoesNotExist, NotRelationField):
        return entry
    if last.is_relation and has_tenant(get_model_from_relation(last)):
        return (entry, TenantRelatedFieldListFilter)
    return entry


class TenantAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Shows a model rule about a field the page does not edit (read-only) at the top of the
    form; Django would otherwise fail with "has no field named …"."""

    def add_error(self, field: str | None, error: Any) -> None:
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            placed: dict[str, list[ValidationError]] = {}
            for name, errors in error.error_dict.items():
                target = name if name == NON_FIELD_ERRORS or name in self.fields else (
                    NON_FIELD_ERRORS)
                placed.setdefault(target, []).extend(errors)
            error = ValidationError(placed)
        super().add_error(field, error)


class TenantAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Scoped to the request's tenant; writes call `create`, `update` and `remove`."""

    form: type[forms.ModelForm[Any]] = TenantAdminForm

    # --- hooks each admin implements with its app's service functions -----------------------
    def create(self, request: HttpRequest, fields: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        raise NotImplementedError

    def remove(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    def inline_create(self, request: HttpRequest, parent: Any, fields: dict[str, Any]) -> None:
        raise NotImplementedError

    def inline_update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        raise NotImplementedError

    def inline_remove(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    # --- scoping ----------------------------------------------------------------------------
    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        qs = super().get_queryset(request)
        if has_tenant(self.model):
            qs = qs.filter(tenant=tenant_of(request))
        return qs

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [scoped_list_filter(self.model, entry)
                for entry in super().get_list_filter(request)]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if has_tenant(db_field.related_model):
            kwargs["queryset"] = db_field.related_model.objects.filter(tenant=tenant_of(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if has_tenant(db_field.related_model):
            kwargs["queryset"] = db_field.related_model.objects.filter(tenant=tenant_of(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    # --- writes through services ------------------------------------------------------------
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            # The form has already copied its values onto `obj`; the service must compare
            # against what is stored, so it gets a fresh copy.
            changes = self.changes(form)
            if changes:
                self.update(request, _fresh(obj), changes)
        else:
            created = self.create(request, self.form_fields(form))
            obj.pk = created.pk
            obj.__dict__.update(created.__dict__)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Many-to-many fields are passed to the service by `changes`/`create`; only inlines here.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool  # type: ignore[type-arg]
    ) -> None:
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.inline_remove(request, obj)
        for obj, changed in formset.changed_objects:
            inline_form = next(f for f in formset.forms if f.instance is obj)
            self.inline_update(request, _fresh(obj), {name: inline_form.cleaned_data[name]
                                                      for name in changed})
        for obj in formset.new_objects:
            inline_form = next(f for f in formset.forms if f.instance is obj)
            fields = self.form_fields(inline_form)
            fields.pop(formset.fk.name, None)  # the parent is passed on its own
            self.inline_create(request, form.instance, fields)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.remove(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            self.remove(request, obj)

    @staticmethod
    def changes(form: Any) -> dict[str, Any]:
        return {name: form.cleaned_data[name] for name in form.changed_data}

    @staticmethod
    def form_fields(form: Any) -> dict[str, Any]:
        """The model fields a form filled in, without the formset's bookkeeping."""
        model_fields = {f.name for f in form._meta.model._meta.get_fields()}
        skip = {"id", "tenant"}
        return {name: value for name, value in form.cleaned_data.items()
                if name in model_fields and name not in skip}

    # A rule only the service knows (e.g. "published versions never change") surfaces as a
    # message; the admin's own transaction has already rolled everything back.
    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)
        except DomainError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().delete_view(request, *args, **kwargs)
        except DomainError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        params = [(key, value) for key, values in request.GET.lists() for value in values]
        if any("\x00" in key + value for key, value in params):
            # PostgreSQL refuses NUL in a filter value (a 500); no real value contains one.
            clean = [(key.replace("\x00", ""), value.replace("\x00", ""))
                     for key, value in params]
            return HttpResponseRedirect(f"{request.path}?{urlencode(clean)}")
        try:
            return super().changelist_view(request, extra_context)
        except DomainError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
