from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.notifications.gateway_server import FakeGateway
from tests.notifications.helpers import SmtpServer

GATEWAY_KEY_ID = "satupintu-test"
GATEWAY_SECRET = "a-test-secret-long-enough-for-hmac-0123456789"


@pytest.fixture(autouse=True)
def _uploads_in_memory(settings: Any) -> None:
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1, and Django's SMTP backend pointed at it."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.SATUPINTU_PUBLIC_URL = "https://ptsp.lubuklinggau.test"
    yield server
    server.stop()


@pytest.fixture
def gateway(settings: Any) -> Iterator[FakeGateway]:
    """A fake WhatsApp/SMS gateway on 127.0.0.1, and the settings that point at it."""
    server = FakeGateway(GATEWAY_KEY_ID, GATEWAY_SECRET)
    server.start()
    settings.SATUPINTU_SMS_GATEWAY_URL = server.url
    settings.SATUPINTU_SMS_GATEWAY_KEY_ID = GATEWAY_KEY_ID
    settings.SATUPINTU_SMS_GATEWAY_SECRET = GATEWAY_SECRET
    settings.SATUPINTU_SMS_GATEWAY_TIMEOUT = 5
    settings.SATUPINTU_PUBLIC_URL = "https://ptsp.lubuklinggau.test"
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _no_demo_mail_queued(request: pytest.FixtureRequest) -> None:
    """The demo's own applications queue their e-mails when the demo loads; these tests count
    the messages of the files they create, so the demo's are dropped first."""
    if "demo_db" in request.fixturenames:
        from django_tasks_db.models import DBTaskResult

        from satupintu.notifications.models import Notification
        from satupintu.workflow.models import EffectRun

        request.getfixturevalue("demo_db")
        DBTaskResult.objects.all().delete()
        Notification.objects.all().delete()
        EffectRun.objects.all().delete()
