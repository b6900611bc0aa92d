"""The dashboard page `/petugas/dasbor/` and its drill-down `/petugas/dasbor/berkas/`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from satupintu.accounts.models import User
from satupintu.calendars.selectors import local_date
from tests.monitoring.builders import SERVICE, llg, make_file
from tests.personas import sign_in

pytestmark = pytest.mark.django_db
D = dt.date
PERIOD = f"from=2026-01-01&to=2026-06-30&service={SERVICE}"


@pytest.fixture
def files() -> None:
    make_file(received=D(2026, 3, 16), started=D(2026, 3, 17), decided=D(2026, 3, 31),
              service_due=D(2026, 3, 31), legal_due=D(2026, 4, 14), state="signing")
    make_file(received=D(2026, 4, 1), started=D(2026, 4, 1), decided=D(2026, 4, 15),
              outcome="rejected", service_due=D(2026, 4, 10), legal_due=D(2026, 4, 14),
              agencies=("PUPR",))
    make_file(received=D(2026, 5, 4), started=D(2026, 5, 5), service_due=D(2026, 5, 12),
              holder=("DPMPTSP", "verifier"), assignee="verifikator")


def as_user(client: Client, username: str) -> Client:
    return sign_in(client, User.objects.get(username=username))


def figure_link(html: str, figure: str) -> int:
    found = re.search(rf'data-figure="{figure}">(\d+)<', html)
    assert found, figure
    return int(found.group(1))


def listed(html: str) -> list[str]:
    return re.findall(r'class="tracking-number">([^<]+)<', html)


def test_a_leader_sees_the_figures_in_tables(client: Client, files: None) -> None:
    response = as_user(client, "kadis").get(f"/petugas/dasbor/?{PERIOD}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html
    assert 'scope="row"' in html
    assert 'scope="col"' in html
    assert (figure_link(html, "received"), figure_link(html, "decided"),
            figure_link(html, "on_time"), figure_link(html, "late")) == (3, 2, 1, 1)
    assert 'id="share-service">50,0%' in html  # Indonesian decimal comma


def test_the_period_defaults_to_the_current_year(client: Client) -> None:
    from satupintu.calendars.selectors import local_date
    from tests.monitoring.builders import llg

    year = local_date(llg()).year
    html = as_user(client, "admin.llg").get("/petugas/dasbor/").content.decode()
    assert f'value="{year}-01-01"' in html
    assert f'value="{year}-12-31"' in html


def test_each_count_links_to_the_files_behind_it(client: Client, files: None) -> None:
    as_user(client, "kadis")
    html = client.get(f"/petugas/dasbor/?{PERIOD}").content.decode()
    for figure in ("received", "decided", "late", "in_process", "overdue"):
        link = re.search(rf'href="(/petugas/dasbor/berkas/\?figure={figure}&amp;[^"]+)"', html)
        assert link, figure
        page = client.get(link.group(1).replace("&amp;", "&"))
        assert page.status_code == 200
        assert len(listed(page.content.decode())) == figure_link(html, figure), figure


def test_the_file_list_says_who_holds_each_file(client: Client, files: None) -> None:
    as_user(client, "admin.llg").get("/")
    page = client.get(f"/petugas/dasbor/berkas/?figure=in_process&{PERIOD}",
                      HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert len(listed(html)) == 1
    assert "Verifier" in html
    assert "Andi Saputra" in html
    assert "12 May 2026" in html


def test_a_head_of_agency_sees_only_their_agencys_files(client: Client, files: None) -> None:
    as_user(client, "kepala.dinkes")
    html = client.get(f"/petugas/dasbor/?{PERIOD}").content.decode()
    assert figure_link(html, "received") == 2
    assert 'id="scope-note"' in html
    rows = client.get(f"/petugas/dasbor/berkas/?figure=received&{PERIOD}").content.decode()
    assert len(listed(rows)) == 2
    # Another agency as a slice answers like an unknown one.
    assert client.get(f"/petugas/dasbor/?{PERIOD}&agency=PUPR").status_code == 404
    assert client.get(f"/petugas/dasbor/?{PERIOD}&agency=DINKES").status_code == 200


@pytest.mark.parametrize("param", ["agency=NOPE", "service=NOPE", "kecamatan=99.99.99",
                                   "agency=DPMPTSP"])
def test_an_unknown_slice_is_not_found(client: Client, param: str) -> None:
    as_user(client, "admin.llg")
    assert client.get(f"/petugas/dasbor/?{param}").status_code == 404
    assert client.get(f"/petugas/dasbor/berkas/?figure=received&{param}").status_code == 404


def test_an_unknown_figure_is_not_found(client: Client) -> None:
    as_user(client, "admin.llg")
    assert client.get("/petugas/dasbor/berkas/?figure=everything").status_code == 404


@pytest.mark.parametrize(("dates", "message"), [
    ("from=2026-06-30&to=2026-01-01", "The start date is after the end date."),
    ("from=1999-12-31&to=2026-01-01", "The start date (from) must lie between 2000 and 2100."),
    ("from=2026-01-01&to=2101-01-01", "The end date (to) must lie between 2000 and 2100."),
    ("from=2000-01-01&to=2026-01-01", "A range may span at most 20 years."),
    ("from=2026-13-01&to=2026-12-31",
     "The start date (from) is not a date of the form YYYY-MM-DD."),
    ("from=2026-01-01", "Give the end date (to) as a date, YYYY-MM-DD."),
])
def test_bad_dates_get_a_clear_message(client: Client, dates: str, message: str) -> None:
    as_user(client, "admin.llg")
    for path in ("/petugas/dasbor/", "/petugas/dasbor/berkas/"):
        response = client.get(f"{path}?{dates}", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="dashboard-problem"' in html, path
        assert message in html, path
        assert "data-figure=" not in html
        assert "tracking-number" not in html


@pytest.mark.parametrize(("username", "status"), [
    ("pemohon", 403), ("petugas.fo", 403), ("teknis.pupr", 403), ("admin.pga", 403),
    ("auditor", 200), ("kepala.pupr", 200),
])
def test_who_may_open_the_dashboard(client: Client, username: str, status: int) -> None:
    as_user(client, username)
    assert client.get("/petugas/dasbor/").status_code == status
    assert client.get("/petugas/dasbor/berkas/").status_code == status


def test_another_regions_officer_gets_nothing_at_home_either(client: Client,
                                                             files: None) -> None:
    as_user(client, "admin.pga")
    html = client.get("/petugas/dasbor/berkas/?figure=received&from=2026-01-01&to=2026-06-30",
                      HTTP_HOST="pagaralam.localhost").content.decode()
    assert listed(html) == []


def test_the_menu_links_to_the_dashboard_for_leaders_only(client: Client) -> None:
    assert 'href="/petugas/dasbor/"' in as_user(client, "kadis").get("/").content.decode()
    client.logout()
    assert 'href="/petugas/dasbor/"' not in as_user(
        client, "petugas.fo").get("/").content.decode()


def test_the_dashboard_answers_in_a_fixed_number_of_queries(
        client: Client, django_assert_max_num_queries: Any) -> None:
    for day in range(1, 20):
        make_file(received=D(2026, 3, day), started=D(2026, 3, day), decided=D(2026, 4, day),
                  service_due=D(2026, 4, 10), legal_due=D(2026, 4, 20))
    as_user(client, "kadis")
    client.get(f"/petugas/dasbor/?{PERIOD}")  # warms the calendar and definition caches
    with django_assert_max_num_queries(23):
        assert client.get(f"/petugas/dasbor/?{PERIOD}").status_code == 200
    # A period ending today adds the open days' live counts (grouped queries per kind of fact
    # for the counts and the trend, per measure for the spreads): a fixed number more.
    for _ in range(1, 20):
        make_file(received=local_date(llg()), started=local_date(llg()))
    this_year = f"from={local_date(llg()).year}-01-01&to={local_date(llg()).isoformat()}"
    client.get(f"/petugas/dasbor/?{this_year}")
    with django_assert_max_num_queries(23 + 29):
        assert client.get(f"/petugas/dasbor/?{this_year}").status_code == 200


def test_an_overdue_file_in_review_is_held_by_the_agencies_still_reviewing(
        client: Client) -> None:
    """In a parallel review the one-stop office holds nothing: the overdue list names the
    agencies whose review is pending (and their reviewers), not one that already answered."""
    from satupintu.calendars.selectors import local_date
    from satupintu.tenants.models import Agency
    from satupintu.workflow.models import BranchStatus, CaseBranch
    from tests.monitoring.builders import llg, review

    today = local_date(llg())
    case = make_file(received=today - dt.timedelta(days=30),
                     started=today - dt.timedelta(days=29),
                     service_due=today - dt.timedelta(days=10), state="technical_review",
                     agencies=("DINKES", "PUPR", "DLH"))
    agencies = {a.code: a for a in Agency.objects.filter(tenant=llg())}
    CaseBranch.objects.create(tenant=llg(), case=case, state="technical_review",
                              agency=agencies["DINKES"], status=BranchStatus.PENDING,
                              assignee=User.objects.get(username="teknis.dinkes"))
    CaseBranch.objects.create(tenant=llg(), case=case, state="technical_review",
                              agency=agencies["PUPR"], status=BranchStatus.PENDING)
    review(case, "DLH", today - dt.timedelta(days=20), today - dt.timedelta(days=15))
    html = as_user(client, "kadis").get(
        f"/petugas/dasbor/?from={today.year}-01-01&to={today}").content.decode()
    row = re.search(r'<table[^>]*id="files-overdue".*?</table>', html, re.S)
    assert row is not None
    teknis = User.objects.get(username="teknis.dinkes")
    # By name: Dinas Kesehatan before Dinas Pekerjaan Umum (the short names are shown).
    assert f"<td>{agencies['DINKES']}, {agencies['PUPR']}</td>" in row.group(0)
    assert f"<td>{teknis.get_full_name()}</td>" in row.group(0)
    assert str(agencies["DLH"]) not in row.group(0)
