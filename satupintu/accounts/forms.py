"""Sign-in, registration, profile and second-factor forms (pages and API share them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from satupintu.accounts import validators
from satupintu.accounts.emails import queue_password_email
from satupintu.accounts.models import ApplicantKind, ApplicantProfile, LegalForm, User
from satupintu.accounts.selectors import kelurahan_choices, kelurahan_get, username_for_sign_in
from satupintu.accounts.services import ApplicantData
from satupintu.tenants.models import Kelurahan, Tenant


class LoginForm(AuthenticationForm):
    """Sign-in by user name or e-mail address and password; lockout is django-axes'."""

    username = forms.CharField(
        label=_("User name or e-mail address"), max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    # Django's own message names the field through a placeholder, which the Indonesian
    # catalogue words so that it reads "nama pengguna nama pengguna".
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is not correct. Both are case-sensitive."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")

    def clean_username(self) -> str:
        # An e-mail address signs in as the one account of this region that has it, so the
        # lockout counts failures against that account whichever way it was named.
        value: str = self.cleaned_data["username"]
        return username_for_sign_in(tenant=getattr(self.request, "tenant", None),
                                    identifier=value)

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        tenant = getattr(self.request, "tenant", None)
        # An account belongs to one regional government; platform superusers have none.
        if user.tenant_id is not None and (tenant is None or user.tenant_id != tenant.pk):
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


# --- registration and profile -----------------------------------------------------------------
class KelurahanField(forms.ChoiceField):
    """A kelurahan of the tenant, offered grouped by kecamatan, given by its code."""

    def __init__(self, *, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tenant = tenant
        self.choices = [("", _("Choose your kelurahan")), *kelurahan_choices(tenant=tenant)]

    def clean(self, value: Any) -> Kelurahan | None:
        code = super().clean(value)
        if not code:
            return None
        kelurahan = kelurahan_get(tenant=self.tenant, code=code)
        if kelurahan is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice", params={"value": code})
        return kelurahan

    def valid_value(self, value: Any) -> bool:
        return True  # checked against the tenant's regions in clean()


def _mobile_field() -> forms.CharField:
    return forms.CharField(
        label=_("Mobile number"), max_length=20,
        help_text=_("For example 0812 3456 7890. We send updates about your applications here."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


def _nik_field(label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("NIK"), max_length=24,
        help_text=_("The 16-digit number on the KTP (identity card)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ApplicantFieldsForm(forms.Form):
    """The applicant's data: the fields of registration and of "my account"."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150,
        help_text=_("As written on the KTP."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    nik = _nik_field()
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254,
        help_text=_("We send a link to confirm it, and later your receipts and permits."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = _mobile_field()
    address = forms.CharField(
        label=_("Street address"), max_length=300,
        help_text=_("Street, house number, RT/RW."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    kind = ApplicantKind.INDIVIDUAL

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["kelurahan"] = KelurahanField(
            tenant=tenant, label=_("Kelurahan"),
            help_text=_("The kelurahan of the address, listed by kecamatan."),
        )

    def clean_nik(self) -> str:
        return validators.clean_nik(self.cleaned_data["nik"])

    def clean_phone(self) -> str:
        return validators.clean_mobile(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def applicant_data(self) -> ApplicantData:
        data = self.cleaned_data
        return ApplicantData(
            kind=self.kind, full_name=data["full_name"], email=data["email"],
            phone=data["phone"], nik=data["nik"], address=data["address"],
            kelurahan=data["kelurahan"], company_name=data.get("company_name", ""),
            legal_form=data.get("legal_form", ""), nib=data.get("nib", ""),
            npwp=data.get("npwp", ""),
        )


class BusinessFieldsMixin(forms.Form):
    company_name = forms.CharField(label=_("Business name"), max_length=200,
                                   help_text=_("As written in the NIB, e.g. CV Maju Bersama."))
    legal_form = forms.ChoiceField(label=_("Legal form"),
                                   choices=[("", _("Choose")), *LegalForm.choices])
    nib = forms.CharField(
        label=_("NIB"), max_length=20,
        help_text=_("The 13-digit business identification number from OSS."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    npwp = forms.CharField(
        label=_("NPWP"), max_length=24,
        help_text=_("The business's tax number: 15 digits (old form) or 16 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def clean_nib(self) -> str:
        return validators.clean_nib(self.cleaned_data["nib"])

    def clean_npwp(self) -> str:
        return validators.clean_npwp(self.cleaned_data["npwp"])


def _as_business(form: forms.Form) -> None:
    form.fields["full_name"].label = _("Representative's full name")
    form.fields["full_name"].help_text = _("The person acting for the business, as on the KTP.")
    form.fields["nik"].label = _("Representative's NIK")
    form.fields["address"].label = _("Business address")


class RegistrationForm(ApplicantFieldsForm):
    """Registration of an individual; `BusinessRegistrationForm` adds the business's data."""

    username = forms.CharField(
        label=_("User name"), max_length=30, validators=[validators.validate_username],
        help_text=_("3–30 letters or digits; you can also sign in with your e-mail address."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, max_length=128,
        help_text=_("At least 10 characters; not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("I have read the notice on personal data above and agree to my data being "
                "processed for these purposes."),
        error_messages={"required": _("Read the notice on personal data and agree to it.")},
    )

    field_order = ["full_name", "nik", "email", "phone", "address", "kelurahan", "username",
                   "password", "password_confirm", "consent"]

    def __init__(self, *args: Any, confirm_password: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if confirm_password:
            self.fields["password_confirm"] = forms.CharField(
                label=_("Password again"), strip=False, max_length=128,
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if ("password_confirm" in self.fields and data.get("password")
                and data.get("password") != data.get("password_confirm")):
            self.add_error("password_confirm", _("The two passwords are not the same."))
        return data


class BusinessRegistrationForm(BusinessFieldsMixin, RegistrationForm):
    kind = ApplicantKind.BUSINESS
    field_order = ["company_name", "legal_form", "nib", "npwp", "full_name", "nik", "email",
                   "phone", "address", "kelurahan", "username", "password", "password_confirm",
                   "consent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _as_business(self)


def registration_form_class(kind: str) -> type[RegistrationForm]:
    return BusinessRegistrationForm if kind == ApplicantKind.BUSINESS else RegistrationForm


class ProfileForm(ApplicantFieldsForm):
    """An individual applicant correcting their data; `changes()` is what differs."""

    def __init__(self, *args: Any, user: User, profile: ApplicantProfile, **kwargs: Any) -> None:
        initial = {
            "full_name": user.full_name, "email": user.email, "phone": user.phone,
            "nik": profile.nik, "address": profile.address,
            "kelurahan": profile.kelurahan.code, "company_name": profile.company_name,
            "legal_form": profile.legal_form, "nib": profile.nib, "npwp": profile.npwp,
        }
        super().__init__(*args, initial=initial, tenant=profile.tenant, **kwargs)
        self.user = user
        self.profile = profile

    def changes(self) -> dict[str, Any]:
        current = {**{n: getattr(self.user, n) for n in ("full_name", "email", "phone")},
                   **{n: getattr(self.profile, n) for n in ("nik", "address", "kelurahan",
                                                            "company_name", "legal_form", "nib",
                                                            "npwp")}}
        return {name: value for name, value in self.cleaned_data.items()
                if name in current and value != current[name]}


class BusinessProfileForm(BusinessFieldsMixin, ProfileForm):
    kind = ApplicantKind.BUSINESS
    field_order = ["company_name", "legal_form", "nib", "npwp", "full_name", "nik", "email",
                   "phone", "address", "kelurahan"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _as_business(self)
        self.order_fields(self.field_order)


def profile_form_class(profile: ApplicantProfile) -> type[ProfileForm]:
    return BusinessProfileForm if profile.kind == ApplicantKind.BUSINESS else ProfileForm


# --- second factor ----------------------------------------------------------------------------
class OtpForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your backup "
                    "codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "autocapitalize": "none", "spellcheck": "false"}),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"), max_length=10,
        help_text=_("After adding SatuPintu in the app, type the 6-digit code it shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
    )


# --- password reset ---------------------------------------------------------------------------
class TenantPasswordResetForm(PasswordResetForm):
    """Django's reset form, looking for the address only among this region's accounts."""

    email = forms.EmailField(
        label=_("E-mail address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    tenant: Tenant | None = None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.tenant = getattr(kwargs.get("request"), "tenant", None)
        super().save(*args, **kwargs)

    def get_users(self, email: str) -> Any:
        """Active accounts of this region with the address — also those without a password
        yet (made at the counter), who choose their first one this way."""
        if self.tenant is None:
            return iter(())
        wanted = email.strip().lower()
        return (user for user in User.objects.filter(
                    tenant=self.tenant, is_active=True, email__iexact=email)
                if user.email.strip().lower() == wanted)

    def send_mail(self, subject_template_name: str, email_template_name: str,
                  context: dict[str, Any], from_email: str | None, to_email: str,
                  html_email_template_name: str | None = None) -> None:
        """Queued for the worker (bilingual), not sent inside the request."""
        from django.urls import reverse

        user = context["user"]
        path = reverse("accounts:password_reset_confirm",
                       kwargs={"uidb64": context["uid"], "token": context["token"]})
        queue_password_email(user, kind="password_reset",
                             url=f"{context['protocol']}://{context['domain']}{path}")
