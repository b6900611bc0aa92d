"""The per-tenant matrix of event → recipients → channels: its defaults, and an
administrator's edit in the admin changing who gets what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from satupintu.accounts.models import User
from satupintu.audit.models import AuditRecord
from satupintu.core.errors import PermissionDenied
from satupintu.notifications.matrix import (
    cells,
    channels_for,
    default_enabled,
    matrix_seed,
    notification_rule_set,
)
from satupintu.notifications.models import Channel, Notification, NotificationRule
from satupintu.tenants.models import Tenant
from tests.notifications.helpers import submitted
from tests.notifications.officers import run_effects, told
from tests.personas import OTHER_TENANT_CODE
from tests.workflow.helpers import act, llg, start_case

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/notifications/notificationrule/"


def _other() -> Tenant:
    return Tenant.objects.get(code=OTHER_TENANT_CODE)


def test_the_defaults_tell_the_applicant_of_every_step_and_officers_of_their_work() -> None:
    tenant = _other()
    assert not NotificationRule.objects.filter(tenant=tenant).exists()  # defaults, unseeded
    assert channels_for(tenant, "registered") == {"applicant": ["in_app", "email"]}
    assert channels_for(tenant, "returned") == {"applicant": ["in_app", "email", "whatsapp"]}
    assert channels_for(tenant, "entered_pool") == {"assignee": ["in_app", "email"],
                                                    "pool": ["in_app"]}
    assert channels_for(tenant, "overdue") == {
        "assignee": ["in_app", "email"], "pool": ["in_app"],
        "agency_head": ["in_app", "email", "whatsapp"],
        "one_stop_head": ["in_app", "email", "whatsapp"]}
    # (15 applicant events × 1 recipient + 3 officer events × 4 recipients + 3 complainant
    # events × 1 + 2 complaint officer events × 2) × 3 channels.
    assert len(cells()) == 102


def test_seeding_writes_the_defaults_once_with_an_audit_record() -> None:
    tenant = _other()
    assert matrix_seed(tenant=tenant, actor=None) == 102
    assert matrix_seed(tenant=tenant, actor=None) == 0
    rules = NotificationRule.objects.filter(tenant=tenant)
    assert rules.count() == 102
    assert all(r.enabled == default_enabled(r.event, r.recipient, r.channel) for r in rules)
    assert AuditRecord.objects.filter(tenant=tenant, action="notification.matrix_seed").count() == 1
    # The demo region has its matrix from the demo loader.
    assert NotificationRule.objects.filter(tenant=llg()).count() == 102


def _registered_email_rule() -> NotificationRule:
    rule: NotificationRule = NotificationRule.objects.get(
        tenant=llg(), event="registered", recipient="applicant", channel=Channel.EMAIL)
    return rule


def test_the_administrator_switches_a_channel_off_in_the_admin_and_the_applicant_gets_no_email(
    login: Any, administrator: User,
) -> None:
    client: Client = login(administrator)
    filtered = f"{CHANGELIST}?event=registered&recipient=applicant"
    page = client.get(filtered)  # opening the matrix fills in the defaults
    assert page.status_code == 200
    rules = list(NotificationRule.objects.filter(tenant=llg(), event="registered",
                                                 recipient="applicant"))
    assert [r.channel for r in rules] == ["email", "in_app", "whatsapp"]
    data: dict[str, Any] = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "3",
                            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
                            "_save": "Save"}
    for index, rule in enumerate(rules):
        data[f"form-{index}-id"] = str(rule.pk)
        if rule.channel == Channel.IN_APP:  # e-mail off, in-app stays on, WhatsApp stays off
            data[f"form-{index}-enabled"] = "on"
    response = client.post(filtered, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not _registered_email_rule().enabled
    change = AuditRecord.objects.get(action="notification.rule_change",
                                     object_id=str(_registered_email_rule().pk))
    assert change.actor_label.startswith("admin.llg")
    assert channels_for(llg(), "registered") == {"applicant": ["in_app"]}

    application = submitted()
    assert application.case is not None
    act(application.case, "petugas.fo", "register")
    run_effects()
    registered = Notification.objects.filter(application=application, event="registered",
                                             recipient=application.applicant)
    assert list(registered.values_list("channel", flat=True)) == [Channel.IN_APP]
    # Other events keep their e-mail.
    assert Notification.objects.filter(application=application, event="submitted",
                                       channel=Channel.EMAIL).exists()


def test_switching_the_pools_email_on_tells_the_whole_pool_by_email(
    login: Any, administrator: User,
) -> None:
    matrix_seed(tenant=llg(), actor=administrator)
    rule = NotificationRule.objects.get(tenant=llg(), event="entered_pool", recipient="pool",
                                        channel=Channel.EMAIL)
    client: Client = login(administrator)
    response = client.post(CHANGELIST, {"action": "switch_on", "_selected_action": [rule.pk]})
    assert response.status_code == 302
    case = start_case()
    act(case, "petugas.fo", "register")
    run_effects()
    assert "verifikator" in told("entered_pool", Channel.EMAIL, case=case)


def test_the_matrix_is_the_tenants_own(other_tenant_officer: User) -> None:
    matrix_seed(tenant=llg(), actor=None)
    with pytest.raises(PermissionDenied):
        notification_rule_set(rule=_registered_email_rule(), enabled=False,
                              actor=other_tenant_officer)
    assert _registered_email_rule().enabled
    notification_rule_set(rule=_registered_email_rule(), enabled=False, actor=None)
    assert channels_for(_other(), "registered") == {"applicant": ["in_app", "email"]}


def test_another_regions_administrator_sees_only_their_own_matrix(
    client: Client, other_tenant_officer: User,
) -> None:
    from tests.personas import sign_in

    matrix_seed(tenant=llg(), actor=None)
    sign_in(client, other_tenant_officer)
    page = client.get(CHANGELIST, HTTP_HOST="pagaralam.localhost")
    assert page.status_code == 200
    other = _other()
    assert NotificationRule.objects.filter(tenant=other).count() == 102
    shown = page.context["cl"].result_list
    assert {r.tenant_id for r in shown} == {other.pk}
    assert page.context["cl"].result_count == 102
