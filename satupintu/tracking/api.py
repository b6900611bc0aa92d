"""`GET /api/v1/track/{tracking_number}?pin=` (public, throttled per client)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from satupintu.api.errors import ErrorOut, error_body
from satupintu.core.request import TenantRequest
from satupintu.issuance.views_download import tracked_permit
from satupintu.tracking import selectors
from satupintu.tracking.throttle import TrackingThrottle

router = Router(tags=["tracking"])


class ServiceRef(Schema):
    code: str
    name: str


class AgencyOut(Schema):
    code: str
    name: str


class HolderOut(Schema):
    kind: str = Field(description="`agency` (see `agencies`), `applicant` (the file waits for "
                                  "the applicant) or `none` (the file is closed).")
    agencies: list[AgencyOut] = Field(
        description="Who holds the file: one agency, or during a technical review every "
                    "agency that has not yet given its recommendation.")


class StepOut(Schema):
    at: dt.datetime = Field(description="When, in the region's time zone.")
    step: str = Field(description="Machine code of the action (e.g. `register`).")
    label: str = Field(description="The action in the reader's language.")
    agency: AgencyOut | None = Field(
        description="The reviewing agency, for a step of a parallel technical review.")


class CitedOut(Schema):
    code: str
    name: str
    note: str = Field(description="What the office asks to be fixed; may be empty.")


class ActionRequiredOut(Schema):
    cited: list[CitedOut] = Field(
        description="The published requirements the applicant must fix, signing in to do so.")


class PermitOut(Schema):
    number: str
    status: str = Field(description="`valid`, `revoked`, `expired` or `superseded`.")
    valid_until: dt.date | None = Field(description="Null: valid until revoked.")
    verification_url: str = Field(description="The public verification page (path).")
    download_url: str = Field(
        description="The signed PDF (path); the link carries a token that expires after "
                    "15 minutes, never the PIN.")


class TrackOut(Schema):
    tracking_number: str
    service: ServiceRef
    status: str = Field(description="Machine code of the file's step (the workflow state).")
    status_label: str = Field(description="The step in plain language, in the reader's "
                                          "language (cookie or Accept-Language).")
    holder: HolderOut
    submitted_at: dt.datetime | None
    current_step_due: dt.date | None = Field(
        description="When the current step is due (the applicant's deadline while the file "
                    "waits for corrections); null when the step has no time limit.")
    service_due_date: dt.date | None = Field(
        description="The service target for the whole file; null until the file is declared "
                    "complete (the clock starts then).")
    legal_due_date: dt.date | None = Field(
        description="The legal time limit for the whole file; null until the clock starts.")
    timeline: list[StepOut]
    action_required: ActionRequiredOut | None = Field(
        description="Null unless the applicant must act.")
    permit: PermitOut | None = Field(
        description="The signed permit, once issued; null before.")


def not_found_body() -> dict[str, Any]:
    """The one answer for a wrong PIN, an unknown number and a malformed one alike: the API's
    ordinary 404, so not even an address the router cannot match answers differently."""
    return error_body("not_found", _("Not found."))


@router.get(
    "/{tracking_number}",
    response={200: TrackOut, 404: ErrorOut, 429: ErrorOut},
    throttle=[TrackingThrottle()],
    summary="Track an application by number and PIN",
)
def track_application(
    request: TenantRequest, tracking_number: str, pin: str = ""
) -> Status[dict[str, Any]]:
    """Where a submitted application is: its status, who holds it, its timeline and due dates,
    and what the applicant must do, if anything. No account is needed; the PIN is on the
    receipt. A wrong PIN, an unknown number and a malformed number all answer the same 404;
    lookups are limited per client (429 with `Retry-After`)."""
    found = selectors.track(tenant=request.tenant, tracking_number=tracking_number, pin=pin)
    if found is None:
        return Status(404, not_found_body())
    copy = tracked_permit(request.tenant, found.tracking_number, found.status)
    return Status(200, {
        "tracking_number": found.tracking_number,
        "service": {"code": found.service_code, "name": found.service_name},
        "status": found.status,
        "status_label": found.status_label,
        "holder": {"kind": found.holder_kind,
                   "agencies": [{"code": a.code, "name": a.name}
                                for a in found.holder_agencies]},
        "submitted_at": found.submitted_at,
        "current_step_due": found.current_step_due,
        "service_due_date": found.service_due_date,
        "legal_due_date": found.legal_due_date,
        "timeline": [{"at": s.at, "step": s.step, "label": s.label,
                      "agency": {"code": s.agency.code, "name": s.agency.name}
                      if s.agency else None} for s in found.timeline],
        "action_required": None if found.action_required is None else {
            "cited": [{"code": c.code, "name": c.name, "note": c.note}
                      for c in found.action_required]},
        "permit": None if copy is None else {
            "number": copy.permit.number, "status": copy.status.value,
            "valid_until": copy.permit.valid_until, "verification_url": copy.verify_url,
            "download_url": copy.download_url},
    })
