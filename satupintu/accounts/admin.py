from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.password_validation import validate_password
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.accounts import services
from satupintu.accounts.models import Membership, Role, User, UserKind
from satupintu.accounts.second_factor import officer_second_factor_reset
from satupintu.core.admin import TenantAdmin, TenantAdminForm, actor_of, tenant_of
from satupintu.core.admin_site import admin_site


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    fields = ["agency", "role", "position", "is_active"]
    extra = 1
    can_delete = False  # roles are withdrawn (inactive), so past actions keep their meaning

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            from satupintu.tenants.selectors import agency_list

            kwargs["queryset"] = agency_list(tenant=tenant_of(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    has_add_permission = has_change_permission = has_view_permission


class OfficerForm(TenantAdminForm):
    password = forms.CharField(
        label=_("Initial password"), required=False, widget=forms.PasswordInput,
        help_text=_("Only when adding an officer; they change it after signing in."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "officer_nik", "is_active"]

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password", "")
        if self.instance.pk is None:
            if not password:
                raise forms.ValidationError(_("Give the new officer an initial password."))
            validate_password(password)
        return password


class OfficerAdmin(TenantAdmin):
    """Officers of the tenant and their roles per agency."""

    form = OfficerForm
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active", "second_factor"]
    list_filter = ["is_active", "memberships__role", "memberships__agency"]
    search_fields = ["username", "full_name", "email"]
    actions = ["reset_second_factor", "deactivate"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        officers: QuerySet[User] = super().get_queryset(request).filter(kind=UserKind.OFFICER)
        return officers.annotate(has_second_factor=Exists(enrolled))

    @admin.display(boolean=True, description=_("second factor"))
    def second_factor(self, obj: Any) -> bool:
        return bool(getattr(obj, "has_second_factor", False))

    @admin.action(description=_("Reset the second factor (the officer sets it up again at "
                                "the next sign-in)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = [officer.username for officer in queryset
                if officer_second_factor_reset(user=officer, actor=actor_of(request))]
        if done:
            self.message_user(request, _("Second factor reset for: %(names)s. They set it up "
                                         "again when they next sign in.")
                              % {"names": ", ".join(done)}, messages.SUCCESS)
        else:
            self.message_user(request, _("None of them had a second factor set up."),
                              messages.WARNING)

    @admin.action(description=_("Deactivate (the officer left): their open files return to the "
                                "pools"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        from satupintu.accounts.officers import officer_deactivate
        from satupintu.core.errors import DomainError

        for officer in queryset:
            try:
                officer_deactivate(officer=officer, actor=actor_of(request),
                                   reason=str(_("Deactivated by an administrator")))
            except DomainError as exc:
                self.message_user(request, f"{officer.username}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, _("%(name)s was deactivated.")
                                  % {"name": officer.username}, messages.SUCCESS)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["username", "full_name", "email", "phone", "officer_nik", "is_active"]
        return fields if obj else [*fields, "password"]

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> User:
        return services.user_create(
            tenant=tenant_of(request), actor=actor_of(request),
            kind=UserKind.OFFICER, **fields,
        )

    def update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        changes.pop("password", None)
        services.user_update(user=obj, actor=actor_of(request), **changes)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # officers who leave are deactivated, never deleted

    def inline_create(self, request: HttpRequest, parent: Any, fields: dict[str, Any]) -> None:
        services.membership_grant(
            user=parent, agency=fields["agency"], role=Role(fields["role"]),
            position=fields.get("position", ""), actor=actor_of(request),
        )

    def inline_update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        if changes.get("is_active") is False:
            services.membership_revoke(membership=obj, actor=actor_of(request))
        elif set(changes) - {"is_active", "position"}:
            from satupintu.core.errors import ValidationFailed

            raise ValidationFailed(_("Withdraw the role and add the new one instead."))
        else:
            services.membership_grant(
                user=obj.user, agency=obj.agency, role=Role(obj.role),
                position=changes.get("position", obj.position),
                actor=actor_of(request),
            )


admin_site.register(User, OfficerAdmin)
