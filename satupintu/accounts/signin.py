"""Signing in: password, then — for officers — the second factor, or enrolling one.

An officer who has given the right password is not signed in yet: the session only remembers
them as *pending* (for ten minutes) until the code from their authenticator app (or a backup
code) is given, so no officer session exists without a verified second factor. Wrong codes
count towards the same django-axes lockout as wrong passwords.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_otp.models import Device

from satupintu.accounts.forms import EnrolForm, LoginForm, OtpForm
from satupintu.accounts.models import User
from satupintu.accounts.second_factor import (
    base32_secret,
    has_second_factor,
    needs_second_factor,
    new_totp_key,
    officer_second_factor_enrol,
    provisioning_url,
    qr_data_uri,
    verify_code,
)
from satupintu.core.errors import DomainError

PENDING_KEY = "sp_signin_pending"
ENROL_KEY = "sp_otp_enrol"
PENDING_SECONDS = 600
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Pending:
    """An officer between the password and the second factor."""

    user: User
    backend: str
    next_url: str


def _safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse("home")


def _is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def pending_of(request: HttpRequest) -> Pending | None:
    """The officer waiting for their second factor: from the pending sign-in, or a session
    signed in without it (one begun before the factor was required, or after a reset)."""
    tenant = getattr(request, "tenant", None)
    user = request.user
    if user.is_authenticated:
        if isinstance(user, User) and needs_second_factor(user) and not _is_verified(user):
            return Pending(user=user, backend=str(request.session.get(BACKEND_SESSION_KEY,
                                                                      MODEL_BACKEND)),
                           next_url=_safe_next(request, request.GET.get("next")))
        return None
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        return None
    officer = User.objects.filter(pk=int(data.get("user") or 0), is_active=True).first()
    if officer is None or tenant is None or officer.tenant_id != tenant.pk:
        return None
    return Pending(user=officer, backend=str(data.get("backend", MODEL_BACKEND)),
                   next_url=_safe_next(request, data.get("next")))


def _complete(request: HttpRequest, pending: Pending, device: Device) -> None:
    request.session.pop(PENDING_KEY, None)
    request.session.pop(ENROL_KEY, None)
    auth_login(request, pending.user, backend=pending.backend)
    django_otp.login(request, device)


class SignInView(LoginView):
    """The one sign-in page. Applicants are signed in by their password; officers go on to
    their second factor."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if pending_of(request) is not None and request.user.is_authenticated:
            # Signed in without the second factor: asking for the password again would loop.
            return _to_step(request, "accounts:otp_verify", request.GET.get("next"))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        self.request.session.pop(PENDING_KEY, None)
        if not (isinstance(user, User) and needs_second_factor(user)):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_KEY] = {
            "user": user.pk, "backend": getattr(user, "backend", MODEL_BACKEND),
            "next": self.get_success_url(), "at": time.time(),
        }
        step = "accounts:otp_verify" if has_second_factor(user) else "accounts:otp_enrol"
        return HttpResponseRedirect(reverse(step))


def _to_step(request: HttpRequest, name: str, next_url: str | None = None) -> HttpResponse:
    url = reverse(name)
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return HttpResponseRedirect(url)


def _nothing_pending(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return redirect("accounts:login")


def otp_verify(request: HttpRequest) -> HttpResponse:
    """Second step of an officer's sign-in: the code from the authenticator app."""
    pending = pending_of(request)
    if pending is None:
        return _nothing_pending(request)
    if not has_second_factor(pending.user):
        return _to_step(request, "accounts:otp_enrol", request.GET.get("next"))
    credentials = {"username": pending.user.username}
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.session.pop(PENDING_KEY, None)
            return render(request, "accounts/locked_out.html", status=429)
        device = verify_code(pending.user, form.cleaned_data["code"])
        if device is not None:
            _complete(request, pending, device)
            return HttpResponseRedirect(pending.next_url)
        # Counted like a wrong password; at the limit django-axes answers with its lockout page.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING_KEY, None)
        form.add_error("code", _("This code is not correct, or it was already used. Codes "
                                 "change every 30 seconds: type the one the app shows now."))
    return render(request, "accounts/otp_verify.html", {"form": form, "officer": pending.user})


def otp_enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in of an officer without a second factor: scan the QR code, confirm a code."""
    pending = pending_of(request)
    if pending is None:
        return _nothing_pending(request)
    if has_second_factor(pending.user):
        return _to_step(request, "accounts:otp_verify", request.GET.get("next"))
    state = request.session.get(ENROL_KEY)
    if not isinstance(state, dict) or state.get("user") != pending.user.pk:
        state = {"user": pending.user.pk, "key": new_totp_key()}
        request.session[ENROL_KEY] = state
    key = str(state["key"])
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, backup_codes = officer_second_factor_enrol(
                user=pending.user, key_hex=key, code=form.cleaned_data["code"])
        except DomainError as exc:
            for message in (exc.details or {}).get("code", [str(exc.message)]):
                form.add_error("code", message)
        else:
            _complete(request, pending, device)
            return render(request, "accounts/otp_enrolled.html", {
                "backup_codes": backup_codes, "next_url": pending.next_url})
    url = provisioning_url(pending.user, key)
    return render(request, "accounts/otp_enrol.html", {
        "form": form, "officer": pending.user, "qr": qr_data_uri(url),
        "secret": base32_secret(key),
    })
