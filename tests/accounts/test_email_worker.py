"""Account e-mails go through the worker to a real SMTP server, in both languages."""

from __future__ import annotations

import re
import socket
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from satupintu.accounts.models import User
from tests.notifications.helpers import SmtpServer


@pytest.fixture(autouse=True)
def _account_mail_sent_at_once(settings: Any) -> None:
    """Undo tests/accounts/conftest.py here: these tests are about the queue and the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _only_this_tests_mail(request: pytest.FixtureRequest) -> None:
    """The demo queues its own applications' e-mails when it loads; drop them first."""
    if "demo_db" in request.fixturenames:
        from django_tasks_db.models import DBTaskResult

        request.getfixturevalue("demo_db")
        DBTaskResult.objects.all().delete()


@pytest.fixture
def smtp(settings: Any) -> Any:
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


def _worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _register(client: Client, email: str) -> Any:
    from satupintu.tenants.models import Kelurahan

    kelurahan = Kelurahan.objects.filter(tenant__code="llg").first()
    assert kelurahan is not None
    return client.post("/daftar/perorangan/", {
        "full_name": "Rahmat Hidayat", "nik": "1673020101900003", "email": email,
        "phone": "081377788899", "address": "Jl. Garuda 5", "kelurahan": kelurahan.code,
        "username": "rahmat.h", "password": "Bukit-Sulap-2026",
        "password_confirm": "Bukit-Sulap-2026", "consent": "on"})


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_the_verification_message_is_queued_and_sent_bilingual_by_the_worker(
    client: Client, smtp: SmtpServer,
) -> None:
    response = _register(client, "rahmat@contoh.id")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert smtp.received == []  # nothing sent inside the request
    _worker()
    [message] = smtp.received
    assert message.rcpt_tos == ["rahmat@contoh.id"]
    assert " / " in message.message["Subject"]
    assert "Rahmat Hidayat" in message.text
    assert "————— English —————" in message.text
    indonesian, english = message.text.split("————— English —————")
    assert "Terima kasih telah mendaftar" in indonesian
    assert "Thank you for registering" in english
    link = re.search(r"https?://\S+/akun/verifikasi/\S+", message.text)
    assert link


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_a_silent_mail_server_does_not_slow_a_reset_request(client: Client, settings: Any) -> None:
    # A server that accepts connections and never answers.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", listener.getsockname()[1]
    settings.EMAIL_TIMEOUT = 3
    try:
        began = time.monotonic()
        client.post("/lupa-sandi/", {"email": "pemohon@lubuklinggau.demo"})
        assert time.monotonic() - began < 2
    finally:
        listener.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_a_walk_in_applicant_can_choose_a_first_password(client: Client,
                                                         smtp: SmtpServer) -> None:
    from satupintu.tenants.models import Kelurahan
    from tests.personas import sign_in

    sign_in(client, User.objects.get(username="petugas.fo"))
    kelurahan = Kelurahan.objects.filter(tenant__code="llg").first()
    assert kelurahan is not None
    client.post("/petugas/loket/bantu/", {
        "register": "1", "full_name": "Ahmad Walkin", "nik": "1673020101900003",
        "email": "ahmad.walkin@contoh.id", "phone": "081298765499", "address": "Jl. Merdeka 2",
        "kelurahan": kelurahan.code, "consent": "on"})
    walk_in = User.objects.get(email="ahmad.walkin@contoh.id")
    assert not walk_in.has_usable_password()
    _worker()
    [message] = smtp.received
    link = re.search(r"https?://\S+", message.text)
    assert link
    client.logout()
    page = client.get(link.group(0), follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link.group(0)
    response = client.post(form_url, {"new_password1": "Sungai-Musi-2026",
                                      "new_password2": "Sungai-Musi-2026"})
    assert response.status_code == 302
    walk_in.refresh_from_db()
    assert walk_in.has_usable_password()
    assert walk_in.applicant_profile.email_verified_at is not None  # type: ignore[attr-defined]
    # And the reset form finds such accounts too (no silent skip).
    smtp.received.clear()
    client.post("/lupa-sandi/", {"email": "ahmad.walkin@contoh.id"})
    _worker()
    assert len(smtp.received) == 1
