"""Administration of permit templates, with a preview on made-up data.

Writes go through issuance.services (checked in the sandbox and audited); the preview renders
the saved template with `document.sample_context()`, never with an applicant's data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from satupintu.core.admin import TenantAdmin, TenantAdminForm, actor_of, tenant_of
from satupintu.core.admin_site import admin_site
from satupintu.core.errors import DomainError
from satupintu.issuance import services
from satupintu.issuance.document import (
    PermitTemplateError,
    default_template_html,
    render_html,
    render_pdf,
    sample_context,
)
from satupintu.issuance.models import PermitTemplate


class PermitTemplateForm(TenantAdminForm):
    def clean(self) -> dict[str, Any]:
        # The service's checks, run while the form can still show them on the field.
        cleaned = super().clean() or self.cleaned_data
        html = cleaned.get("html")
        if html:
            try:
                services.check_template(html)
            except DomainError as exc:
                for field, message in (exc.details or {}).items():
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


class PermitTemplateAdmin(TenantAdmin):
    form = PermitTemplateForm
    list_display = ["__str__", "service", "updated_by", "updated_at", "preview_link"]
    fields = ["service", "html", "preview_link"]
    readonly_fields = ["preview_link"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The service a template belongs to is fixed once saved (delete and add instead).
        return ["service", "preview_link"] if obj is not None else ["preview_link"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # A new template starts as a copy of the shipped default.
        return {"html": default_template_html()}

    @admin.display(description=_("preview"))
    def preview_link(self, obj: PermitTemplate | None) -> str:
        if obj is None or obj.pk is None:
            return str(_("Save the template to preview it."))
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> · '
            '<a href="{}?format=html" target="_blank" rel="noopener">{}</a>',
            reverse("admin:issuance_permittemplate_preview", args=[obj.pk]), _("PDF"),
            reverse("admin:issuance_permittemplate_preview", args=[obj.pk]), _("HTML"))

    def get_urls(self) -> list[URLPattern]:
        return [path("<path:object_id>/pratinjau/",
                     self.admin_site.admin_view(self.preview_view),
                     name="issuance_permittemplate_preview"), *super().get_urls()]

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        template = self.get_queryset(request).filter(pk=object_id if object_id.isdigit()
                                                     else 0).first()
        if template is None:
            raise Http404
        try:
            html = render_html(template.html, sample_context())
        except PermitTemplateError as exc:
            return HttpResponse(str(exc), content_type="text/plain; charset=utf-8", status=422)
        if request.GET.get("format") == "html":
            response = HttpResponse(html, content_type="text/html; charset=utf-8")
            # The administrator's HTML, shown as a page of ours: no scripts, no requests out.
            response["Content-Security-Policy"] = "default-src 'none'; img-src data:; " \
                                                  "style-src 'unsafe-inline'"
        else:
            response = HttpResponse(render_pdf(html, sample_context()).pdf,
                                    content_type="application/pdf")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    def create(self, request: HttpRequest, fields: dict[str, Any]) -> PermitTemplate:
        return services.permit_template_create(
            tenant=tenant_of(request), actor=actor_of(request), html=fields.get("html", ""),
            service=fields.get("service"))

    def update(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        if "html" in changes:
            services.permit_template_update(template=obj, actor=actor_of(request),
                                            html=changes["html"])

    def remove(self, request: HttpRequest, obj: Any) -> None:
        services.permit_template_delete(template=obj, actor=actor_of(request))


admin_site.register(PermitTemplate, PermitTemplateAdmin)
