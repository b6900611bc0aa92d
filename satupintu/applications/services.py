"""Writes of applications: drafts, answers, documents, submission, corrections, withdrawal.

Each function checks who may act, validates, changes, and appends its audit record in one
transaction. Once submitted, an application moves only through the workflow engine.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, UserKind
from satupintu.accounts.permissions import has_role
from satupintu.applications import requirements as reqs
from satupintu.applications.answers import clean_answers
from satupintu.applications.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    TrackingCounter,
    Upload,
)
from satupintu.applications.selectors import may_file_for
from satupintu.applications.uploads import check_upload
from satupintu.audit.services import record
from satupintu.calendars.selectors import local_date
from satupintu.catalog.models import Requirement, RequirementKind
from satupintu.catalog.selectors import current_standard, service_get
from satupintu.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    Throttled,
    ValidationFailed,
)
from satupintu.tenants.models import Kelurahan
from satupintu.workflow.definitions import compiled, published_definition
from satupintu.workflow.engine import CaseParams, case_perform, case_start

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant

SUBJECT = "application"
PIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


# --- Who may write ----------------------------------------------------------------------------
def _check_actor(application: Application, actor: User) -> None:
    """The applicant, or a front-office clerk for an application filed at the counter; anyone
    else is told it does not exist."""
    if not may_file_for(actor, application):
        raise NotFound()


def editable_codes(application: Application) -> set[str] | None:
    """What may be changed now: everything (None) in a draft, only the cited requirements while
    returned for correction, nothing otherwise (empty set)."""
    if application.is_draft:
        return None
    case = application.case
    if case is None or not compiled(case.definition).states[case.state].applicant_may_edit:
        return set()
    last = case.transitions.filter(to_state=case.state).order_by("-seq").first()
    citations = (last.inputs.get("citations", []) if last else []) or []
    return {c["code"] for c in citations}


def _check_editable(application: Application, codes: set[str]) -> None:
    allowed = editable_codes(application)
    if allowed is None:
        return
    if not allowed:
        raise Conflict(_("This application can no longer be changed."), code="not_editable")
    if not codes <= allowed:
        raise Conflict(_("Only the requirements cited in the correction request can be "
                         "changed."), code="not_cited")


# --- Drafts -----------------------------------------------------------------------------------
@transaction.atomic
def application_start(
    *, tenant: Tenant, applicant: User, actor: User, service_code: str, variant_kind: str,
    consent: bool = False,
) -> Application:
    """A draft for a variant of a service, pinned to the standard version in force today.

    At the counter (`actor` is a front-office clerk) the applicant's consent to the processing
    of their data must be recorded (UU 27/2022); the application is marked as assisted.
    """
    service = service_get(tenant=tenant, code=service_code)
    standard = current_standard(service, local_date(tenant))
    variant = standard.variants.filter(kind=variant_kind).first() if standard else None
    if variant is None:
        raise NotFound(_("This service does not offer that kind of application."))
    if applicant.tenant_id != tenant.pk or applicant.kind != UserKind.APPLICANT:
        raise ValidationFailed(_("Applications are filed for an applicant of this region."))
    assisted = actor.pk != applicant.pk
    if assisted and not has_role(actor, tenant, Role.FRONT_OFFICE):
        raise PermissionDenied()
    if assisted and not consent:
        raise ValidationFailed(details={"consent": _(
            "Read the notice on personal data to the applicant and record their consent.")})
    application = Application.objects.create(
        tenant=tenant, applicant=applicant, service=service, variant=variant,
        assisted_by=actor if assisted else None,
        consent_recorded_at=timezone.now() if assisted else None,
    )
    record(tenant=tenant, actor=actor, action="application.draft", obj=application,
           after={"service": service.code, "variant": variant_kind,
                  "standard_version": standard.version if standard else None,
                  "assisted": assisted})
    return application


@transaction.atomic
def application_save_answers(
    *, application: Application, actor: User, answers: dict[str, Any],
    kelurahan: Kelurahan | None = None, location_detail: str | None = None,
) -> Application:
    """Store (validated) answers to the data items; unanswered items may stay empty in a draft."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_actor(application, actor)
    # The location is not a citable requirement: once submitted, it stays as filed.
    location = {"kelurahan", "location_detail"} if (
        kelurahan is not None or location_detail is not None) else set()
    _check_editable(application, set(answers) | location)
    requirements = reqs.variant_requirements(application.variant)
    merged = {**application.answers, **clean_answers(requirements, answers)}
    # An answer to a requirement that no longer applies (its condition changed) is dropped.
    applying = {r.code for r in reqs.applicable(requirements, merged)}
    merged = {code: value for code, value in merged.items() if code in applying}
    changed = merged != application.answers
    application.answers = merged
    if kelurahan is not None:
        if kelurahan.tenant_id != application.tenant_id:
            raise ValidationFailed(details={"kelurahan": _("Choose a kelurahan of this city.")})
        changed = changed or kelurahan.pk != application.kelurahan_id
        application.kelurahan = kelurahan
    if location_detail is not None and location_detail != application.location_detail:
        if len(location_detail) > 300 or "\x00" in location_detail:
            raise ValidationFailed(details={"location_detail": _("At most 300 characters.")})
        application.location_detail = location_detail
        changed = True
    if changed:
        application.save()
        record(tenant=application.tenant, actor=actor, action="application.answers",
               obj=application, after={"answered": sorted(merged)})
    return application


def _document_requirement(application: Application, code: str) -> Requirement:
    requirement = next((r for r in reqs.applicable(reqs.variant_requirements(application.variant),
                                                   application.answers or {})
                        if r.code == code), None)
    if requirement is None or requirement.kind != RequirementKind.DOCUMENT:
        raise ValidationFailed(_("This application has no such document requirement."),
                               details={code[:30]: "unknown"})
    return requirement


def _attach(application: Application, actor: User, requirement: Requirement,
            upload: Upload) -> ApplicationDocument:
    now = timezone.now()
    application.documents.filter(requirement_code=requirement.code,
                                 replaced_at__isnull=True).update(replaced_at=now)
    document = ApplicationDocument.objects.create(
        tenant_id=application.tenant_id, application=application,
        requirement_code=requirement.code, upload=upload)
    record(tenant=application.tenant, actor=actor, action="application.document", obj=application,
           after={"requirement": requirement.code, "sha256": upload.sha256, "size": upload.size,
                  "type": upload.content_type})
    return document


# Uploads per person and minute: enough for a whole application and its retries, not for
# filling the disk (every replaced file is kept).
UPLOADS_PER_MINUTE = 30


@transaction.atomic
def document_attach(
    *, application: Application, actor: User, requirement_code: str, file: UploadedFile[bytes]
) -> ApplicationDocument:
    """Check a file by content and size for its requirement, store it, attach it."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_actor(application, actor)
    since = timezone.now() - dt.timedelta(minutes=1)
    if Upload.objects.filter(uploaded_by=actor, created_at__gte=since).count() >= (
            UPLOADS_PER_MINUTE):
        raise Throttled(_("Too many files uploaded in a minute; wait a moment and try again."),
                        retry_after=60)
    _check_editable(application, {requirement_code})
    requirement = _document_requirement(application, requirement_code)
    checked = check_upload(file, requirement)
    upload = Upload(tenant_id=application.tenant_id, owner=application.applicant,
                    original_name=checked.name, content_type=checked.content_type,
                    size=checked.size, sha256=checked.sha256, uploaded_by=actor)
    upload.file.save(checked.name, File(file), save=False)
    try:
        upload.save()
        return _attach(application, actor, requirement, upload)
    except BaseException:
        # The file was stored before the rows; a failed write must not leave it behind.
        upload.file.delete(save=False)
        raise


@transaction.atomic
def document_reuse(
    *, application: Application, actor: User, requirement_code: str, upload: Upload
) -> ApplicationDocument:
    """Attach a file the applicant already has on record (e.g. their KTP) instead of uploading."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_actor(application, actor)
    if upload.owner_id != application.applicant_id:
        raise NotFound()
    _check_editable(application, {requirement_code})
    requirement = _document_requirement(application, requirement_code)
    kinds = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    if kinds.get(upload.content_type) not in set(requirement.file_types or []):
        raise ValidationFailed(_("%(requirement)s: this file's type is not accepted here.")
                               % {"requirement": requirement.name})
    if requirement.max_size_kb and upload.size > requirement.max_size_kb * 1024:
        raise ValidationFailed(_("%(requirement)s: this file is larger than allowed here.")
                               % {"requirement": requirement.name})
    return _attach(application, actor, requirement, upload)


@transaction.atomic
def application_delete_draft(*, application: Application, actor: User) -> None:
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_actor(application, actor)
    if not application.is_draft:
        raise Conflict(_("Only drafts can be deleted; withdraw a submitted application."))
    record(tenant=application.tenant, actor=actor, action="application.draft_delete",
           obj=application, before={"service": application.service.code})
    application.documents.all().delete()
    application.delete()


# --- Submission ---------------------------------------------------------------------------------
def _next_tracking_number(tenant: Tenant, year: int) -> str:
    counter, _created = TrackingCounter.objects.select_for_update().get_or_create(
        tenant=tenant, year=year)
    TrackingCounter.objects.filter(pk=counter.pk).update(last=counter.last + 1)
    return f"{tenant.tracking_prefix}-{year}-{counter.last + 1:06d}"


def new_pin() -> str:
    return "".join(secrets.choice(PIN_ALPHABET) for _ in range(6))


def case_params(application: Application) -> CaseParams:
    """The workflow parameters of the standard the application was filed under."""
    variant = application.variant
    applying = reqs.applicable(reqs.variant_requirements(variant), application.answers or {})
    return CaseParams(
        legal_days=variant.legal_time_limit_days,
        service_days=variant.service_time_limit_days,
        # The DPMPTSP processes every file; the technical agencies review it in parallel.
        agencies=[a for a in application.service.agencies.all() if not a.is_one_stop],
        citable=[r.code for r in applying],
        correction_limit=variant.correction_limit,
        fiktif_positif=variant.fiktif_positif,
        review_days=dict(variant.review_days or {}),
        assignment=application.service.assignment,
    )


@transaction.atomic
def application_submit(
    *, application: Application, actor: User, idempotency_key: str = "",
    demo_pin: str | None = None,
) -> Application:
    """Submit a complete draft: tracking number, PIN, and a workflow file at the front office.

    A repeated submission with the same idempotency key (a double click, a retried request)
    returns the application already submitted instead of a second one.
    """
    from satupintu.accounts.selectors import applicant_may_submit
    from satupintu.notifications.services import notify_applicant

    key = (idempotency_key or "")[:64]
    if key:
        done = Application.objects.filter(applicant_id=application.applicant_id,
                                          idempotency_key=key).first()
        if done is not None:
            _check_actor(done, actor)
            if done.pk != application.pk:
                raise Conflict(_("This idempotency key was already used for another "
                                 "application."), code="idempotency_key_reused")
            return done
    application = Application.objects.select_for_update().select_related(
        "tenant", "service", "variant", "applicant").get(pk=application.pk)
    _check_actor(application, actor)
    if not application.is_draft:
        if key and application.idempotency_key == key:
            return application  # the same request, retried while the first one committed
        raise Conflict(_("This application was already submitted."), code="submitted")
    if application.assisted_by is None and not applicant_may_submit(application.applicant):
        raise Conflict(_("Verify your e-mail address before submitting."),
                       code="email_unverified")
    gaps = reqs.missing(application)
    if gaps:
        raise ValidationFailed(
            _("Some mandatory requirements are missing: %(names)s.")
            % {"names": "; ".join(r.name for r in gaps)},
            details={r.code: "missing" for r in gaps}, code="incomplete")
    tenant = application.tenant
    now = timezone.now()
    definition = published_definition(tenant=tenant, code=application.variant.workflow)
    case = case_start(tenant=tenant, definition=definition, subject_type=SUBJECT,
                      owner=application.applicant, actor=actor, params=case_params(application))
    application.case = case
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = now
    application.tracking_number = _next_tracking_number(tenant, local_date(tenant).year)
    application.pin = new_pin()
    if demo_pin is not None:
        # Demo files carry PINs printed in the README; never outside a demo installation.
        if settings.PRODUCTION or len(demo_pin) != len(application.pin):
            raise ValidationFailed(_("A fixed PIN is for demo data only."))
        application.pin = demo_pin
    application.idempotency_key = key
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # the same key raced in from another request
        raise Conflict(_("This application was already submitted."), code="submitted") from exc
    record(tenant=tenant, actor=actor, action="application.submit", obj=application,
           after={"tracking_number": application.tracking_number, "case": case.pk,
                  "assisted": application.assisted_by_id is not None})
    notify_applicant(application=application, event="submitted")
    return application


def _perform(application: Application, actor: User, action: str, expected_version: int,
             inputs: dict[str, Any]) -> Application:
    if application.case_id is None:
        raise Conflict(_("This application has not been submitted."))
    case_perform(tenant=application.tenant, case_id=application.case_id, actor=actor,
                 action=action, expected_version=expected_version, inputs=inputs)
    application.refresh_from_db()
    return application


@transaction.atomic
def application_resubmit(
    *, application: Application, actor: User, expected_version: int, note: str = ""
) -> Application:
    """Send the corrections back; every cited requirement must now be satisfied."""
    _check_actor(application, actor)
    cited = editable_codes(application) or set()
    gaps = [r for r in reqs.missing(application) if r.code in cited or not cited]
    if gaps:
        raise ValidationFailed(
            _("Some cited requirements are still missing: %(names)s.")
            % {"names": "; ".join(r.name for r in gaps)},
            details={r.code: "missing" for r in gaps}, code="incomplete")
    return _perform(application, actor, "resubmit", expected_version,
                    {"note": note} if note else {})


@transaction.atomic
def application_withdraw(
    *, application: Application, actor: User, expected_version: int, reason: str
) -> Application:
    _check_actor(application, actor)
    return _perform(application, actor, "withdraw", expected_version, {"reason": reason})


