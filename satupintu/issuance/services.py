"""Issuing permits: sign (one file, or several with one confirmation) and correct.

The one write path of a signature (ADR 0012):

    unlock the signer's key (a wrong passphrase stops here: nothing locked, nothing numbered)
    BEGIN
      lock the case row, check it is still in `signing` at the version the signer saw
      take the next number (locks the tenant's PermitSequence row for the year)
      render the PDF with that number, sign it, store the file, hash the signed bytes
      insert the Permit, perform the workflow action `sign` (the case moves to `issued`),
      insert the SigningAttempt, append the audit record (the chain head is the last lock)
    COMMIT

Any failure inside rolls everything back, the increment included, so numbers stay gap-free;
the stored file is deleted again. The failure is then recorded (SigningAttempt + audit) in a
transaction of its own, so the file shows why it is still awaiting signature.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.accounts.models import Role, User, UserKind
from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date
from satupintu.core.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    Throttled,
    ValidationFailed,
)
from satupintu.issuance import numbering
from satupintu.issuance.document import (
    PermitTemplateError,
    Signatory,
    Stamp,
    render_permit,
    signatory_for,
)
from satupintu.issuance.models import (
    AttemptOutcome,
    Permit,
    PermitTemplate,
    SigningAttempt,
    new_token,
)
from satupintu.signing.base import Signer, SignerProfile
from satupintu.signing.config import signer_for
from satupintu.signing.errors import SignerUnavailable, SigningError, WrongPassphrase
from satupintu.signing.validation import sha256
from satupintu.tenants.selectors import one_stop_agency
from satupintu.workflow.assignment import holds
from satupintu.workflow.engine import case_perform
from satupintu.workflow.models import Case
from satupintu.workflow.permissions import may_see_case

if TYPE_CHECKING:
    from satupintu.applications.models import Application
    from satupintu.tenants.models import Agency, Tenant

SIGNING_STATE = "signing"
SIGN_ACTION = "sign"
# Wrong passphrases tolerated per signer in the window before signing is refused for a while:
# a stolen session must not be able to guess the passphrase at leisure.
MAX_WRONG_PASSPHRASES = 5
WRONG_PASSPHRASE_WINDOW = dt.timedelta(minutes=15)
MAX_BATCH = 50


logger = logging.getLogger(__name__)


class IssuanceFailed(DomainError):
    """Something outside the signer failed while issuing (storage, rendering, the database)."""

    code = "issuance_failed"
    http_status = 503
    default_message = gettext_lazy("The permit could not be issued because of a technical "
                                   "fault; nothing was numbered. Try again later or tell the "
                                   "administrator.")


class DocumentFailed(DomainError):
    """The permit document could not be made (a broken template): an administrator must act."""

    code = "document_failed"
    http_status = 422
    default_message = gettext_lazy("The permit document could not be made from its template. "
                                   "Tell the administrator.")


# --- who signs ----------------------------------------------------------------------------------
def may_sign(user: User, tenant: Tenant) -> bool:
    """Officers holding the signer role in the one-stop office, as members or as Plh/Plt."""
    if user.kind != UserKind.OFFICER or user.tenant_id != tenant.pk or not user.is_active:
        return False
    return holds(user, one_stop_agency(tenant=tenant), Role.SIGNER)


def signer_profile(user: User, signatory: Signatory, tenant: Tenant) -> SignerProfile:
    """The person as the signing backend knows them: their own key and certificate even when
    they sign as a stand-in (the printed position says for whom)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", user.get_username())
    return SignerProfile(key=f"{tenant.code}-{safe}"[:100], name=signatory.name or safe,
                         title=signatory.printed_position,
                         organisation=f"Pemerintah {tenant.name}", nik=user.officer_nik)


def _signer(actor: User, office: Agency) -> tuple[Signatory, Signer]:
    signatory = signatory_for(actor, office)
    return signatory, signer_for(signer_profile(actor, signatory, office.tenant))


def _check_signer(actor: User, case: Case) -> None:
    if not may_see_case(actor, case):
        raise NotFound()
    if not may_sign(actor, case.tenant):
        raise PermissionDenied(_("Only the signing official (or their Plh/Plt) signs permits."))


def _check_not_guessing(actor: User, tenant: Tenant) -> None:
    since = timezone.now() - WRONG_PASSPHRASE_WINDOW
    wrong = SigningAttempt.objects.filter(tenant=tenant, actor=actor, created_at__gte=since,
                                          outcome=AttemptOutcome.WRONG_PASSPHRASE).count()
    if wrong >= MAX_WRONG_PASSPHRASES:
        raise Throttled(_("Too many wrong passphrases. Wait 15 minutes before signing again."),
                        retry_after=int(WRONG_PASSPHRASE_WINDOW.total_seconds()))


def _application(case: Case) -> Application:
    from satupintu.applications.models import Application

    application = (Application.objects.select_related(
        "tenant", "service", "variant__standard", "applicant", "kelurahan__kecamatan", "case")
        .filter(case_id=case.pk, tenant_id=case.tenant_id).first())
    if application is None:
        raise NotFound()
    return application


# --- signing ------------------------------------------------------------------------------------
def permit_sign(*, case: Case, actor: User, passphrase: str, expected_version: int,
                note: str = "") -> Permit:
    """Sign the permit of a file awaiting signature: number, document, signature, register.

    Raises WrongPassphrase (422, nothing numbered), SignerUnavailable (503, the file stays
    awaiting signature), other SigningErrors, Conflict (moved on / stale), PermissionDenied.
    Every signing failure leaves a SigningAttempt and an audit record.
    """
    tenant = case.tenant
    _check_signer(actor, case)
    _check_not_guessing(actor, tenant)
    if case.state != SIGNING_STATE:
        raise Conflict(_("This file is not awaiting signature."), code="not_allowed_now")
    office = one_stop_agency(tenant=tenant)
    signatory, signer = _signer(actor, office)
    try:
        # Local keys are checked now, before anything is locked or numbered (and then stay
        # in memory: keycache); a remote service can only tell by signing.
        signer.unlock(passphrase=passphrase)
        return _issue(case=case, actor=actor, signer=signer, signatory=signatory,
                      passphrase=passphrase, expected_version=expected_version, note=note)
    except SigningError as exc:
        _record_failure(case=case, actor=actor, error=exc)
        raise
    except PermitTemplateError as exc:
        _record_failure(case=case, actor=actor, error=exc)
        raise DocumentFailed(details={"template": str(exc)}) from exc
    except DomainError:
        raise  # refused before anything was attempted (role, step, version, throttle)
    except Exception as exc:
        # Storage, WeasyPrint or the database failed mid-way: the transaction rolled back (no
        # number, no file), and the register must still say that an attempt failed.
        logger.exception("signing case %s failed", case.pk)
        _record_failure(case=case, actor=actor, error=exc)
        raise IssuanceFailed() from exc


def _issue(*, case: Case, actor: User, signer: Signer, signatory: Signatory, passphrase: str,
           expected_version: int, note: str) -> Permit:
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = _lock_case(case, expected_version)
            application = _application(locked)
            permit = _make_permit(application=application, actor=actor, signer=signer,
                                  signatory=signatory, passphrase=passphrase, stored=stored)
            inputs = {"note": (note.strip() + "\n" if note.strip() else "")
                      + _("Permit number %(number)s") % {"number": permit.number}}
            case_perform(tenant=locked.tenant, case_id=locked.pk, actor=actor,
                         action=SIGN_ACTION, expected_version=expected_version, inputs=inputs)
            _attempt(locked, actor, AttemptOutcome.SIGNED, permit=permit)
            record(tenant=locked.tenant, actor=actor, action="issuance.sign", obj=permit,
                   after=_summary(permit))
            return permit
    except BaseException:
        # The file was written before its row; nothing may outlive the rolled-back row.
        for name in stored:
            default_storage.delete(name)
        raise


def _lock_case(case: Case, expected_version: int) -> Case:
    # The case row is the first lock taken (then the sequence, then the audit chain head), as in
    # every other write on a file.
    locked = (Case.objects.select_for_update(of=("self",)).select_related("tenant")
              .filter(pk=case.pk, tenant_id=case.tenant_id).first())
    if locked is None:
        raise NotFound()
    if locked.state != SIGNING_STATE:
        raise Conflict(_("This file is not awaiting signature."), code="not_allowed_now")
    if locked.version != expected_version:
        raise Conflict(_("This file has changed in the meantime. Reload it and try again."),
                       code="stale")
    return locked


def _make_permit(*, application: Application, actor: User, signer: Signer,
                 signatory: Signatory, passphrase: str, stored: list[str],
                 supersedes: Permit | None = None, reason: str = "") -> Permit:
    """Number, render, sign, store: the part of issuing that needs the sequence lock."""
    tenant = application.tenant
    office = one_stop_agency(tenant=tenant)
    now = timezone.now()
    today = local_date(tenant, now)
    seq = numbering.take_sequence(tenant_id=tenant.pk, year=today.year)
    try:
        number = numbering.render_number(
            tenant.numbering_format, seq=seq, width=tenant.numbering_seq_width,
            service=application.service.code, unit=office.short_name or office.code,
            year=today.year, month=today.month)
    except numbering.NumberingFormatError as exc:  # saved before the validator existed
        raise DocumentFailed(str(exc)) from exc
    token = new_token()
    stamp = Stamp(number=number, issued_on=today, token=token,
                  valid_from=supersedes.valid_from if supersedes else None,
                  valid_until=supersedes.valid_until if supersedes else None,
                  keep_validity=supersedes is not None)
    rendered = render_permit(application=application, signatory=signatory, stamp=stamp,
                             today=today)
    variant = application.variant
    signed = signer.sign(
        rendered.pdf, passphrase=passphrase, field=rendered.box,
        reason=f"Penerbitan {variant.output} nomor {number}"[:200],
        location=rendered.place)
    holder = rendered.context["holder"]
    permit = Permit(
        tenant=tenant, application=application, service=application.service, number=number,
        year=today.year, seq=seq, token=token, title=variant.output,
        title_en=variant.output_en, holder_name=holder["name"],
        holder_is_person=holder["is_person"],
        conditions="\n".join(c["text"] for c in rendered.context["conditions"]),
        issued_at=now, valid_from=rendered.context["permit"]["valid_from"],
        valid_until=rendered.context["permit"]["valid_until"], signer=actor,
        signer_name=signatory.name, signer_position=signatory.printed_position,
        on_behalf_of_id=signatory.on_behalf_of_id, sha256=sha256(signed), size=len(signed),
        supersedes=supersedes, correction_reason=reason)
    permit.file.save(f"{number}.pdf", ContentFile(signed), save=False)
    stored.append(str(permit.file.name))
    permit.full_clean(exclude=["file", "application", "service", "signer", "tenant",
                               "supersedes", "on_behalf_of"])
    permit.save()
    return permit


def _summary(permit: Permit) -> dict[str, object]:
    return {"number": permit.number, "sha256": permit.sha256, "size": permit.size,
            # Ids, not names: the chain keeps no personal data (ADR 0006).
            "application": permit.application_id, "signer": permit.signer_id,
            "position": permit.signer_position, "on_behalf_of": permit.on_behalf_of_id,
            "valid_until": permit.valid_until.isoformat() if permit.valid_until else None,
            "supersedes": permit.supersedes.number if permit.supersedes else None}


def _attempt(case: Case, actor: User, outcome: str, *, permit: Permit | None = None,
             error_code: str = "", message: str = "") -> SigningAttempt:
    return SigningAttempt.objects.create(tenant_id=case.tenant_id, case=case, actor=actor,
                                         outcome=outcome, error_code=error_code[:40],
                                         message=message[:2000], permit=permit)


def _record_failure(*, case: Case, actor: User, error: Exception) -> None:
    """The attempt and its audit record, after the signing transaction rolled back."""
    if isinstance(error, WrongPassphrase):
        outcome = AttemptOutcome.WRONG_PASSPHRASE
    elif isinstance(error, SignerUnavailable):
        outcome = AttemptOutcome.UNAVAILABLE
    else:
        outcome = AttemptOutcome.FAILED
    code = getattr(error, "code", "document_failed")
    # The message is what people read on the file; never a passphrase (errors do not carry it).
    message = str(getattr(error, "message", "") or error)
    if not isinstance(error, (DomainError, PermitTemplateError)):
        # A technical fault: its text is for the log, not for the file page.
        code, message = IssuanceFailed.code, str(IssuanceFailed.default_message)
    with transaction.atomic():
        list(Case.objects.select_for_update(of=("self",)).filter(pk=case.pk)
                 .values_list("pk", flat=True))
        attempt = _attempt(case, actor, outcome, error_code=code, message=message)
        record(tenant=case.tenant, actor=actor, action="issuance.sign_failed", obj=case,
               after={"outcome": outcome, "error": code, "attempt": attempt.pk})


@dataclass(frozen=True)
class BatchResult:
    """One file's outcome in a batch: its permit, or the error that stopped it."""

    case_id: int
    permit: Permit | None = None
    error: DomainError | None = None
    skipped: bool = False


# A person must act before these can succeed: the rest of a batch is not attempted.
_STOP_BATCH = ("wrong_passphrase", "signer_not_registered", "signer_misconfigured",
               "signer_unavailable", "throttled", "forbidden")


def permits_sign_batch(*, cases: Sequence[tuple[Case, int]], actor: User,
                       passphrase: str) -> list[BatchResult]:
    """Sign several files with one confirmation (`cases`: each file and the version the
    signer saw). Each file is its own transaction, so one failure does not undo the others; a
    wrong passphrase stops the batch (the remaining files are reported as skipped)."""
    if len(cases) > MAX_BATCH:
        raise ValidationFailed(_("Sign at most %(max)s files at once.") % {"max": MAX_BATCH})
    results: list[BatchResult] = []
    stop = False
    for case, version in cases:
        if stop:
            results.append(BatchResult(case_id=case.pk, skipped=True))
            continue
        try:
            permit = permit_sign(case=case, actor=actor, passphrase=passphrase,
                                 expected_version=version)
        except DomainError as exc:
            results.append(BatchResult(case_id=case.pk, error=exc))
            stop = exc.code in _STOP_BATCH
        else:
            results.append(BatchResult(case_id=case.pk, permit=permit))
    return results


# --- correction ---------------------------------------------------------------------------------
def permit_correct(*, permit: Permit, actor: User, passphrase: str, reason: str) -> Permit:
    """Issue a corrected document under a NEW number that supersedes `permit`; both stay in the
    register (the old one then verifies as superseded). The text is rendered afresh from the
    file and the holder's current data; the validity period stays the original one."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(details={"reason": _("Say what is corrected and why.")})
    if len(reason) > 2000:
        raise ValidationFailed(details={"reason": _("At most %(max)s characters.")
                                        % {"max": 2000}})
    application = permit.application
    case = application.case
    if case is None:
        raise NotFound()
    _check_signer(actor, case)
    _check_not_guessing(actor, permit.tenant)
    office = one_stop_agency(tenant=permit.tenant)
    signatory, signer = _signer(actor, office)
    stored: list[str] = []
    try:
        signer.unlock(passphrase=passphrase)
        with transaction.atomic():
            list(Case.objects.select_for_update(of=("self",)).filter(pk=case.pk)
                 .values_list("pk", flat=True))
            old = Permit.objects.select_for_update(of=("self",)).get(pk=permit.pk)
            if old.revoked_at is not None:
                raise Conflict(_("A revoked permit cannot be corrected."), code="revoked")
            if Permit.objects.filter(supersedes=old).exists():
                raise Conflict(_("This permit was already corrected; correct the newest one."),
                               code="superseded")
            new = _make_permit(application=_application(case), actor=actor, signer=signer,
                               signatory=signatory, passphrase=passphrase, stored=stored,
                               supersedes=old, reason=reason)
            _attempt(case, actor, AttemptOutcome.SIGNED, permit=new)
            record(tenant=new.tenant, actor=actor, action="issuance.correct", obj=new,
                   before={"number": old.number, "sha256": old.sha256},
                   after=_summary(new), reason=reason)
            return new
    except SigningError as exc:
        for name in stored:
            default_storage.delete(name)
        _record_failure(case=case, actor=actor, error=exc)
        raise
    except PermitTemplateError as exc:
        for name in stored:
            default_storage.delete(name)
        _record_failure(case=case, actor=actor, error=exc)
        raise DocumentFailed(details={"template": str(exc)}) from exc
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


# --- the draft ----------------------------------------------------------------------------------
def permit_preview(*, case: Case, actor: User) -> bytes:
    """The unnumbered draft ("KONSEP") the signer reads before signing, as PDF."""
    if not may_see_case(actor, case):
        raise NotFound()
    if case.state != SIGNING_STATE:
        raise NotFound()
    application = _application(case)
    office = one_stop_agency(tenant=case.tenant)
    signatory = (signatory_for(actor, office) if may_sign(actor, case.tenant)
                 else _office_signatory(office))
    try:
        return render_permit(application=application, signatory=signatory, stamp=None,
                             today=local_date(case.tenant)).pdf
    except PermitTemplateError as exc:
        raise DocumentFailed(details={"template": str(exc)}) from exc


def _office_signatory(office: Agency) -> Signatory:
    from satupintu.applications.rejection import _signatory

    found = _signatory(office)
    return Signatory(user_id=0, name=found.name, position=found.position)


# --- permit templates (the admin is their client) -----------------------------------------------
MAX_TEMPLATE_BYTES = 200_000


def check_template(html: str) -> str:
    """The template must compile in the sandbox and render the sample data: an error is shown
    to the administrator now rather than to the signer at the next signature."""
    from satupintu.issuance.document import render_html, sample_context

    html = (html or "").replace("\r\n", "\n")
    if not html.strip():
        raise ValidationFailed(details={"html": _("The template is empty.")})
    if len(html.encode()) > MAX_TEMPLATE_BYTES:
        raise ValidationFailed(details={"html": _("The template is larger than %(max)s KB.")
                                        % {"max": MAX_TEMPLATE_BYTES // 1000}})
    try:
        render_html(html, sample_context())
    except PermitTemplateError as exc:
        raise ValidationFailed(details={"html": _("The template has an error: %(error)s")
                                        % {"error": exc}}) from exc
    return html


@transaction.atomic
def permit_template_create(*, tenant: Tenant, actor: User | None, html: str,
                           service: object = None) -> PermitTemplate:
    from satupintu.accounts.permissions import require_tenant_admin
    from satupintu.catalog.models import Service
    from satupintu.core.services import validate_instance

    require_tenant_admin(actor, tenant)
    if service is not None and (not isinstance(service, Service)
                                or service.tenant_id != tenant.pk):
        raise ValidationFailed(details={"service": _("A service of this region.")})
    template = PermitTemplate(tenant=tenant, service=service, html=check_template(html),
                              updated_by=actor)
    validate_instance(template)
    template.save()
    record(tenant=tenant, actor=actor, action="issuance.template_create", obj=template,
           after={"service": service.code if isinstance(service, Service) else None,
                  "sha256": sha256(template.html.encode())})
    return template


@transaction.atomic
def permit_template_update(*, template: PermitTemplate, actor: User | None,
                           html: str) -> PermitTemplate:
    from satupintu.accounts.permissions import require_tenant_admin

    require_tenant_admin(actor, template.tenant)
    template = PermitTemplate.objects.select_for_update().get(pk=template.pk)
    html = check_template(html)
    if html == template.html:
        return template
    before = sha256(template.html.encode())
    template.html, template.updated_by = html, actor
    template.save(update_fields=["html", "updated_by", "updated_at"])
    # The HTML can be long: the chain keeps its hash (the row keeps the text).
    record(tenant=template.tenant, actor=actor, action="issuance.template_update",
           obj=template, before={"sha256": before}, after={"sha256": sha256(html.encode())})
    return template


@transaction.atomic
def permit_template_delete(*, template: PermitTemplate, actor: User | None) -> None:
    from satupintu.accounts.permissions import require_tenant_admin

    require_tenant_admin(actor, template.tenant)
    record(tenant=template.tenant, actor=actor, action="issuance.template_delete",
           obj=template, before={"sha256": sha256(template.html.encode())})
    template.delete()
