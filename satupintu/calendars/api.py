"""`GET /api/v1/calendar/holidays` and `GET /api/v1/calendar/due-date` (public)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from satupintu.api.errors import responses
from satupintu.calendars import selectors
from satupintu.calendars.services import MAX_YEAR, MIN_YEAR
from satupintu.core.request import TenantRequest

router = Router(tags=["calendar"])

MAX_WORKING_DAYS = 1000  # about four years; legal time limits are weeks


class HolidayOut(Schema):
    date: dt.date
    name: str = Field(description="Name in Indonesian, as decreed.")
    kind: str = Field(description="`national`, `cuti_bersama` (collective leave) or "
                                  "`regional` (a day off of this region only).")


class YearQuery(Schema):
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)


class DueDateQuery(Schema):
    start: dt.date = Field(description="Day 0 as YYYY-MM-DD, e.g. the day the file was "
                                       "declared complete.")
    working_days: int = Field(ge=0, le=MAX_WORKING_DAYS)

    @field_validator("start", mode="before")
    @classmethod
    def _calendar_date(cls, value: object) -> object:
        # pydantic would also read Unix timestamps and datetimes (in UTC): a day is a day.
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("use a date written as YYYY-MM-DD")
        return value


class DueDateOut(Schema):
    start: dt.date
    working_days: int
    due_date: dt.date = Field(description="The working_days-th working day after start.")


@router.get("/holidays", response=responses(list[HolidayOut], 422),
            summary="Holidays and collective leave of a year")
def calendar_holidays(request: TenantRequest, query: Query[YearQuery]) -> list[dict[str, Any]]:
    """Every day off of the year in this region: national holidays, cuti bersama (also those on
    a weekend) and regional days off, by date. A year without calendar data is a 422."""
    found = selectors.holidays_of_year(request.tenant, query.year)
    return [{"date": h.date, "name": h.name, "kind": h.kind} for h in found]


@router.get("/due-date", response=responses(DueDateOut, 422), summary="Add working days")
def calendar_due_date(request: TenantRequest, query: Query[DueDateQuery]) -> dict[str, Any]:
    """The N-th working day after `start` (day 0), skipping weekends and days off; a start
    that is itself a day off still counts as day 0."""
    due = selectors.due_date(tenant=request.tenant, start=query.start,
                             working_days=query.working_days)
    return {"start": query.start, "working_days": query.working_days, "due_date": due}
