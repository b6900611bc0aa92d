"""`/petugas/izin/`: the officers' register of issued permits — search, export, a permit's page
with its history, the signed file, revocation and the handover at the counter."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.calendars.selectors import local_date
from satupintu.catalog.models import Service
from satupintu.core.decorators import officer_required
from satupintu.core.errors import DomainError
from satupintu.core.request import TenantRequest
from satupintu.issuance import export, lifecycle, register
from satupintu.issuance.models import Permit, PermitStatus
from satupintu.issuance.status import permit_status

View = Callable[..., HttpResponse]


def reader_required(view: View) -> View:
    """Officers with a register role and their second factor (the decorator), of the one-stop
    office or the inspectorate (checked here: a head of a technical agency holds a register
    role elsewhere)."""

    @officer_required(*register.READER_ROLES)
    @wraps(view)
    def wrapper(request: TenantRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not register.may_read_register(request.user, request.tenant):  # type: ignore[arg-type]
            return render(request, "errors/403.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _permit(request: TenantRequest, pk: int) -> Permit:
    permit = register.register_permit(tenant=request.tenant, pk=pk)
    if permit is None:
        raise Http404
    return permit


@reader_required
@require_GET
def register_list(request: TenantRequest) -> HttpResponse:
    filters = register.filters_from(request.GET.dict())
    today = local_date(request.tenant)
    qs = register.register_queryset(tenant=request.tenant, filters=filters, today=today)
    page = Paginator(qs, register.PAGE_SIZE).get_page(filters.page)
    return render(request, "issuance/register_list.html", {
        "page": page, "filters": filters, "query": filters.query_string(),
        "rows": [(p, permit_status(p, today)) for p in page.object_list],
        "statuses": PermitStatus.choices,
        "services": Service.objects.filter(tenant=request.tenant).order_by("name")
        .values_list("code", "name"),
    })


@reader_required
@require_GET
def register_export(request: TenantRequest) -> HttpResponse:
    filters = register.filters_from(request.GET.dict())
    today = local_date(request.tenant)
    qs = register.register_queryset(tenant=request.tenant, filters=filters, today=today)
    data = list(export.rows(qs, zone=ZoneInfo(request.tenant.timezone), today=today))
    name = f"register-izin-{request.tenant.code}-{today.isoformat()}"
    xlsx = request.GET.get("format") == "xlsx"
    lifecycle.register_export_recorded(
        tenant=request.tenant, actor=request.user,  # type: ignore[arg-type]
        search=request.GET.dict(), rows=len(data), file_format="xlsx" if xlsx else "csv")
    response: HttpResponse
    if xlsx:
        response = HttpResponse(
            export.xlsx_bytes(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    # Built in memory: a city's register for a year is a few megabytes at most.
    response = HttpResponse("".join(export.csv_lines(data)),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _correction_url(permit: Permit) -> str | None:
    # The correction page belongs to the signing screens; linked only where it is installed.
    try:
        return reverse("issuance:correct", args=[permit.pk])
    except NoReverseMatch:
        return None


@reader_required
@require_GET
def register_detail(request: TenantRequest, pk: int) -> HttpResponse:
    permit = _permit(request, pk)
    user: User = request.user  # type: ignore[assignment]
    tenant = request.tenant
    case = permit.application.case
    status = permit_status(permit, local_date(tenant))
    history = (AuditRecord.objects.filter(tenant=tenant, object_type="issuance.permit",
                                          object_id=str(permit.pk))
               .only("at", "action", "actor_label", "reason", "after").order_by("seq"))
    in_force = status not in {PermitStatus.REVOKED, PermitStatus.SUPERSEDED}
    return render(request, "issuance/register_detail.html", {
        "permit": permit, "status": status, "case": case, "history": history,
        "may_revoke": permit.revoked_at is None and register.may_revoke(user, tenant),
        "may_hand_over": (in_force and permit.handed_over_at is None and case is not None
                          and case.state == "issued" and register.may_hand_over(user, tenant)),
        "correction_url": _correction_url(permit) if in_force else None,
        "verify_path": f"/verifikasi/{permit.token}",
    })


def serve_permit(permit: Permit) -> HttpResponse:
    """The signed PDF as stored (its bytes are what the register's SHA-256 names); a permit
    is a few hundred kilobytes, read whole."""
    safe = "".join(c if c.isalnum() else "-" for c in permit.number).strip("-")
    with permit.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="izin-{safe or permit.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@reader_required
@require_GET
def register_file(request: TenantRequest, pk: int) -> HttpResponse:
    permit = _permit(request, pk)
    lifecycle.permit_download_recorded(permit=permit, actor=request.user,  # type: ignore[arg-type]
                                       via="register")
    return serve_permit(permit)


def _fail(request: TenantRequest, exc: DomainError) -> None:
    messages.error(request, str(exc.message))
    if isinstance(exc.details, dict):
        for text in exc.details.values():
            messages.error(request, str(text))


@reader_required
@require_POST
def register_revoke(request: TenantRequest, pk: int) -> HttpResponse:
    permit = _permit(request, pk)
    try:
        lifecycle.permit_revoke(permit=permit, actor=request.user,  # type: ignore[arg-type]
                                reason=request.POST.get("reason", ""))
    except DomainError as exc:
        if exc.http_status == 403:
            return render(request, "errors/403.html", status=403)
        _fail(request, exc)
    else:
        messages.success(request, _("The permit was revoked."))
    return redirect("register:detail", pk=permit.pk)


@reader_required
@require_POST
def register_hand_over(request: TenantRequest, pk: int) -> HttpResponse:
    permit = _permit(request, pk)
    post = request.POST
    try:
        version = int(post.get("version", ""))
    except ValueError:
        version = -1
    try:
        lifecycle.permit_hand_over(
            permit=permit, actor=request.user,  # type: ignore[arg-type]
            receiver_name=post.get("receiver_name", ""),
            receiver_id_number=post.get("receiver_id_number", ""),
            receiver_relation=post.get("receiver_relation", ""), expected_version=version)
    except DomainError as exc:
        if exc.http_status == 403:
            return render(request, "errors/403.html", status=403)
        _fail(request, exc)
    else:
        messages.success(request, _("The handover was recorded."))
    return redirect("register:detail", pk=permit.pk)
