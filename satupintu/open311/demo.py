"""The demo's partner app, with a fixed, published key (README) so anyone can try posting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from satupintu.complaints.models import Open311Client
from satupintu.open311.keys import key_digest, open311_client_create

if TYPE_CHECKING:
    from satupintu.tenants.models import Tenant

DEMO_CLIENT_NAME = "Aplikasi Mitra Demo"
DEMO_KEY = "demo-open311-llg-2026"


def ensure_demo_open311_client(tenant: Tenant) -> Open311Client:
    """The demo partner app with the key `demo-open311-llg-2026`; idempotent."""
    existing = Open311Client.objects.filter(key_digest=key_digest(DEMO_KEY)).first()
    if existing is not None:
        return existing
    client, _key = open311_client_create(tenant=tenant, actor=None, name=DEMO_CLIENT_NAME,
                                         contact_email="mitra@example.org", key=DEMO_KEY)
    return client
