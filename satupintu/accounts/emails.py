"""Account e-mails: the address-verification link, and the links to (re)set a password.

They are queued as task rows (in the caller's transaction, when there is one) and sent by the
worker, in Indonesian and English in one message: a slow or failing mail server never delays a
registration or a reset request, and a reset request for an unknown address takes as long as
one for a known address. Failed sends are retried with back-off.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from satupintu.accounts.models import User

VERIFY_SALT = "satupintu.accounts.email-verification"
VERIFY_MAX_AGE = 3 * 24 * 3600  # seconds; the message says "3 days"
VERIFY_MAX_AGE_DAYS = VERIFY_MAX_AGE // (24 * 3600)


class VerificationLinkInvalid(Exception):
    """The link was altered, belongs to another address, or is not a link of ours."""


class VerificationLinkExpired(Exception):
    """The link is genuine but older than VERIFY_MAX_AGE."""


def _address_digest(email: str) -> str:
    # The address itself stays out of the URL (which ends up in logs); a digest ties the link
    # to it, so a link sent to an old address stops working once the address changes.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": _address_digest(user.email)}, salt=VERIFY_SALT,
                         compress=True)


@dataclass(frozen=True)
class VerificationClaim:
    user_id: int
    address_digest: str

    def matches(self, user: User) -> bool:
        return user.pk == self.user_id and _address_digest(user.email) == self.address_digest


def read_verification_token(token: str) -> VerificationClaim:
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise VerificationLinkExpired from exc
    except signing.BadSignature as exc:
        raise VerificationLinkInvalid from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise VerificationLinkInvalid
    return VerificationClaim(user_id=payload["u"], address_digest=str(payload.get("e", "")))


def verification_url(user: User, *, base_url: str) -> str:
    path = reverse("accounts:verify_email", kwargs={"token": verification_token(user)})
    return base_url.rstrip("/") + path


def queue_verification_email(user: User, *, base_url: str | None = None) -> bool:
    """Queue the link that verifies the user's e-mail address; False without an address."""
    if not user.email:
        return False
    _enqueue("verify", user, {"url": verification_url(
        user, base_url=base_url or settings.SATUPINTU_PUBLIC_URL), "days": VERIFY_MAX_AGE_DAYS})
    return True


def queue_password_email(user: User, *, kind: str, url: str) -> None:
    """Queue a reset link (`password_reset`) or, for an account made at the counter, the link
    to choose a first password (`password_setup`)."""
    _enqueue(kind, user, {"url": url})


def _enqueue(kind: str, user: User, context: dict[str, object]) -> None:
    from satupintu.accounts.tasks import send_account_email

    send_account_email.enqueue(kind, user.pk, context, 1)


def render_account_email(kind: str, user: User, context: dict[str, object]) -> tuple[str, str]:
    """(subject, body), the Indonesian text first and then the English one."""
    full = {"user": user, "tenant": user.tenant, **context}
    subjects, bodies = [], []
    for language in ("id", "en"):
        with translation.override(language):
            subjects.append(render_to_string(f"accounts/emails/{kind}_subject.txt", full)
                            .strip())
            bodies.append(render_to_string(f"accounts/emails/{kind}_body.txt", full).strip())
    subject = subjects[0] if subjects[0] == subjects[1] else f"{subjects[0]} / {subjects[1]}"
    return subject, f"{bodies[0]}\n\n————— English —————\n\n{bodies[1]}\n"


def send_account_email_now(kind: str, user: User, context: dict[str, object]) -> None:
    """Render and send (the worker's part); raises OSError when the server refuses."""
    subject, body = render_account_email(kind, user, context)
    send_mail(subject, body, None, [user.email])
