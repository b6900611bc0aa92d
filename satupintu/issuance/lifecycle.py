"""A permit's life after signing: revocation, handover at the counter, recorded downloads and
reminders before expiry. Each service checks → changes → audits in one transaction.

Lock order, as everywhere (ADR 0005): the file's case row first, then the permit row, the audit
chain head last — so a handover racing a revocation queues instead of deadlocking.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.validators import clean_nik
from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from satupintu.issuance.models import Permit
from satupintu.issuance.register import may_hand_over, may_revoke
from satupintu.tenants.models import Tenant
from satupintu.workflow.engine import case_perform
from satupintu.workflow.models import Case

logger = logging.getLogger(__name__)

# Holders hear once, this many calendar days before the last valid day: extensions
# (*perpanjangan*) are filed as new applications and typically take up to a month of working
# days, so a month ahead leaves time. Calendar days, because the holder plans in them.
EXPIRY_REMINDER_DAYS = 30
MAX_REASON = 2000
MAX_NAME = 200
MAX_RELATION = 100
DownloadVia = Literal["account", "tracking", "register", "office"]


def _text(value: str, name: str, limit: int, problems: dict[str, str]) -> str:
    value = " ".join((value or "").split()) if name != "reason" else (value or "").strip()
    if not value:
        problems[name] = _("This is required.")
    elif len(value) > limit or "\x00" in value:
        problems[name] = _("At most %(max)s characters.") % {"max": limit}
    return value


def _locked(permit: Permit) -> Permit:
    locked = (Permit.objects.select_for_update(of=("self",))
              .select_related("application", "service")
              .filter(pk=permit.pk, tenant_id=permit.tenant_id).first())
    if locked is None:
        raise NotFound()
    return locked


def _both_dates(value: dt.date) -> dict[str, str]:
    """A date written out in Indonesian and in English, as the bilingual messages show it."""
    out = {}
    for language in ("id", "en"):
        with translation.override(language):
            out[language] = formats.date_format(value, "j F Y")
    return out


@transaction.atomic
def permit_revoke(*, permit: Permit, actor: User, reason: str) -> Permit:
    """Revoke an issued permit (the head of DPMPTSP or a signer, who hold the authority that
    signed it): it stays in the register, verification reports it revoked from now on, and the
    holder is told."""
    tenant = Tenant.objects.get(pk=permit.tenant_id)
    if not may_revoke(actor, tenant):
        raise PermissionDenied(_("Only the head of the one-stop office or a signer may revoke "
                                 "a permit."))
    problems: dict[str, str] = {}
    reason = _text(reason, "reason", MAX_REASON, problems)
    if problems:
        raise ValidationFailed(details=problems)
    permit = _locked(permit)
    if permit.revoked_at is not None:
        raise Conflict(_("This permit was already revoked."), code="already_revoked")
    permit.revoked_at, permit.revoked_by, permit.revocation_reason = timezone.now(), actor, reason
    permit.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    record(tenant=tenant, actor=actor, action="permit.revoke", obj=permit,
           before={"revoked_at": None}, after={"revoked_at": permit.revoked_at.isoformat()},
           reason=reason)
    from satupintu.notifications.models import Event
    from satupintu.notifications.services import notify_applicant

    notify_applicant(application=permit.application, event=Event.PERMIT_REVOKED, extra={
        "permit_number": permit.number, "reason": reason,
        "revoked_on": _both_dates(local_date(tenant, permit.revoked_at))})
    return permit


@transaction.atomic
def permit_hand_over(
    *, permit: Permit, actor: User, receiver_name: str, receiver_id_number: str,
    receiver_relation: str, expected_version: int,
) -> Permit:
    """Record the handover of the signed permit at the counter, with who received it, and move
    the file from "issued" to "handed over" (the workflow's `hand_over`, so the step shows on
    the file's timeline and the applicant is told)."""
    tenant = Tenant.objects.get(pk=permit.tenant_id)
    if not may_hand_over(actor, tenant):
        raise PermissionDenied(_("Only front-office clerks hand permits over."))
    problems: dict[str, str] = {}
    receiver_name = _text(receiver_name, "receiver_name", MAX_NAME, problems)
    receiver_relation = _text(receiver_relation, "receiver_relation", MAX_RELATION, problems)
    nik = ""
    try:
        nik = clean_nik(receiver_id_number or "")
    except ValidationError as exc:
        problems["receiver_id_number"] = str(exc.messages[0])
    if problems:
        raise ValidationFailed(details=problems)
    case_id = permit.application.case_id
    if case_id is None:
        raise Conflict(_("This permit's application has no file."), code="no_case")
    # The case row first (the project's lock order), then the permit.
    Case.objects.select_for_update().filter(pk=case_id).first()
    permit = _locked(permit)
    if permit.handed_over_at is not None:
        raise Conflict(_("This permit was already handed over."), code="already_handed_over")
    if permit.revoked_at is not None or hasattr(permit, "superseded_by"):
        raise Conflict(_("A revoked or superseded permit is not handed over."),
                       code="not_in_force")
    case_perform(tenant=tenant, case_id=case_id, actor=actor, action="hand_over",
                 expected_version=expected_version, inputs={})
    permit.handed_over_at, permit.handed_over_by = timezone.now(), actor
    permit.receiver_name, permit.receiver_id_number = receiver_name, nik
    permit.receiver_relation = receiver_relation
    permit.save(update_fields=["handed_over_at", "handed_over_by", "receiver_name",
                               "receiver_id_number", "receiver_relation", "updated_at"])
    # The receiver's name and NIK are personal data: the permanent record says only that they
    # were taken (ADR 0006); the register row keeps them.
    record(tenant=tenant, actor=actor, action="permit.hand_over", obj=permit,
           after={"handed_over_at": permit.handed_over_at.isoformat(),
                  "receiver_relation": receiver_relation,
                  "receiver_name": "(personal data)", "receiver_id_number": "(personal data)"})
    # The file is complete: its applicant is invited to the satisfaction survey, once (M12).
    from satupintu.surveys.services import survey_invite

    survey_invite(application=permit.application, actor=None)
    return permit


@transaction.atomic
def permit_download_recorded(*, permit: Permit, actor: User | None, via: DownloadVia) -> None:
    """Append a download of the signed file to the audit chain. `actor` None: someone holding
    the file's tracking number and PIN (no account), recorded as such."""
    record(tenant=Tenant.objects.get(pk=permit.tenant_id), actor=actor,
           action="permit.download", obj=permit, after={"via": via})


@transaction.atomic
def register_export_recorded(*, tenant: Tenant, actor: User, search: dict[str, str],
                             rows: int, file_format: str) -> None:
    """An export of the register (holders' names) is a read of personal data: audited."""
    record(tenant=tenant, actor=actor, action="permit.register_export",
           object_type="issuance.register", object_id=tenant.code,
           after={"search": {k: v[:100] for k, v in search.items()}, "rows": rows,
                  "format": file_format})


def expiring_candidates(tenant: Tenant, today: dt.date) -> list[int]:
    """Permits in force whose last valid day falls within the reminder window, not yet told."""
    horizon = today + dt.timedelta(days=EXPIRY_REMINDER_DAYS)
    return list(Permit.objects.filter(
        tenant=tenant, valid_until__isnull=False, valid_until__gte=today,
        valid_until__lte=horizon, expiry_reminded_on__isnull=True, revoked_at__isnull=True,
        superseded_by__isnull=True).order_by("valid_until", "pk").values_list("pk", flat=True))


def permits_remind_expiring(tenant: Tenant, today: dt.date | None = None) -> int:
    """Tell each holder once that their permit expires soon (in-app and e-mail, per the
    tenant's matrix). One transaction per permit, so one failure does not undo the others;
    re-running finds them already reminded."""
    today = today or local_date(tenant)
    sent = 0
    for pk in expiring_candidates(tenant, today):
        with transaction.atomic():
            permit = (Permit.objects.select_for_update(of=("self",)).select_related("application")
                      .filter(pk=pk, expiry_reminded_on__isnull=True, revoked_at__isnull=True,
                              superseded_by__isnull=True).first())
            if permit is None or permit.valid_until is None:
                continue  # reminded, revoked or corrected since the candidates were read
            permit.expiry_reminded_on = today
            permit.save(update_fields=["expiry_reminded_on", "updated_at"])
            from satupintu.notifications.models import Event
            from satupintu.notifications.services import notify_applicant

            notify_applicant(application=permit.application, event=Event.PERMIT_EXPIRING,
                             extra={"permit_number": permit.number,
                                    "valid_until": _both_dates(permit.valid_until)})
            record(tenant=tenant, actor=None, action="permit.expiry_reminder", obj=permit,
                   after={"valid_until": permit.valid_until.isoformat()})
            sent += 1
    return sent


def permits_remind_expiring_all(today: dt.date | None = None) -> dict[str, int]:
    """Every tenant; one tenant's failure is logged and does not stop the others."""
    totals: dict[str, Any] = {"reminded": 0, "failed_tenants": 0}
    for tenant in Tenant.objects.all():
        try:
            totals["reminded"] += permits_remind_expiring(tenant, today)
        except Exception:
            logger.exception("permit expiry reminders failed for tenant %s", tenant.code)
            totals["failed_tenants"] += 1
    return totals
