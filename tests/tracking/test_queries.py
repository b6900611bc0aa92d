"""One indexed lookup and the timeline in one query: the number of queries is pinned."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from satupintu.applications.models import Application
from tests.tracking.conftest import api_url, move

pytestmark = pytest.mark.django_db


def queries_of(client: Client, application: Application) -> list[str]:
    url = api_url(application.tracking_number or "", application.pin)
    assert client.get(url).status_code == 200  # warm: tenant and compiled workflow cached
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_a_lookup_takes_two_queries(client: Client, submitted: Application) -> None:
    lookup, timeline = queries_of(client, submitted)
    assert "applications_application" in lookup
    assert "workflow_case" in lookup
    assert '"tracking_number" = ' in lookup
    assert "LIMIT 1" in lookup
    assert "workflow_casetransition" in timeline
    assert "ORDER BY" in timeline


def test_an_unknown_number_takes_one_query_and_a_malformed_one_none(client: Client) -> None:
    client.get(api_url("LLG-2026-999999", "ZZZZZZ"))
    with CaptureQueriesContext(connection) as unknown:
        client.get(api_url("LLG-2026-999999", "ZZZZZZ"))
    with CaptureQueriesContext(connection) as malformed:
        client.get(api_url("nonsense", "ZZZZZZ"))
    assert len(unknown) == 1
    assert len(malformed) == 0


def test_a_review_adds_one_query_for_the_agencies(client: Client,
                                                  submitted: Application) -> None:
    application = move(submitted, "petugas.fo", "register")
    application = move(application, "verifikator", "forward_to_review")
    assert len(queries_of(client, application)) == 3


def test_a_correction_adds_one_query_for_the_cited_names(client: Client,
                                                         submitted: Application) -> None:
    returned = move(submitted, "petugas.fo", "return_incomplete", citations=["KTP"])
    assert len(queries_of(client, returned)) == 3


def test_a_long_history_costs_no_more_queries(client: Client, submitted: Application,
                                              settings: Any) -> None:
    application = move(submitted, "petugas.fo", "register")
    for _ in range(2):
        application = move(application, "verifikator", "return_for_correction",
                           citations=["KTP"])
        application = move(application, "pemohon", "resubmit")
    application = move(application, "verifikator", "forward_to_review")
    application = move(application, "teknis.dinkes", "recommend", recommendation="approve")
    application = move(application, "verifikator", "submit_for_approval")
    assert len(queries_of(client, application)) == 2
