"""Base class for admin pages whose writes go through service functions.

Django's admin would save models directly; here every add, change and delete — of the page's
own object and of its inline rows — is handed to the app's service functions, so the admin
obeys the same rules (and, from the audit chain on, leaves the same records) as everything else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
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


class TenantAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Scoped to the request's tenant; writes call `create`, `update` and `remove`."""

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
            self.update(request, _fresh(obj), self.changes(form))
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
        try:
            return super().changelist_view(request, extra_context)
        except DomainError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
