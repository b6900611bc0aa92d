"""Account e-mails: the address-verification link.

`send_verification_email` is called after the registration (or the change of address) has
committed, and needs nothing from the request but the base URL, so it can move onto the worker
unchanged (enqueue it with the user's id and the base URL). A failed send never undoes the
registration: the applicant can ask for a new link from their account page.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from satupintu.accounts.models import User

log = logging.getLogger(__name__)

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


def send_verification_email(user: User, *, base_url: str | None = None) -> bool:
    """Send the link that verifies the user's e-mail address; False when sending failed."""
    if not user.email:
        return False
    base = base_url or settings.SATUPINTU_PUBLIC_URL
    context = {
        "user": user,
        "tenant": user.tenant,
        "url": verification_url(user, base_url=base),
        "days": VERIFY_MAX_AGE_DAYS,
    }
    subject = render_to_string("accounts/emails/verify_subject.txt", context).strip()
    body = render_to_string("accounts/emails/verify_body.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except OSError:
        log.exception("verification e-mail to user %s not sent", user.pk)
        return False
    return True
