"""Helpers for the accounts tests: registration data, mail links, second-factor codes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.accounts.models import User
from satupintu.accounts.second_factor import current_code

PASSWORD = "Sungai-Kelingi-2026"


def individual_form(**changes: str) -> dict[str, str]:
    data = {
        "full_name": "Budi Santoso", "nik": "1673011708850003", "email": "budi@contoh.id",
        "phone": "0812-7777-8888", "address": "Jl. Merdeka No. 5, RT 02",
        "kelurahan": "16.73.01.1001", "username": "budi.s", "password": PASSWORD,
        "password_confirm": PASSWORD, "consent": "on",
    }
    data.update(changes)
    return data


def business_form(**changes: str) -> dict[str, str]:
    data = {
        **individual_form(full_name="Rahmat Hidayat", nik="1673031204800002",
                          email="usaha@majubersama.id", username="majubersama"),
        "company_name": "CV Maju Bersama", "legal_form": "cv", "nib": "9120001234567",
        "npwp": "01.312.166.0-091.000",
    }
    data.update(changes)
    return data


def link_in_last_mail(path_prefix: str) -> str:
    """The path of the first link in the last message sent that starts with `path_prefix`."""
    body = mail.outbox[-1].body
    found = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", body)
    assert found, body
    return found.group(1)


def otp_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return current_code(device)[0]


@pytest.fixture(autouse=True)
def _no_otp_throttle_delay(settings: Any) -> None:
    # django-otp refuses any code for 2^n seconds after n failures; the tests type the right
    # code straight after a wrong one, so they switch that delay off (the lockout stays).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture(autouse=True)
def _account_mail_sent_at_once(settings: Any) -> None:
    """These tests read account e-mails from Django's outbox right after the request: the
    worker's task runs immediately here. Queueing and the worker itself are tested with a real
    SMTP server in tests/accounts/test_email_worker.py."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
