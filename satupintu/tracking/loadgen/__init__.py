"""Load data for benchmarks: N realistic submitted applications, written with bulk inserts.

Not a service and not for real data: it refuses to run in production or on a tenant that is not
a demo. Each application is walked through its workflow in memory the way the engine would move
it — the same states, holders, step deadlines, correction rounds, parallel reviews and
working-day clock (`workflow.clock`'s due-date arithmetic on the tenant's calendar) — with
plausible delays between steps, starting on a working day of the last `months` months and
stopping at the present, so older files are further along (`--years 3` spreads a million over
three years: most decided on time or late, some rejected or withdrawn, the recent ones open).
Files the walk signs get their first permit (numbers reserved from the tenant's permit
sequence); about a third of the handed-over files get a satisfaction survey answer. The
clock's stored summary (working days to the decision, ADR 0016) is filled as
`Clock.stop` fills it. Then the rows go in a few thousand applications per transaction:
`bulk_create` for cases and applications and `executemany` for steps, clock events and reviews
on SQLite; COPY for all of them on PostgreSQL (ids taken from the sequences first). About one
complaint per forty applications is filed and handled alongside, in the same chunks
(`loadgen.complaints`). No audit records or deferred effects (e-mails) are written for them.
`tests/tracking/test_loadgen.py` runs the same steps through the engine and compares every
row, so the two cannot drift apart unnoticed.

Marks: every applicant account is `loadgen-<tenant>-NNNNNN` (`@loadgen.invalid`, unusable
password, `is_demo`), and every application's `idempotency_key` is `loadgen:<tracking number>`.
The PIN of an application is `load_pin(sequence)`: its sequence number (the last part of the
tracking number) written in base 32 over the PIN alphabet, e.g. 1 → `AAAAAB`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from satupintu.accounts.models import Membership, Role, User, UserKind
from satupintu.applications.models import Application, ApplicationStatus, TrackingCounter
from satupintu.applications.services import PIN_ALPHABET, case_params
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.catalog.models import Service
from satupintu.catalog.selectors import current_standard
from satupintu.core.errors import ValidationFailed
from satupintu.lib.workdays import WorkingDayCalendar
from satupintu.monitoring.summary import forget
from satupintu.surveys.models import SurveyChannel, SurveyResponse
from satupintu.tenants.models import Kelurahan, Tenant
from satupintu.tenants.selectors import one_stop_agency
from satupintu.tracking.loadgen.complaints import ComplaintMaker, write_complaints
from satupintu.tracking.loadgen.walk import Rows, Variant, Walker
from satupintu.tracking.loadgen.write import write_rows
from satupintu.tracking.samples import sample_answers
from satupintu.workflow.definitions import compiled, published_definition
from satupintu.workflow.models import WorkflowDefinition

HANDED_OVER = "handed_over"
SURVEY_SHARE = 0.3
SURVEY_ANSWERS = (2, 3, 3, 3, 3, 4, 4)  # mostly "good": an index of about 80
SURVEY_FIELDS = tuple(f"u{n}" for n in range(1, 10))
USER_PREFIX = "loadgen"
KEY_PREFIX = "loadgen:"
VARIANT_WEIGHTS = {"new": 6.0, "extension": 3.0, "amendment": 1.0, "revocation": 0.5}
FIRST_NAMES = ["Ahmad", "Siti", "Budi", "Dewi", "Rudi", "Nur", "Agus", "Rina", "Hendra", "Yuli",
               "Andi", "Sri", "Joko", "Fitri", "Dedi", "Lestari", "Eko", "Wati", "Rahmat", "Intan"]
LAST_NAMES = ["Saputra", "Wijaya", "Lubis", "Siregar", "Pratama", "Hidayat", "Kurniawan",
              "Susanti", "Harahap", "Nasution", "Rahman", "Putri", "Setiawan", "Gunawan"]
STREETS = ["Jl. Yos Sudarso", "Jl. Garuda", "Jl. Bukit Sulap", "Jl. Jend. Sudirman",
           "Jl. Kenanga", "Jl. Lintas Sumatera", "Jl. Depati Said", "Jl. Mayor Toha"]


def load_pin(sequence: int) -> str:
    """The PIN of a generated application: its sequence number in base 32 (PIN alphabet)."""
    base = len(PIN_ALPHABET)
    digits = []
    for _ in range(6):
        sequence, digit = divmod(sequence, base)
        digits.append(PIN_ALPHABET[digit])
    return "".join(reversed(digits))


class LoadDataRefused(ValidationFailed):
    code = "load_data_refused"


@dataclass
class LoadReport:
    applications: int = 0
    users_created: int = 0
    transitions: int = 0
    clock_events: int = 0
    branches: int = 0
    permits: int = 0
    surveys: int = 0
    complaints: int = 0
    seconds: float = 0.0
    first_number: str = ""
    last_number: str = ""
    states: Counter[str] = field(default_factory=Counter)


# --- Entry point ------------------------------------------------------------------------------
def generate(
    *, tenant: Tenant, count: int, seed: int = 2026, months: int = 6, chunk: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Write `count` submitted applications with their files' histories into `tenant`."""
    if settings.PRODUCTION:
        raise LoadDataRefused("Load data is never generated in production.")
    if not tenant.is_demo:
        raise LoadDataRefused(f"{tenant.code} is not a demo tenant; load data goes only into "
                              f"demo tenants (manage.py load_demo).")
    if not 1 <= count <= 10_000_000 or not 1 <= months <= 60:
        raise LoadDataRefused("Choose 1 to 10,000,000 applications over 1 to 60 months.")
    began = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - reproducible load data, not secrets
    variants = _variants(tenant)
    report = LoadReport()
    applicants, report.users_created = _applicants(tenant, count, rng)
    kelurahan = list(Kelurahan.objects.filter(tenant=tenant).values_list("pk", flat=True))
    calendar = working_calendar(tenant)
    moments = _moments(tenant, calendar, count, months, rng)
    numbers = _reserve_numbers(tenant, moments)
    walker = Walker(tenant=tenant, calendar=calendar, rng=rng, now=timezone.now(),
                     one_stop_id=one_stop_agency(tenant=tenant).pk, officers=_officers(tenant))
    complaints = ComplaintMaker(tenant=tenant, calendar=calendar, seed=seed, now=walker.now)
    weights = list(accumulate(VARIANT_WEIGHTS.get(v.variant.kind, 1.0) for v in variants))
    one_stop = one_stop_agency(tenant=tenant).pk
    signers: list[int | None] = [*(walker.officers.get((one_stop, Role.SIGNER))
                                   or walker.officers.get((one_stop, Role.HEAD)) or []), None]
    for start in range(0, count, chunk):
        rows = Rows(signer_id=signers[0])
        for index in range(start, min(start + chunk, count)):
            choice = rng.choices(variants, cum_weights=weights)[0]
            number, sequence = numbers[index]
            owner_id = applicants[index % len(applicants)]
            case = walker.walk(choice, owner_id, moments[index], rows)
            rows.applications.append(Application(
                tenant=tenant, applicant_id=owner_id, service=choice.service,
                variant=choice.variant, status=ApplicationStatus.SUBMITTED,
                answers=choice.answers, kelurahan_id=rng.choice(kelurahan) if kelurahan else None,
                location_detail=f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}",
                tracking_number=number, pin=load_pin(sequence), case=case,
                submitted_at=moments[index], idempotency_key=f"{KEY_PREFIX}{number}"))
            report.states[case.state] += 1
            if case.state == HANDED_OVER and rng.random() < SURVEY_SHARE:
                # About one in three applicants answers the satisfaction survey at hand-over.
                rows.surveys.append(SurveyResponse(
                    tenant=tenant, service=choice.service,
                    agency_id=choice.service.lead_agency_id, channel=SurveyChannel.LINK,
                    submitted_at=case.state_entered_at,
                    **{name: rng.choice(SURVEY_ANSWERS) for name in SURVEY_FIELDS}))
        write_rows(rows)
        # Complaints filed about the time of (some about) this chunk's written applications.
        report.complaints += write_complaints(complaints.make(rows.applications))
        report.applications += len(rows.applications)
        report.transitions += len(rows.transitions)
        report.clock_events += len(rows.events)
        report.branches += len(rows.branches)
        report.permits += len(rows.issued) if rows.signer_id is not None else 0
        report.surveys += len(rows.surveys)
        if progress is not None:
            progress(report.applications)
    report.first_number, report.last_number = numbers[0][0], numbers[-1][0]
    # The files' histories were written in the past, outside the engine: the monitoring
    # summary's settled days are counted again on next need.
    forget(tenant)
    report.seconds = time.perf_counter() - began
    return report


# --- What the tenant offers, who works there --------------------------------------------------
def _variants(tenant: Tenant) -> list[Variant]:
    today = local_date(tenant)
    found: list[Variant] = []
    definitions: dict[str, WorkflowDefinition] = {}
    services = Service.objects.filter(tenant=tenant, is_active=True).prefetch_related("agencies")
    for service in services:
        standard = current_standard(service, today)
        for variant in standard.variants.all() if standard else []:
            code = variant.workflow
            if code not in definitions:
                definitions[code] = published_definition(tenant=tenant, code=code)
            params = case_params(Application(tenant=tenant, service=service, variant=variant,
                                             answers={}))
            found.append(Variant(service, variant, params, definitions[code],
                                  compiled(definitions[code]),
                                  sample_answers(variant.requirements.all())))
    if not found:
        raise LoadDataRefused(f"{tenant.code} has no published services; load the demo first.")
    return found


def _officers(tenant: Tenant) -> dict[tuple[int, str], list[int]]:
    """Officer ids by (agency id, role), to name plausible actors of each step."""
    out: dict[tuple[int, str], list[int]] = {}
    for agency_id, role, user_id in Membership.objects.filter(
            agency__tenant=tenant, is_active=True).values_list("agency_id", "role", "user_id"):
        out.setdefault((agency_id, role), []).append(user_id)
    return out


def _applicants(tenant: Tenant, count: int, rng: random.Random) -> tuple[list[int], int]:
    """Ids of the load applicants (one per ten applications, 20 to 20,000); missing ones are
    created."""
    wanted = min(max(count // 10, 20), 20_000)
    prefix = f"{USER_PREFIX}-{tenant.code}-"
    have = list(User.objects.filter(tenant=tenant, username__startswith=prefix)
                .order_by("pk").values_list("pk", flat=True)[:wanted])
    missing = wanted - len(have)
    if missing > 0:
        taken = set(User.objects.filter(username__startswith=prefix)
                    .values_list("username", flat=True))
        names = (f"{prefix}{n:06d}" for n in range(1, 10_000_000))
        free = list(_take_free(names, taken, missing))
        unusable = make_password(None)
        User.objects.bulk_create([
            User(username=name, tenant=tenant, kind=UserKind.APPLICANT, is_demo=True,
                 password=unusable, email=f"{name}@loadgen.invalid",
                 full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
            for name in free
        ], batch_size=2000)
        have = list(User.objects.filter(tenant=tenant, username__startswith=prefix)
                    .order_by("pk").values_list("pk", flat=True)[:wanted])
    return have, max(missing, 0)


def _take_free(names: Iterator[str], taken: set[str], count: int) -> Iterator[str]:
    for name in names:
        if count <= 0:
            return
        if name not in taken:
            count -= 1
            yield name


# --- When, and under which number --------------------------------------------------------------
def _moments(tenant: Tenant, calendar: WorkingDayCalendar, count: int, months: int,
             rng: random.Random) -> list[dt.datetime]:
    """Submission times on working days during office hours, oldest first, all in the past."""
    zone = ZoneInfo(tenant.timezone)
    now = timezone.now().astimezone(zone)
    first = (now - dt.timedelta(days=round(months * 30.44))).date().toordinal()
    days = [d for d in (dt.date.fromordinal(o) for o in range(first, now.date().toordinal() + 1))
            if calendar.is_working_day(d)]
    moments: list[dt.datetime] = []
    while len(moments) < count:
        day = rng.choice(days)
        moment = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59),
                                                  rng.randint(0, 59)), tzinfo=zone)
        if moment < now:
            moments.append(moment)
    moments.sort()
    return moments


@transaction.atomic
def _reserve_numbers(tenant: Tenant, moments: list[dt.datetime]) -> list[tuple[str, int]]:
    """Tracking numbers in order of submission, taken from the tenant's counters at once, so
    applications submitted meanwhile or later never collide with them."""
    per_year = Counter(m.year for m in moments)
    next_of: dict[int, int] = {}
    for year, needed in sorted(per_year.items()):
        counter, _created = TrackingCounter.objects.select_for_update().get_or_create(
            tenant=tenant, year=year)
        next_of[year] = counter.last + 1
        TrackingCounter.objects.filter(pk=counter.pk).update(last=counter.last + needed)
    numbers = []
    for moment in moments:
        sequence = next_of[moment.year]
        next_of[moment.year] += 1
        numbers.append((f"{tenant.tracking_prefix}-{moment.year}-{sequence:06d}", sequence))
    return numbers
