"""`/verifikasi/`: anyone checks a permit without an account (Bahasa Indonesia first).

A number or register code typed into the form leads to the permit's own page (the same page the
QR code opens); an unknown token is the site's 404 page. An uploaded PDF is checked against the
register and its signature, and never stored. Lookups and uploads share one budget per client
(throttle.py). Pages are never cached: a permit can be revoked at any moment, and every page
carries a CSRF token (the language switch).
"""

from __future__ import annotations

import math
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from satupintu.core.errors import ValidationFailed
from satupintu.core.request import TenantRequest
from satupintu.issuance import selectors
from satupintu.issuance.throttle import hit
from satupintu.issuance.verify_upload import MAX_DOCUMENT_BYTES, read_pdf

INDEX = "verification/index.html"
PERMIT = "verification/permit.html"
QUERY_MAX = selectors.MAX_QUERY_LENGTH


def _render(request: TenantRequest, template: str, context: dict[str, Any],
            status: int = 200, *, noindex: bool = False) -> HttpResponse:
    response = render(request, template, {"max_mb": MAX_DOCUMENT_BYTES // (1024 * 1024),
                                          "query_max": QUERY_MAX, **context}, status=status)
    if noindex:
        # A permit's page names its holder (masked or a business): not for search engines.
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _throttled(request: TenantRequest, template: str, wait: float) -> HttpResponse:
    response = _render(request, template, {"throttled": True}, status=429, noindex=True)
    response["Retry-After"] = str(math.ceil(wait))
    return response


@never_cache
@require_GET
def index(request: TenantRequest) -> HttpResponse:
    """The form; with `?q=` (a number or register code) it looks the permit up."""
    query = request.GET.get("q")
    if query is None or not query.strip():
        return _render(request, INDEX, {})
    wait = hit(request)
    if wait is not None:
        return _throttled(request, INDEX, wait)
    permit = selectors.permit_by_number_or_token(request.tenant, query)
    if permit is None:
        # Nothing typed is echoed back: the page reads the same for every miss.
        return _render(request, INDEX, {"not_found": True}, status=404, noindex=True)
    return redirect("verification:permit", token=permit.token)


@never_cache
@require_GET
def permit(request: TenantRequest, token: str) -> HttpResponse:
    """The permit's status, as the QR code on the document opens it."""
    wait = hit(request)
    if wait is not None:
        return _throttled(request, PERMIT, wait)
    found = selectors.permit_by_token(request.tenant, token)
    if found is None:
        raise Http404
    today = selectors.region_today(request.tenant)
    return _render(request, PERMIT, {"v": selectors.verification(found, today)}, noindex=True)


@never_cache
@require_POST
def document(request: TenantRequest) -> HttpResponse:
    """Is the uploaded PDF exactly a document this office issued, with a valid signature?"""
    wait = hit(request)
    if wait is not None:
        return _throttled(request, INDEX, wait)
    try:
        data = read_pdf(request.FILES.get("file"))
    except ValidationFailed as error:
        return _render(request, INDEX, {"upload_error": error.message}, status=422,
                       noindex=True)
    check = selectors.document_check(request.tenant, data)
    return _render(request, INDEX, {"check": check}, noindex=True)
