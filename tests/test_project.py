"""Project-wide checks: Django's system checks, migrations in sync, translations complete."""

from __future__ import annotations

import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
ID_PO = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_system_checks_pass() -> None:
    call_command("check", "--fail-level", "WARNING")


@pytest.mark.django_db
def test_models_and_migrations_agree() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_every_interface_string_has_an_indonesian_translation() -> None:
    """Indonesian is the first language: no source string may reach it untranslated.

    The catalog is re-extracted from the source so a string added without a translation is
    caught; the committed file is restored afterwards.
    """
    original = ID_PO.read_bytes()
    try:
        call_command("makemessages", locale=["id"], no_obsolete=True, verbosity=0,
                     ignore_patterns=[".venv", "var", "static/vendor", "tests"])
        report = {
            flag: subprocess.run(
                ["msgattrib", flag, "--no-obsolete", str(ID_PO)],
                check=True, capture_output=True, text=True,
            ).stdout
            for flag in ("--untranslated", "--only-fuzzy")
        }
    finally:
        ID_PO.write_bytes(original)
    assert "msgid" not in report["--untranslated"], f"untranslated:\n{report['--untranslated']}"
    assert "msgid" not in report["--only-fuzzy"], f"fuzzy:\n{report['--only-fuzzy']}"
