"""Workflow definitions as data: validated on import and publish, versioned, drawn."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from satupintu.lib.yamlio import YamlFileInvalid
from satupintu.workflow.definitions import definition_export, definition_import
from satupintu.workflow.models import DefinitionStatus, WorkflowDefinition
from tests.workflow.helpers import llg

pytestmark = pytest.mark.django_db

DEFAULT = (Path(__file__).resolve().parents[2]
           / "satupintu/workflow/definitions/perizinan-standar.yaml").read_text()


def _mutated(change: object) -> str:
    data = yaml.safe_load(DEFAULT)
    change(data)  # type: ignore[operator]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _errors(text: str) -> list[str]:
    with pytest.raises(YamlFileInvalid) as caught:
        definition_import(tenant=llg(), actor=None, text=text)
    return [str(e) for e in caught.value.errors]


def test_the_default_definition_is_installed_and_published() -> None:
    definition = WorkflowDefinition.objects.get(tenant=llg(), code="perizinan-standar")
    assert definition.status == DefinitionStatus.PUBLISHED
    assert "<svg" in definition.diagram_id
    assert "Pemeriksaan kelengkapan berkas" in definition.diagram_id
    assert "Completeness check" in definition.diagram_en


def test_importing_the_same_definition_again_changes_nothing() -> None:
    before = WorkflowDefinition.objects.count()
    definition_import(tenant=llg(), actor=None, text=DEFAULT, publish=True)
    assert WorkflowDefinition.objects.count() == before


def test_export_round_trips() -> None:
    definition = WorkflowDefinition.objects.get(tenant=llg(), code="perizinan-standar")
    exported = definition_export(definition)
    again = definition_import(tenant=llg(), actor=None, text=exported)
    assert again == definition


def test_every_problem_is_listed_with_its_line_and_nothing_is_saved() -> None:
    def break_it(data: dict) -> None:  # type: ignore[type-arg]
        data["states"].append({"code": "orphan", "label": {"id": "Yatim", "en": "Orphan"},
                               "holder": {"agency": "one_stop", "role": "verifier"},
                               "clock": "running"})
        data["actions"][0]["roles"] = ["chief_of_everything"]
        data["actions"][1]["effects"] = ["send_a_pigeon"]
        data["actions"][2]["to"] = "nowhere"

    before = WorkflowDefinition.objects.count()
    errors = _errors(_mutated(break_it))
    text = "\n".join(errors)
    assert "orphan cannot be reached" in text
    assert "unknown role chief_of_everything" in text
    assert "no effect named send_a_pigeon" in text
    assert "unknown state nowhere" in text
    assert all(e.startswith("line ") for e in errors)
    assert WorkflowDefinition.objects.count() == before


def test_a_state_with_no_way_to_an_end_is_refused() -> None:
    def trap(data: dict) -> None:  # type: ignore[type-arg]
        data["states"].append({"code": "trap", "label": {"id": "Jebakan", "en": "Trap"},
                               "holder": {"agency": "one_stop", "role": "verifier"},
                               "clock": "running"})
        data["actions"].append({"code": "into_trap", "label": {"id": "Masuk", "en": "In"},
                                "from": ["verification"], "to": "trap",
                                "roles": ["verifier"]})
        data["actions"].append({"code": "loop", "label": {"id": "Putar", "en": "Loop"},
                                "from": ["trap"], "to": "trap", "roles": ["verifier"]})

    assert any("no terminal state can be reached from trap" in e for e in _errors(_mutated(trap)))


def test_a_decided_file_may_not_end_rejected_or_withdrawn() -> None:
    """Signing stops the clock (the file is decided, and counted as approved that day): a
    rejection or withdrawal from there would rewrite a settled day's figures."""
    def undo(data: dict) -> None:  # type: ignore[type-arg]
        for action in data["actions"]:
            if action["code"] in {"reject", "withdraw"}:
                action["from"].append("signing")

    errors = "\n".join(_errors(_mutated(undo)))
    assert "signing stops the clock, so the file is decided there; it may not end rejected " \
        "(in rejected)" in errors
    assert "it may not end withdrawn (in withdrawn)" in errors
    assert "issued stops the clock" not in errors  # from issued, only the hand-over is left


def test_an_action_that_stops_the_clock_may_not_lead_to_a_rejection() -> None:
    """The clock can also stop through an action's `clock_stop` effect into a state whose
    clock would run (a later payment step, say): the file is decided all the same."""
    def pay_later(data: dict) -> None:  # type: ignore[type-arg]
        data["states"].append({"code": "payment", "label": {"id": "Bayar", "en": "Payment"},
                               "holder": {"agency": "none", "role": "applicant"},
                               "clock": "running"})
        for action in data["actions"]:
            if action["code"] == "approve":
                action["to"] = "payment"
        data["actions"].append({"code": "paid", "label": {"id": "Lunas", "en": "Paid"},
                                "from": ["payment"], "to": "signing", "roles": ["verifier"]})
        data["actions"].append({"code": "unpaid", "label": {"id": "Tak bayar", "en": "Unpaid"},
                                "from": ["payment"], "to": "rejected", "roles": ["verifier"]})

    errors = "\n".join(_errors(_mutated(pay_later)))
    assert "approve stops the clock, so the file is decided there; it may not end rejected " \
        "(in rejected)" in errors


def test_a_return_for_correction_must_require_citations() -> None:
    def uncited(data: dict) -> None:  # type: ignore[type-arg]
        for action in data["actions"]:
            if action["code"] == "return_for_correction":
                action["inputs"] = []

    assert any("citations" in e for e in _errors(_mutated(uncited)))


def test_a_state_may_only_run_deferred_effects_on_entry() -> None:
    def inline_on_entry(data: dict) -> None:  # type: ignore[type-arg]
        data["states"][0]["on_enter"] = ["clock_start", "send_a_pigeon"]

    text = "\n".join(_errors(_mutated(inline_on_entry)))
    assert "clock_start runs inline: only an action may name it" in text
    assert "no effect named send_a_pigeon" in text


@pytest.mark.parametrize("text", ["", "format: satupintu-workflow/1\n", "{{", "- a\n- b\n"])
def test_malformed_files_are_refused(text: str) -> None:
    assert _errors(text)


def test_the_commands_import_publish_and_export(tmp_path: Path) -> None:
    path = tmp_path / "wf.yaml"
    path.write_text(DEFAULT.replace("code: perizinan-standar", "code: perizinan-cepat", 1))
    out = StringIO()
    call_command("workflow_import", str(path), "--tenant", "llg", "--publish", stdout=out)
    assert "perizinan-cepat v1" in out.getvalue()
    out = StringIO()
    call_command("workflow_export", "perizinan-cepat", "--tenant", "llg", stdout=out)
    assert yaml.safe_load(out.getvalue())["code"] == "perizinan-cepat"
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: satupintu-workflow/1\ncode: x\n")
    with pytest.raises(CommandError, match="line"):
        call_command("workflow_import", str(bad), "--tenant", "llg")


def test_a_published_definition_that_breaks_a_later_rule_is_reported_by_the_check() -> None:
    """Definitions published before a rule existed are not refused after the fact (files run
    on them) but `manage.py check --database default` warns."""
    from django.core.management import call_command as run

    from satupintu.workflow.checks import published_definitions_follow_the_rules

    assert published_definitions_follow_the_rules(None, databases=["default"]) == []
    definition = WorkflowDefinition.objects.get(tenant=llg(), code="perizinan-standar",
                                                status=DefinitionStatus.PUBLISHED)
    spec = definition.spec
    for action in spec["actions"]:
        if action["code"] == "withdraw":
            action["from"].append("signing")
    WorkflowDefinition.objects.filter(pk=definition.pk).update(spec=spec)
    found = published_definitions_follow_the_rules(None, databases=["default"])
    # The approval (its clock_stop effect) and the signing step both lead to the withdrawal.
    assert sorted(w.msg for w in found) == [
        f"Workflow perizinan-standar v{definition.version}: {what} stops the clock, so the "
        "file is decided there; it may not end withdrawn (in withdrawn)."
        for what in ("approve", "signing")]
    assert {w.id for w in found} == {"workflow.W001"}
    out = StringIO()
    run("check", "--database", "default", stdout=out, stderr=out)
    assert "workflow.W001" in out.getvalue()
