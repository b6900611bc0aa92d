"""Writes of users, applicants' profiles and role assignments, each audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts import validators
from satupintu.accounts.consent import CONSENT_VERSION
from satupintu.accounts.models import (
    ApplicantKind,
    ApplicantProfile,
    Membership,
    Role,
    User,
    UserKind,
)
from satupintu.accounts.permissions import has_role, require_tenant_admin
from satupintu.audit.services import record, record_change, record_update, snapshot
from satupintu.core.errors import Conflict, PermissionDenied, ValidationFailed
from satupintu.core.services import apply_changes, validate_instance
from satupintu.tenants.models import Agency, Kelurahan, Tenant

# Kept out of the permanent audit record (UU 27/2022): only that they changed is recorded.
PERSONAL_FIELDS = ["full_name", "first_name", "last_name", "email", "phone", "officer_nik"]


@transaction.atomic
def user_create(
    *,
    tenant: Tenant | None,
    actor: User | None,
    username: str,
    kind: UserKind,
    password: str | None,
    **fields: Any,
) -> User:
    """Create an applicant or officer account of the tenant (password hashed with Argon2)."""
    require_tenant_admin(actor, tenant)
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(_("The user name %(name)s is taken.") % {"name": username})
    user = User(tenant=tenant, username=username, kind=kind, **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    validate_instance(user, exclude=["password"])
    user.save()
    if tenant is not None:
        record_change(tenant=tenant, actor=actor, action="user.create", obj=user,
                      fields=["username", "kind", "is_active", "is_demo"])
    return user


@transaction.atomic
def user_update(*, user: User, actor: User | None, **changes: Any) -> User:
    require_tenant_admin(actor, user.tenant)
    old = apply_changes(user, changes)
    if old:
        validate_instance(user, exclude=["password"])
        user.save(update_fields=list(old))
        if user.tenant is not None:
            record_update(tenant=user.tenant, actor=actor, action="user.update", obj=user,
                          old=old, personal=PERSONAL_FIELDS)
    return user


@transaction.atomic
def membership_grant(
    *, user: User, agency: Agency, role: Role, actor: User | None, position: str = ""
) -> Membership:
    """Give an officer a role in an agency of their own tenant (idempotent)."""
    require_tenant_admin(actor, agency.tenant)
    if user.tenant_id != agency.tenant_id:
        raise ValidationFailed(_("An officer can only hold roles in their own region's agencies."))
    if user.kind != UserKind.OFFICER:
        raise ValidationFailed(_("Only officer accounts can hold roles."))
    membership = Membership.objects.filter(user=user, agency=agency, role=role).first()
    if membership is None:
        membership = Membership(
            tenant=agency.tenant, user=user, agency=agency, role=role, position=position
        )
        validate_instance(membership)
        membership.save()
        record_change(tenant=agency.tenant, actor=actor, action="role.grant", obj=membership,
                      fields=["user", "agency", "role", "position"])
        return membership
    old = apply_changes(membership, {"is_active": True, "position": position})
    if old:
        membership.save(update_fields=[*old, "updated_at"])
        record_update(tenant=agency.tenant, actor=actor, action="role.grant", obj=membership,
                      old=old)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User | None) -> Membership:
    """Withdraw a role; the row stays so the officer's history keeps its meaning."""
    require_tenant_admin(actor, membership.tenant)
    old = apply_changes(membership, {"is_active": False})
    if old:
        membership.save(update_fields=["is_active", "updated_at"])
        record_update(tenant=membership.tenant, actor=actor, action="role.revoke",
                      obj=membership, old=old)
    return membership


# --- applicants -------------------------------------------------------------------------------
# Personal data (UU 27/2022): audit records say that these changed, never what they were.
APPLICANT_USER_FIELDS = ("full_name", "email", "phone")
APPLICANT_PROFILE_FIELDS = ("nik", "address", "kelurahan", "company_name", "legal_form", "nib",
                            "npwp")
APPLICANT_PERSONAL = frozenset({*APPLICANT_USER_FIELDS, "nik", "address", "kelurahan",
                                "company_name", "nib", "npwp"})
PERSONAL_MARK = "(personal data)"
REQUIRED_FIELDS = ("full_name", "email", "phone", "nik", "address", "kelurahan")


@dataclass
class ApplicantData:
    """What an applicant gives at registration (pages, API and assisted filing alike)."""

    kind: ApplicantKind
    full_name: str
    email: str
    phone: str
    nik: str
    address: str
    kelurahan: Kelurahan
    company_name: str = ""
    legal_form: str = ""
    nib: str = ""
    npwp: str = ""

    def user_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in APPLICANT_USER_FIELDS}

    def profile_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in APPLICANT_PROFILE_FIELDS}


@dataclass
class _Problems:
    """Every field's problems, collected so the applicant sees them all at once."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def catch(self, name: str, exc: DjangoValidationError) -> None:
        for message in exc.messages:
            self.add(name, str(message))

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationFailed(details=self.by_field)


def _require_filled(values: Mapping[str, Any], names: Iterable[str], problems: _Problems) -> None:
    for name in names:
        if not values.get(name) and name not in problems.by_field:
            problems.add(name, _("This field is required."))


def _require_applicant_agent(actor: User | None, tenant: Tenant, subject: User | None) -> None:
    """The applicant themself, the front office filing for them, or an administrator."""
    if actor is None or (subject is not None and actor.pk == subject.pk):
        return
    if not has_role(actor, tenant, Role.FRONT_OFFICE, Role.ADMINISTRATOR):
        raise PermissionDenied()


def _normalise(values: dict[str, Any], problems: _Problems) -> None:
    """Normalise identifiers in place (NIK, NPWP, NIB, mobile number), noting bad ones."""
    cleaners = {"nik": validators.clean_nik, "npwp": validators.clean_npwp,
                "nib": validators.clean_nib, "phone": validators.clean_mobile}
    for name, clean in cleaners.items():
        if values.get(name):
            try:
                values[name] = clean(values[name])
            except DjangoValidationError as exc:
                problems.catch(name, exc)
    for name in ("full_name", "email", "address", "company_name"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    if values.get("email"):
        values["email"] = values["email"].lower()


def _check_unique(
    *, tenant: Tenant, kind: str, values: Mapping[str, Any], problems: _Problems,
    user: User | None = None,
) -> None:
    others = User.objects.filter(tenant=tenant)
    profiles = ApplicantProfile.objects.filter(tenant=tenant)
    if user is not None:
        others = others.exclude(pk=user.pk)
        profiles = profiles.exclude(user=user)
    email = values.get("email")
    if email and others.filter(email__iexact=email).exists():
        problems.add("email", _("An account with this e-mail address already exists. Sign in, "
                                "or reset your password if you forgot it."))
    nik = values.get("nik")
    if (kind == ApplicantKind.INDIVIDUAL and nik
            and profiles.filter(kind=ApplicantKind.INDIVIDUAL, nik=nik).exists()):
        problems.add("nik", _("An account with this NIK already exists. Sign in, or ask the "
                              "DPMPTSP front office if you did not create it."))
    nib = values.get("nib")
    if (kind == ApplicantKind.BUSINESS and nib
            and profiles.filter(kind=ApplicantKind.BUSINESS, nib=nib).exists()):
        problems.add("nib", _("A business with this NIB is already registered."))


def _masked(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (PERSONAL_MARK if k in APPLICANT_PERSONAL else v) for k, v in values.items()}


def _record_applicant(
    *, profile: ApplicantProfile, actor: User | None, action: str,
    before: Mapping[str, Any] | None = None, after: Mapping[str, Any] | None = None,
) -> None:
    # The label is the profile's ("Individual #12"), never the person's name.
    record(tenant=profile.tenant, actor=actor if actor is not None else profile.user,
           action=action, obj=profile, object_label=str(profile),
           before=_masked(before) if before is not None else None,
           after=_masked(after) if after is not None else None)


def _saved_uniquely(*instances: models.Model) -> None:
    """Save; a duplicate NIK/NIB or e-mail slipping in concurrently becomes a clear message."""
    try:
        with transaction.atomic():
            for instance in instances:
                instance.save()
    except IntegrityError as exc:
        raise ValidationFailed(
            _("An account with these details was created at the same moment. Sign in instead."),
            code="duplicate") from exc


@transaction.atomic
def applicant_register(
    *,
    tenant: Tenant,
    actor: User | None,
    username: str,
    password: str | None,
    data: ApplicantData,
    consent_version: str,
) -> User:
    """Create an applicant's account and profile, after they consented to the current notice.

    `actor` None is the applicant registering themself (or the system); an officer of the front
    office may register a walk-in applicant (their consent recorded all the same). The e-mail
    address starts unverified. Every problem is reported at once, per field; nothing is stored.
    """
    _require_applicant_agent(actor, tenant, None)
    problems = _Problems()
    values = {**data.user_fields(), **data.profile_fields()}
    if data.kind == ApplicantKind.INDIVIDUAL:
        values.update(company_name="", legal_form="", nib="", npwp="")
    _normalise(values, problems)
    _require_filled(values, REQUIRED_FIELDS, problems)
    try:
        validators.validate_username(username)
    except DjangoValidationError as exc:
        problems.catch("username", exc)
    else:
        if User.objects.filter(username__iexact=username).exists():
            problems.add("username", _("This user name is taken. Choose another one."))
    if consent_version != CONSENT_VERSION:
        problems.add("consent", _("Read the notice on personal data and agree to it."))
    _check_unique(tenant=tenant, kind=data.kind, values=values, problems=problems)
    user = User(tenant=tenant, username=username, kind=UserKind.APPLICANT,
                **{k: values[k] for k in APPLICANT_USER_FIELDS})
    if password:
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            problems.catch("password", exc)
        user.set_password(password)
    else:
        user.set_unusable_password()
    now = timezone.now()
    profile = ApplicantProfile(
        tenant=tenant, user=user, kind=data.kind, consent_version=consent_version,
        consent_at=now, **{k: values[k] for k in APPLICANT_PROFILE_FIELDS},
    )
    _validate_each(problems, (user, ["password"]), (profile, ["user"]))
    problems.raise_any()
    _saved_uniquely(user, profile)
    _record_applicant(
        profile=profile, actor=actor,
        action="applicant.register" if actor is None else "applicant.register_assisted",
        after={"user": user.pk, "kind": profile.kind, "consent_version": consent_version,
               "consent_at": now, **{k: v for k, v in values.items() if v}},
    )
    return user


@transaction.atomic
def applicant_profile_add(
    *, user: User, actor: User | None, data: ApplicantData, consent_version: str
) -> ApplicantProfile:
    """Give an existing applicant account (one made before profiles existed, or by the demo
    loader) its profile; `data`'s name, e-mail address and phone stay as the account has them."""
    if user.tenant is None or user.kind != UserKind.APPLICANT:
        raise ValidationFailed(_("Only applicant accounts have an applicant profile."))
    _require_applicant_agent(actor, user.tenant, user)
    if ApplicantProfile.objects.filter(user=user).exists():
        raise Conflict(_("This account already has an applicant profile."))
    problems = _Problems()
    values = data.profile_fields()
    _normalise(values, problems)
    _require_filled(values, ["nik", "address", "kelurahan"], problems)
    if consent_version != CONSENT_VERSION:
        problems.add("consent", _("Read the notice on personal data and agree to it."))
    _check_unique(tenant=user.tenant, kind=data.kind, values=values, problems=problems,
                  user=user)
    now = timezone.now()
    profile = ApplicantProfile(tenant=user.tenant, user=user, kind=data.kind,
                               consent_version=consent_version, consent_at=now, **values)
    _validate_each(problems, (profile, ["user"]))
    problems.raise_any()
    _saved_uniquely(profile)
    _record_applicant(profile=profile, actor=actor, action="applicant.profile_add",
                      after={"user": user.pk, "kind": profile.kind,
                             "consent_version": consent_version, "consent_at": now,
                             **{k: v for k, v in values.items() if v}})
    return profile


def _validate_each(problems: _Problems, *items: tuple[models.Model, Iterable[str]]) -> None:
    """The models' own rules (`full_clean`), for fields not already reported."""
    for instance, exclude in items:
        try:
            validate_instance(instance, exclude=[*exclude, *problems.by_field])
        except ValidationFailed as exc:
            for name, messages in (exc.details or {}).items():
                if name not in problems.by_field or name == "__all__":
                    for message in messages:
                        problems.add(name, message)


@dataclass
class ProfileChange:
    """What `applicant_profile_update` changed; a new e-mail address needs verifying again."""

    changed: list[str]
    email_changed: bool


@transaction.atomic
def applicant_profile_update(
    *, user: User, actor: User | None, changes: Mapping[str, Any]
) -> ProfileChange:
    """Correct an applicant's data (UU 27/2022 right to rectification), re-validating it all.

    Identifiers are normalised and checked again (a changed NIK must still be valid and unique);
    a new e-mail address is unverified until its link is opened. The audit record names the
    fields that changed, never their values.
    """
    profile = ApplicantProfile.objects.select_for_update().filter(user=user).first()
    if profile is None or user.tenant is None:
        raise ValidationFailed(_("This account has no applicant profile."))
    tenant = user.tenant
    _require_applicant_agent(actor, tenant, user)
    unknown = set(changes) - {*APPLICANT_USER_FIELDS, *APPLICANT_PROFILE_FIELDS}
    if unknown:
        raise ValidationFailed(details={name: [_("This field cannot be changed here.")]
                                        for name in sorted(unknown)})
    problems = _Problems()
    values = dict(changes)
    if profile.kind == ApplicantKind.INDIVIDUAL:
        for name in ("company_name", "legal_form", "nib", "npwp"):
            values.pop(name, None)
    _normalise(values, problems)
    _require_filled(values, [name for name in REQUIRED_FIELDS if name in values], problems)
    if values.get("email"):
        try:
            validate_email(values["email"])
        except DjangoValidationError as exc:
            problems.catch("email", exc)
    _check_unique(tenant=tenant, kind=profile.kind, values={
        k: v for k, v in values.items()
        if k in {"email", "nik", "nib"} and v != _current(user, profile, k)
    }, problems=problems, user=user)
    problems.raise_any()
    old_user = apply_changes(user, {k: v for k, v in values.items()
                                    if k in APPLICANT_USER_FIELDS})
    old_profile = apply_changes(profile, {k: v for k, v in values.items()
                                          if k in APPLICANT_PROFILE_FIELDS})
    # A new mailbox must be verified again (a change of letter case is the same mailbox).
    if "email" in old_user and str(old_user["email"]).lower() != user.email.lower():
        old_profile["email_verified_at"] = profile.email_verified_at
        profile.email_verified_at = None
    if not old_user and not old_profile:
        return ProfileChange(changed=[], email_changed=False)
    _validate_each(problems, (user, ["password"]), (profile, ["user"]))
    problems.raise_any()
    if old_user:
        user.save(update_fields=list(old_user))
    if old_profile:
        profile.save(update_fields=[*old_profile, "updated_at"])
    after = {**snapshot(user, old_user), **snapshot(profile, old_profile)}
    _record_applicant(profile=profile, actor=actor, action="applicant.update",
                      before={**old_user, **old_profile}, after=after)
    return ProfileChange(changed=sorted({*old_user, *old_profile} - {"email_verified_at"}),
                         email_changed="email_verified_at" in old_profile)


def _current(user: User, profile: ApplicantProfile, name: str) -> Any:
    return getattr(user if name in APPLICANT_USER_FIELDS else profile, name)


@transaction.atomic
def applicant_email_verify(*, user: User, email: str) -> bool:
    """Mark the e-mail address verified if it is still the account's; True when it changed."""
    profile = ApplicantProfile.objects.select_for_update().filter(user=user).first()
    if profile is None or user.email.lower() != email.lower():
        return False
    if profile.email_verified_at is not None:
        return False
    profile.email_verified_at = timezone.now()
    profile.save(update_fields=["email_verified_at", "updated_at"])
    _record_applicant(profile=profile, actor=user, action="applicant.email_verify",
                      before={"email_verified_at": None},
                      after={"email_verified_at": profile.email_verified_at})
    return True
