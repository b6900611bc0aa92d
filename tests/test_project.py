"""Project-wide checks: Django's system checks, migrations in sync, translations complete."""

from __future__ import annotations

import shutil
import subprocess
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def test_system_checks_pass() -> None:
    call_command("check", "--fail-level", "WARNING")


@pytest.mark.django_db
def test_published_workflows_name_only_registered_effects_and_guards() -> None:
    call_command("check", "--database", "default", "--fail-level", "WARNING")


@pytest.mark.django_db
def test_the_check_reports_a_workflow_naming_a_missing_effect() -> None:
    from django.core.management.base import SystemCheckError

    from satupintu.workflow.models import WorkflowDefinition

    definition = WorkflowDefinition.objects.filter(status="published").first()
    assert definition is not None
    spec = dict(definition.spec)
    spec["actions"] = [{**spec["actions"][0], "effects": ["vanished_effect"]}]
    WorkflowDefinition.objects.filter(pk=definition.pk).update(spec=spec)
    with pytest.raises(SystemCheckError, match="vanished_effect"):
        call_command("check", "--database", "default")


@pytest.mark.django_db
def test_models_and_migrations_agree() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_every_interface_string_has_an_indonesian_translation(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Indonesian is the first language: no source string may reach it untranslated.

    The catalog is re-extracted from the source so a string added without a translation is
    caught. Extraction runs on a copy of the sources and the locale directory, so the
    committed file (and anyone editing it, or another test run) is never touched.
    """
    copy = tmp_path / "tree"
    for name in ("satupintu", "templates", "locale"):
        shutil.copytree(ROOT / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["id"], no_obsolete=True, verbosity=0)
    po = copy / "locale" / "id" / "LC_MESSAGES" / "django.po"
    report = {
        flag: subprocess.run(
            ["msgattrib", flag, "--no-obsolete", str(po)],
            check=True, capture_output=True, text=True,
        ).stdout
        for flag in ("--untranslated", "--only-fuzzy")
    }
    assert "msgid" not in report["--untranslated"], f"untranslated:\n{report['--untranslated']}"
    assert "msgid" not in report["--only-fuzzy"], f"fuzzy:\n{report['--only-fuzzy']}"
