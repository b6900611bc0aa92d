"""Settings come from the environment through typed readers that fail loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from satupintu.config import env
from satupintu.config.production import check_production_settings

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "A9z-_" * 8


def test_it_parses_a_postgres_url() -> None:
    cfg = env.parse_database_url("postgres://app:s%40cret@db.example:6543/satupintu?sslmode=require")
    assert cfg.engine == "django.db.backends.postgresql"
    assert (cfg.user, cfg.password, cfg.host, cfg.port, cfg.name) == (
        "app", "s@cret", "db.example", "6543", "satupintu")
    assert dict(cfg.options) == {"sslmode": "require"}


def test_it_parses_relative_and_absolute_sqlite_urls() -> None:
    assert env.parse_database_url("sqlite:///var/db.sqlite3").name == "var/db.sqlite3"
    assert env.parse_database_url("sqlite:////srv/db.sqlite3").name == "/srv/db.sqlite3"


def test_it_rejects_an_unknown_database_scheme() -> None:
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        env.parse_database_url("mysql://x@y/z")


def test_boolean_and_integer_readers_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env.env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env.env_int("SOME_NUMBER", 1)


def test_a_choice_reader_refuses_values_it_does_not_know(monkeypatch: pytest.MonkeyPatch) -> None:
    choices = ("development", "production")
    monkeypatch.delenv("SOME_ENV", raising=False)
    assert env.env_choice("SOME_ENV", choices, "development") == "development"
    monkeypatch.setenv("SOME_ENV", "production")
    assert env.env_choice("SOME_ENV", choices, "development") == "production"
    for typo in ("prod", "Production", ""):
        monkeypatch.setenv("SOME_ENV", typo)
        with pytest.raises(ImproperlyConfigured, match=r"SOME_ENV=.*development, production"):
            env.env_choice("SOME_ENV", choices, "development")


def test_a_generated_secret_is_kept_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    first = env.read_or_create_secret(path)
    assert len(first) >= 50
    assert env.read_or_create_secret(path) == first
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"secret_key": ""}, "SECRET_KEY is not set"),
        ({"secret_key": "django-insecure-abc"}, "SECRET_KEY looks like a default"),
        ({"secret_key": "change-me"}, "SECRET_KEY looks like a default"),
        ({"debug": True}, "DEBUG must be off"),
        ({"allowed_hosts": ["*"]}, "wildcard"),
        ({"allowed_hosts": []}, "ALLOWED_HOSTS is empty"),
        ({"signer": "dev"}, "SATUPINTU_SIGNER=dev"),
        ({"public_url": "http://127.0.0.1:8000"}, "SATUPINTU_PUBLIC_URL"),
        ({"public_url": "http://ptsp.example.go.id"}, "SATUPINTU_PUBLIC_URL"),
    ],
)
def test_production_refuses_insecure_values(kwargs: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"secret_key": GOOD_KEY, "debug": False,
                                 "allowed_hosts": ["ptsp.example.go.id"], "env_name": "production",
                                 "signer": "pkcs12", "public_url": "https://ptsp.example.go.id"}
    values.update(kwargs)
    with pytest.raises(ImproperlyConfigured, match=message):
        check_production_settings(**values)  # type: ignore[arg-type]


def test_production_accepts_secure_values() -> None:
    for signer in ("pkcs12", "remote"):
        check_production_settings(secret_key=GOOD_KEY, debug=False,
                                  allowed_hosts=["ptsp.example.go.id"], env_name="production",
                                  signer=signer, public_url="https://ptsp.example.go.id")


def _start(extra_env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items()
               if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}}
    environ.update({"SATUPINTU_DATA_DIR": str(tmp_path), **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environ,
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_manage_py_starts_with_no_environment_and_generates_a_key(tmp_path: Path) -> None:
    result = _start({}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()


def test_production_process_refuses_to_start_with_a_wildcard_host(tmp_path: Path) -> None:
    result = _start({"SATUPINTU_ENV": "production", "SECRET_KEY": GOOD_KEY,
                     "ALLOWED_HOSTS": "*"}, tmp_path)
    assert result.returncode != 0
    assert "wildcard" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_process_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    result = _start({"SATUPINTU_ENV": "production", "ALLOWED_HOSTS": "ptsp.example.go.id"},
                    tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_process_refuses_the_development_signer(tmp_path: Path) -> None:
    # The default signer is the local development CA: production must name a real one.
    result = _start({"SATUPINTU_ENV": "production", "SECRET_KEY": GOOD_KEY,
                     "ALLOWED_HOSTS": "ptsp.example.go.id"}, tmp_path)
    assert result.returncode != 0
    assert "SATUPINTU_SIGNER=dev" in result.stderr
    assert not (tmp_path / "pki").exists()


def test_a_mistyped_environment_name_refuses_to_start(tmp_path: Path) -> None:
    # "prod" must not silently mean development (no checks, a generated key).
    result = _start({"SATUPINTU_ENV": "prod", "SECRET_KEY": GOOD_KEY,
                     "ALLOWED_HOSTS": "*"}, tmp_path)
    assert result.returncode != 0
    assert "SATUPINTU_ENV='prod'" in result.stderr


def test_connections_persist_and_sqlite_uses_wal_with_immediate_transactions() -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0
    if database["ENGINE"].endswith("sqlite3"):
        assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
