"""/open311/v2/…: the GeoReport v2 resources, each as .json or .xml; anything else under the
prefix is the standard's 404 error list (never the site's HTML page)."""

from __future__ import annotations

from django.urls import path, re_path, register_converter

from satupintu.open311 import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class KeyConverter:
    """A service code, request id or token: no slash, no dot (the dot starts the format)."""

    regex = "[^/.]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "open311_fmt")
register_converter(KeyConverter, "open311_key")

app_name = "open311"
urlpatterns = [
    path("discovery.<open311_fmt:fmt>", views.discovery, name="discovery"),
    path("services.<open311_fmt:fmt>", views.services, name="services"),
    path("services/<open311_key:code>.<open311_fmt:fmt>", views.service_definition,
         name="service"),
    path("requests.<open311_fmt:fmt>", views.service_requests, name="requests"),
    path("requests/<open311_key:service_request_id>.<open311_fmt:fmt>", views.service_request,
         name="request"),
    path("tokens/<open311_key:token>.<open311_fmt:fmt>", views.token, name="token"),
    path("", views.not_found, name="root"),
    re_path(r"^(?P<rest>.+)$", views.not_found, name="not_found"),
]
