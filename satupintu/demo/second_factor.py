"""Demo officers' second factor: keys anyone can derive, so a newcomer can sign in at once.

DEMO ONLY. The authenticator key of each demo officer is derived from their user name alone,
and the backup codes likewise: they are as public as the demo password. Like the rest of the
demo this is refused when `SATUPINTU_ENV=production`. `manage.py demo_otp` prints the code.
"""

from __future__ import annotations

import base64
import hashlib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.accounts.models import User
from satupintu.accounts.second_factor import has_second_factor, officer_second_factor_install

BACKUP_CODES_PER_OFFICER = 3


def _refuse_in_production() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo second-factor keys are refused in production.")


def demo_totp_key(username: str) -> str:
    """The demo officer's authenticator key (hex), derived from the user name: public."""
    _refuse_in_production()
    return hashlib.sha256(f"satupintu-demo-totp:{username}".encode()).hexdigest()[:40]


def demo_backup_codes(username: str) -> list[str]:
    _refuse_in_production()
    codes = []
    for i in range(BACKUP_CODES_PER_OFFICER):
        digest = hashlib.sha256(f"satupintu-demo-backup:{username}:{i}".encode()).digest()
        codes.append(base64.b32encode(digest).decode()[:8].lower())
    return codes


def demo_second_factor_ensure(user: User) -> bool:
    """Give a demo officer their derived key and backup codes unless they have a second factor
    already (e.g. one they enrolled themselves); True when something was created."""
    _refuse_in_production()
    if has_second_factor(user):
        return False
    officer_second_factor_install(user=user, actor=None, key_hex=demo_totp_key(user.username),
                                  backup_codes=demo_backup_codes(user.username))
    return True


def demo_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def remaining_backup_codes(user: User) -> list[str]:
    return list(StaticToken.objects.filter(device__in=StaticDevice.objects.filter(user=user))
                .order_by("pk").values_list("token", flat=True))
