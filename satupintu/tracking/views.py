"""`/lacak/`: the public tracking page (Bahasa Indonesia first), no account needed.

Lookups are form POSTs only, so the PIN stays out of addresses, histories and server logs (the
API, a contract of its own, takes it in the query); a link with `?nomor=` fills in the number.
A wrong PIN, an unknown number and a malformed number render the same page with the same status
(404), echoing nothing that was typed.
"""

from __future__ import annotations

import math

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from satupintu.core.request import TenantRequest
from satupintu.issuance.views_download import tracked_permit
from satupintu.tracking import selectors
from satupintu.tracking.throttle import hit

TEMPLATE = "tracking/track.html"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request: TenantRequest) -> HttpResponse:
    if request.method != "POST":
        prefill = selectors.normalize_tracking_number(request.GET.get("nomor")) or ""
        return render(request, TEMPLATE, {"prefill": prefill})
    number, pin = request.POST.get("nomor"), request.POST.get("pin")
    wait = hit(request)
    if wait is not None:
        response = render(request, TEMPLATE, {"throttled": True}, status=429)
        response["Retry-After"] = str(math.ceil(wait))
        return response
    found = selectors.track(tenant=request.tenant, tracking_number=number, pin=pin)
    if found is None:
        return render(request, TEMPLATE, {"not_found": True}, status=404)
    return render(request, TEMPLATE, {
        "found": found, "via_tracking": True,
        "permit_copy": tracked_permit(request.tenant, found.tracking_number, found.status)})
