"""API bearer tokens: random, stored as SHA-256, expiring, revocable.

A token is the API's equivalent of a signed-in session (the pages' sessions are not audited
either), so issuing and revoking one writes no audit record; resetting an officer's second
factor revokes their tokens (`second_factor.officer_second_factor_reset`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device

from satupintu.accounts.models import ApiToken, User, UserKind
from satupintu.core.errors import ValidationFailed

TOKEN_PREFIX = "sp_"  # noqa: S105 - marks our tokens in logs and secret scanners
# Officers act on files with personal data: their tokens last a working day; applicants' a month.
LIFETIME = {UserKind.OFFICER: dt.timedelta(hours=12), UserKind.APPLICANT: dt.timedelta(days=30)}
TOUCH_EVERY = dt.timedelta(minutes=5)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    raw: str
    token: ApiToken


@transaction.atomic
def api_token_issue(
    *, user: User, otp_device: Device | None = None, user_agent: str = ""
) -> IssuedToken:
    """A new token for a signed-in user; officers' must carry the device that verified them."""
    if user.tenant is None:
        raise ValidationFailed(_("Platform accounts use the administration pages, not the API."))
    if user.kind == UserKind.OFFICER and otp_device is None:
        raise ValidationFailed(_("Officers need their second factor to get a token."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        tenant=user.tenant, user=user, key_hash=token_hash(raw), prefix=raw[:10],
        otp_device=otp_device.persistent_id if otp_device is not None else "",
        expires_at=timezone.now() + LIFETIME[UserKind(user.kind)],
        user_agent=user_agent[:200],
    )
    return IssuedToken(raw=raw, token=token)


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token for `raw` (not expired, not revoked, its user active), else None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    now = timezone.now()
    token = (ApiToken.objects.select_related("user", "tenant")
             .filter(key_hash=token_hash(raw), revoked_at__isnull=True, expires_at__gt=now)
             .first())
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or token.last_used_at < now - TOUCH_EVERY:
        # Written at most every few minutes: a write per API call would cost more than it tells.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
