"""The demo's satisfaction survey: about a hundred responses over the past six months across the
services (mostly 3s and 4s, some 2s; profiles filled; a few suggestions), and one open
invitation for the demo applicant with a fixed token, so the README can link to its form.

Deterministic (seeded) and idempotent: responses are added only while the region has none.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from satupintu.accounts.models import User
from satupintu.audit.services import record
from satupintu.catalog.models import Service
from satupintu.surveys.elements import FIELDS, PROFILE_CHOICES
from satupintu.surveys.models import Invitation, SurveyChannel, SurveyResponse
from satupintu.surveys.services import token_hash
from satupintu.tenants.models import Tenant

DEMO_TOKEN = "demo-survei-pemohon"  # noqa: S105 (printed in the README; demo only)
RESPONSES = 100
DAYS = 180
SEED = 20260412
SUGGESTIONS = (
    "Ruang tunggu sebaiknya ditambah kipas angin.",
    "Petugas ramah dan cepat, terima kasih.",
    "Mohon informasi persyaratan di website diperbarui.",
    "Antrean pagi cukup panjang, tambah loket pada hari Senin.",
    "Notifikasi lewat WhatsApp sangat membantu.",
    "Parkir kendaraan roda dua kurang luas.",
    "Prosesnya lebih cepat dari perkiraan saya.",
)


def _answer(rng: random.Random) -> int:
    return rng.choices((4, 3, 2, 1), weights=(42, 48, 9, 1))[0]


@transaction.atomic
def ensure_demo_surveys(tenant: Tenant) -> list[str]:
    created: list[str] = []
    if not SurveyResponse.objects.filter(tenant=tenant).exists():
        rng = random.Random(SEED)  # noqa: S311 (demo figures, not secrets)
        services = list(Service.objects.filter(tenant=tenant, is_active=True)
                        .select_related("lead_agency").order_by("code"))
        zone = ZoneInfo(tenant.timezone)
        today = timezone.now().astimezone(zone).date()
        rows = []
        for _i in range(RESPONSES):
            day = today - dt.timedelta(days=rng.randrange(1, DAYS))
            while day.weekday() >= 5:
                day -= dt.timedelta(days=1)
            moment = dt.datetime.combine(day, dt.time(rng.randrange(8, 15), rng.randrange(60)),
                                         tzinfo=zone)
            service = rng.choice(services) if services else None
            kiosk = rng.random() < 0.4
            rows.append(SurveyResponse(
                tenant=tenant, service=service,
                agency=service.lead_agency if service is not None else None,
                channel=SurveyChannel.KIOSK if kiosk else SurveyChannel.LINK,
                submitted_at=moment, suggestion=rng.choice(SUGGESTIONS)
                if rng.random() < 0.12 else "",
                **{f: _answer(rng) for f in FIELDS},
                **{name: rng.choice(choices.values) for name, choices in
                   PROFILE_CHOICES.items()}))
        SurveyResponse.objects.bulk_create(rows)
        record(tenant=tenant, actor=None, action="survey.demo_import",
               object_type="surveys.surveyresponse", object_label="demo survey responses",
               after={"responses": len(rows)})
        created.append(f"{len(rows)} demo survey responses")
    if not Invitation.objects.filter(token_hash=token_hash(DEMO_TOKEN)).exists():
        applicant = User.objects.filter(tenant=tenant, username="pemohon").first()
        first = (applicant.applications.filter(tracking_number__isnull=False)
                 .select_related("service").order_by("pk").first() if applicant else None)
        service = first.service if first is not None else None
        invitation = Invitation.objects.create(
            tenant=tenant, token_hash=token_hash(DEMO_TOKEN), service=service,
            agency=service.lead_agency if service is not None else None,
            expires_at=timezone.now() + dt.timedelta(days=365))
        record(tenant=tenant, actor=None, action="survey.invite", obj=invitation,
               after={"demo": True})
        created.append("demo survey invitation")
    return created
