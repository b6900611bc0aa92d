"""Survey responses and invitations for tests, stored as the services store them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from satupintu.applications.models import Application
from satupintu.catalog.models import Service
from satupintu.monitoring.summary import forget
from satupintu.surveys.elements import FIELDS
from satupintu.surveys.models import Invitation, SurveyChannel, SurveyResponse
from satupintu.surveys.services import survey_invite
from satupintu.tenants.models import Tenant

WIB = ZoneInfo("Asia/Jakarta")
# DOMAIN.md's worked example: 29 respondents, these element sums → IKM 91.48, grade A.
WORKED_SUMS = (105, 101, 100, 116, 102, 105, 106, 105, 115)
WORKED_RESPONDENTS = 29


def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def rows_with_sums(sums: Sequence[int], respondents: int) -> list[list[int]]:
    """`respondents` rows of nine answers whose column sums are `sums`."""
    rows = [[0] * len(sums) for _ in range(respondents)]
    for column, total in enumerate(sums):
        base, extra = divmod(total, respondents)
        for index, row in enumerate(rows):
            row[column] = base + (1 if index < extra else 0)
    return rows


def store(rows: Sequence[Sequence[int]], *, tenant: Tenant | None = None,
          service: Service | None = None, day: dt.date = dt.date(2020, 3, 10),
          **extra: str) -> list[SurveyResponse]:
    """Stored responses, all on `day` (WIB noon): backdated, so the day is forgotten by the
    monitoring summary (the scoreboard's index) like any history written outside the app."""
    tenant = tenant or llg()
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=WIB)
    forget(tenant, day, day)
    return SurveyResponse.objects.bulk_create([
        SurveyResponse(tenant=tenant, service=service,
                       agency=service.lead_agency if service is not None else None,
                       channel=SurveyChannel.KIOSK, submitted_at=moment,
                       **dict(zip(FIELDS, row, strict=True)), **extra)
        for row in rows])


def submitted_application(tenant: Tenant | None = None) -> Application:
    application = (Application.objects.filter(tenant=tenant or llg(),
                                              tracking_number__isnull=False, case__isnull=False)
                   .order_by("pk").first())
    assert application is not None, "the demo has submitted applications"
    return application


def invitation(application: Application | None = None, **kwargs: object) -> Invitation:
    """A fresh invitation (its token in `raw_token`), without the once-per-file rule getting in
    the way: an earlier invitation of the application is removed first."""
    application = application or submitted_application()
    Invitation.objects.filter(application=application).delete()
    return survey_invite(application=application, **kwargs)  # type: ignore[arg-type]


FULL = {f"U{i}": 4 for i in range(1, 10)}
