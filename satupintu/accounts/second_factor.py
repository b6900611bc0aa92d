"""Officers' second factor (django-otp): a TOTP authenticator app plus one-time backup codes.

Officers sign in with their password and then a 6-digit code; an officer without a device
enrols on first sign-in by scanning a QR code and confirming one code. Administrators reset a
lost device (the officer enrols again at the next sign-in). Enrolment and reset go through the
services below, each with its audit record.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.accounts.models import ApiToken, User, UserKind
from satupintu.accounts.permissions import require_tenant_admin
from satupintu.audit.services import record
from satupintu.core.errors import Conflict, ValidationFailed

TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
BACKUP_CODE_COUNT = 8
KEY_BYTES = 20


def needs_second_factor(user: User) -> bool:
    """Officers must pass a second factor; applicants sign in with their password alone."""
    return user.kind == UserKind.OFFICER


def has_second_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def new_totp_key() -> str:
    return secrets.token_hex(KEY_BYTES)


def base32_secret(key_hex: str) -> str:
    """The key as authenticator apps take it when typed in, in groups of four."""
    text = base64.b32encode(binascii.unhexlify(key_hex)).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def provisioning_url(user: User, key_hex: str) -> str:
    """The otpauth:// URL an authenticator app reads from the QR code."""
    return str(TOTPDevice(user=user, key=key_hex).config_url)


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data URI: drawn here, never by an outside service."""
    return str(segno.make(text, error="m").svg_data_uri(scale=5, border=2))


def totp_step_matching(key_hex: str, code: str, *, tolerance: int = 1) -> int | None:
    """The time step whose code `code` is (within `tolerance` steps of now), else None."""
    code = code.strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = TOTP(binascii.unhexlify(key_hex))
    totp.time = time.time()
    if totp.verify(int(code), tolerance):
        return int(totp.t())
    return None


def current_code(device: TOTPDevice, *, at: float | None = None) -> tuple[str, int]:
    """The device's code now (or at `at`) and the seconds it stays valid, for the demo."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    remaining = device.step - int(totp.time - device.t0) % device.step
    return f"{totp.token():0{device.digits}d}", remaining


def verify_code(user: User, code: str) -> Device | None:
    """The confirmed device that accepts `code` (authenticator code or a backup code), if any.

    A backup code is used up; an authenticator code is not accepted twice. django-otp's own
    throttling slows down guessing on each device; failed sign-in steps also count towards the
    django-axes lockout (done by the caller).
    """
    code = code.strip().replace(" ", "").replace("-", "").lower()
    if not code or len(code) > 16:
        return None
    # Six digits are an authenticator code, anything else a backup code: trying a code only on
    # its own kind of device keeps one kind's failures from throttling the other.
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    for device in devices_for_user(user, confirmed=True):
        if not isinstance(device, kind):
            continue
        verified = otp_verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def _backup_codes() -> list[str]:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    return ["".join(secrets.choice(alphabet) for _ in range(8)) for _ in range(BACKUP_CODE_COUNT)]


@transaction.atomic
def officer_second_factor_install(
    *, user: User, actor: User | None, key_hex: str, backup_codes: list[str],
    last_step: int = -1,
) -> TOTPDevice:
    """Give an officer without a second factor their authenticator key and backup codes."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not needs_second_factor(locked):
        raise ValidationFailed(_("Only officers use a second factor."))
    if has_second_factor(locked):
        raise Conflict(_("A second factor is already set up for this account."))
    TOTPDevice.objects.filter(user=locked).delete()  # stale unconfirmed ones
    device = TOTPDevice.objects.create(user=locked, name=TOTP_DEVICE_NAME, key=key_hex,
                                       confirmed=True, last_t=last_step)
    StaticDevice.objects.filter(user=locked).delete()
    static = StaticDevice.objects.create(user=locked, name=BACKUP_DEVICE_NAME, confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in backup_codes)
    if locked.tenant is not None:
        record(tenant=locked.tenant, actor=actor, action="officer.second_factor_enrol",
               obj=locked, after={"devices": [device.persistent_id, static.persistent_id],
                                  "backup_codes": len(backup_codes)})
    return device


def officer_second_factor_enrol(*, user: User, key_hex: str, code: str) -> tuple[TOTPDevice,
                                                                                 list[str]]:
    """The officer confirms the key they scanned with one code; returns the device and new
    backup codes (shown once)."""
    step = totp_step_matching(key_hex, code)
    if step is None:
        raise ValidationFailed(details={"code": [_(
            "This code does not match. Check that the app shows the SatuPintu entry you just "
            "added, and type the code it shows now.")]})
    codes = _backup_codes()
    device = officer_second_factor_install(user=user, actor=user, key_hex=key_hex,
                                           backup_codes=codes, last_step=step)
    return device, codes


@transaction.atomic
def officer_second_factor_reset(*, user: User, actor: User | None) -> bool:
    """Remove an officer's second factor (a lost phone): they enrol again at the next sign-in.

    Their API tokens are revoked too, since each carried the old factor. True when something
    was removed.
    """
    require_tenant_admin(actor, user.tenant)
    if not needs_second_factor(user):
        raise ValidationFailed(_("Only officers use a second factor."))
    removed = [d.persistent_id for d in devices_for_user(user, confirmed=None)]
    if not removed:
        return False
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    if user.tenant is not None:
        record(tenant=user.tenant, actor=actor, action="officer.second_factor_reset", obj=user,
               before={"devices": removed}, after={"devices": [], "tokens_revoked": revoked})
    return True
