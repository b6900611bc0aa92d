"""Officers in notification tests: heads of agencies, running the worker's effects, reading
who was told what."""

from __future__ import annotations

from satupintu.accounts import services as accounts
from satupintu.accounts.models import Role, User, UserKind
from satupintu.notifications.models import Channel, Notification
from satupintu.tenants.models import Agency
from satupintu.workflow.models import EffectRun, EffectStatus
from satupintu.workflow.tasks import run_effect
from tests.workflow.helpers import llg


def officer(username: str, agency_code: str, role: Role, *, phone: str = "") -> User:
    """An officer holding `role` in the agency (created on first use)."""
    tenant = llg()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = accounts.user_create(tenant=tenant, actor=None, username=username,
                                    kind=UserKind.OFFICER, password=None,
                                    full_name=username.replace(".", " ").title(),
                                    email=f"{username}@lubuklinggau.demo", phone=phone)
    accounts.membership_grant(user=user, agency=Agency.objects.get(tenant=tenant,
                                                                   code=agency_code),
                              role=role, actor=None)
    return user


def head(username: str, agency_code: str) -> User:
    return officer(username, agency_code, Role.HEAD)


def run_effects() -> None:
    """What the worker does with the steps' deferred effects."""
    for run in EffectRun.objects.filter(status=EffectStatus.PENDING).order_by("pk"):
        assert run_effect.call(run.pk) == "succeeded", run.last_error


def told(event: str, channel: str = Channel.IN_APP, **filters: object) -> set[str]:
    """User names of those who got the event's message on the channel."""
    return set(Notification.objects.filter(event=event, channel=channel, **filters)
               .values_list("recipient__username", flat=True))
