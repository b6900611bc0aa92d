"""JSON and XML answers in the shapes GeoReport v2 names, and its error list.

XML is built with ElementTree, which escapes text; characters XML 1.0 cannot carry at all
(control characters someone typed into a complaint) are dropped so the document stays valid.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpResponse

JSON = "json"
XML = "xml"
FORMATS = (JSON, XML)
CONTENT_TYPES = {JSON: "application/json; charset=utf-8", XML: "text/xml; charset=utf-8"}

# The element name of one member of a list, by the list's name (the standard's spelling).
ITEM_NAMES = {
    "services": "service", "service_requests": "request", "attributes": "attribute",
    "values": "value", "endpoints": "endpoint", "formats": "format", "errors": "error",
    "discovery": "discovery", "service_definition": "service_definition",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        name = ITEM_NAMES.get(element.tag, "item")
        for item in value:
            _fill(ET.SubElement(element, name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, body: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, body)
    content: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    return content.replace(b"<?xml version='1.0' encoding='utf-8'?>",
                           b'<?xml version="1.0" encoding="utf-8"?>', 1)


def respond(fmt: str, root: str, body: Any, status: int = 200) -> HttpResponse:
    """`body` as JSON, or as XML under the element `root` (lists get the standard's member
    names: <services><service>…, <service_requests><request>…)."""
    if fmt == XML:
        content = to_xml(root, body)
    else:
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
    response = HttpResponse(content, status=status, content_type=CONTENT_TYPES[fmt])
    response["X-Content-Type-Options"] = "nosniff"
    return response


def error_response(fmt: str, status: int, descriptions: Sequence[str],
                   headers: Mapping[str, str] | None = None) -> HttpResponse:
    """The standard's error list: one `{code, description}` per problem, HTTP status `status`."""
    body = [{"code": status, "description": str(text)} for text in descriptions]
    response = respond(fmt if fmt in FORMATS else JSON, "errors", body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response
