"""API keys of Open311 partner apps: made once, shown once, stored only as a SHA-256 digest.

A key is 32 random bytes (URL-safe text), so looking it up by its digest is safe: the digest
of a guess tells nothing about the real key, and there is nothing to compare in constant time.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.audit.services import record
from satupintu.complaints.models import Open311Client
from satupintu.core.errors import ValidationFailed

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant

KEY_BYTES = 32
PREFIX_LENGTH = 8
MAX_KEY_LENGTH = 200  # anything longer is no key of ours; refused before hashing


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def _check_name(name: str, contact_email: str) -> dict[str, str]:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the partner app a name.")
    elif len(name.strip()) > 120:
        errors["name"] = _("The name may have at most %(n)d characters.") % {"n": 120}
    if contact_email.strip():
        try:
            validate_email(contact_email.strip())
        except ValidationError:
            errors["contact_email"] = _("Enter a valid e-mail address.")
    return errors


def open311_client_create(*, tenant: Tenant, actor: User | None, name: str,
                          contact_email: str = "", key: str | None = None,
                          ) -> tuple[Open311Client, str]:
    """Register a partner app; returns it with its plain key, which is never stored and
    cannot be shown again. `key` is for the fixed demo key only."""
    errors = _check_name(name, contact_email)
    plain = key if key is not None else new_key()
    digest = key_digest(plain)
    if Open311Client.objects.filter(key_digest=digest).exists():
        errors["key"] = _("This key is already in use.")
    if errors:
        raise ValidationFailed(_("The partner app could not be registered."), details=errors)
    with transaction.atomic():
        client = Open311Client.objects.create(
            tenant=tenant, name=name.strip(), contact_email=contact_email.strip(),
            key_digest=digest, key_prefix=plain[:PREFIX_LENGTH])
        record(tenant=tenant, actor=actor, action="open311_client.created", obj=client,
               after={"name": client.name, "key_prefix": client.key_prefix})
    return client, plain


def open311_client_update(*, client: Open311Client, actor: User | None,
                          changes: dict[str, object]) -> Open311Client:
    """Rename a partner app, change its contact, or switch its key off or on (audited)."""
    allowed = {"name", "contact_email", "is_active"}
    changes = {k: v for k, v in changes.items() if k in allowed}
    errors = _check_name(str(changes.get("name", client.name)),
                         str(changes.get("contact_email", client.contact_email)))
    if errors:
        raise ValidationFailed(_("The partner app could not be changed."), details=errors)
    with transaction.atomic():
        locked = Open311Client.objects.select_for_update().get(pk=client.pk)
        before = {name: getattr(locked, name) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else bool(value))
        locked.save()
        record(tenant=locked.tenant, actor=actor, action="open311_client.changed", obj=locked,
               before={k: v for k, v in before.items() if k != "contact_email"},
               after={k: getattr(locked, k) for k in changes if k != "contact_email"})
    return locked


def client_for_key(tenant: Tenant, key: object) -> Open311Client | None:
    """The tenant's active partner app with this key, else None (unknown, inactive, another
    tenant's key and anything that is not a key look the same)."""
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_LENGTH:
        return None
    return Open311Client.objects.filter(tenant=tenant, key_digest=key_digest(key.strip()),
                                        is_active=True).first()


def client_touch(client: Open311Client) -> None:
    """Note when the key was last used (shown in the admin), at most once a minute."""
    now = timezone.now()
    if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
        Open311Client.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
