"""The in-app list: `/notifikasi/` and `/api/v1/notifications`, for applicants and officers;
only one's own messages, another person's answer 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from satupintu.accounts.models import User
from satupintu.applications.models import Application
from satupintu.notifications.models import Channel, Notification
from tests.notifications.helpers import submitted
from tests.notifications.officers import run_effects
from tests.personas import api_token
from tests.workflow.helpers import act, user

pytestmark = pytest.mark.django_db


def _registered() -> Application:
    application = submitted()
    assert application.case is not None
    act(application.case, "petugas.fo", "register")
    run_effects()
    return application


def _mine(person: User, application: Application | None = None) -> list[Notification]:
    qs = Notification.objects.filter(recipient=person, channel=Channel.IN_APP)
    if application is not None:
        qs = qs.filter(case=application.case)
    return list(qs.order_by("-created_at", "-pk"))


def test_the_applicant_sees_their_messages_newest_first_with_the_unread_count(
    login: Any, applicant: User,
) -> None:
    application = _registered()
    client: Client = login(applicant)
    page = client.get("/notifikasi/")
    assert page.status_code == 200
    html = page.content.decode()
    items = page.context["page"].object_list
    assert [n.event for n in items if n.case_id == application.case_id] == [
        "registered", "submitted"]
    assert all(n.recipient_id == applicant.pk and n.channel == Channel.IN_APP for n in items)
    assert f"[{application.tracking_number}] Berkas lengkap dan terdaftar" in html
    assert "Andi Saputra" not in html  # an officer's messages are not here
    unread = len([n for n in _mine(applicant) if n.read_at is None])
    assert page.context["unread"] == unread
    # The header of every page shows the unread count next to the name.
    home = client.get("/").content.decode()
    assert 'href="/notifikasi/"' in home
    assert f'{unread}<span class="visually-hidden"> belum dibaca</span>' in home


def test_opening_a_message_marks_it_read_and_leads_to_the_application(
    login: Any, applicant: User,
) -> None:
    application = _registered()
    message = _mine(applicant, application)[0]
    client: Client = login(applicant)
    response = client.get(f"/notifikasi/{message.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/permohonan/{application.pk}/"
    message.refresh_from_db()
    assert message.read_at is not None


def test_marking_one_and_all_read(login: Any, applicant: User) -> None:
    application = _registered()
    first, second = _mine(applicant, application)[:2]
    client: Client = login(applicant)
    response = client.post(f"/notifikasi/{first.pk}/dibaca/", {"next": "/notifikasi/?page=1"})
    assert response.status_code == 302
    assert response["Location"] == "/notifikasi/?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert client.get("/notifikasi/?unread=1").context["page"].object_list[0] != first
    response = client.post("/notifikasi/semua-dibaca/", {"next": "https://evil.example/"})
    assert response["Location"] == "/notifikasi/"
    assert all(n.read_at is not None for n in _mine(applicant))


def test_another_persons_message_is_as_missing(login: Any, applicant: User) -> None:
    _registered()
    officers = Notification.objects.filter(recipient__username="verifikator",
                                           channel=Channel.IN_APP).first()
    assert officers is not None
    email = Notification.objects.filter(recipient=applicant, channel=Channel.EMAIL).first()
    assert email is not None
    client: Client = login(applicant)
    for pk in (officers.pk, email.pk, 999_999):
        assert client.get(f"/notifikasi/{pk}/").status_code == 404
        assert client.post(f"/notifikasi/{pk}/dibaca/").status_code == 404
    officers.refresh_from_db()
    assert officers.read_at is None


def test_an_officer_sees_the_files_that_entered_their_pool(login: Any) -> None:
    application = _registered()
    client: Client = login(user("verifikator"))
    page = client.get("/notifikasi/")
    assert page.status_code == 200
    item = next(n for n in page.context["page"].object_list if n.case_id == application.case_id)
    assert item.event == "entered_pool"
    response = client.get(f"/notifikasi/{item.pk}/")
    assert response["Location"] == f"/petugas/berkas/{application.case_id}/"


def test_signing_in_is_needed(client: Client) -> None:
    response = client.get("/notifikasi/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


# --- the API ------------------------------------------------------------------------------------
def _api(person: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token(person)}"}


def test_the_api_lists_my_messages_and_marks_them_read(client: Client, applicant: User) -> None:
    application = _registered()
    headers = _api(applicant)
    listed = client.get("/api/v1/notifications?limit=2", **headers)
    assert listed.status_code == 200
    body = listed.json()
    mine = _mine(applicant)
    assert body["count"] == len(mine)
    assert body["unread"] == len([n for n in mine if n.read_at is None])
    first = body["items"][0]
    assert set(first) == {"id", "event", "event_label", "title", "text", "url", "created_at",
                          "read_at"}
    assert (first["event"], first["url"], first["read_at"]) == (
        "registered", f"/permohonan/{application.pk}/", None)
    assert first["event_label"] == "Berkas lengkap dan terdaftar"
    assert len(body["items"]) == 2
    read = client.post(f"/api/v1/notifications/{first['id']}/read", **headers)
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    again = client.post(f"/api/v1/notifications/{first['id']}/read", **headers)
    assert again.json()["read_at"] == read.json()["read_at"]
    unread = client.get("/api/v1/notifications?unread_only=true", **headers).json()
    assert first["id"] not in [i["id"] for i in unread["items"]]
    marked = client.post("/api/v1/notifications/read-all", **headers)
    assert marked.json() == {"marked": unread["count"]}
    assert client.get("/api/v1/notifications", **headers).json()["unread"] == 0


def test_the_api_answers_404_for_another_persons_message(client: Client, applicant: User) -> None:
    _registered()
    officers = Notification.objects.filter(recipient__username="verifikator",
                                           channel=Channel.IN_APP).first()
    assert officers is not None
    response = client.post(f"/api/v1/notifications/{officers.pk}/read", **_api(applicant))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    # The officer's own token works for it.
    mine = client.post(f"/api/v1/notifications/{officers.pk}/read", **_api(user("verifikator")))
    assert mine.status_code == 200


def test_the_api_needs_a_token(client: Client) -> None:
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.post("/api/v1/notifications/1/read").status_code == 401
