"""What each step tells the applicant: the workflow effect and the bilingual messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from satupintu.accounts.models import User
from satupintu.applications.models import Application
from satupintu.notifications.messages import event_for, message_context, render, render_short
from satupintu.notifications.models import APPLICANT_EVENTS, Channel, Event, Notification
from satupintu.workflow.definitions import parse_definition
from satupintu.workflow.models import Case, EffectRun, EffectStatus
from satupintu.workflow.tasks import run_effect
from tests.notifications.helpers import submitted
from tests.workflow.helpers import act, start_case

pytestmark = pytest.mark.django_db

DEFINITION = (Path(__file__).resolve().parents[2]
              / "satupintu/workflow/definitions/perizinan-standar.yaml")
APPLICANT_CARES = {"register", "return_incomplete", "return_for_correction",
                   "return_for_major_correction", "resubmit", "forward_to_review", "approve",
                   "reject", "sign", "hand_over", "withdraw"}


def _case(application: Application) -> Case:
    assert application.case is not None
    return application.case


def _run_effects() -> None:
    """What the worker does with the steps' deferred effects."""
    for run in EffectRun.objects.filter(status=EffectStatus.PENDING).order_by("pk"):
        assert run_effect.call(run.pk) == "succeeded", run.last_error


def _messages(application: Application, channel: str = Channel.EMAIL) -> list[Notification]:
    """The applicant's messages on one channel (e-mail unless said)."""
    _run_effects()
    return list(Notification.objects.filter(application=application, channel=channel,
                                            recipient=application.applicant).order_by("pk"))


def _to_approval(application: Application) -> None:
    case = _case(application)
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "forward_to_review")
    act(case, "teknis.dinkes", "recommend", recommendation="approve")
    act(case, "verifikator", "submit_for_approval")


def test_the_default_workflow_notifies_on_every_step_the_applicant_cares_about() -> None:
    spec = parse_definition(DEFINITION.read_text())
    notifying = {a.code for a in spec.actions if "notify_applicant" in a.effects}
    assert notifying == APPLICANT_CARES
    assert all(event_for(code) != Event.STATUS_CHANGED for code in notifying)


def test_a_file_through_to_the_permit_sends_one_message_per_step() -> None:
    application = submitted()
    case = _case(application)
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("petugas.fo", "return_incomplete", {"citations": ["KTP"]}),
        ("pemohon", "resubmit", {}),
        ("petugas.fo", "register", {}),
        ("verifikator", "return_for_correction", {"citations": ["STRA"]}),
        ("pemohon", "resubmit", {"note": "STRA baru terlampir"}),
        ("verifikator", "forward_to_review", {}),
        # The last agency's recommendation ends the review: "technical review complete".
        ("teknis.dinkes", "recommend", {"recommendation": "approve"}),
        ("verifikator", "submit_for_approval", {}),  # internal: no message
        ("kabid", "approve", {}),
        ("kadis", "sign", {}),
        ("petugas.fo", "hand_over", {}),
    ]
    for username, action, inputs in steps:
        act(case, username, action, **inputs)
        _run_effects()  # the worker, moments after each step
    messages = _messages(application)
    assert [m.event for m in messages] == [
        "submitted", "returned", "resubmitted", "registered", "returned", "resubmitted",
        "forwarded", "recommended", "approved", "issued", "handed_over"]
    assert all(m.to_address == "pemohon@lubuklinggau.demo" for m in messages)
    assert all(m.subject.startswith(f"[{application.tracking_number}] ") for m in messages)
    # Only the receipt carries the PIN.
    assert [application.pin in m.body for m in messages] == [True] + [False] * 10
    case.refresh_from_db()
    assert case.service_due_date is not None
    registered = messages[3]
    assert "Status: Verifikasi berkas" in registered.body
    assert "Status: Verification" in registered.body
    assert "Target penyelesaian: " in registered.body
    assert "Target completion date: " in registered.body
    assert "Status: Permit handed over" in messages[-1].body
    # A duplicate run of a step's effect queues nothing more.
    run = EffectRun.objects.filter(case=case, effect="notify_applicant").first()
    assert run is not None
    EffectRun.objects.filter(pk=run.pk).update(status=EffectStatus.PENDING)
    _run_effects()
    assert len(_messages(application)) == len(messages)
    # The same steps are in the applicant's in-app list, short and without the PIN.
    in_app = _messages(application, Channel.IN_APP)
    assert [m.event for m in in_app] == [m.event for m in messages]
    assert all(m.url == f"/permohonan/{application.pk}/" for m in in_app)
    assert not any(application.pin in m.body for m in in_app)


def test_a_rejection_gives_the_reasons_in_both_languages() -> None:
    application = submitted()
    _to_approval(application)
    act(_case(application), "kabid", "reject",
        reason="Lokasi apotek berada dalam radius 100 m dari apotek lain.")
    message = _messages(application)[-1]
    assert message.event == "rejected"
    assert message.subject == (f"[{application.tracking_number}] Permohonan ditolak / "
                               "Application rejected")
    indonesian, english = message.body.split("\nEnglish\n")
    for part in (indonesian, english):
        assert "Lokasi apotek berada dalam radius 100 m dari apotek lain." in part
    assert "Status: Permohonan ditolak" in indonesian
    assert "Status: Application rejected" in english


def test_a_substantial_correction_says_the_clock_starts_again() -> None:
    application = submitted()
    case = _case(application)
    act(case, "petugas.fo", "register")
    act(case, "verifikator", "return_for_major_correction",
        citations=[{"code": "NAMA_APOTEK", "note": "Nama berbeda dengan akta"}],
        reason="Perubahan nama apotek")
    message = _messages(application)[-1]
    assert message.event == "returned"
    assert "- Nama apotek\n  Catatan petugas: Nama berbeda dengan akta" in message.body
    assert "- Name of the pharmacy\n  Officer's note: Nama berbeda dengan akta" in message.body
    assert "Alasan: Perubahan nama apotek" in message.body
    assert "dihitung ulang dari nol" in message.body
    assert "starts again from zero" in message.body


def test_a_withdrawal_is_confirmed_with_the_reason_given() -> None:
    application = submitted()
    act(_case(application), "pemohon", "withdraw", reason="Pindah lokasi usaha")
    message = _messages(application)[-1]
    assert message.event == "withdrawn"
    assert "Alasan yang Anda sampaikan: Pindah lokasi usaha" in message.body
    assert "The reason you gave: Pindah lokasi usaha" in message.body


def test_a_message_rendered_after_the_file_moved_on_leaves_out_stale_due_dates() -> None:
    application = submitted()
    case = _case(application)
    act(case, "petugas.fo", "return_incomplete", citations=["KTP"])
    act(case, "pemohon", "resubmit")  # before the worker got to the return's message
    returned = _messages(application)[1]
    assert returned.event == "returned"
    assert "Status: Menunggu perbaikan oleh pemohon" in returned.body
    assert "paling lambat" not in returned.body


def test_an_applicant_without_an_email_address_gets_no_email_but_the_in_app_message(
    applicant: User,
) -> None:
    User.objects.filter(pk=applicant.pk).update(email="")
    application = submitted()
    act(_case(application), "petugas.fo", "register")
    assert _messages(application) == []
    assert [m.event for m in _messages(application, Channel.IN_APP)] == [
        "submitted", "registered"]


def test_a_file_that_is_not_an_application_sends_the_applicant_nothing() -> None:
    case = start_case()
    act(case, "petugas.fo", "register")
    _run_effects()
    assert EffectRun.objects.get(case=case, effect="notify_applicant").status == (
        EffectStatus.SUCCEEDED)
    assert not Notification.objects.filter(transition__case=case,
                                            recipient=case.owner).exists()
    # The officers whose pool it entered are told all the same.
    assert Notification.objects.filter(transition__case=case, event="entered_pool").exists()


@pytest.mark.parametrize("event", APPLICANT_EVENTS)
def test_every_applicant_event_has_a_bilingual_email_and_short_message(event: str) -> None:
    application = submitted()
    context = message_context(application=application, event=event, transition=None)
    rendered = render(event, context)
    assert rendered.subject.startswith(f"[{application.tracking_number}] ")
    assert " / " in rendered.subject
    assert rendered.body.startswith("Yth. Siti Aminah,")
    assert "\nDear Siti Aminah,\n" in rendered.body
    assert "{{" not in rendered.body
    assert "\n\n\n" not in rendered.body
    assert (application.pin in rendered.body) == (event == Event.SUBMITTED)
    short = render_short(event, context)
    assert short.subject.startswith(f"[{application.tracking_number}] ")
    assert " / " in short.subject
    indonesian, english = short.body.split("\n")
    assert indonesian
    assert english
    assert "Siti" not in short.body
    assert application.pin not in short.body
