"""Applicants' registration, e-mail verification and "my account"; password pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.accounts import selectors, services
from satupintu.accounts.consent import CONSENT_VERSION, consent_notice
from satupintu.accounts.emails import (
    VERIFY_MAX_AGE_DAYS,
    VerificationLinkExpired,
    VerificationLinkInvalid,
    queue_verification_email,
    read_verification_token,
)
from satupintu.accounts.forms import (
    TenantPasswordResetForm,
    profile_form_class,
    registration_form_class,
)
from satupintu.accounts.models import ApplicantKind, User, UserKind
from satupintu.accounts.second_factor import has_second_factor
from satupintu.core.decorators import applicant_required
from satupintu.core.errors import DomainError
from satupintu.core.request import TenantRequest

View = Callable[..., HttpResponseBase]


def signed_in_required(view: View) -> View:
    """Any account of this region (officers with their second factor); others sign in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        assert isinstance(user, User)
        if user.tenant_id != request.tenant.pk:  # type: ignore[attr-defined]
            return render(request, "errors/403.html", status=403)
        if user.kind == UserKind.OFFICER and not user.is_verified():  # type: ignore[attr-defined]
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def show_errors(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal on the form: per field where it names one, else at the top."""
    details = exc.details if isinstance(exc.details, dict) else {}
    for name, problems in details.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)
    if not details:
        form.add_error(None, str(exc.message))


# --- registration -----------------------------------------------------------------------------
def register_choose(request: TenantRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    return render(request, "accounts/register_choose.html")


def register(request: TenantRequest, kind: str) -> HttpResponse:
    """Registration as an individual or a business; no approval needed, signed in at once."""
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = registration_form_class(kind)(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.applicant_register(
                tenant=request.tenant, actor=None, username=data["username"],
                password=data["password"], data=form.applicant_data(),
                consent_version=CONSENT_VERSION,
            )
        except DomainError as exc:
            show_errors(form, exc)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            sent = queue_verification_email(user, base_url=_base_url(request))
            messages.success(request, _(
                "Your account is ready. We sent a link to %(email)s: open it to confirm your "
                "address before you submit an application.") % {"email": user.email}
                if sent else _("Your account is ready, but the confirmation e-mail could not "
                               "be sent. Ask for a new link below."))
            return redirect("accounts:profile")
    return render(request, "accounts/register.html", {
        "form": form, "kind": kind, "is_business": kind == ApplicantKind.BUSINESS,
        "notice": consent_notice(request.tenant.name),
    })


def verify_email(request: TenantRequest, token: str) -> HttpResponse:
    """The link from the verification e-mail; an altered or expired link says so."""
    try:
        claim = read_verification_token(token)
    except VerificationLinkExpired:
        return _verify_result(request, "expired")
    except VerificationLinkInvalid:
        return _verify_result(request, "invalid")
    user = User.objects.filter(pk=claim.user_id, tenant=request.tenant, is_active=True).first()
    if user is None or not claim.matches(user):
        return _verify_result(request, "invalid")
    services.applicant_email_verify(user=user, email=user.email)
    return _verify_result(request, "verified")


def _verify_result(request: HttpRequest, outcome: str) -> HttpResponse:
    return render(request, "accounts/verify_result.html",
                  {"outcome": outcome, "days": VERIFY_MAX_AGE_DAYS},
                  status=200 if outcome == "verified" else 400)


@applicant_required
@require_POST
def resend_verification(request: TenantRequest) -> HttpResponse:
    profile = selectors.applicant_profile_of(request.user)
    if profile is None:
        raise Http404
    if profile.email_verified:
        messages.info(request, _("Your e-mail address is already confirmed."))
    elif queue_verification_email(profile.user, base_url=_base_url(request)):
        messages.success(request, _("We sent a new link to %(email)s. It is valid for "
                                    "%(days)s days.") % {"email": profile.user.email,
                                                         "days": VERIFY_MAX_AGE_DAYS})
    else:
        messages.error(request, _("The e-mail could not be sent. Try again later."))
    return redirect("accounts:profile")


# --- my account -------------------------------------------------------------------------------
@signed_in_required
def profile(request: TenantRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    is_officer = user.kind == UserKind.OFFICER
    return render(request, "accounts/profile.html", {
        "account": user,
        "profile": selectors.applicant_profile_of(user),
        "may_submit": selectors.applicant_may_submit(user),
        "memberships": selectors.officer_memberships(user) if is_officer else [],
        "second_factor": has_second_factor(user) if is_officer else False,
    })


@applicant_required
def profile_edit(request: TenantRequest) -> HttpResponse:
    """The applicant corrects their data; every change re-validated and audited."""
    user = request.user
    assert isinstance(user, User)
    profile = selectors.applicant_profile_of(user)
    if profile is None:
        raise Http404
    form = profile_form_class(profile)(request.POST or None, user=user, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.applicant_profile_update(user=user, actor=user,
                                                       changes=form.changes())
        except DomainError as exc:
            show_errors(form, exc)
        else:
            if change.email_changed:
                queue_verification_email(user, base_url=_base_url(request))
                messages.success(request, _("Saved. We sent a link to your new e-mail address: "
                                            "open it to confirm the address."))
            elif change.changed:
                messages.success(request, _("Your data has been saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form, "profile": profile})


# --- passwords (Django's views, our templates) ---------------------------------------------
password_change = signed_in_required(auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:password_change_done"),
))
password_change_done = signed_in_required(auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html",
))
password_reset = auth_views.PasswordResetView.as_view(
    form_class=TenantPasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/emails/password_reset_body.txt",
    subject_template_name="accounts/emails/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html",
)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        # A link is only good on its own region's address.
        if user is not None and user.tenant_id != self.request.tenant.pk:  # type: ignore[attr-defined]
            return None
        return user

    def form_valid(self, form: Any) -> HttpResponse:
        """The link came by e-mail: using it proves the address, so an applicant whose address
        was not confirmed yet (one registered at the counter) is confirmed now."""
        response = super().form_valid(form)
        user = form.user
        if user.kind == UserKind.APPLICANT and user.email:
            services.applicant_email_verify(user=user, email=user.email)
        return response


password_reset_confirm = PasswordResetConfirm.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html",
)
