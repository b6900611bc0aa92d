"""`POST /api/v1/surveys/responses` (an invitation's answers) and the public, aggregate-only
`GET /api/v1/stats/ikm` (the index of a period, a service or an agency).

`stats_router` is mounted at `/stats`; the scoreboard's summary and permits join it there
(satupintu/transparency/api.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from ninja import Field, Query, Router, Schema, Status

from satupintu.api.errors import ErrorOut
from satupintu.calendars.selectors import local_date
from satupintu.core.periods import parse_day
from satupintu.core.request import TenantRequest
from satupintu.surveys import selectors, services
from satupintu.surveys.kiosk import survey_hit
from satupintu.surveys.periods import period_between
from satupintu.tracking.throttle import ClientThrottle

surveys_router = Router(tags=["surveys"])
stats_router = Router(tags=["statistics"])
PUBLIC_MAX_AGE = 300


class SurveyAnswersIn(Schema):
    token: str = Field(max_length=200, description="The invitation's token (from its link "
                                                   "`/survei/{token}/`); usable once.")
    answers: dict[str, Any] | list[Any] = Field(
        description='The nine answers, 1 (worst) to 4 (best): `{"U1": 4, …, "U9": 3}`, or a '
                    "list of nine in the elements' order.")
    profile: dict[str, Any] | None = Field(
        default=None, description="Optional: `sex` (male, female), `age_band` (under_20, "
        "20_29, 30_39, 40_49, 50_59, 60_plus), `education` (primary, junior, senior, diploma, "
        "bachelor, postgraduate), `occupation` (civil_servant, military, police, private, "
        "entrepreneur, other).")
    suggestion: str | None = Field(default=None, description="Optional, at most 2000 "
                                                             "characters.")


class SurveyResponseOut(Schema):
    id: int
    submitted_at: dt.datetime


@surveys_router.post(
    "/responses",
    response={201: SurveyResponseOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut,
              429: ErrorOut},
    throttle=[ClientThrottle(survey_hit)], summary="Answer the satisfaction survey",
)
def survey_respond(request: TenantRequest, response: HttpResponse,
                   payload: SurveyAnswersIn) -> Status[dict[str, Any]]:
    """Store an invitation's answers (PermenPANRB 14/2017, nine elements U1–U9, 1–4 each).
    Unknown token (or another region's) → 404 `invitation_not_found`; used or expired → 409
    `invitation_used` / `invitation_expired`; a missing or out-of-range answer or a bad profile
    → 422 with the problems per element in `details`. Nothing is stored on any error.
    Limited per client (429 with `Retry-After`)."""
    add_never_cache_headers(response)
    stored = services.survey_respond(
        tenant=request.tenant, token=payload.token, answers=payload.answers,
        profile=payload.profile, suggestion=payload.suggestion)
    return Status(201, {"id": stored.pk, "submitted_at": stored.submitted_at})


class ElementOut(Schema):
    code: str = Field(description="`U1` … `U9`, in the regulation's order.")
    name: str = Field(description="The element, in the reader's language.")
    nrr: float | None = Field(description="Average answer (1–4), not rounded; null without "
                                          "respondents.")


class IkmOut(Schema):
    period_start: dt.date
    period_end: dt.date
    service: str | None = Field(description="The service code asked for, if any.")
    agency: str | None = Field(description="The agency code asked for, if any.")
    respondents: int
    elements: list[ElementOut]
    ikm: float | None = Field(description="25 × Σ NRR × 1/9, rounded to 2 decimals only at the "
                                          "end; null without respondents.")
    grade: str | None = Field(description="`A`, `B`, `C` or `D`; null without respondents.")
    label: str | None = Field(description="The grade's name in the reader's language.")
    population: int = Field(description="Applications received in the period (for the "
                                        "slice): the survey's population.")
    min_sample: int = Field(description="Minimum respondents for that population "
                                        "(Krejcie–Morgan); 0 when there were no applications.")
    lowest: list[str] = Field(description="The codes of the weakest elements, weakest first.")


@stats_router.get(
    "/ikm", response={200: IkmOut, 404: ErrorOut, 422: ErrorOut},
    summary="The community satisfaction index (IKM) of a period",
)
def stats_ikm(
    request: TenantRequest, response: HttpResponse,
    from_: str | None = Query(None, alias="from", description="First day, YYYY-MM-DD "  # type: ignore[type-arg]
                              "(default: 1 January of this year)."),
    to: str | None = Query(None, description="Last day, YYYY-MM-DD (default: today)."),  # type: ignore[type-arg]
    service: str | None = Query(None, description="A service code, e.g. `SIA`."),  # type: ignore[type-arg]
    agency: str | None = Query(None, description="An agency code, e.g. `DINKES`."),  # type: ignore[type-arg]
) -> Status[dict[str, Any]]:
    """Aggregates only, no personal data. Days are the region's, both ends included. A bad
    date or a reversed range → 422; an unknown service or agency → 404. A period without
    responses → `respondents` 0 and null `nrr`, `ikm`, `grade`, `label`."""
    tenant = request.tenant
    today = local_date(tenant)
    start = parse_day(from_, "from") if from_ else dt.date(today.year, 1, 1)
    end = parse_day(to, "to") if to else today
    period = period_between(start, end)
    the_service = selectors.service_by_code(tenant=tenant, code=service) if service else None
    the_agency = selectors.agency_by_code(tenant=tenant, code=agency) if agency else None
    figure = selectors.ikm_figure(tenant=tenant, period=period, service=the_service,
                                  agency=the_agency)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return Status(200, {
        "period_start": period.start, "period_end": period.end,
        "service": the_service.code if the_service else None,
        "agency": the_agency.code if the_agency else None,
        "respondents": figure.respondents,
        "elements": [{"code": e.code, "name": str(e.name), "nrr": e.nrr_float}
                     for e in figure.elements],
        "ikm": figure.ikm_float, "grade": figure.grade, "label": figure.label,
        "population": figure.population, "min_sample": figure.min_sample,
        "lowest": list(figure.lowest),
    })
