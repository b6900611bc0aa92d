"""Confirming the e-mail address by its link; resetting a forgotten password by e-mail."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from satupintu.accounts import emails
from satupintu.accounts.models import ApplicantProfile, User
from satupintu.accounts.selectors import applicant_may_submit
from satupintu.accounts.services import applicant_profile_update
from tests.accounts.conftest import PASSWORD, individual_form, link_in_last_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(client: Client) -> User:
    client.post("/daftar/perorangan/", individual_form())
    return User.objects.get(username="budi.s")


# --- verification -----------------------------------------------------------------------------
def test_the_message_carries_a_link_that_confirms_the_address(
    client: Client, registered: User
) -> None:
    message = mail.outbox[-1]
    assert "Konfirmasi alamat email" in message.subject
    assert "Budi Santoso" in message.body
    assert not applicant_may_submit(registered)
    path = link_in_last_mail("/akun/verifikasi/")
    assert "budi" not in path  # the address stays out of the URL
    response = client.get(path)
    assert response.status_code == 200
    assert "Alamat email telah dikonfirmasi" in response.content.decode()
    assert applicant_may_submit(registered)
    assert client.get(path).status_code == 200  # opening it again is harmless


def test_the_link_works_without_being_signed_in(client: Client, registered: User) -> None:
    path = link_in_last_mail("/akun/verifikasi/")
    client.post("/keluar/")
    assert client.get(path).status_code == 200
    assert applicant_may_submit(registered)


def test_a_tampered_link_says_it_is_not_valid(client: Client, registered: User) -> None:
    path = link_in_last_mail("/akun/verifikasi/")
    token = path.split("/")[-2]
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    response = client.get(f"/akun/verifikasi/{tampered}/")
    assert response.status_code == 400
    assert "Tautan ini tidak berlaku" in response.content.decode()
    assert not applicant_may_submit(registered)


def test_an_expired_link_says_so(client: Client, registered: User,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as past:
        four_days_ago = time.time() - 4 * 24 * 3600
        past.setattr(time, "time", lambda: four_days_ago)
        token = emails.verification_token(registered)
    response = client.get(f"/akun/verifikasi/{token}/")
    assert response.status_code == 400
    assert "Tautan ini sudah kedaluwarsa" in response.content.decode()
    assert not applicant_may_submit(registered)


def test_a_link_to_an_old_address_stops_working(client: Client, registered: User) -> None:
    old_path = link_in_last_mail("/akun/verifikasi/")
    applicant_profile_update(user=registered, actor=registered,
                             changes={"email": "budi.baru@contoh.id"})
    assert client.get(old_path).status_code == 400
    assert not applicant_may_submit(registered)


def test_a_link_is_only_good_at_its_own_region(client: Client, registered: User) -> None:
    path = link_in_last_mail("/akun/verifikasi/")
    assert client.get(path, HTTP_HOST="pagaralam.localhost").status_code == 400


def test_a_new_link_can_be_asked_for(client: Client, registered: User) -> None:
    response = client.post("/akun/verifikasi/kirim/")
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert client.get(link_in_last_mail("/akun/verifikasi/")).status_code == 200
    client.post("/akun/verifikasi/kirim/")
    assert len(mail.outbox) == 2  # already confirmed: nothing sent


def test_a_failed_send_does_not_undo_the_registration(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(emails, "send_mail", refuse)
    response = client.post("/daftar/perorangan/", individual_form(), follow=True)
    assert response.status_code == 200
    assert User.objects.filter(username="budi.s").exists()
    assert mail.outbox == []  # the worker logs it and retries; the registration stands


def test_only_a_confirmed_active_applicant_may_submit(registered: User) -> None:
    ApplicantProfile.objects.filter(user=registered).update(email_verified_at="2026-01-05T00:00Z")
    assert applicant_may_submit(registered)
    registered.is_active = False
    assert not applicant_may_submit(registered)
    officer = User.objects.get(username="petugas.fo")
    assert not applicant_may_submit(officer)


# --- password reset ---------------------------------------------------------------------------
def test_a_forgotten_password_is_reset_through_the_link(client: Client) -> None:
    response = client.post("/lupa-sandi/", {"email": "PEMOHON@lubuklinggau.demo"})
    assert response.status_code == 302
    assert response["Location"] == "/lupa-sandi/terkirim/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pemohon@lubuklinggau.demo"]
    link = client.get(link_in_last_mail("/lupa-sandi/"))
    assert link.status_code == 302  # Django moves the token out of the URL first
    form = client.get(link["Location"])
    assert form.status_code == 200
    assert form.context["validlink"]
    done = client.post(link["Location"], {"new_password1": "Bukit-Sulap-2026",
                                          "new_password2": "Bukit-Sulap-2026"})
    assert done.status_code == 302
    assert done["Location"] == "/lupa-sandi/selesai/"
    signed_in = client.post("/masuk/", {"username": "pemohon", "password": "Bukit-Sulap-2026"})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="pemohon").pk)


def test_a_used_reset_link_is_refused(client: Client) -> None:
    client.post("/lupa-sandi/", {"email": "pemohon@lubuklinggau.demo"})
    path = link_in_last_mail("/lupa-sandi/")
    link = client.get(path)
    client.post(link["Location"], {"new_password1": "Bukit-Sulap-2026",
                                   "new_password2": "Bukit-Sulap-2026"})
    again = Client().get(path, follow=True)
    assert not again.context["validlink"]
    assert "Tautan ini tidak berlaku" in again.content.decode()


def test_an_unknown_or_foreign_address_gets_the_same_answer_and_no_mail(client: Client) -> None:
    User.objects.filter(username="admin.pga").update(email="admin@pagaralam.demo")
    for address in ["tidak.ada@contoh.id", "admin@pagaralam.demo"]:
        response = client.post("/lupa-sandi/", {"email": address})
        assert response.status_code == 302
        assert response["Location"] == "/lupa-sandi/terkirim/"
    assert mail.outbox == []


def test_signing_in_by_email_address_works(client: Client) -> None:
    response = client.post("/masuk/", {"username": "Pemohon@Lubuklinggau.demo",
                                       "password": PASSWORD})
    assert response.status_code == 200  # the demo password is not PASSWORD
    from satupintu.demo.lubuklinggau import DEMO_PASSWORD

    response = client.post("/masuk/", {"username": "Pemohon@Lubuklinggau.demo",
                                       "password": DEMO_PASSWORD})
    assert response.status_code == 302
