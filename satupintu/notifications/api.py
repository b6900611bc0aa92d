"""The in-app list over the API: `/api/v1/notifications…`, for applicants and officers alike.

Another person's message answers 404 exactly like a missing one.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from satupintu.accounts.api_auth import TokenAuth
from satupintu.accounts.models import User
from satupintu.api.errors import ErrorOut
from satupintu.core.request import TenantRequest
from satupintu.notifications import selectors, services
from satupintu.notifications.models import Notification

router = Router(tags=["notifications"], auth=TokenAuth())
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class NotificationOut(Schema):
    id: int
    event: str = Field(description="Machine code, e.g. `registered`, `entered_pool`, `overdue`.")
    event_label: str = Field(description="The event in the reader's language.")
    title: str = Field(description="Indonesian, then English.")
    text: str = Field(description="Indonesian, then English (one line each).")
    url: str = Field(description="Where it leads, a path on this site: the applicant's "
                                 "application, or the officer's file.")
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationListOut(Schema):
    unread: int = Field(description="Unread messages in all.")
    count: int = Field(description="Messages matching the filter.")
    items: list[NotificationOut]


class ListFilters(Schema):
    unread_only: bool = False
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class ReadAllOut(Schema):
    marked: int


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _out(notification: Notification) -> dict[str, Any]:
    return {"id": notification.pk, "event": notification.event,
            "event_label": str(notification.get_event_display()),
            "title": notification.subject, "text": notification.body, "url": notification.url,
            "created_at": notification.created_at, "read_at": notification.read_at}


def _errors(*codes: int) -> dict[int, Any]:
    return dict.fromkeys(codes, ErrorOut)


@router.get("", response={200: NotificationListOut, **_errors(401, 422)},
            summary="My notifications")
def notifications_list(request: TenantRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    """Your in-app messages, newest first."""
    user = _user(request)
    rows = selectors.my_notifications(tenant=request.tenant, user=user,
                                      unread_only=filters.unread_only)
    page = list(rows[filters.offset:filters.offset + filters.limit])
    return {"unread": selectors.unread_count(tenant=request.tenant, user=user),
            "count": rows.count(), "items": [_out(n) for n in page]}


@router.post("/read-all", response={200: ReadAllOut, **_errors(401)},
             summary="Mark all my notifications read")
def notifications_read_all(request: TenantRequest) -> dict[str, int]:
    return {"marked": services.notification_mark_all_read(tenant=request.tenant,
                                                          user=_user(request))}


@router.post("/{id}/read", response={200: NotificationOut, **_errors(401, 404, 422)},
             summary="Mark one notification read")
def notification_read(request: TenantRequest, id: Id) -> dict[str, Any]:
    """Reading it again changes nothing."""
    notification = services.notification_mark_read(tenant=request.tenant, user=_user(request),
                                                   notification_id=id)
    return _out(notification)
