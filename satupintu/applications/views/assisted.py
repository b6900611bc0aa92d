"""Assisted filing at the counter: a clerk finds or registers a walk-in applicant by NIK, records
their consent, and fills in the same application wizard on their behalf."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.accounts.consent import CONSENT_VERSION, consent_notice
from satupintu.accounts.emails import queue_password_email
from satupintu.accounts.forms import ApplicantFieldsForm
from satupintu.accounts.models import Role, User
from satupintu.accounts.selectors import applicant_get, applicant_profile_of, applicants_by_nik
from satupintu.accounts.services import applicant_register
from satupintu.applications import services
from satupintu.catalog import selectors as catalog
from satupintu.catalog.models import VariantKind
from satupintu.core.decorators import officer_required
from satupintu.core.errors import DomainError
from satupintu.core.request import TenantRequest


class FindForm(forms.Form):
    nik = forms.CharField(label=gettext_lazy("NIK of the applicant"), max_length=24,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))

    def clean_nik(self) -> str:
        from satupintu.accounts import validators

        return validators.clean_nik(self.cleaned_data["nik"])


class WalkInForm(ApplicantFieldsForm):
    consent = forms.BooleanField(label=gettext_lazy(
        "I read the notice on personal data to the applicant, and they agree."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "consent":
                css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
                field.widget.attrs["class"] = css


class StartForm(forms.Form):
    service = forms.ChoiceField(label=gettext_lazy("Service"))
    variant = forms.ChoiceField(label=gettext_lazy("Kind of application"),
                                choices=VariantKind.choices)
    consent = forms.BooleanField(label=gettext_lazy(
        "The applicant agrees that their data is processed for this application."))

    def __init__(self, *args: object, tenant: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        services_offered = catalog.service_search(tenant=tenant,  # type: ignore[arg-type]
                                                  filters=catalog.ServiceFilters())
        field = self.fields["service"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.code, f"{s.name} ({s.code})") for s in services_offered]


@officer_required(Role.FRONT_OFFICE)
def find(request: TenantRequest) -> HttpResponse:
    """Look the applicant up by NIK; register them if they have no account yet."""
    find_form = FindForm(request.POST if "find" in request.POST else None)
    walk_in: WalkInForm | None = None
    found: list[User] = []
    if find_form.is_bound and find_form.is_valid():
        found = applicants_by_nik(tenant=request.tenant, nik=find_form.cleaned_data["nik"])
        if len(found) == 1:
            return redirect("front_office:assist_start", user_id=found[0].pk)
        if not found:
            messages.info(request, _("No account has this NIK yet: register the applicant."))
            walk_in = WalkInForm(initial={"nik": find_form.cleaned_data["nik"]},
                                 tenant=request.tenant)
    if "register" in request.POST:
        walk_in = WalkInForm(request.POST, tenant=request.tenant)
        if walk_in.is_valid():
            try:
                user = applicant_register(
                    tenant=request.tenant, actor=request.user,  # type: ignore[arg-type]
                    username=f"pemohon-{secrets.token_hex(5)}", password=None,
                    data=walk_in.applicant_data(), consent_version=CONSENT_VERSION)
            except DomainError as exc:
                for name, problems in (exc.details or {}).items():
                    for problem in problems if isinstance(problems, list) else [problems]:
                        walk_in.add_error(name if name in walk_in.fields else None, problem)
            else:
                _invite(request, user)
                messages.success(request, _("The applicant's account was created; they receive "
                                            "an e-mail to choose their password."))
                return redirect("front_office:assist_start", user_id=user.pk)
    return render(request, "applications/fo_assist_find.html", {
        "find_form": find_form if walk_in is None else FindForm(),
        "walk_in": walk_in, "notice": consent_notice(request.tenant.name),
        # Several accounts (the person, businesses they represent): the clerk picks one.
        "found": [(u, applicant_profile_of(u)) for u in found],
    })


def _invite(request: TenantRequest, user: User) -> None:
    """The walk-in applicant gets a link to choose a first password (and so to confirm the
    address they gave at the counter when they use it)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse("accounts:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    queue_password_email(user, kind="password_setup", url=request.build_absolute_uri(path))


@officer_required(Role.FRONT_OFFICE)
def start(request: TenantRequest, user_id: int) -> HttpResponse:
    applicant = applicant_get(tenant=request.tenant, pk=user_id)
    if applicant is None:
        raise Http404
    form = StartForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(
                tenant=request.tenant, applicant=applicant, actor=request.user,  # type: ignore[arg-type]
                service_code=form.cleaned_data["service"],
                variant_kind=form.cleaned_data["variant"], consent=form.cleaned_data["consent"])
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            return redirect("applications:step", pk=application.pk, step="data")
    return render(request, "applications/fo_assist_start.html", {
        "applicant": applicant, "form": form, "notice": consent_notice(request.tenant.name),
    })
