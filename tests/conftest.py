"""The shared test harness: the demo database, personas, and the browser fixture.

Non-transactional tests (the `db` fixture) see the Kota Lubuklinggau demo and a second tenant,
loaded once per session. pytest-django runs transactional tests (live server, browser) after
those; they load what they need themselves, because each one ends by emptying the tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from satupintu.accounts.models import Role, User
from tests.personas import OTHER_TENANT_CODE, ensure_other_tenant, persona, sign_in

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 stays the production hasher; tests only need a hash, not a slow one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "django.contrib.auth.hashers.Argon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # API throttles count requests per client in the cache: each test starts afresh.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _throttle_clock_stands_still(monkeypatch: pytest.MonkeyPatch) -> None:
    # The throttles count per fixed window of the clock (`tracking.throttle.count_hit`): a
    # test whose requests straddled a window's end (a minute boundary, for "2/m") would see
    # its count start again. Within a test the throttles' clock stands still.
    import time
    from types import SimpleNamespace

    from satupintu.tracking import throttle

    now = time.time()
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def _clear_calendar_cache() -> Iterator[None]:
    # A test that changes a calendar inside its rolled-back transaction leaves the calendar
    # marked as changing; every test starts from an empty calendar cache instead, so none
    # depends on another's reads (or pays for them in its query counts).
    from satupintu.calendars.selectors import clear_calendar_cache

    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture(autouse=True)
def _clear_tenant_cache() -> Iterator[None]:
    from satupintu.tenants.selectors import clear_tenant_cache

    clear_tenant_cache()
    yield
    clear_tenant_cache()


def load_everything() -> None:
    from satupintu.demo.loader import load_demo

    # Without the demo office's fifty files: tests make the files they need (tests/test_demo.py
    # replays the office once).
    load_demo(office=False)
    ensure_other_tenant()
    # The demo queues account e-mails for the worker; tests that read an outbox or an SMTP
    # server start from an empty queue so they see only what they caused.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any,
                    _test_file_storage: None) -> None:
    with django_db_blocker.unblock():
        load_everything()


@pytest.fixture(scope="session", autouse=True)
def _test_file_storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Uploaded and generated files of the test run go to a temporary directory, never into
    the developer's data directory."""
    from django.conf import settings
    from django.test.utils import override_settings

    location = tmp_path_factory.mktemp("files")
    storages = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location), "base_url": None}}}
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(location)):
        yield


@pytest.fixture
def demo_db(transactional_db: None) -> None:
    """For transactional tests (live server, threads): the demo, loaded into the emptied DB."""
    load_everything()


# --- personas -------------------------------------------------------------------------------
@pytest.fixture
def applicant(db: None) -> User:
    return persona("applicant")


@pytest.fixture
def clerk(db: None) -> User:
    """A front-office clerk of the demo tenant's DPMPTSP."""
    return persona("clerk")


@pytest.fixture
def reviewer_other_agency(db: None) -> User:
    """A technical reviewer of the public works office (not the health office)."""
    return persona("reviewer_other_agency")


@pytest.fixture
def other_tenant_officer(db: None) -> User:
    """An administrator of another regional government."""
    return persona("other_tenant_officer")


@pytest.fixture
def administrator(db: None) -> User:
    return persona("administrator")


@pytest.fixture
def login(client: Client) -> Any:
    """`login(user)` → a test client signed in as that user (officers with their second
    factor, as the sign-in page leaves them)."""

    def _login(user: User) -> Client:
        return sign_in(client, user)

    return _login


# --- browser --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium: test tools may not download browsers on this machine."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


__all__ = ["OTHER_TENANT_CODE", "Role"]
