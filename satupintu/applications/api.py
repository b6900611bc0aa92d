"""The applicant's API for a mobile client: `/api/v1/applications…` and `/api/v1/uploads`.

Thin operations over the same services and selectors as the applicant's pages. Every operation
takes an applicant's bearer token (an officer's token answers 403 before any input is read);
another applicant's application or upload answers 404 exactly like a missing one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, StringConstraints, model_validator

from satupintu.accounts.api_auth import TokenAuth
from satupintu.accounts.models import User, UserKind
from satupintu.api.errors import ErrorOut
from satupintu.applications import rejection, selectors, services
from satupintu.applications import requirements as reqs
from satupintu.applications.models import Application, ApplicationDocument, Upload
from satupintu.catalog.models import DataType, Requirement, VariantKind
from satupintu.catalog.selectors import service_get
from satupintu.core.errors import NotFound, ValidationFailed
from satupintu.core.i18n import localized
from satupintu.core.request import TenantRequest
from satupintu.tenants.selectors import kelurahan_list
from satupintu.workflow.definitions import compiled
from satupintu.workflow.engine import available_actions
from satupintu.workflow.selectors import action_label, timeline

AUTH = TokenAuth(kind=UserKind.APPLICANT)
router = Router(tags=["applications"], auth=AUTH)
uploads_router = Router(tags=["applications"], auth=AUTH)



def _errors(*codes: int) -> dict[int, Any]:
    """The error schema for each code; 400 is a body that cannot be parsed at all (not JSON,
    broken multipart), 422 one that parses but breaks a rule."""
    return dict.fromkeys(codes, ErrorOut)


# --- input types ----------------------------------------------------------------------------
def _storable(value: str) -> str:
    # PostgreSQL refuses NUL; a lone surrogate cannot be written as UTF-8 at all.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("must be valid Unicode text") from exc
    return value


Storable = AfterValidator(_storable)
Code = Annotated[str, StringConstraints(min_length=1, max_length=30), Storable]
Answer = Annotated[str, StringConstraints(max_length=4000), Storable] | int | float | bool | None
KelurahanCode = Annotated[str, StringConstraints(min_length=1, max_length=20), Storable]
Location = Annotated[str, StringConstraints(max_length=300), Storable]
Note = Annotated[str, StringConstraints(max_length=2000), Storable]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=2000), Storable]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
IDEMPOTENCY_KEY = r"^[!-~]{1,64}$"  # printable ASCII, as in the IETF Idempotency-Key draft


class Input(Schema):
    """A request body: a JSON object (ninja's Schema would read anything else as all-default)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # Runs inside ninja's own validator, which has wrapped the body in a DjangoGetter.
        if not isinstance(data._obj if isinstance(data, DjangoGetter) else data, dict):
            raise ValueError("must be a JSON object")
        return data


class ListFilters(Schema):
    status: Literal["draft", "open", "closed"] | None = Field(
        None, description="`draft`: not yet submitted; `open`: submitted, in progress; "
                          "`closed`: finished (issued, refused, withdrawn, …).")


class StartIn(Input):
    service: Code = Field(description="Service code, e.g. `SIA` (GET /api/v1/services).")
    variant: VariantKind = VariantKind.NEW


class AnswersIn(Input):
    answers: dict[Code, Answer] = Field(
        default_factory=dict, max_length=200,
        description="Answers to the variant's data items by requirement code; only the items "
                    "sent change. Numbers as JSON numbers or text, yes/no as booleans.")
    kelurahan: KelurahanCode | None = Field(
        None, description="Kemendagri code of the kelurahan where the activity is "
                          "(e.g. 16.73.01.1001); null or absent: unchanged. Drafts only.")
    location_detail: Location | None = Field(
        None, description="Street address of the activity; null or absent: unchanged. "
                          "Drafts only.")


class DocumentIn(Schema):
    requirement: Code = Field(description="Code of the document requirement.")


class ReuseIn(Input):
    requirement: Code
    upload_id: Id = Field(description="One of your earlier uploads (GET /api/v1/uploads).")


class SubmitIn(Input):
    idempotency_key: str | None = Field(
        None, pattern=IDEMPOTENCY_KEY,
        description="Alternative to the `Idempotency-Key` header.")


class ResubmitIn(Input):
    version: Id = Field(description="`case.version` as last read; a stale one answers 409.")
    note: Note = Field("", description="Note to the officer (optional).")


class WithdrawIn(Input):
    version: Id = Field(description="`case.version` as last read; a stale one answers 409.")
    reason: Reason = Field(description="Why the application is withdrawn.")


# --- output types ---------------------------------------------------------------------------
class ServiceRef(Schema):
    code: str
    name: str


class ApplicationListItem(Schema):
    id: int
    service: ServiceRef
    variant: str
    status: Literal["draft", "submitted"]
    tracking_number: str | None
    state: str | None = Field(description="Machine code of the file's step; null for drafts.")
    state_label: str | None = Field(description="The step in the reader's language.")
    service_due_date: dt.date | None = Field(
        description="Service target for the whole file; null until it is declared complete.")
    submitted_at: dt.datetime | None
    updated_at: dt.datetime


class UploadOut(Schema):
    id: int = Field(description="Pass as `upload_id` to reuse this file.")
    name: str
    size: int = Field(description="Bytes.")
    sha256: str
    content_type: str
    uploaded_at: dt.datetime


class DocumentOut(Schema):
    id: int
    requirement: str
    upload_id: int
    name: str
    size: int
    sha256: str
    content_type: str
    uploaded_at: dt.datetime


class ChecklistRow(Schema):
    code: str
    name: str
    kind: Literal["document", "data"]
    data_type: str | None = Field(description="Data items: how the answer is validated.")
    choices: list[str]
    file_types: list[str] = Field(description="Documents: accepted types (pdf, jpg, png).")
    max_size_kb: int | None
    mandatory: bool
    applies: bool = Field(description="False for a conditional requirement whose condition "
                                      "does not hold on the answers given.")
    satisfied: bool
    answer: str | int | float | bool | None = Field(description="Data items only.")
    document: DocumentOut | None = Field(description="Documents only: the current file.")


class KelurahanRef(Schema):
    code: str
    name: str


class ActionOut(Schema):
    code: str
    label: str


class CaseOut(Schema):
    state: str
    state_label: str
    version: int = Field(description="Send back as `version` to resubmit or withdraw.")
    step_due_date: dt.date | None
    service_due_date: dt.date | None
    legal_due_date: dt.date | None
    closed_at: dt.datetime | None
    outcome: str = Field(description="How a closed file ended (`issued`, `withdrawn`, …).")
    actions: list[ActionOut] = Field(description="What you may do now (`resubmit`, "
                                                 "`withdraw`).")


class StepOut(Schema):
    at: dt.datetime
    action: str
    label: str
    state: str
    state_label: str


class CitedOut(Schema):
    code: str
    name: str
    note: str


class ApplicationOut(Schema):
    id: int
    service: ServiceRef
    variant: str
    standard_version: int = Field(description="The service standard version the application "
                                              "is pinned to.")
    status: Literal["draft", "submitted"]
    tracking_number: str | None
    pin: str | None = Field(description="For tracking without signing in; null for drafts.")
    assisted: bool = Field(description="Filed for you at the counter.")
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    kelurahan: KelurahanRef | None
    location_detail: str
    answers: dict[str, str | int | float | bool | None]
    checklist: list[ChecklistRow]
    missing: list[str] = Field(description="Mandatory requirements that apply and are not "
                                           "satisfied yet: submission is refused until empty.")
    editable: list[str] | None = Field(
        description="What may be changed now: null = everything (a draft); the cited codes "
                    "while returned for correction; [] = nothing.")
    case: CaseOut | None = Field(description="The file; null for drafts.")
    timeline: list[StepOut]
    cited: list[CitedOut] = Field(description="While returned for correction: what to fix, "
                                              "with the officer's notes.")
    correction_note: str = Field("", description="The officer's general note with the request "
                                                "for corrections.")


# --- helpers ----------------------------------------------------------------------------------
def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _lang() -> str:
    return get_language() or "id"


def _get(request: TenantRequest, pk: int) -> Application:
    return selectors.application_for(tenant=request.tenant, user=_user(request), pk=pk)


def _answer_out(requirement: Requirement | None, value: Any) -> Any:
    """Numbers are stored as exact decimal text; the API's contract sends JSON numbers."""
    if requirement is None or requirement.data_type != DataType.NUMBER or not isinstance(
            value, str) or value == "":
        return value
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return int(number) if number == number.to_integral() else float(number)


def _upload_out(upload: Upload) -> dict[str, Any]:
    return {"id": upload.pk, "name": upload.original_name, "size": upload.size,
            "sha256": upload.sha256, "content_type": upload.content_type,
            "uploaded_at": upload.created_at}


def _document_out(document: ApplicationDocument) -> dict[str, Any]:
    upload = document.upload
    return {"id": document.pk, "requirement": document.requirement_code, "upload_id": upload.pk,
            "name": upload.original_name, "size": upload.size, "sha256": upload.sha256,
            "content_type": upload.content_type, "uploaded_at": document.created_at}


def _list_item(application: Application, lang: str) -> dict[str, Any]:
    case = application.case
    return {
        "id": application.pk,
        "service": {"code": application.service.code,
                    "name": localized(application.service, "name")},
        "variant": application.variant.kind, "status": application.status,
        "tracking_number": application.tracking_number,
        "state": case.state if case else None,
        "state_label": selectors.state_label(application, lang) or None,
        "service_due_date": case.service_due_date if case else None,
        "submitted_at": application.submitted_at, "updated_at": application.updated_at,
    }


def _case_out(application: Application, user: User, lang: str) -> dict[str, Any] | None:
    case = application.case
    if case is None:
        return None
    flow = compiled(case.definition)
    return {
        "state": case.state, "state_label": selectors.state_label(application, lang),
        "version": case.version, "step_due_date": case.state_due_date,
        "service_due_date": case.service_due_date, "legal_due_date": case.legal_due_date,
        "closed_at": case.closed_at, "outcome": case.outcome,
        "actions": [{"code": code, "label": action_label(flow, code, case.state, lang)}
                    for code in available_actions(case, user)],
    }


def _application_out(application: Application, user: User) -> dict[str, Any]:
    lang = _lang()
    rows = selectors.checklist(application)
    by_code = {row.requirement.code: row.requirement for row in rows}
    editable = services.editable_codes(application)
    notes = selectors.correction_notes(application)
    case = application.case
    return {
        **_list_item(application, lang),
        "standard_version": application.variant.standard.version,
        "pin": application.pin or None,
        "assisted": application.assisted_by_id is not None,
        "created_at": application.created_at,
        "kelurahan": {"code": application.kelurahan.code, "name": application.kelurahan.name}
        if application.kelurahan else None,
        "location_detail": application.location_detail,
        "answers": {code: _answer_out(by_code.get(code), value)
                    for code, value in (application.answers or {}).items()},
        "checklist": [{
            "code": r.code, "name": localized(r, "name"), "kind": r.kind,
            "data_type": r.data_type or None, "choices": r.choices or [],
            "file_types": r.file_types or [], "max_size_kb": r.max_size_kb,
            "mandatory": r.mandatory, "applies": row.applies, "satisfied": row.satisfied,
            "answer": _answer_out(r, row.answer),
            "document": _document_out(row.document) if row.document else None,
        } for row in rows for r in [row.requirement]],
        "missing": [r.code for r in reqs.missing(application)],
        "editable": None if editable is None else sorted(editable),
        "case": _case_out(application, user, lang),
        # No officer names, nor the officers' inputs: what the applicant must know of them
        # (the correction's notes) is in `cited`.
        "timeline": [{"at": s.at, "action": s.action, "label": s.label, "state": s.state,
                      "state_label": s.state_label} for s in timeline(case, lang, public=True)]
        if case else [],
        "cited": [{"code": code, "name": localized(by_code[code], "name") if code in by_code
                   else code, "note": note} for code, note in notes.items()],
        "correction_note": selectors.correction_message(application),
    }


# --- operations -------------------------------------------------------------------------------
@router.get("", response={200: list[ApplicationListItem], **_errors(401, 403, 422)},
            summary="My applications")
def applications_list(request: TenantRequest, filters: Query[ListFilters]) -> list[dict[str, Any]]:
    """Your applications, most recently changed first, with the step in your language."""
    lang = _lang()
    return [_list_item(a, lang) for a in selectors.my_applications(
        tenant=request.tenant, user=_user(request), status=filters.status or "")]


@router.post("", response={201: ApplicationOut, **_errors(400, 401, 403, 422)},
             summary="Start a draft")
def application_create(request: TenantRequest, payload: StartIn) -> Status[dict[str, Any]]:
    """A draft for a variant of a service, pinned to the service standard in force today.
    422 for an unknown service or a variant it does not offer."""
    user = _user(request)
    try:
        service = service_get(tenant=request.tenant, code=payload.service.upper())
    except NotFound as exc:
        raise ValidationFailed(details={"service": _("There is no such service.")}) from exc
    try:
        application = services.application_start(
            tenant=request.tenant, applicant=user, actor=user, service_code=service.code,
            variant_kind=payload.variant.value)
    except NotFound as exc:
        raise ValidationFailed(exc.message, details={"variant": str(exc.message)}) from exc
    return Status(201, _application_out(_get(request, application.pk), user))


@router.get("/{id}", response={200: ApplicationOut, **_errors(401, 403, 404, 422)},
            summary="One of my applications")
def application_get(request: TenantRequest, id: Id) -> dict[str, Any]:
    """The application: answers, the checklist of requirements, what is missing, what may be
    changed, the file's step and timeline, and for a correction what to fix."""
    return _application_out(_get(request, id), _user(request))


@router.patch("/{id}/answers",
              response={200: ApplicationOut, **_errors(400, 401, 403, 404, 409, 422)},
              summary="Save answers to the data items")
def application_answers(request: TenantRequest, id: Id, payload: AnswersIn) -> dict[str, Any]:
    """Validated per item; 422 lists each problem by requirement code in `details`. While
    returned for correction only the cited items may change (409 `not_cited`); once
    submitted, nothing (409 `not_editable`)."""
    application = _get(request, id)
    kelurahan = None
    if payload.kelurahan is not None:
        kelurahan = kelurahan_list(tenant=request.tenant).filter(code=payload.kelurahan).first()
        if kelurahan is None:
            raise ValidationFailed(details={"kelurahan": _("Choose a kelurahan of this city.")})
    services.application_save_answers(
        application=application, actor=_user(request), answers=dict(payload.answers),
        kelurahan=kelurahan, location_detail=payload.location_detail)
    return _application_out(_get(request, id), _user(request))


@router.post("/{id}/documents",
             response={201: DocumentOut, **_errors(400, 401, 403, 404, 409, 422, 429)},
             summary="Upload a document for a requirement")
def application_document_upload(
    request: TenantRequest, id: Id, payload: Form[DocumentIn],
    file: File[UploadedFile],
) -> Status[dict[str, Any]]:
    """Multipart form with `requirement` and `file`. PDF, JPEG or PNG as the requirement
    accepts, checked by content; within its size limit (422 naming the requirement otherwise;
    nothing is stored). Replaces the requirement's current file. Limited per applicant (429)."""
    document = services.document_attach(
        application=_get(request, id), actor=_user(request),
        requirement_code=payload.requirement, file=file)
    return Status(201, _document_out(document))


@router.post("/{id}/documents/reuse",
             response={201: DocumentOut, **_errors(400, 401, 403, 404, 409, 422)},
             summary="Attach one of my earlier uploads")
def application_document_reuse(request: TenantRequest, id: Id, payload: ReuseIn) -> (
    Status[dict[str, Any]]
):
    """Attach a file already on record (e.g. your KTP) instead of uploading it again."""
    application = _get(request, id)
    upload = selectors.upload_for(tenant=request.tenant, user=_user(request),
                                  pk=payload.upload_id)
    document = services.document_reuse(application=application, actor=_user(request),
                                       requirement_code=payload.requirement, upload=upload)
    return Status(201, _document_out(document))


@router.delete("/{id}", response={204: None, **_errors(401, 403, 404, 409, 422)},
               summary="Delete a draft")
def application_delete(request: TenantRequest, id: Id) -> Status[None]:
    """Drafts only; a submitted application is withdrawn instead (409)."""
    services.application_delete_draft(application=_get(request, id), actor=_user(request))
    return Status(204, None)


@router.post("/{id}/submit",
             response={200: ApplicationOut, **_errors(400, 401, 403, 404, 409, 422)},
             summary="Submit a draft")
def application_submit(
    request: TenantRequest, id: Id, payload: SubmitIn | None = None,
) -> dict[str, Any]:
    """Gives the tracking number and PIN. Send an `Idempotency-Key` header (or the body field
    `idempotency_key`; 1–64 printable ASCII characters): a repeat with the same key returns
    the same application instead of submitting again. 422 `incomplete` lists the missing
    requirements; 409 `submitted` if it already was, `email_unverified` before the e-mail
    address is confirmed, `idempotency_key_reused` for a key used on another application."""
    key = _idempotency_key(request, payload.idempotency_key if payload else None)
    application = services.application_submit(application=_get(request, id),
                                              actor=_user(request), idempotency_key=key)
    return _application_out(_get(request, application.pk), _user(request))


def _idempotency_key(request: HttpRequest, body_key: str | None) -> str:
    header = request.headers.get("Idempotency-Key")
    if header is not None:
        header = header.strip()
        if not header or len(header) > 64 or not all("!" <= c <= "~" for c in header):
            raise ValidationFailed(details={"Idempotency-Key": _(
                "Use 1 to 64 printable ASCII characters.")})
        if body_key is not None and body_key != header:
            raise ValidationFailed(details={"idempotency_key": _(
                "The header and the body give different keys.")})
        return header
    return body_key or ""


@router.post("/{id}/resubmit",
             response={200: ApplicationOut, **_errors(400, 401, 403, 404, 409, 422)},
             summary="Send the corrections back")
def application_resubmit(request: TenantRequest, id: Id, payload: ResubmitIn) -> dict[str, Any]:
    """Every cited requirement must be satisfied (422 `incomplete`). 409 when `version` is
    stale or the file is no longer waiting for corrections."""
    services.application_resubmit(application=_get(request, id), actor=_user(request),
                                  expected_version=payload.version, note=payload.note)
    return _application_out(_get(request, id), _user(request))


@router.post("/{id}/withdraw",
             response={200: ApplicationOut, **_errors(400, 401, 403, 404, 409, 422)},
             summary="Withdraw a submitted application")
def application_withdraw(request: TenantRequest, id: Id, payload: WithdrawIn) -> dict[str, Any]:
    """With a reason. 409 when `version` is stale or the file can no longer be withdrawn."""
    services.application_withdraw(application=_get(request, id), actor=_user(request),
                                  expected_version=payload.version, reason=payload.reason)
    return _application_out(_get(request, id), _user(request))


PDF_RESPONSE = {"responses": {200: {
    "description": "The letter as PDF (`application/pdf`).",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}}


@router.get("/{id}/rejection-letter", response=_errors(401, 403, 404, 422),
            openapi_extra=PDF_RESPONSE, summary="The rejection letter (PDF)")
def application_rejection_letter(request: TenantRequest, id: Id) -> HttpResponse:
    """The office's letter (*surat penolakan*, in Indonesian) with the reasons for the
    rejection, the legal basis and how to object; the same document as on the application's
    page. 404 while the application is not rejected."""
    letter = rejection.rejection_letter(_get(request, id))
    response = HttpResponse(rejection.rejection_letter_pdf(letter),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="surat-penolakan-{letter.application.tracking_number}.pdf"')
    response["Cache-Control"] = "private, no-store"
    return response


@uploads_router.get("", response={200: list[UploadOut], **_errors(401, 403)},
                    summary="My earlier uploads")
def uploads_list(request: TenantRequest) -> list[dict[str, Any]]:
    """Your uploaded files, newest first (the latest 100), to reuse in another application."""
    return [_upload_out(u) for u in
            selectors.my_uploads(tenant=request.tenant, user=_user(request))[:100]]
