"""Public catalog pages: home, `/layanan/` and `/layanan/<code>/`."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from satupintu.catalog import selectors
from satupintu.catalog.forms import CatalogFilterForm
from satupintu.catalog.models import Service
from satupintu.core.errors import NotFound
from satupintu.core.request import TenantRequest


def home(request: TenantRequest) -> HttpResponse:
    tenant = request.tenant
    services = selectors.service_search(tenant=tenant, filters=selectors.ServiceFilters())
    return render(request, "catalog/home.html", {
        "service_count": services.count(),
        "agencies": selectors.agencies_with_services(tenant=tenant),
        "form": CatalogFilterForm(tenant=tenant),
    })


def service_list(request: TenantRequest) -> HttpResponse:
    form = CatalogFilterForm(request.GET, tenant=request.tenant)
    filters = form.filters()
    services = list(selectors.service_search(tenant=request.tenant, filters=filters))
    today = selectors.tenant_today(request.tenant)
    rows = [(s, selectors.new_variant(selectors.current_standard(s, today))) for s in services]
    # htmx filtering swaps in the results only; going Back to such an address restores it
    # with a history-restore request, which needs the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "catalog/_results.html" if partial else "catalog/list.html"
    response = render(request, template, {"form": form, "rows": rows, "filters": filters})
    # One address, two bodies: caches (the browser's Back included) must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _service_or_404(request: TenantRequest, code: str) -> Service:
    try:
        return selectors.service_get(tenant=request.tenant, code=code.upper())
    except NotFound as exc:
        raise Http404 from exc


def service_detail(request: TenantRequest, code: str) -> HttpResponse:
    service = _service_or_404(request, code)
    today = selectors.tenant_today(request.tenant)
    standard = selectors.current_standard(service, today)
    variants = [
        (variant, list(selectors.variant_requirements(variant)))
        for variant in (standard.variants.all() if standard else [])
    ]
    return render(request, "catalog/detail.html", {
        "service": service,
        "standard": standard,
        "upcoming": selectors.upcoming_standard(service, today),
        "variants": variants,
    })


def service_detail_without_slash(request: TenantRequest, code: str) -> HttpResponse:
    """`/layanan/<code>`: a known service's page, or 404 directly for an unknown code."""
    service = _service_or_404(request, code)
    return HttpResponsePermanentRedirect(reverse("catalog:detail", args=[service.code]))
