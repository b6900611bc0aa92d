"""Reads of the satisfaction survey, always within one tenant: the index (IKM) of a slice —
the whole unit, a service or an agency — over a period, its tables per service and per agency,
the respondents' profile and the suggestions. Sums are taken in SQL (one `Sum` per element);
the arithmetic is `lib.ikm`'s, exact, rounded only at the end."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from satupintu.catalog.models import Service
from satupintu.core.errors import NotFound
from satupintu.lib.ikm import ELEMENT_NAMES, ELEMENTS, ikm_from_sums, minimum_sample
from satupintu.surveys.elements import CODES, FIELDS, PROFILE_CHOICES, QUESTIONNAIRE
from satupintu.surveys.models import Invitation, SurveyResponse
from satupintu.surveys.periods import Period
from satupintu.tenants.models import Agency, Tenant

GRADE_LABELS: dict[str, str | Promise] = {
    "A": _("Very good"), "B": _("Good"), "C": _("Fair"), "D": _("Not good"),
}
LOWEST = 3  # how many of the weakest elements a report points out
_SUMS = {f: Sum(f) for f in FIELDS}


@dataclass(frozen=True)
class ElementScore:
    """One element's NRR (exact; None without respondents) and its weighted share (NRR/9)."""

    code: str
    name: str | Promise
    nrr: Fraction | None
    total: int | None = None  # the sum of the answers

    @property
    def official_name(self) -> str:
        """The regulation's Indonesian name (reports are in Indonesian)."""
        return ELEMENT_NAMES[CODES.index(self.code)]

    @property
    def nrr_float(self) -> float | None:
        return None if self.nrr is None else float(self.nrr)

    @property
    def weighted(self) -> float | None:
        return None if self.nrr is None else float(self.nrr / ELEMENTS)

    @property
    def converted(self) -> float | None:
        """The element alone on the 25–100 scale (NRR × 25), as reports tabulate it."""
        return None if self.nrr is None else float(self.nrr * 25)


@dataclass(frozen=True)
class IkmFigure:
    """The index of one slice and period."""

    respondents: int
    elements: tuple[ElementScore, ...]
    ikm: Decimal | None
    grade: str | None
    population: int
    min_sample: int
    lowest: tuple[str, ...]

    @property
    def label(self) -> str | None:
        return None if self.grade is None else str(GRADE_LABELS[self.grade])

    @property
    def sample_reached(self) -> bool:
        return self.respondents >= self.min_sample

    @property
    def ikm_float(self) -> float | None:
        return None if self.ikm is None else float(self.ikm)


def responses_in(tenant: Tenant, period: Period) -> QuerySet[SurveyResponse]:
    start, end = period.bounds(tenant.timezone)
    qs: QuerySet[SurveyResponse] = SurveyResponse.objects.filter(
        tenant=tenant, submitted_at__gte=start, submitted_at__lt=end)
    return qs


def _population(tenant: Tenant, period: Period) -> QuerySet[Any]:
    """The period's applicants: applications received (submitted) in it."""
    from satupintu.applications.models import Application

    start, end = period.bounds(tenant.timezone)
    return Application.objects.filter(tenant=tenant, submitted_at__gte=start,
                                      submitted_at__lt=end, tracking_number__isnull=False)


def _figure(row: dict[str, Any], population: int) -> IkmFigure:
    """An index from one aggregate row (`n` and the sums `u1`…`u9`)."""
    n = int(row.get("n") or 0)
    sample = minimum_sample(population) if population > 0 else 0
    if n == 0:
        return IkmFigure(0, tuple(ElementScore(e.code, e.name, None) for e in QUESTIONNAIRE),
                         None, None, population, sample, ())
    index = ikm_from_sums([int(row[f]) for f in FIELDS], n)
    elements = tuple(ElementScore(e.code, e.name, nrr, int(row[e.field]))
                     for e, nrr in zip(QUESTIONNAIRE, index.nrr, strict=True))
    ranked = sorted(elements, key=lambda e: (e.nrr, e.code))
    return IkmFigure(n, elements, index.value, index.grade, population, sample,
                     tuple(e.code for e in ranked[:LOWEST]))


def ikm_figure(*, tenant: Tenant, period: Period, service: Service | None = None,
               agency: Agency | None = None) -> IkmFigure:
    """The index of the whole unit, or of one service or one agency, over the period."""
    responses = responses_in(tenant, period)
    population = _population(tenant, period)
    if service is not None:
        responses = responses.filter(service=service)
        population = population.filter(service=service)
    if agency is not None:
        responses = responses.filter(agency=agency)
        population = population.filter(service__lead_agency=agency)
    row = responses.aggregate(n=Count("id"), **_SUMS)
    return _figure(row, population.count())


def _grouped(tenant: Tenant, period: Period, key: str,
             population_key: str) -> dict[int, IkmFigure]:
    rows = {r[key]: r for r in responses_in(tenant, period).filter(**{f"{key}__isnull": False})
            .order_by().values(key).annotate(n=Count("id"), **_SUMS)}
    counts = dict(_population(tenant, period).order_by().values_list(population_key)
                  .annotate(c=Count("id")).values_list(population_key, "c"))
    return {pk: _figure(rows.get(pk, {}), int(counts.get(pk, 0)))
            for pk in set(rows) | set(counts)}


def ikm_by_service(*, tenant: Tenant, period: Period) -> list[tuple[Service, IkmFigure]]:
    """Every service with respondents or applicants in the period, by name."""
    figures = _grouped(tenant, period, "service", "service")
    services = Service.objects.filter(tenant=tenant, pk__in=figures).order_by("name")
    return [(s, figures[s.pk]) for s in services]


def ikm_by_agency(*, tenant: Tenant, period: Period) -> list[tuple[Agency, IkmFigure]]:
    """Every agency with respondents or applicants in the period, by name."""
    figures = _grouped(tenant, period, "agency", "service__lead_agency")
    agencies = Agency.objects.filter(tenant=tenant, pk__in=figures).order_by("name")
    return [(a, figures[a.pk]) for a in agencies]


@dataclass(frozen=True)
class IkmBreakdown:
    """The index of the whole unit, of each service and of each agency, over one period."""

    total: IkmFigure
    by_service: list[tuple[Service, IkmFigure]]
    by_agency: list[tuple[Agency, IkmFigure]]


def _grouped_rows(rows: QuerySet[Any], tenant: Tenant, keys: list[str], per_day: bool,
                  **totals: Any) -> list[dict[str, Any]]:
    """`rows` grouped by `keys` (and by the local day of `submitted_at` with `per_day`, as
    `day`), with `totals`: one query."""
    if per_day:
        rows = rows.annotate(day=TruncDate("submitted_at", tzinfo=ZoneInfo(tenant.timezone)))
        keys = ["day", *keys]
    return [dict(row) for row in rows.order_by().values(*keys).annotate(**totals)]


def answer_sums(tenant: Tenant, period: Period, *, per_day: bool = False
                ) -> list[dict[str, Any]]:
    """The period's answers summed per (service, agency): `n` respondents and the sums `u1`…`u9`
    of each group; with `per_day`, per local day of the answer too (`day`)."""
    return _grouped_rows(responses_in(tenant, period), tenant, ["service", "agency"], per_day,
                         n=Count("id"), **_SUMS)


def applicant_counts(tenant: Tenant, period: Period, *, per_day: bool = False
                     ) -> list[dict[str, Any]]:
    """The period's applicants counted per service (`service`, `n`); with `per_day`, per
    local day of the application too (`day`)."""
    return _grouped_rows(_population(tenant, period), tenant, ["service"], per_day,
                         n=Count("id"))


def ikm_breakdown(*, tenant: Tenant, period: Period) -> IkmBreakdown:
    """`ikm_figure`, `ikm_by_service` and `ikm_by_agency` at once: the answers summed per
    (service, agency) and the applicants counted per service (two grouped queries), then
    added up three ways (`breakdown`)."""
    return breakdown(tenant=tenant, answers=answer_sums(tenant, period),
                     applicants={row["service"]: row["n"]
                                 for row in applicant_counts(tenant, period)})


def breakdown(*, tenant: Tenant, answers: list[dict[str, Any]],
              applicants: dict[int, int]) -> IkmBreakdown:
    """The index of the whole unit, each service and each agency from the answers summed per
    (service, agency) (`answer_sums`) and the applicants per service id: from the records
    (`ikm_breakdown`) or from the daily summary (the public scoreboard)."""
    lead = dict(Service.objects.filter(tenant=tenant).values_list("pk", "lead_agency_id"))

    def added(rows: list[dict[str, Any]]) -> dict[str, int]:
        return {name: sum(int(r[name] or 0) for r in rows) for name in ("n", *FIELDS)}

    total = _figure(added(answers), sum(applicants.values()))
    per: dict[str, dict[int, list[dict[str, Any]]]] = {"service": {}, "agency": {}}
    for row in answers:
        for key in per:
            if row[key] is not None:
                per[key].setdefault(row[key], []).append(row)
    people: dict[str, dict[int, int]] = {"service": dict(applicants), "agency": {}}
    for service, count in applicants.items():
        people["agency"][lead[service]] = people["agency"].get(lead[service], 0) + count
    figures = {key: {pk: _figure(added(per[key].get(pk, [])), people[key].get(pk, 0))
                     for pk in set(per[key]) | set(people[key])} for key in per}
    services = Service.objects.filter(tenant=tenant, pk__in=figures["service"]).order_by("name")
    agencies = Agency.objects.filter(tenant=tenant, pk__in=figures["agency"]).order_by("name")
    return IkmBreakdown(total, [(s, figures["service"][s.pk]) for s in services],
                        [(a, figures["agency"][a.pk]) for a in agencies])


@dataclass(frozen=True)
class ProfileRow:
    label: str | Promise
    count: int


def profile_summary(*, tenant: Tenant, period: Period) -> dict[str, list[ProfileRow]]:
    """How many respondents gave each answer of each profile question (and how many none)."""
    responses = responses_in(tenant, period)
    summary: dict[str, list[ProfileRow]] = {}
    for name, choices in PROFILE_CHOICES.items():
        counts = dict(responses.order_by().values_list(name).annotate(c=Count("id"))
                      .values_list(name, "c"))
        rows = [ProfileRow(label, int(counts.get(value, 0)))
                for value, label in choices.choices]
        rows.append(ProfileRow(_("Not stated"), int(counts.get("", 0))))
        summary[name] = rows
    return summary


def suggestions(*, tenant: Tenant, period: Period, limit: int = 50) -> tuple[int, list[str]]:
    """How many responses carry a suggestion, and the latest ones' text (for officers only:
    free text may name people)."""
    with_text = responses_in(tenant, period).exclude(suggestion="")
    latest = list(with_text.order_by("-submitted_at", "-pk").values_list("suggestion", flat=True)
                  [:limit])
    return with_text.count(), latest


def channel_counts(*, tenant: Tenant, period: Period) -> dict[str, int]:
    return dict(responses_in(tenant, period).order_by().values_list("channel")
                .annotate(c=Count("id")).values_list("channel", "c"))


def service_by_code(*, tenant: Tenant, code: str) -> Service:
    found = Service.objects.filter(tenant=tenant, code=(code or "").strip().upper()).first()
    if found is None:
        raise NotFound(_("There is no service with this code."), code="unknown_service")
    return found


def agency_by_code(*, tenant: Tenant, code: str) -> Agency:
    found = Agency.objects.filter(tenant=tenant, code=(code or "").strip().upper()).first()
    if found is None:
        raise NotFound(_("There is no agency with this code."), code="unknown_agency")
    return found


def kiosk_services(*, tenant: Tenant) -> QuerySet[Service]:
    return Service.objects.filter(tenant=tenant, is_active=True).order_by("name")


def invitation_by_token(*, tenant: Tenant, token: str) -> Invitation | None:
    """The invitation of `token` in this tenant (any other region's reads as none), for
    showing the form; answering checks it again under a lock."""
    from satupintu.surveys.services import MAX_TOKEN, token_hash

    token = (token or "").strip()
    if not 0 < len(token) <= MAX_TOKEN:
        return None
    return (Invitation.objects.select_related("service")
            .filter(tenant=tenant, token_hash=token_hash(token)).first())

