"""Registration and token sign-in for API clients (a mobile app): `/api/v1/auth/…`, `/api/v1/me`.

Registration runs the pages' own form and service, so both accept and refuse the same input
with the same (translated) messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from ninja.throttling import AnonRateThrottle, BaseThrottle

from satupintu.accounts import selectors, services
from satupintu.accounts.api_auth import TokenAuth
from satupintu.accounts.consent import consent_notice
from satupintu.accounts.emails import queue_verification_email
from satupintu.accounts.forms import registration_form_class
from satupintu.accounts.models import ApiToken, User
from satupintu.accounts.second_factor import has_second_factor, needs_second_factor, verify_code
from satupintu.accounts.tokens import IssuedToken, api_token_issue, api_token_revoke
from satupintu.api.errors import ErrorOut
from satupintu.core.errors import DomainError, PermissionDenied, ValidationFailed
from satupintu.core.request import TenantRequest

auth_router = Router(tags=["accounts"])
me_router = Router(tags=["accounts"])

# Per client address, on top of django-axes' lockout per account: guessing passwords or
# registering accounts in bulk is slowed down before it gets anywhere.
SIGN_IN_THROTTLE: list[BaseThrottle] = [AnonRateThrottle("10/m")]
REGISTER_THROTTLE: list[BaseThrottle] = [AnonRateThrottle("20/h")]


class Unauthenticated(DomainError):
    code = "unauthenticated"
    http_status = 401


# --- schemas ----------------------------------------------------------------------------------
class ConsentNoticeOut(Schema):
    version: str = Field(description="Send this as `consent_version` when registering.")
    controller: str
    purpose: str
    data: list[str]
    retention: str
    rights: str


class RegisterIn(Schema):
    kind: Literal["individual", "business"]
    username: str = Field(max_length=150, description="3–30 letters, digits, . _ or -.")
    password: str = Field(max_length=128)
    full_name: str = Field(max_length=150,
                           description="The applicant's name; for a business, the "
                                       "representative's.")
    nik: str = Field(max_length=30, description="16 digits; for a business, the "
                                                "representative's NIK.")
    email: str = Field(max_length=254)
    phone: str = Field(max_length=30, description="Mobile number: 08…, 628… or +628….")
    address: str = Field(max_length=300)
    kelurahan: str = Field(max_length=20, description="Kemendagri code, e.g. 16.73.01.1001.")
    company_name: str = Field("", max_length=200, description="Business only.")
    legal_form: str = Field("", max_length=30, description="Business only: pt, cv, koperasi, …")
    nib: str = Field("", max_length=30, description="Business only: 13 digits.")
    npwp: str = Field("", max_length=30, description="Business only: 15 or 16 digits.")
    consent_version: str = Field(
        max_length=20,
        description="Version of the personal-data notice (GET /api/v1/auth/consent) the "
                    "applicant read and agreed to.")


class TokenIn(Schema):
    username: str = Field(max_length=254, description="User name or e-mail address.")
    password: str = Field(max_length=128)
    otp: str | None = Field(None, max_length=20,
                            description="Officers only: the code from their authenticator app "
                                        "(or a backup code).")


class TokenOut(Schema):
    token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme's name, not a secret
    expires_at: dt.datetime


class KelurahanOut(Schema):
    code: str
    name: str
    kecamatan: str


class ApplicantOut(Schema):
    kind: str
    nik: str
    address: str
    kelurahan: KelurahanOut
    company_name: str
    legal_form: str
    nib: str
    npwp: str
    consent_version: str
    consent_at: dt.datetime


class RoleOut(Schema):
    agency: str = Field(description="Agency code.")
    role: str
    position: str


class MeOut(Schema):
    username: str
    kind: str
    full_name: str
    email: str
    phone: str
    email_verified: bool
    may_submit: bool = Field(description="Whether this account may submit an application "
                                         "now (applicants with a confirmed e-mail address).")
    applicant: ApplicantOut | None
    roles: list[RoleOut]
    second_factor_verified: bool


class RegisteredOut(Schema):
    account: MeOut
    token: TokenOut
    verification_email_sent: bool


# --- helpers ----------------------------------------------------------------------------------
def _token_out(issued: IssuedToken) -> dict[str, Any]:
    return {"token": issued.raw, "token_type": "Bearer", "expires_at": issued.token.expires_at}


def me_payload(user: User, *, verified: bool) -> dict[str, Any]:
    profile = selectors.applicant_profile_of(user)
    applicant = None
    if profile is not None:
        applicant = {
            "kind": profile.kind, "nik": profile.nik, "address": profile.address,
            "kelurahan": {"code": profile.kelurahan.code, "name": profile.kelurahan.name,
                          "kecamatan": profile.kelurahan.kecamatan.name},
            "company_name": profile.company_name, "legal_form": profile.legal_form,
            "nib": profile.nib, "npwp": profile.npwp,
            "consent_version": profile.consent_version, "consent_at": profile.consent_at,
        }
    return {
        "username": user.username, "kind": user.kind, "full_name": user.full_name,
        "email": user.email, "phone": user.phone,
        "email_verified": bool(profile and profile.email_verified),
        "may_submit": selectors.applicant_may_submit(user),
        "applicant": applicant,
        "roles": [{"agency": m.agency.code, "role": m.role, "position": m.position}
                  for m in selectors.officer_memberships(user)],
        "second_factor_verified": verified,
    }


def _user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))


# --- operations -------------------------------------------------------------------------------
@auth_router.get("/consent", response={200: ConsentNoticeOut}, auth=None,
                 summary="The personal-data notice to show before registering")
def auth_consent(request: TenantRequest) -> dict[str, Any]:
    notice = consent_notice(request.tenant.name)
    return {"version": notice.version, "controller": str(notice.controller),
            "purpose": str(notice.purpose), "data": [str(d) for d in notice.data],
            "retention": str(notice.retention), "rights": str(notice.rights)}


@auth_router.post(
    "/register", auth=None, throttle=REGISTER_THROTTLE,
    response={201: RegisteredOut, 422: ErrorOut, 429: ErrorOut},
    summary="Register an applicant (individual or business)",
    description="Validated like the registration page; 422 lists every problem per field in "
                "`details`. The e-mail address must be confirmed (link by e-mail) before the "
                "first submission. Returns a token, so the client is signed in at once.",
)
def auth_register(request: TenantRequest, payload: RegisterIn) -> Status[dict[str, Any]]:
    data = payload.model_dump()
    data["consent"] = bool(payload.consent_version)
    form = registration_form_class(payload.kind)(data, tenant=request.tenant,
                                                 confirm_password=False)
    if not form.is_valid():
        raise ValidationFailed(details=_api_field_names(form.errors.get_json_data()))
    try:
        user = services.applicant_register(
            tenant=request.tenant, actor=None, username=form.cleaned_data["username"],
            password=form.cleaned_data["password"], data=form.applicant_data(),
            consent_version=payload.consent_version,
        )
    except ValidationFailed as exc:
        details = exc.details if isinstance(exc.details, dict) else None
        raise ValidationFailed(exc.message, details=_api_field_names(details)) from exc
    sent = queue_verification_email(user, base_url=request.build_absolute_uri("/"))
    issued = api_token_issue(user=user, user_agent=_user_agent(request))
    return Status(201, {"account": me_payload(user, verified=False),
                        "token": _token_out(issued), "verification_email_sent": sent})


def _api_field_names(details: dict[str, Any] | None) -> dict[str, list[str]] | None:
    """Form errors keyed by the API's field names, as plain messages."""
    if details is None:
        return None
    out: dict[str, list[str]] = {}
    for name, problems in details.items():
        key = {"consent": "consent_version"}.get(name, name)
        out[key] = [p["message"] if isinstance(p, dict) else str(p) for p in problems]
    return out


@auth_router.post(
    "/token", auth=None, throttle=SIGN_IN_THROTTLE,
    response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Sign in: exchange user name (or e-mail) and password for a bearer token",
    description="Officers also send `otp`, the code from their authenticator app. 401: wrong "
                "credentials (`invalid_credentials`), officer code missing (`otp_required`) or "
                "wrong (`otp_invalid`); 403: the officer has not set up their second factor "
                "yet (`second_factor_not_set_up`: sign in on the website once); 429: too "
                "many attempts (`throttled`) or the account is locked for 15 minutes "
                "(`locked_out`).",
)
def auth_token(request: TenantRequest, payload: TokenIn) -> dict[str, Any]:
    username = selectors.username_for_sign_in(tenant=request.tenant,
                                              identifier=payload.username)
    user = authenticate(request, username=username, password=payload.password)
    if not isinstance(user, User) or user.tenant_id != request.tenant.pk:
        raise Unauthenticated(_("The user name or password is not correct."),
                              code="invalid_credentials")
    device = None
    if needs_second_factor(user):
        if not has_second_factor(user):
            raise PermissionDenied(
                _("Set up your second factor first: sign in once on the website."),
                code="second_factor_not_set_up")
        if not payload.otp:
            raise Unauthenticated(_("Officers also need the code from their authenticator "
                                    "app (field otp)."), code="otp_required")
        device = verify_code(user, payload.otp)
        if device is None:
            user_login_failed.send(sender=__name__, credentials={"username": user.username},
                                   request=request)
            raise Unauthenticated(_("The code is not correct, or it was already used."),
                                  code="otp_invalid")
    return _token_out(api_token_issue(user=user, otp_device=device,
                                      user_agent=_user_agent(request)))


@auth_router.post("/logout", auth=TokenAuth(), response={204: None, 401: ErrorOut},
                  summary="Revoke the token this request is signed with")
def auth_logout(request: HttpRequest) -> Status[None]:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    api_token_revoke(token=token)
    return Status(204, None)


@me_router.get("", auth=TokenAuth(), response={200: MeOut, 401: ErrorOut},
               summary="The signed-in account, its applicant profile or officer roles")
def me_get(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    assert isinstance(user, User)
    return me_payload(user, verified=bool(user.is_verified()))  # type: ignore[attr-defined]
