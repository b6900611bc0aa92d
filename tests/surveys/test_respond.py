"""Answering the survey by invitation: once, complete, in time, in this region only."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from satupintu.audit.models import AuditRecord
from satupintu.core.errors import Conflict, NotFound, ValidationFailed
from satupintu.notifications.models import Notification
from satupintu.surveys import services
from satupintu.surveys.models import Invitation, SurveyChannel, SurveyResponse
from tests.personas import ensure_other_tenant
from tests.surveys.factories import FULL, invitation, llg

pytestmark = pytest.mark.django_db


def test_an_invitation_is_told_to_the_applicant_with_its_link_and_made_once() -> None:
    first = invitation()
    assert len(first.raw_token) >= 22  # 128 random bits
    assert first.token_hash == services.token_hash(first.raw_token)
    assert first.raw_token not in first.token_hash
    assert (first.expires_at - timezone.now()).days in (59, 60)
    told = Notification.objects.filter(application=first.application, event="survey_invited")
    assert told.exists()
    assert any(first.raw_token in n.body for n in told)
    again = services.survey_invite(application=first.application)
    assert again.pk == first.pk
    assert again.raw_token == ""
    [entry] = AuditRecord.objects.filter(action="survey.invite", object_id=str(first.pk))
    assert first.raw_token not in str(entry.after)


def test_an_answer_by_link_is_stored_once_without_naming_the_respondent() -> None:
    invited = invitation()
    stored = services.survey_respond(
        tenant=llg(), token=invited.raw_token, answers={**FULL, "U4": 2},
        profile={"sex": "female", "education": "bachelor"}, suggestion="Antrean lebih cepat.")
    assert stored.answers() == [4, 4, 4, 2, 4, 4, 4, 4, 4]
    assert stored.channel == SurveyChannel.LINK
    assert stored.service == invited.service
    assert stored.agency == invited.agency
    assert Invitation.objects.get(pk=invited.pk).used_at is not None
    [entry] = AuditRecord.objects.filter(action="survey.respond", object_id=str(stored.pk))
    assert "Antrean" not in str(entry.after)
    assert "female" not in str(entry.after)
    with pytest.raises(Conflict) as used:
        services.survey_respond(tenant=llg(), token=invited.raw_token, answers=FULL)
    assert used.value.code == "invitation_used"
    assert SurveyResponse.objects.filter(pk__gt=stored.pk).count() == 0


@pytest.mark.parametrize("answers", [
    {k: v for k, v in FULL.items() if k != "U9"},  # a missing element
    {**FULL, "U3": 5}, {**FULL, "U3": 0}, {**FULL, "U3": -1}, {**FULL, "U3": "x"},
    {**FULL, "U3": True}, {**FULL, "U3": 2.5}, {**FULL, "U10": 4},
    [4] * 8, [4] * 10, "4444", None,
])
def test_bad_answers_are_refused_and_change_nothing(answers: Any) -> None:
    invited = invitation()
    before = SurveyResponse.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.survey_respond(tenant=llg(), token=invited.raw_token, answers=answers)
    assert refused.value.details
    assert SurveyResponse.objects.count() == before
    assert Invitation.objects.get(pk=invited.pk).used_at is None


def test_a_bad_profile_is_refused_per_field() -> None:
    invited = invitation()
    with pytest.raises(ValidationFailed) as refused:
        services.survey_respond(tenant=llg(), token=invited.raw_token, answers=FULL,
                                profile={"sex": "x", "religion": "a"}, suggestion="s" * 2001)
    assert set(refused.value.details) == {"sex", "religion", "suggestion"}


def test_unknown_expired_and_foreign_tokens_are_refused() -> None:
    invited = invitation()
    with pytest.raises(NotFound):
        services.survey_respond(tenant=llg(), token="not-a-token", answers=FULL)
    with pytest.raises(NotFound):
        services.survey_respond(tenant=ensure_other_tenant(), token=invited.raw_token,
                                answers=FULL)
    with pytest.raises(Conflict) as expired:
        services.survey_respond(tenant=llg(), token=invited.raw_token, answers=FULL,
                                now=invited.expires_at + dt.timedelta(seconds=1))
    assert expired.value.code == "invitation_expired"
    assert Invitation.objects.get(pk=invited.pk).used_at is None


# --- the API ----------------------------------------------------------------------------------
def _post(client: Client, body: Any) -> Any:
    return client.post("/api/v1/surveys/responses", body, content_type="application/json")


def test_the_api_stores_an_answer_and_refuses_its_reuse(client: Client) -> None:
    invited = invitation()
    created = _post(client, {"token": invited.raw_token, "answers": [4, 3, 3, 4, 3, 4, 4, 3, 4],
                             "profile": {"age_band": "30_39"}})
    assert created.status_code == 201
    assert isinstance(created.json()["id"], int)
    assert SurveyResponse.objects.get(pk=created.json()["id"]).age_band == "30_39"
    again = _post(client, {"token": invited.raw_token, "answers": FULL})
    assert again.status_code == 409
    assert again.json()["code"] == "invitation_used"


@pytest.mark.parametrize(("body", "status"), [
    ({"token": "unknown-token", "answers": FULL}, 404),
    ({"answers": FULL}, 422),
    ({"token": "x"}, 422),
])
def test_the_api_refuses_bad_requests_with_the_error_body(client: Client, body: Any,
                                                          status: int) -> None:
    response = _post(client, body)
    assert response.status_code == status
    assert set(response.json()) == {"code", "message", "details"}


def test_the_api_names_each_bad_answer(client: Client) -> None:
    invited = invitation()
    response = _post(client, {"token": invited.raw_token, "answers": {**FULL, "U2": 7,
                                                                      "U5": None}})
    assert response.status_code == 422
    assert set(response.json()["details"]) == {"U2", "U5"}
    assert Invitation.objects.get(pk=invited.pk).used_at is None


def test_the_api_is_throttled_per_client(client: Client, settings: Any) -> None:
    settings.SATUPINTU_SURVEY_RATE = "2/m"
    statuses = [_post(client, {"token": "nope", "answers": FULL}).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]


def test_the_openapi_document_declares_every_status(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    post = paths["/api/v1/surveys/responses"]["post"]["responses"]
    assert {"201", "404", "409", "422", "429"} <= set(post)
    stats = paths["/api/v1/stats/ikm"]["get"]
    assert {"200", "404", "422"} <= set(stats["responses"])
    assert {p["name"] for p in stats["parameters"]} >= {"from", "to", "service", "agency"}


# --- the hook: a completed file invites its applicant -----------------------------------------
def test_handing_over_the_permit_invites_the_applicant_once() -> None:
    from satupintu.accounts.models import User
    from satupintu.issuance import lifecycle
    from satupintu.workflow.models import Case
    from tests.issuance.permits import issued_permit

    permit = issued_permit()
    case = Case.objects.get(pk=permit.application.case_id)
    lifecycle.permit_hand_over(permit=permit, actor=User.objects.get(username="petugas.fo"),
                               receiver_name="Siti", receiver_id_number="3171011708450001",
                               receiver_relation="Pemegang izin",
                               expected_version=case.version)
    invitations = Invitation.objects.filter(application=permit.application)
    assert invitations.count() == 1
    assert Notification.objects.filter(application=permit.application,
                                       event="survey_invited").exists()


# --- two submissions of one link at once --------------------------------------------------------
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
def test_of_concurrent_answers_to_one_link_exactly_one_is_stored() -> None:
    invited = invitation()
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            barrier.wait()
            services.survey_respond(tenant=llg(), token=invited.raw_token, answers=FULL)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        except BaseException as exc:
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["ok"]
    assert SurveyResponse.objects.filter(channel=SurveyChannel.LINK).count() == 1
