"""The in-app list (`/notifikasi/`): a signed-in person's messages, applicants and officers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from satupintu.accounts.models import User
from satupintu.accounts.views import signed_in_required
from satupintu.core.errors import NotFound
from satupintu.core.request import TenantRequest
from satupintu.notifications import selectors, services

PER_PAGE = 20


def _user(request: TenantRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@signed_in_required
def notification_list(request: TenantRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = selectors.my_notifications(tenant=request.tenant, user=_user(request),
                                      unread_only=unread_only)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "unread_only": unread_only,
        "unread": selectors.unread_count(tenant=request.tenant, user=_user(request)),
    })


@signed_in_required
def notification_open(request: TenantRequest, pk: int) -> HttpResponse:
    """Mark the message read and go where it leads (the file)."""
    try:
        notification = services.notification_mark_read(
            tenant=request.tenant, user=_user(request), notification_id=pk)
    except NotFound as exc:
        raise Http404 from exc
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(target)


@signed_in_required
@require_POST
def notification_read(request: TenantRequest, pk: int) -> HttpResponse:
    try:
        services.notification_mark_read(tenant=request.tenant, user=_user(request),
                                        notification_id=pk)
    except NotFound as exc:
        raise Http404 from exc
    return redirect(_back(request))


@signed_in_required
@require_POST
def notification_read_all(request: TenantRequest) -> HttpResponse:
    services.notification_mark_all_read(tenant=request.tenant, user=_user(request))
    return redirect(_back(request))


def _back(request: TenantRequest) -> str:
    """The page of the list the form was on (a relative path only)."""
    back = request.POST.get("next", "")
    if back.startswith("/notifikasi/") and url_has_allowed_host_and_scheme(
            back, allowed_hosts=None):
        return back
    return "/notifikasi/"
