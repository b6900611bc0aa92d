"""Every URL the project serves, opened anonymously: public, or sent to sign in.

A new URL fails this test until it is placed in one of the lists below, so nobody can add a
page or endpoint without deciding who may open it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Public: anyone may open these (by URL name; namespaces joined with ':').
PUBLIC = {
    "home", "catalog:list", "catalog:detail", "accounts:login", "accounts:logout",
    "set_language", "healthz",
    "api:api-root", "api:openapi-json", "api:openapi-view",
    "api:list_services", "api:get_service",
}
# Sample values for path parameters, so every pattern can be opened.
SAMPLES = {"code": "SIA", "object_id": "1", "app_label": "catalog", "content_type_id": "1",
           "id": "1", "pk": "1", "url": "x", "path": "x"}


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


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[f"{n} {r}" for n, r in ROUTES])
def test_every_url_is_public_or_asks_to_sign_in(client: Client, name: str, route: str) -> None:
    response = client.get(concrete(route))
    if name in PUBLIC:
        assert response.status_code < 500, (name, response.status_code)
        return
    if route.startswith("api/"):
        assert response.status_code == 401, (name, response.status_code)
        return
    assert response.status_code == 302, (name, route, response.status_code)
    assert response["Location"].startswith("/masuk/"), (name, response["Location"])
