"""The request type every view receives once TenantMiddleware has run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from satupintu.tenants.models import Tenant


class TenantRequest(HttpRequest):
    """An HttpRequest whose tenant has been resolved from its host name."""

    tenant: Tenant
    htmx: HtmxDetails
