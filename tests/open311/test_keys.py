"""Partner apps' API keys: made once, stored as a fingerprint, audited; the command and the
administration page."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.complaints.models import Open311Client
from satupintu.core.errors import ValidationFailed
from satupintu.open311.demo import DEMO_KEY, ensure_demo_open311_client
from satupintu.open311.keys import client_for_key, open311_client_create
from satupintu.tenants.models import Tenant

pytestmark = pytest.mark.django_db


def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def test_a_key_is_stored_only_as_its_digest_and_prefix() -> None:
    client, key = open311_client_create(tenant=llg(), actor=None, name="Aplikasi Warga",
                                        contact_email="dev@example.org")
    assert len(key) >= 43
    assert client.key_digest == hashlib.sha256(key.encode()).hexdigest()
    assert client.key_prefix == key[:8]
    assert not any(key in str(value) for value in Open311Client.objects.filter(
        pk=client.pk).values().get().values())
    record = AuditRecord.objects.filter(action="open311_client.created",
                                        object_id=str(client.pk)).get()
    assert key not in str(record.after)
    assert client_for_key(llg(), key) == client
    assert client_for_key(llg(), key[:-1]) is None
    assert client_for_key(Tenant.objects.get(code="pga"), key) is None


def test_a_key_needs_a_name() -> None:
    with pytest.raises(ValidationFailed):
        open311_client_create(tenant=llg(), actor=None, name=" ", contact_email="")


def test_the_demo_key_is_made_once() -> None:
    first = ensure_demo_open311_client(llg())
    assert ensure_demo_open311_client(llg()) == first
    assert client_for_key(llg(), DEMO_KEY) == first


def test_the_command_prints_a_new_key_once() -> None:
    out = StringIO()
    call_command("open311_key", "--tenant", "llg", "--name", "Aplikasi Kelurahan", stdout=out,
                 stderr=StringIO())
    key = out.getvalue().strip().rsplit(" ", 1)[-1]
    client = client_for_key(llg(), key)
    assert client is not None
    assert client.name == "Aplikasi Kelurahan"


def test_the_administrator_adds_a_partner_app_and_sees_the_key_once(
        client: Client, administrator: User) -> None:
    from tests.personas import sign_in

    sign_in(client, administrator)
    response = client.post("/admin/complaints/open311client/add/",
                           {"name": "Aplikasi Admin", "contact_email": ""}, follow=True)
    assert response.status_code == 200
    added = Open311Client.objects.get(tenant=llg(), name="Aplikasi Admin")
    shown = [str(m) for m in response.context["messages"]]
    assert any(added.key_prefix in m for m in shown)
    page = client.get(f"/admin/complaints/open311client/{added.pk}/change/").content.decode()
    assert added.key_prefix in page
    response = client.post(f"/admin/complaints/open311client/{added.pk}/change/",
                           {"name": "Aplikasi Admin", "contact_email": "", "is_active": ""})
    assert response.status_code == 302
    added.refresh_from_db()
    assert not added.is_active
    assert AuditRecord.objects.filter(action="open311_client.changed",
                                      object_id=str(added.pk)).exists()
