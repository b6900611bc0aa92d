"""An Open311 client's conversation with the running server, over real HTTP, in both formats:
discovery → services → service definition → POST → GET by id → token → list by status."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from satupintu.open311.demo import DEMO_KEY, ensure_demo_open311_client
from satupintu.tenants.models import Tenant
from tests.open311.helpers import CATEGORY, post_data

pytestmark = pytest.mark.usefixtures("demo_db")


class Open311Client:
    """What a partner app does: plain HTTP, answers parsed by content type."""

    def __init__(self, base: str, fmt: str) -> None:
        self.base = base
        self.fmt = fmt

    def call(self, path: str, query: dict[str, str] | None = None,
             form: dict[str, str] | None = None) -> tuple[int, Any]:
        url = f"{self.base}/{path}.{self.fmt}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(url, data=data)  # noqa: S310 (http only)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status, content_type, body = (response.status, response.headers["Content-Type"],
                                              response.read())
        except urllib.error.HTTPError as error:
            status, content_type, body = error.code, error.headers["Content-Type"], error.read()
        if self.fmt == "json":
            assert content_type == "application/json; charset=utf-8"
            return status, json.loads(body)
        assert content_type == "text/xml; charset=utf-8"
        assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
        return status, ET.fromstring(body)  # noqa: S314 (our own answer)


def _records(fmt: str, body: Any, item: str) -> list[dict[str, Any]]:
    """A list answer as dicts of text (XML) or values (JSON)."""
    if fmt == "json":
        assert isinstance(body, list)
        return body
    return [{child.tag: child.text or "" for child in element}
            for element in body.findall(item)]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_partner_app_conversation(live_server: Any, fmt: str) -> None:
    ensure_demo_open311_client(Tenant.objects.get(code="llg"))
    app = Open311Client(f"{live_server.url}/open311/v2", fmt)

    status, discovery = app.call("discovery")
    assert status == 200
    if fmt == "json":
        endpoint = discovery["endpoints"][0]
        formats = endpoint["formats"]
    else:
        assert discovery.tag == "discovery"
        found = discovery.find("endpoints/endpoint")
        assert found is not None
        endpoint = {child.tag: child.text for child in found}
        formats = [f.text for f in found.findall("formats/format")]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == f"{live_server.url}/open311/v2"
    assert endpoint["type"] == "production"
    assert formats == ["text/xml", "application/json"]

    status, body = app.call("services")
    assert status == 200
    services = _records(fmt, body, "service")
    assert CATEGORY in {s["service_code"] for s in services}
    assert all(str(s["metadata"]).lower() == "true" and s["type"] == "realtime"
               for s in services)

    status, body = app.call(f"services/{CATEGORY}")
    assert status == 200
    if fmt == "json":
        codes = [a["code"] for a in body["attributes"]]
        agencies = next(a for a in body["attributes"] if a["code"] == "agency")["values"]
    else:
        assert body.tag == "service_definition"
        codes = [a.findtext("code") for a in body.findall("attributes/attribute")]
        agencies = body.findall("attributes/attribute[code='agency']/values/value")
    assert set(codes) == {"kelurahan", "agency", "tracking_number", "permit_number",
                          "lapor_ticket"}
    assert agencies

    status, body = app.call("requests", form=post_data(
        api_key=DEMO_KEY, lat="-3.2945", long="102.8612",
        **{"attribute[kelurahan]": "16.73.01.1001"}))
    assert status == 200, body
    [created] = _records(fmt, body, "request")
    number, token = created["service_request_id"], created["token"]
    assert number.startswith("ADU-")
    assert token

    status, body = app.call(f"requests/{number}")
    assert status == 200
    [found] = _records(fmt, body, "request")
    assert found["service_request_id"] == number
    assert found["status"] == "open"
    assert found["service_code"] == CATEGORY
    assert found["requested_datetime"].endswith("+07:00")
    assert "warga.rahasia@example.org" not in json.dumps(found)

    status, body = app.call(f"tokens/{token}")
    assert status == 200
    assert _records(fmt, body, "request") == [{"service_request_id": number, "token": token}]

    status, body = app.call("requests", query={"status": "open", "service_code": CATEGORY})
    assert status == 200
    listed = _records(fmt, body, "request")
    assert number in [r["service_request_id"] for r in listed]
    assert {r["status"] for r in listed} == {"open"}
    status, body = app.call("requests", query={"status": "closed"})
    assert number not in [r["service_request_id"] for r in _records(fmt, body, "request")]

    status, body = app.call("requests", form=post_data(api_key="bukan-kunci"))
    assert status == 403
    assert _records(fmt, body, "error")[0]["code"] in (403, "403")
