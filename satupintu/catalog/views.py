"""Public catalog pages: home, `/layanan/` and `/layanan/<code>/`."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from satupintu.catalog import selectors
from satupintu.catalog.forms import CatalogFilterForm
from satupintu.core.errors import NotFound
from satupintu.core.request import TenantRequest
from satupintu.tenants.selectors import agency_list


def home(request: TenantRequest) -> HttpResponse:
    tenant = request.tenant
    services = selectors.service_search(tenant=tenant, filters=selectors.ServiceFilters())
    return render(request, "catalog/home.html", {
        "service_count": services.count(),
        "agencies": agency_list(tenant=tenant).filter(is_one_stop=False),
        "form": CatalogFilterForm(tenant=tenant),
    })


def service_list(request: TenantRequest) -> HttpResponse:
    form = CatalogFilterForm(request.GET, tenant=request.tenant)
    filters = form.filters()
    services = list(selectors.service_search(tenant=request.tenant, filters=filters))
    today = selectors.tenant_today(request.tenant)
    rows = [(s, selectors.new_variant(selectors.current_standard(s, today))) for s in services]
    template = (
        "catalog/_results.html" if getattr(request, "htmx", False) else "catalog/list.html"
    )
    return render(request, template, {"form": form, "rows": rows, "filters": filters})


def service_detail(request: TenantRequest, code: str) -> HttpResponse:
    try:
        service = selectors.service_get(tenant=request.tenant, code=code.upper())
    except NotFound as exc:
        raise Http404 from exc
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
