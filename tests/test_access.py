"""Every URL the project serves, opened anonymously and by each persona; signing in.

A new URL fails this test until it is placed in one of the lists below, so nobody can add a
page or endpoint without deciding who may open it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from satupintu.accounts.models import User
from satupintu.core.admin_site import admin_site
from satupintu.demo.lubuklinggau import DEMO_PASSWORD
from satupintu.tenants.models import Tenant
from tests.personas import PASSWORD as PERSONA_PASSWORD
from tests.personas import api_token, sign_in

pytestmark = pytest.mark.django_db

# Public: anyone may open these (by URL name; namespaces joined with ':').
PUBLIC = {
    "home", "catalog:list", "catalog:detail", "catalog:detail_without_slash",
    "accounts:login", "accounts:logout",
    "accounts:register", "accounts:register_individual", "accounts:register_business",
    "accounts:verify_email", "accounts:password_reset", "accounts:password_reset_done",
    "accounts:password_reset_confirm", "accounts:password_reset_complete",
    "api:auth_consent", "api:auth_register", "api:auth_token",
    "set_language", "healthz",
    "api:api-root", "api:openapi-json", "api:openapi-view",
    "api:list_services", "api:get_service",
    "api:calendar_holidays", "api:calendar_due_date",
    "tracking:track", "api:track_application",
    # Permit verification: the sample token is unknown (404 page / not_found); the document
    # check takes only POST (405 to a GET, 422 to the empty JSON the API is sent).
    "verification:index", "verification:document", "verification:permit",
    "api:verify_permit", "api:verify_document",
    # The holder's download after a tracking lookup: the link's signed token is the key
    # (the sample is no token: the "link expired" page, 404).
    "permits:download_token",
    # The satisfaction survey: the landing page (the kiosk form on a kiosk device), an
    # invitation's form (the sample is no token: 404 page), the thank-you page, the public
    # scoreboard; the API's answer (the token is the key) and the public index.
    "surveys:index", "surveys:form", "surveys:thanks", "statistics:index",
    "api:survey_respond", "api:stats_ikm",
    # The public scoreboard's open data (aggregates; permits never name a person): the data
    # dictionary, the CSV files and the JSON.
    "statistics:data", "statistics:summary_csv", "statistics:permits_csv",
    "api:stats_summary", "api:stats_permits",
    "api:audit_roots",
    # Open311 GeoReport v2 (the partner app's key is checked by the POST only, 403 without;
    # the sample service code, request id and token are unknown: the 404 error list).
    "open311:discovery", "open311:services", "open311:service", "open311:requests",
    "open311:request", "open311:token", "open311:root", "open311:not_found",
    # Complaints: the public list, the form, a complaint's page and its approved photos (the
    # sample number and photo do not exist: the 404 page), and the complainant's private page
    # (the secret link is the key; the sample is no secret: 404).
    "complaints:list", "complaints:new", "complaints:detail", "complaints:public_media",
    "complaints:private",
}
# Sample values for path parameters, so every pattern can be opened.
SAMPLES = {"code": "SIA", "object_id": "1", "app_label": "catalog", "content_type_id": "1",
           "id": "1", "pk": "1", "url": "x", "path": "x", "fmt": "json"}


def walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, route, ns)
        else:
            yield f"{namespace}{entry.name or ''}", route


def concrete(route: str) -> str:
    """A path for a route: parameters filled with sample values, regex syntax dropped."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES.get(m.group(1), "1"), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLES.get(m.group(1), "1"), path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    return "/" + path.lstrip("/")


ROUTES = sorted(set(walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_known_urls() -> None:
    names = {name for name, _ in ROUTES}
    assert {"home", "catalog:detail", "api:list_services", "admin:index"} <= names


def _open(client: Client, route: str, **headers: str) -> Any:
    """GET the route; an API operation that does not take GET is POSTed, or else PATCHed (with
    an empty JSON object)."""
    response = client.get(concrete(route), **headers)
    if response.status_code == 405 and route.startswith("api/"):
        response = client.post(concrete(route), content_type="application/json", **headers)
    if response.status_code == 405 and route.startswith("api/"):
        response = client.patch(concrete(route), {}, content_type="application/json", **headers)
    return response


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[f"{n} {r}" for n, r in ROUTES])
def test_every_url_is_public_or_asks_to_sign_in(client: Client, name: str, route: str) -> None:
    response = _open(client, route)
    if name in PUBLIC:
        assert response.status_code < 500, (name, response.status_code)
        return
    if route.startswith("api/"):
        assert response.status_code == 401, (name, response.status_code)
        return
    assert response.status_code == 302, (name, route, response.status_code)
    assert response["Location"].startswith("/masuk/"), (name, response["Location"])


# --- the same URLs for each persona ----------------------------------------------------------
PERSONAS = ["applicant", "clerk", "reviewer_other_agency", "other_tenant_officer",
            "administrator"]
# Pages that are neither public nor admin pages, with the status each persona gets. A new one
# fails `test_every_url_answers_each_persona_as_expected` until it is listed here.
EXPECTED: dict[str, dict[str, int]] = {
    # My account: any account of this region; correcting applicant data is for applicants.
    "accounts:profile": {"applicant": 200, "clerk": 200, "reviewer_other_agency": 200,
                         "other_tenant_officer": 403, "administrator": 200},
    "accounts:profile_edit": {"applicant": 200, "clerk": 403, "reviewer_other_agency": 403,
                              "other_tenant_officer": 403, "administrator": 403},
    "accounts:password_change": {"applicant": 200, "clerk": 200, "reviewer_other_agency": 200,
                                 "other_tenant_officer": 403, "administrator": 200},
    "accounts:password_change_done": {"applicant": 200, "clerk": 200,
                                      "reviewer_other_agency": 200,
                                      "other_tenant_officer": 403, "administrator": 200},
    # POST only (a GET answers 405 to whoever may use it).
    "accounts:resend_verification": {"applicant": 405, "clerk": 403,
                                     "reviewer_other_agency": 403,
                                     "other_tenant_officer": 403, "administrator": 403},
    # The applicant's pages (sample id 1 is the demo applicant's submitted SIA application):
    # applicants only; an officer is refused before anything is looked up.
    **{name: {"applicant": status, "clerk": 403, "reviewer_other_agency": 403,
              "other_tenant_officer": 403, "administrator": 403}
       for name, status in {
           "applications:mine": 200, "applications:start": 200, "applications:detail": 200,
           # POST only.
           "applications:withdraw": 405, "applications:resubmit": 405,
       }.items()},
    # The wizard and the receipt: the applicant, and a clerk only for files filed at the
    # counter (sample 1 is the applicant's own: the clerk is told it does not exist).
    **{name: {"applicant": status, "clerk": clerk, "reviewer_other_agency": 403,
              "other_tenant_officer": 403, "administrator": 403}
       for name, (status, clerk) in {
           "applications:step": (404, 404),  # sample step "1" is not a step
           "applications:receipt": (200, 404), "applications:receipt_pdf": (200, 404),
           "applications:delete": (405, 405),  # POST only
       }.items()},
    # The rejection letter: its applicant and the officers who see the file, once rejected
    # (sample 1 is still at the counter, so it does not exist yet for anyone).
    "applications:rejection_letter": {"applicant": 404, "clerk": 404,
                                      "reviewer_other_agency": 404,
                                      "other_tenant_officer": 404, "administrator": 404},
    # A document: its applicant and the office that handles the file; a technical agency
    # that does not review this file and the administrator (no file role) do not see it.
    "applications:document": {"applicant": 200, "clerk": 200, "reviewer_other_agency": 404,
                               "other_tenant_officer": 404, "administrator": 404},
    # The officer workspace (sample file 1 is the demo SIA application at the counter, which
    # only the health office reviews): officers with a file role; the administrator has none.
    **{name: {"applicant": 403, "clerk": clerk, "reviewer_other_agency": reviewer,
              "other_tenant_officer": 403, "administrator": 403}
       for name, (clerk, reviewer) in {
           "backoffice:inbox": (200, 200), "backoffice:delegations": (200, 200),
           "backoffice:file": (200, 404),
           "backoffice:act": (405, 405), "backoffice:claim": (405, 405),
           "backoffice:assign": (405, 405),  # POST only
           "backoffice:inspection_schedule": (403, 404),  # reviewers and inspectors
           "backoffice:inspection_report": (403, 404),
           "backoffice:inspection_photo": (404, 404),  # no such photo / not their file
       }.items()},
    # The register of issued permits: the one-stop office's permit roles and auditors (here
    # the clerk); technical agencies and the administrator (no permit role) are refused. Sample
    # permit 1 does not exist; revoking and handing over are POST only.
    **{name: {"applicant": 403, "clerk": clerk, "reviewer_other_agency": 403,
              "other_tenant_officer": 403, "administrator": 403}
       for name, clerk in {
           "register:list": 200, "register:export": 200, "register:detail": 404,
           "register:file": 404, "register:revoke": 405, "register:hand_over": 405,
       }.items()},
    # The applicant's own signed permit (sample 1 is no permit of theirs).
    "permits:download": {"applicant": 404, "clerk": 403, "reviewer_other_agency": 403,
                         "other_tenant_officer": 403, "administrator": 403},
    # Signing permits (/petugas/tanda-tangan/): the signing official or their Plh/Plt; other
    # officers are refused before anything is looked up (sign is POST only: 405 first). The
    # draft and the signed file are for officers who see the file (sample file 1 is at the
    # counter, so it has no draft; sample permit 1 does not exist).
    **{name: {"applicant": 403, "clerk": clerk, "reviewer_other_agency": reviewer,
              "other_tenant_officer": 403, "administrator": 403}
       for name, (clerk, reviewer) in {
           "issuance:batch": (403, 403), "issuance:sign": (405, 405),
           "issuance:preview": (404, 404), "issuance:permit_file": (404, 404),
           "issuance:correct": (403, 403),
       }.items()},
    # The counter: front-office clerks only.
    **{name: {"applicant": 403, "clerk": status, "reviewer_other_agency": 403,
              "other_tenant_officer": 403, "administrator": 403}
       for name, status in {"front_office:queue": 200, "front_office:check": 200,
                            "front_office:act": 405, "front_office:assist": 200,
                            # sample user 1 is not an applicant
                            "front_office:assist_start": 404}.items()},
    # A signed-in applicant's own complaints (each links to its private page).
    "complaints:mine": {"applicant": 200, "clerk": 403, "reviewer_other_agency": 403,
                        "other_tenant_officer": 403, "administrator": 403},
    # The officers' complaint pages: complaint handlers and heads (their agency's; the
    # DPMPTSP's all), auditors and administrators (all, read-only); sample number "1" is no
    # complaint; acting and photo review are POST only. Filing at the counter: front-office
    # clerks and complaint handlers.
    **{name: {"applicant": 403, "clerk": clerk, "reviewer_other_agency": 403,
              "other_tenant_officer": 403, "administrator": admin}
       for name, (clerk, admin) in {
           "complaints_office:inbox": (403, 200), "complaints_office:detail": (403, 404),
           "complaints_office:act": (403, 405), "complaints_office:photo": (403, 404),
           "complaints_office:photo_review": (403, 405), "complaints_office:new": (200, 403),
       }.items()},
    # The survey kiosk switch: front-office clerks. The IKM results and their PDF: leaders,
    # auditors, administrators and the one-stop office's officers (not a technical agency's).
    "survey_office:kiosk": {"applicant": 403, "clerk": 200, "reviewer_other_agency": 403,
                            "other_tenant_officer": 403, "administrator": 403},
    **{name: {"applicant": 403, "clerk": 200, "reviewer_other_agency": 403,
              "other_tenant_officer": 403, "administrator": 200}
       for name in ("survey_office:ikm", "survey_office:ikm_report")},
    # The leaders' dashboard and the files behind a figure (default: received): leaders,
    # auditors and administrators of the region (a technical agency's head: their agency's).
    **{name: {"applicant": 403, "clerk": 403, "reviewer_other_agency": 403,
              "other_tenant_officer": 403, "administrator": 200}
       for name in ("monitoring:dashboard", "monitoring:files")},
    # Periodic reports: the same people; the sample run 1 does not exist (404) and retrying
    # is POST only.
    **{name: {"applicant": 403, "clerk": 403, "reviewer_other_agency": 403,
              "other_tenant_officer": 403, "administrator": admin}
       for name, admin in {"reports:index": 200, "reports:runs": 200,
                           "reports:download": 404, "reports:retry": 405}.items()},
    # API, with each persona's bearer token; another region's token is unknown here.
    "api:me_get": {"applicant": 200, "clerk": 200, "reviewer_other_agency": 200,
                   "other_tenant_officer": 401, "administrator": 200},
    "api:auth_logout": {"applicant": 204, "clerk": 204, "reviewer_other_agency": 204,
                        "other_tenant_officer": 401, "administrator": 204},
    # The applicant's API: applicants only, an officer's token is refused before any input is
    # read (sample id 1 is the demo applicant's submitted SIA application; a POST or PATCH
    # carries an empty object). Operations sharing a path are opened with its GET.
    **{name: {"applicant": status, "clerk": 403, "reviewer_other_agency": 403,
              "other_tenant_officer": 401, "administrator": 403}
       for name, status in {
           "api:applications_list": 200, "api:application_create": 200,
           "api:application_get": 200, "api:application_delete": 200,
           "api:uploads_list": 200,
           "api:application_answers": 409,  # submitted: nothing may change
           "api:application_submit": 409,  # already submitted
           "api:application_document_upload": 422, "api:application_document_reuse": 422,
           "api:application_resubmit": 422, "api:application_withdraw": 422,
           "api:application_rejection_letter": 404,  # not rejected
       }.items()},
    # In-app notifications: anyone signed in, each their own (sample 1 is the demo
    # applicant's first in-app message; anyone else's answers like a missing one).
    **{name: {"applicant": mine, "clerk": others, "reviewer_other_agency": others,
              "other_tenant_officer": 403, "administrator": others}
       for name, (mine, others) in {
           "notifications:list": (200, 200),
           "notifications:open": (302, 404),  # marks it read and goes to the application
           "notifications:read": (405, 405), "notifications:read_all": (405, 405),  # POST
       }.items()},
    **{name: {"applicant": mine, "clerk": others, "reviewer_other_agency": others,
              "other_tenant_officer": 401, "administrator": others}
       for name, (mine, others) in {
           "api:notifications_list": (200, 200), "api:notifications_read_all": (200, 200),
           "api:notification_read": (200, 404),
       }.items()},
    # The officer API: officers with a file role (sample file 1 is the demo SIA application at
    # the counter, which only the health office reviews; a POST carries an empty object, so
    # acting and assigning are refused for the missing fields before anything is looked up).
    **{name: {"applicant": 403, "clerk": clerk, "reviewer_other_agency": reviewer,
              "other_tenant_officer": 401, "administrator": 403}
       for name, (clerk, reviewer) in {
           "api:officer_inbox": (200, 200), "api:officer_file": (200, 404),
           "api:officer_act": (422, 422), "api:officer_assign": (422, 422),
           "api:officer_claim": (200, 404),  # the counter's pool: the clerk takes it
           "api:officer_release": (403, 404),  # nobody has it; a clerk is no head
       }.items()},
}
# Pages that send people who are already signed in on: the sign-in page
# (redirect_authenticated_user), registration, and the second-factor steps.
SIGNED_IN_MOVES_ON = {"accounts:login", "accounts:register", "accounts:register_individual",
                      "accounts:register_business", "accounts:otp_verify",
                      "accounts:otp_enrol"}
# Admin views Django does not wrap in the permission check: they send everyone to sign in.
ADMIN_SIGN_IN = {"admin:login"}
ADMIN_OK = {200, 302, 404, 405}  # what an administrator may get (sample ids may not exist)


@pytest.fixture(scope="module")
def anonymous_status(django_db_setup: None, django_db_blocker: object) -> dict[str, int]:
    """What a signed-out visitor gets for each public URL, to compare the personas with.
    Opened in a transaction that is rolled back: what a page stores on first need (the
    monitoring summary's settled days, for `/statistik/`) must not outlive this module and
    hide from later tests the rows they backdate."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        client = Client()
        found = {name: _open(client, route).status_code
                 for name, route in ROUTES if name in PUBLIC}
        transaction.set_rollback(True)
    return found


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[f"{n} {r}" for n, r in ROUTES])
def test_every_url_answers_each_persona_as_expected(
    client: Client, request: pytest.FixtureRequest, anonymous_status: dict[str, int],
    persona: str, name: str, route: str,
) -> None:
    user = request.getfixturevalue(persona)
    sign_in(client, user)  # officers with their second factor
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token(user)}"} if route.startswith(
        "api/") else {}
    response = _open(client, route, **headers)
    status = response.status_code
    if name in SIGNED_IN_MOVES_ON or name in ADMIN_SIGN_IN:
        assert status == 302, (name, persona, status)
        return
    if name in PUBLIC:
        assert status == anonymous_status[name], (name, persona, status)
        return
    if name.startswith("admin:"):
        if persona != "administrator":
            # Signed in but not this tenant's administrator (another tenant's included): 403.
            assert status == 403, (name, persona, status)
            return
        if status == 403:
            # Only where the page's admin refuses the act to everyone (read-only models).
            assert _admin_refuses(name, request.getfixturevalue(persona)), (name, status)
            return
        assert status in ADMIN_OK, (name, status)
        if status == 302:
            assert not response["Location"].startswith("/masuk/"), (name, response["Location"])
        if name == "admin:index" or name.endswith("_changelist"):
            assert status == 200, (name, status)
        return
    assert name in EXPECTED, f"say who may open {name} ({route}) in EXPECTED"
    assert status == EXPECTED[name][persona], (name, persona, status)


def _admin_refuses(name: str, user: User) -> bool:
    """Whether the admin page `name` is refused even to `user`: adding or deleting where the
    model's admin allows it to nobody (read-only models, published versions)."""
    if name == "admin:autocomplete":
        return True  # without a field to complete, Django's view refuses (PermissionDenied)
    pages = {f"admin:{model._meta.app_label}_{model._meta.model_name}_{act}": (ma, act)
             for model, ma in admin_site._registry.items() for act in ("add", "delete")}
    if name not in pages:
        return False
    model_admin, act = pages[name]
    fake = RequestFactory().get("/admin/")
    fake.user = user
    fake.tenant = Tenant.objects.get(code="llg")  # type: ignore[attr-defined]
    if act == "add":
        return not model_admin.has_add_permission(fake)
    obj = model_admin.get_object(fake, SAMPLES["object_id"])
    return not model_admin.has_delete_permission(fake, obj)


def test_the_public_pages_answer_like_for_anonymous(anonymous_status: dict[str, int]) -> None:
    # The comparison is only worth something if the public pages really answer.
    assert anonymous_status["home"] == 200
    assert anonymous_status["catalog:detail"] == 200
    assert anonymous_status["api:list_services"] == 200


# --- signing in -----------------------------------------------------------------------------
def _sign_in(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post("/masuk/", {"username": username, "password": password}, **extra)


def _signed_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).username if user_id else None


def test_signing_in_with_the_demo_password_works(client: Client) -> None:
    response = _sign_in(client, "pemohon", DEMO_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_as(client) == "pemohon"


def test_signing_in_returns_to_the_page_asked_for(client: Client) -> None:
    response = client.post("/masuk/?next=/layanan/SIA/",
                           {"username": "pemohon", "password": DEMO_PASSWORD,
                            "next": "/layanan/SIA/"})
    assert response.status_code == 302
    assert response["Location"] == "/layanan/SIA/"


def test_a_wrong_password_is_refused_with_a_clear_message(client: Client) -> None:
    response = _sign_in(client, "pemohon", "salah-sekali")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nama pengguna atau sandi salah" in html
    assert "nama pengguna nama pengguna" not in html.lower()
    assert _signed_in_as(client) is None


def test_another_regions_account_is_refused_here_and_works_at_home(client: Client) -> None:
    refused = _sign_in(client, "admin.pga", PERSONA_PASSWORD)
    assert refused.status_code == 200
    assert "Nama pengguna atau sandi salah" in refused.content.decode()
    assert _signed_in_as(client) is None
    at_home = _sign_in(client, "admin.pga", PERSONA_PASSWORD, HTTP_HOST="pagaralam.localhost")
    # The password is right there: an officer goes on to set up their second factor.
    assert at_home.status_code == 302
    assert at_home["Location"] == "/masuk/aktifkan-2fa/"


def test_five_failures_lock_the_account_out(client: Client, settings: Any) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert _sign_in(client, "pemohon", "salah-sekali").status_code == 200
    fifth = _sign_in(client, "pemohon", "salah-sekali")
    assert fifth.status_code == 429
    # From now on even the right password is refused, with the lockout page.
    locked = _sign_in(client, "pemohon", DEMO_PASSWORD)
    assert locked.status_code == 429
    assert "Akun dikunci sementara" in locked.content.decode()
    assert _signed_in_as(client) is None
    # Another account from the same address is not locked by someone else's failures.
    assert _sign_in(client, "petugas.fo", DEMO_PASSWORD).status_code == 302
