"""Load complaints: about one per forty generated applications, each lived through in memory as
`complaints.intake` and `complaints.handling` would have recorded it, then written in bulk.

A complaint is filed near the submission of one of the chunk's applications (so complaints
spread over the same period), about a category of the tenant weighted like a real office's mix,
on the web, at the counter or through the partner app (Open311); some two in five refer to that
application (some working days after it, mostly by its applicant, about its service's lead
agency). It is routed as `intake.route` does (the category's route for the kecamatan, the
category's agency, the agency complained about, else the DPMPTSP) and gets the three time limits
of `intake.deadlines`. Its handling is a plan of officers' steps on working days — acknowledge,
sometimes forward, answer, close (resolved mostly; closed unresolved, not our responsibility or
duplicate), sometimes reopened by the complainant and closed again, a few stalled or never
touched — cut at the present, so recent complaints are still open. The fields each step sets
(`acknowledged_at`, `answered_at`, `closed_at`, `version`, outcome, `resolve_due` on reopening)
follow the handling services, and every step is a `ComplaintUpdate` row. Overdue stages carry
the internal escalation steps and `escalated_on` the daily scan (`complaints.deadlines`) would
have written, so its first run after loading escalates nothing old again.

Like the load applications: no audit records, notifications, survey invitations or photos.
Numbers are reserved from the tenant's `ComplaintSequence` under its lock, so complaints filed
later never collide. Marks: every secret (the private link) starts with `loadgen-`, every
e-mail given ends with `@loadgen.invalid`; names are made up.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import F

from satupintu.accounts.models import Membership, Role
from satupintu.applications.models import Application
from satupintu.catalog.models import Service
from satupintu.complaints.deadlines import STAGE_LABELS
from satupintu.complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintRoute,
    ComplaintSequence,
    ComplaintStatus,
    ComplaintUpdate,
    Open311Client,
    UpdateKind,
)
from satupintu.lib.workdays import CalendarNotConfigured, WorkingDayCalendar
from satupintu.tenants.models import Agency, Kelurahan, Tenant
from satupintu.tenants.selectors import one_stop_agency
from satupintu.tracking.loadgen.write import _create, _insert

RATE = 1 / 40  # complaints per generated application
MARK = "loadgen-"  # prefix of every load complaint's secret
EMAIL_DOMAIN = "loadgen.invalid"
CATEGORY_WEIGHTS = {"layanan-lambat": 5.0, "informasi-layanan": 3.0, "perilaku-petugas": 1.5,
                    "sistem-daring": 2.5, "sarana-pelayanan": 1.5, "pelanggaran-izin": 1.5,
                    "pungutan-liar": 0.4}
# Share of each category's complaints that refer to an application (the rest: 5%).
LINK_SHARE = {"layanan-lambat": 0.75, "informasi-layanan": 0.35, "perilaku-petugas": 0.3,
              "pungutan-liar": 0.25, "sistem-daring": 0.2}
CHANNEL_WEIGHTS = {ComplaintChannel.WEB: 0.6, ComplaintChannel.COUNTER: 0.25,
                   ComplaintChannel.OPEN311: 0.15}
# How a complaint's handling ends (steps after the present never happen, whatever the plan).
PLAN_WEIGHTS = {"resolved": 0.76, "unresolved": 0.08, "not_responsible": 0.05,
                "duplicate": 0.04, "stalled": 0.06, "untouched": 0.01}
REOPEN_SHARE = 0.04
HIDDEN_SHARE = 0.01
FORWARD_SHARE = 0.06
WEB_HOURS = (0, 6, 7, 8, 9, 9, 10, 10, 11, 11, 12, 13, 14, 15, 16, 19, 20, 20, 21, 21, 22, 23)
LINK_DELAYS = (0, 1, 2, 3, 5, 8, 12, 20)  # working days from the submission to the complaint
FIRST_NAMES = ("Ahmad", "Siti", "Budi", "Dewi", "Rudi", "Nur", "Agus", "Rina", "Hendra", "Yuli",
               "Andi", "Sri", "Joko", "Fitri", "Dedi", "Lestari")
LAST_NAMES = ("Saputra", "Wijaya", "Lubis", "Pratama", "Hidayat", "Kurniawan", "Susanti",
              "Harahap", "Rahman", "Putri", "Setiawan")
STREETS = ("Jl. Jend. Sudirman", "Jl. Merdeka", "Jl. Kenanga", "Jl. Garuda", "Jl. Mawar",
           "Jl. Lintas Sumatera")
DESCRIPTIONS = {
    "layanan-lambat": ("Permohonan saya sudah melewati batas waktu di standar pelayanan dan "
                       "belum ada kabar dari petugas.",
                       "Persyaratan yang sama diminta berulang kali sehingga permohonan "
                       "tertahan tanpa kepastian."),
    "informasi-layanan": ("Informasi biaya di loket berbeda dengan yang tertulis di situs.",
                          "Daftar persyaratan di standar pelayanan tidak sama dengan yang "
                          "diminta petugas."),
    "perilaku-petugas": ("Petugas loket tidak ramah dan tidak menjelaskan kekurangan berkas.",
                         "Petugas tidak berada di tempat pada jam layanan."),
    "pungutan-liar": ("Ada yang menawarkan jasa mempercepat izin dengan imbalan uang.",),
    "pelanggaran-izin": ("Bangunan di lingkungan kami dibangun melebihi batas izinnya.",
                         "Usaha di dekat rumah beroperasi tanpa izin dan mengganggu warga."),
    "sistem-daring": ("Unggahan dokumen gagal terus sejak kemarin.",
                      "Situs layanan tidak dapat diakses dari pagi."),
    "sarana-pelayanan": ("Ruang tunggu penuh dan tidak ada kursi untuk lansia.",
                         "Mesin antrean rusak sehingga antrean tidak tertib."),
}
OTHER_DESCRIPTION = "Mohon ditindaklanjuti, pelayanan tidak sesuai dengan standar pelayanan."
ACK_TEXTS = ("Pengaduan Anda sudah kami terima dan sedang kami pelajari.", "")
ANSWER_TEXTS = ("Kami sedang menindaklanjuti pengaduan Anda bersama unit terkait.",
                "Petugas telah meninjau dan akan menyampaikan hasilnya dalam beberapa hari.")
RESOLVE_TEXTS = ("Permasalahan telah diselesaikan; terima kasih atas laporan Anda.",
                 "Berkas Anda telah diproses dan petugas terkait sudah kami tegur.",
                 "Informasi di loket dan situs sudah kami perbaiki.")
UNRESOLVED_TEXTS = ("Masalah berada di luar kewenangan kami untuk diselesaikan saat ini; kami "
                    "telah menyurati pihak terkait.",
                    "Pelapor tidak dapat dihubungi untuk melengkapi keterangan.")
NOT_RESPONSIBLE = ("PLN UP3 setempat", "PDAM setempat", "Kantor Pertanahan setempat",
                   "Balai Pelaksanaan Jalan Nasional")
DUPLICATE_TEXT = "Pengaduan yang sama sudah kami terima dan sedang ditangani."
FORWARD_TEXT = "Pengaduan ini menjadi kewenangan instansi teknis yang menangani layanan ini."
FORWARDED_ELSEWHERE = "Laporan Anda sudah kami teruskan kepada pihak tersebut."
REOPEN_TEXT = "Masalahnya ternyata belum selesai, mohon ditinjau kembali."
HIDDEN_TEXT = "Memuat data pribadi pihak lain."

CLOSING = {UpdateKind.RESOLVED, UpdateKind.CLOSED_UNRESOLVED, UpdateKind.NOT_RESPONSIBLE,
           UpdateKind.DUPLICATE}
# Steps that acknowledge a complaint (handling sets acknowledged_at if it is still empty).
ACKNOWLEDGING = {UpdateKind.ACKNOWLEDGED, UpdateKind.ANSWER, *CLOSING}


@dataclass(slots=True)
class UpdateRow:
    """One `ComplaintUpdate`, as a plain object (written with executemany / COPY)."""

    complaint: Complaint
    kind: str
    status: str  # the complaint's status after the step
    agency_id: int  # the agency responsible after the step
    at: dt.datetime
    actor_id: int | None = None
    text: str = ""
    is_public: bool = True
    versioned: bool = True  # the step changes the complaint's version (handling's `_save`)
    outcome: str = ""  # a closing step: the complaint's outcome_reason
    body: str = ""  # a not-responsible closing: who is responsible


@dataclass
class ComplaintRows:
    complaints: list[Complaint] = field(default_factory=list)
    updates: list[UpdateRow] = field(default_factory=list)
    # (complaint, the earlier complaint it duplicates): linked once both have ids.
    duplicates: list[tuple[Complaint, Complaint]] = field(default_factory=list)


@dataclass(frozen=True)
class _Filing:
    at: dt.datetime
    category: ComplaintCategory
    channel: str
    application: Application | None
    complainant_id: int | None
    kelurahan_id: int | None
    subject_agency_id: int | None
    agency_id: int


class ComplaintMaker:
    """Makes the complaints of each chunk of generated applications (`make`), chunk after
    chunk, with its own random stream."""

    def __init__(self, *, tenant: Tenant, calendar: WorkingDayCalendar, seed: int,
                 now: dt.datetime) -> None:
        self.tenant, self.calendar = tenant, calendar
        # An own stream: the applications generated for a seed stay those of before.
        self.rng = random.Random(f"complaints:{seed}")  # noqa: S311 - load data, not secrets
        self.zone = ZoneInfo(tenant.timezone)
        self.now = now.astimezone(self.zone)
        self.today = self.now.date()
        self.categories = list(ComplaintCategory.objects.filter(tenant=tenant, is_active=True)
                               .order_by("order", "pk"))
        self.weights = list(accumulate(CATEGORY_WEIGHTS.get(c.code, 1.0)
                                       for c in self.categories))
        self.active = set(Agency.objects.filter(tenant=tenant, is_active=True)
                          .values_list("pk", flat=True))
        self.one_stop = one_stop_agency(tenant=tenant).pk
        self.kecamatan_of: dict[int, int] = dict(
            Kelurahan.objects.filter(tenant=tenant).values_list("pk", "kecamatan_id"))
        self.kelurahan = sorted(self.kecamatan_of)
        self.routes: dict[tuple[int, int], int] = {
            (category_id, kecamatan_id): agency_id
            for category_id, kecamatan_id, agency_id in ComplaintRoute.objects.filter(
                tenant=tenant, agency__is_active=True).values_list(
                "category_id", "kecamatan_id", "agency_id")}
        self.leads = sorted(set(Service.objects.filter(tenant=tenant, is_active=True)
                                .values_list("lead_agency_id", flat=True)) & self.active)
        self.handlers: dict[int, list[int]] = {}
        self.clerks: list[int] = []
        for agency_id, role, user_id in Membership.objects.filter(
                agency__tenant=tenant, is_active=True, user__is_active=True,
                role__in=[Role.COMPLAINT_HANDLER, Role.FRONT_OFFICE],
        ).order_by("pk").values_list("agency_id", "role", "user_id"):
            if role == Role.COMPLAINT_HANDLER:
                self.handlers.setdefault(agency_id, []).append(user_id)
            if agency_id == self.one_stop:  # who files walk-in complaints at the counter
                self.clerks.append(user_id)
        self.client_id: int | None = (Open311Client.objects.filter(tenant=tenant, is_active=True)
                                      .order_by("pk").values_list("pk", flat=True).first())
        # Recent complaints per category: what a later one may duplicate.
        self.recent: dict[int, deque[Complaint]] = {}
        self.seen = self.planned = self.emails = 0

    # --- one chunk ------------------------------------------------------------------------------
    def make(self, applications: Sequence[Application]) -> ComplaintRows:
        """The complaints filed about the time of this chunk's (written) applications."""
        rows = ComplaintRows()
        self.seen += len(applications)
        # round(seen * RATE) in all, whatever the chunk size.
        due = min(round(self.seen * RATE) - self.planned, len(applications))
        self.planned += due
        if due <= 0 or not self.categories:
            return rows
        filings = []
        for index in sorted(self.rng.sample(range(len(applications)), due)):
            try:
                filings.append(self._file(applications[index]))
            except CalendarNotConfigured:
                continue  # intake refuses a complaint whose time limits have no calendar
        for filing in sorted(filings, key=lambda f: f.at):  # in order: duplicates look back
            try:
                self._live(filing, rows)
            except CalendarNotConfigured:
                continue
        return rows

    # --- filing (intake.complaint_submit) -----------------------------------------------------
    def _file(self, anchor: Application) -> _Filing:
        rng = self.rng
        category = rng.choices(self.categories, cum_weights=self.weights)[0]
        linked = rng.random() < LINK_SHARE.get(category.code, 0.05)
        channel = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
        if channel == ComplaintChannel.OPEN311 and self.client_id is None:
            channel = ComplaintChannel.WEB
        submitted = anchor.submitted_at
        assert submitted is not None
        at = self._filed_at(submitted.astimezone(self.zone), linked, channel)
        # The application's applicant complains under their account on the web; at the counter
        # and through partner apps nobody's account is the complainant.
        complainant_id = None
        if channel == ComplaintChannel.WEB and rng.random() < (0.8 if linked else 0.15):
            complainant_id = anchor.applicant_id
        # A complaint about an application is about its service's lead agency (as intake
        # names it); a few others name an agency.
        subject = anchor.service.lead_agency_id if linked else (
            rng.choice(self.leads) if self.leads and rng.random() < 0.15 else None)
        kelurahan_id = None
        if self.kelurahan and (category.needs_location or rng.random() < 0.4):
            kelurahan_id = (anchor.kelurahan_id if linked and anchor.kelurahan_id
                            else rng.choice(self.kelurahan))
        return _Filing(at=at, category=category, channel=channel,
                       application=anchor if linked else None, complainant_id=complainant_id,
                       kelurahan_id=kelurahan_id, subject_agency_id=subject,
                       agency_id=self._route(category, kelurahan_id, subject))

    def _filed_at(self, anchor: dt.datetime, linked: bool, channel: str) -> dt.datetime:
        rng = self.rng
        counter = channel == ComplaintChannel.COUNTER
        if linked:  # some working days after the file was submitted
            day = self.calendar.add_working_days(anchor.date(), rng.choice(LINK_DELAYS))
        else:  # about the time of the anchor's submission; the counter on its working day
            day = anchor.date() + dt.timedelta(days=0 if counter else rng.randint(0, 4))
        hour = rng.randint(8, 15) if counter else rng.choice(WEB_HOURS)
        moment = dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59), rng.randint(0, 59)),
                                     tzinfo=self.zone)
        if moment <= anchor:
            moment = anchor + dt.timedelta(minutes=rng.randint(20, 240))
        if moment >= self.now:  # never in the future: some time since the anchor
            moment = anchor + (self.now - anchor) * rng.random()
        return moment

    def _route(self, category: ComplaintCategory, kelurahan_id: int | None,
               subject: int | None) -> int:
        """`intake.route`: the category's route for the kecamatan, else the category's agency,
        else the agency complained about, else the DPMPTSP."""
        if kelurahan_id is not None:
            routed = self.routes.get((category.pk, self.kecamatan_of.get(kelurahan_id, 0)))
            if routed is not None:
                return routed
        if category.agency_id is not None and category.agency_id in self.active:
            return int(category.agency_id)
        return subject if subject is not None else self.one_stop

    def _complaint(self, filing: _Filing) -> Complaint:
        rng, category, calendar = self.rng, filing.category, self.calendar
        day0 = filing.at.date()  # filing.at is in the tenant's zone: day 0 is its local day
        application = filing.application
        text = rng.choice(DESCRIPTIONS.get(category.code, (OTHER_DESCRIPTION,)))
        if application is not None:
            text += f" Nomor permohonan {application.tracking_number}."
        name = email = ""
        if filing.complainant_id is None and rng.random() < (
                1.0 if filing.channel == ComplaintChannel.COUNTER else 0.6):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if rng.random() < 0.5:
                self.emails += 1
                email = f"pengadu.{self.emails}@{EMAIL_DOMAIN}"
        address = ""
        if category.needs_location and rng.random() < 0.5:
            address = f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}"
        return Complaint(
            tenant=self.tenant, category=category, channel=filing.channel,
            agency_id=filing.agency_id, subject_agency_id=filing.subject_agency_id,
            description=text, application=application,
            lapor_ticket=(f"LAP-{day0.year}-{rng.randint(100000, 999999)}"
                          if rng.random() < 0.04 else ""),
            kelurahan_id=filing.kelurahan_id, address=address,
            complainant_id=filing.complainant_id, contact_name=name, contact_email=email,
            client_id=self.client_id if filing.channel == ComplaintChannel.OPEN311 else None,
            secret=f"{MARK}{secrets.token_urlsafe(16)}", submitted_at=filing.at,
            acknowledge_due=calendar.add_working_days(day0, category.acknowledge_days),
            answer_due=calendar.add_working_days(day0, category.answer_days),
            resolve_due=calendar.add_working_days(day0, category.resolve_days))

    # --- handling (complaints.handling, complaints.deadlines) ---------------------------------
    def _live(self, filing: _Filing, rows: ComplaintRows) -> None:
        rng = self.rng
        complaint = self._complaint(filing)
        clerk = (rng.choice(self.clerks) if filing.channel == ComplaintChannel.COUNTER
                 and self.clerks else None)
        plan = _Plan(self, UpdateRow(complaint, UpdateKind.RECEIVED, ComplaintStatus.RECEIVED,
                                     filing.agency_id, filing.at, clerk, versioned=False))
        ending = rng.choices(list(PLAN_WEIGHTS), list(PLAN_WEIGHTS.values()))[0]
        original = self._original(filing) if ending == "duplicate" else None
        if ending == "duplicate" and original is None:
            ending = "resolved"
        plan.run(ending, filing.category)
        kept = [s for s in plan.steps if s.at < self.now]  # the plan stops at the present
        self._settle(complaint, kept, filing.category)
        if original is not None and complaint.status == ComplaintStatus.DUPLICATE:
            rows.duplicates.append((complaint, original))
        internal = self._escalations(complaint, kept, filing.category)
        if rng.random() < HIDDEN_SHARE:
            # A moderator hid the description the next working day (an internal step).
            at = self._at(filing.at.date(), 1, filing.at)
            if at < self.now:
                complaint.hidden_reason, complaint.hidden_at = HIDDEN_TEXT, at
                then = _state_at(kept, at)
                internal.append(UpdateRow(complaint, UpdateKind.HIDDEN, then.status,
                                          then.agency_id, at, self._handler(then.agency_id),
                                          HIDDEN_TEXT, is_public=False, versioned=False))
        rows.complaints.append(complaint)
        rows.updates += sorted(kept + internal, key=lambda s: s.at)
        self.recent.setdefault(filing.category.pk, deque(maxlen=20)).append(complaint)

    def _settle(self, complaint: Complaint, kept: list[UpdateRow],
                category: ComplaintCategory) -> None:
        """The complaint's fields after its steps, as the handling services leave them."""
        last = kept[-1]
        complaint.status, complaint.agency_id = last.status, last.agency_id
        complaint.version = 1 + sum(1 for s in kept if s.versioned)
        complaint.acknowledged_at = next((s.at for s in kept if s.kind in ACKNOWLEDGING), None)
        # The first answer, or the resolution when it came without one.
        complaint.answered_at = next((s.at for s in kept if s.kind in (
            UpdateKind.ANSWER, UpdateKind.RESOLVED)), None)
        reopened = [s for s in kept if s.kind == UpdateKind.REOPENED]
        complaint.reopen_count = len(reopened)
        if reopened:
            complaint.resolve_due = self.calendar.add_working_days(reopened[-1].at.date(),
                                                                   category.resolve_days)
        if last.kind in CLOSING:
            complaint.closed_at = last.at
            complaint.outcome_reason, complaint.responsible_body = last.outcome, last.body

    def _escalations(self, complaint: Complaint, kept: list[UpdateRow],
                     category: ComplaintCategory) -> list[UpdateRow]:
        """The internal steps of the daily scan for overdue stages: each stage not done by the
        day after its due date, while the complaint was open, was escalated soon after that
        midnight (stages due the same day together); `escalated_on` is the last such day."""
        closes = [s.at for s in kept if s.kind in CLOSING]
        reopens = [s.at for s in kept if s.kind == UpdateKind.REOPENED]
        first_close = closes[0] if closes else None
        # (stage, due, done at) while the complaint was open (until the close, if any).
        stages: list[tuple[str, dt.date, dt.datetime | None, dt.datetime | None]] = [
            ("acknowledge", complaint.acknowledge_due, complaint.acknowledged_at, first_close),
            ("answer", complaint.answer_due, complaint.answered_at, first_close),
            ("resolve", self.calendar.add_working_days(complaint.submitted_at.date(),
                                                       category.resolve_days),
             first_close, first_close),
        ]
        for index, reopened in enumerate(reopens):  # reopened: only the new resolve limit
            closed = closes[index + 1] if index + 1 < len(closes) else None
            stages.append(("resolve", self.calendar.add_working_days(reopened.date(),
                                                                     category.resolve_days),
                           closed, closed))
        minute = self.rng.randint(1, 59)
        by_day: dict[dt.date, list[tuple[str, dt.date]]] = {}
        for stage, due, done, closed in stages:
            day = due + dt.timedelta(days=1)
            if day > self.today:
                continue
            at = min(dt.datetime.combine(day, dt.time(0, minute), tzinfo=self.zone), self.now)
            if (done is None or done > at) and (closed is None or closed > at):
                by_day.setdefault(day, []).append((stage, due))
        out = []
        for day, due_stages in sorted(by_day.items()):
            at = min(dt.datetime.combine(day, dt.time(0, minute), tzinfo=self.zone), self.now)
            then = _state_at(kept, at)
            text = "; ".join(f"{STAGE_LABELS[stage][0]} / {STAGE_LABELS[stage][1]}: "
                             f"{due.isoformat()}" for stage, due in due_stages)
            out.append(UpdateRow(complaint, UpdateKind.ESCALATED, then.status, then.agency_id,
                                 at, None, text, is_public=False, versioned=False))
            complaint.escalated_on = day
        return out

    def _original(self, filing: _Filing) -> Complaint | None:
        """An earlier complaint of the same category of the last 30 days, not a duplicate."""
        for earlier in reversed(self.recent.get(filing.category.pk, ())):
            if (earlier.status != ComplaintStatus.DUPLICATE
                    and filing.at - dt.timedelta(days=30) < earlier.submitted_at < filing.at):
                return earlier
        return None

    def _handler(self, agency_id: int) -> int | None:
        # The agency's complaint handlers, else the DPMPTSP's (who coordinate them all).
        people = self.handlers.get(agency_id) or self.handlers.get(self.one_stop) or []
        return self.rng.choice(people) if people else None

    def _forward_to(self, agency_id: int) -> int | None:
        choices = [a for a in (self.one_stop, *self.leads) if a != agency_id]
        return self.rng.choice(choices) if choices else None

    def _at(self, day0: dt.date, days: int, after: dt.datetime) -> dt.datetime:
        """A moment in office hours `days` working days after `day0`, later than `after`."""
        rng = self.rng
        if days == 0 and not self.calendar.is_working_day(day0):
            days = 1  # filed on a day off: officers see it on the next working day
        day = self.calendar.add_working_days(day0, days)
        moment = dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randint(0, 59)),
                                     tzinfo=self.zone)
        if moment <= after:
            moment = after + dt.timedelta(minutes=rng.randint(10, 180))
            if not (8 <= moment.hour < 17 and moment.date() == after.date()):
                # Past office hours: early on that working day, else on the next one.
                day = (after.date() if after.hour < 8 and self.calendar.is_working_day(
                    after.date()) else self.calendar.next_working_day(after.date()))
                moment = dt.datetime.combine(day, dt.time(rng.randint(8, 10), rng.randint(0, 59)),
                                             tzinfo=self.zone)
        return moment


class _Plan:
    """The steps officers (and the complainant) would take on one complaint, each after the
    previous one, whether or not their time has come."""

    def __init__(self, maker: ComplaintMaker, received: UpdateRow) -> None:
        self.m, self.rng = maker, maker.rng
        self.steps = [received]
        self.day0 = received.at.date()
        self.status, self.agency_id = received.status, received.agency_id

    def step(self, kind: str, days: int, text: str = "", status: str = "", *,
             base: dt.date | None = None, outcome: str = "", body: str = "") -> None:
        """A step `days` working days after day 0 (or `base`), by a handler of the agency."""
        at = self.m._at(base or self.day0, days, self.steps[-1].at)
        if kind == UpdateKind.FORWARDED:
            target = self.m._forward_to(self.agency_id)
            if target is None:
                return
            self.agency_id = target
        self.status = status or self.status
        self.steps.append(UpdateRow(self.steps[0].complaint, kind, self.status, self.agency_id,
                                    at, self.m._handler(self.agency_id), text, outcome=outcome,
                                    body=body))

    def run(self, ending: str, category: ComplaintCategory) -> None:
        rng = self.rng
        if ending == "untouched":
            return
        if ending == "duplicate":  # spotted soon, closed without an answer
            self.step(UpdateKind.DUPLICATE, rng.randint(0, 2), DUPLICATE_TEXT,
                      ComplaintStatus.DUPLICATE)
            return
        ack = rng.randint(0, category.acknowledge_days)
        if ending in ("resolved", "not_responsible") and rng.random() < (
                0.25 if ending == "resolved" else 0.6):
            # Closed straight away, without an answer; acknowledged first unless it is closed
            # within the acknowledgement's limit.
            days = rng.randint(ack, category.answer_days)
            self.acknowledge(ack, days, category, 0.3)
            self.close(ending, days)
        else:
            answer = _late(rng, rng.randint(ack, category.answer_days), 0.1, 5)
            self.acknowledge(ack, answer, category, 0.6)
            if rng.random() < FORWARD_SHARE:
                self.step(UpdateKind.FORWARDED, ack, FORWARD_TEXT)
            self.step(UpdateKind.ANSWER, answer, rng.choice(ANSWER_TEXTS),
                      ComplaintStatus.ANSWERED)
            if ending == "stalled":  # still being handled (an investigation, a stuck file)
                return
            span = max(category.resolve_days - answer, 0)
            days = _late(rng, answer + round(rng.triangular(0, span, span * 0.3)), 0.12,
                         max(3, category.resolve_days // 2))
            if days > answer and rng.random() < 0.2:
                self.step(UpdateKind.ANSWER, rng.randint(answer, days), rng.choice(ANSWER_TEXTS),
                          ComplaintStatus.ANSWERED)
            self.close(ending, days)
        if rng.random() < REOPEN_SHARE:
            # The complainant reopens within 14 days of the closing; the resolve limit runs
            # again from that day, and the complaint is closed again.
            day = self.steps[-1].at.date() + dt.timedelta(days=rng.randint(1, 13))
            at = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randint(0, 59)),
                                     tzinfo=self.m.zone)
            self.status = ComplaintStatus.REOPENED
            complaint = self.steps[0].complaint
            self.steps.append(UpdateRow(complaint, UpdateKind.REOPENED, self.status,
                                        self.agency_id, at, complaint.complainant_id,
                                        REOPEN_TEXT))
            self.close("resolved" if rng.random() < 0.75 else "unresolved",
                       rng.randint(1, category.resolve_days), base=day)

    def acknowledge(self, ack: int, then: int, category: ComplaintCategory,
                    share: float) -> None:
        """An acknowledgement `ack` working days in (a few late), when the next step (`then`)
        comes after the acknowledgement's limit, else `share` of the time: answering or
        closing acknowledges too."""
        if then > category.acknowledge_days or self.rng.random() < share:
            self.step(UpdateKind.ACKNOWLEDGED, _late(self.rng, ack, 0.05, 3),
                      self.rng.choice(ACK_TEXTS), ComplaintStatus.ACKNOWLEDGED)

    def close(self, ending: str, days: int, base: dt.date | None = None) -> None:
        rng = self.rng
        if ending == "resolved":
            text = rng.choice(RESOLVE_TEXTS)
            self.step(UpdateKind.RESOLVED, days, text, ComplaintStatus.RESOLVED, base=base,
                      outcome=text)
        elif ending == "not_responsible":
            body, text = rng.choice(NOT_RESPONSIBLE), rng.choice(("", FORWARDED_ELSEWHERE))
            # The step names the body itself (handling.complaint_not_responsible).
            self.step(UpdateKind.NOT_RESPONSIBLE, days, f"{body}\n\n{text}".strip(),
                      ComplaintStatus.NOT_RESPONSIBLE, base=base, outcome=text, body=body)
        else:
            text = rng.choice(UNRESOLVED_TEXTS)
            self.step(UpdateKind.CLOSED_UNRESOLVED, days, text,
                      ComplaintStatus.CLOSED_UNRESOLVED, base=base, outcome=text)


def _late(rng: random.Random, days: int, share: float, most: int) -> int:
    """Mostly `days`; `share` of the time 1..most working days later (past the limit)."""
    return days + rng.randint(1, most) if rng.random() < share else days


def _state_at(steps: list[UpdateRow], at: dt.datetime) -> UpdateRow:
    """The last step at or before `at` (its status and agency are the complaint's then)."""
    found = steps[0]
    for step in steps:
        if step.at > at:
            break
        found = step
    return found


# --- writing ------------------------------------------------------------------------------------
@transaction.atomic
def write_complaints(rows: ComplaintRows) -> int:
    """Number the chunk's complaints from the tenant's sequence, write them (`bulk_create`, COPY
    on PostgreSQL) and their timelines (executemany / COPY); how many were written."""
    if not rows.complaints:
        return 0
    _number(rows.complaints)
    later: list[tuple[Complaint, Complaint]] = []
    for complaint, original in rows.duplicates:
        if original.pk is not None:  # written with an earlier chunk
            complaint.duplicate_of_id = original.pk
        else:
            later.append((complaint, original))
    _create(Complaint, rows.complaints)
    for complaint, original in later:
        complaint.duplicate_of_id = original.pk
    if later:
        Complaint.objects.bulk_update([c for c, _original in later], ["duplicate_of"])
    when = connection.ops.adapt_datetimefield_value
    _insert(ComplaintUpdate, ["tenant_id", "complaint_id", "kind", "text", "is_public",
                              "hidden_reason", "actor_id", "agency_id", "status", "at",
                              "created_at", "updated_at"],
            [(u.complaint.tenant_id, u.complaint.pk, u.kind, u.text, u.is_public, "",
              u.actor_id, u.agency_id, u.status, when(u.at), when(u.at), when(u.at))
             for u in rows.updates])
    # bulk_create stamps created_at with now; the complaints were made when they were filed.
    ids = [c.pk for c in rows.complaints]
    step = 5000 if connection.vendor == "postgresql" else 500  # SQLite: bound parameters
    for i in range(0, len(ids), step):
        Complaint.objects.filter(pk__in=ids[i:i + step]).update(created_at=F("submitted_at"))
    return len(rows.complaints)


def _number(complaints: list[Complaint]) -> None:
    """Numbers in order of filing within the chunk (`ADU-<local year>-NNNNN`, as intake's), a
    block per year reserved from the tenant's sequence under its lock, so complaints filed later
    never collide."""
    tenant = complaints[0].tenant
    zone = ZoneInfo(tenant.timezone)
    ordered = sorted(complaints, key=lambda c: c.submitted_at)
    years = [c.submitted_at.astimezone(zone).year for c in ordered]
    next_of: dict[int, int] = {}
    for year, needed in sorted(Counter(years).items()):
        sequence, _created = ComplaintSequence.objects.select_for_update().get_or_create(
            tenant=tenant, year=year)
        next_of[year] = sequence.last + 1
        ComplaintSequence.objects.filter(pk=sequence.pk).update(last=sequence.last + needed)
    for complaint, year in zip(ordered, years, strict=True):
        complaint.number = f"ADU-{year}-{next_of[year]:05d}"
        next_of[year] += 1
