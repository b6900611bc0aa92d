"""The demo office: some fifty files in every state up to approval, so a newcomer can click
through a working DPMPTSP at once (the stories are in `office_data.py`).

Each story is replayed through the real services — drafts, answers and uploads, submission,
the workflow engine, assignment, field inspections — so every file has its documents, its
timeline, its clock and its audit records like any other. The steps happened on past working
days: each runs with Django's clock (`timezone.now`, hence the tenant's local date) set to
that moment, and all stories' steps run in one chronological order, so tracking numbers
follow submission times and due dates, overdue steps and working-day figures come out of the
engine as they would have. The audit chain keeps its own order: a record is never timed
before the one it follows, so these records carry the time the demo was loaded.

Idempotent: once any of the office's applicants has an application, nothing is added.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from satupintu.accounts import services as accounts
from satupintu.accounts.consent import CONSENT_VERSION
from satupintu.accounts.models import ApplicantKind, User, UserKind
from satupintu.applications import requirements as reqs
from satupintu.applications import services
from satupintu.applications.models import Application, Upload
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.catalog.models import DataType, Requirement, RequirementKind
from satupintu.demo.files import demo_pas_foto, demo_pdf, demo_site_photo
from satupintu.demo.lubuklinggau import DEMO_PASSWORD
from satupintu.demo.office_data import PEOPLE, STORIES, Days, Person, Step, Story
from satupintu.inspections.models import Inspection
from satupintu.inspections.services import inspection_report, inspection_schedule
from satupintu.issuance.lifecycle import permit_hand_over, permit_revoke
from satupintu.issuance.models import Permit
from satupintu.issuance.services import permit_sign
from satupintu.tenants.models import Agency, Kelurahan, Tenant
from satupintu.workflow.assignment import case_claim
from satupintu.workflow.engine import case_perform
from satupintu.workflow.models import Case

CLERK, VERIFIER, APPROVER, SIGNER = "petugas.fo", "verifikator", "kabid", "kadis"
# Who works on each agency's review in the demo: the reviewer recommends; the first of the
# team schedules and reports the field inspection.
REVIEWERS = {"DINKES": "teknis.dinkes", "PUPR": "teknis.pupr", "BAPENDA": "teknis.bapenda"}
TEAMS = {"DINKES": ("teknis.dinkes",), "PUPR": ("lapangan.pupr", "teknis.pupr")}
# Rough centres of the kecamatan (the city lies around -3.29, 102.86), for inspection GPS.
CENTRES = {
    "16.73.01": ("-3.2935", "102.8705"), "16.73.02": ("-3.3025", "102.8520"),
    "16.73.03": ("-3.3230", "102.8715"), "16.73.04": ("-3.2600", "102.8775"),
    "16.73.05": ("-3.2925", "102.8840"), "16.73.06": ("-3.2985", "102.8585"),
    "16.73.07": ("-3.3195", "102.8895"), "16.73.08": ("-3.2705", "102.8950"),
}
DRAFT_BEFORE = dt.timedelta(minutes=25)  # an applicant fills in the wizard before submitting
FIX_BEFORE = dt.timedelta(minutes=15)


@contextmanager
def _clock_at(moment: dt.datetime | None) -> Iterator[None]:
    """Run with Django's clock at `moment` (None: the real clock). Demo loading only: one
    thread, before the server starts."""
    if moment is None:
        yield
        return
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def demo_pin(index: int) -> str:
    """A fixed PIN per story, so the same demo always tracks with the same PINs."""
    digest = hashlib.sha256(f"satupintu-demo-office/{index}".encode()).digest()
    return "".join(services.PIN_ALPHABET[b % len(services.PIN_ALPHABET)] for b in digest[:6])


@dataclass
class _File:
    application: Application
    inspections: dict[str, Inspection] = field(default_factory=dict)


class _Office:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.zone = ZoneInfo(tenant.timezone)
        self.calendar = working_calendar(tenant)
        self.started = timezone.now()
        today = local_date(tenant)
        # Day 0 is the last working day up to today: officers act on working days.
        self.anchor = today
        while not self.calendar.is_working_day(self.anchor):
            self.anchor -= dt.timedelta(days=1)
        self.users = {u.username: u for u in User.objects.filter(tenant=tenant)}
        self.agencies = {a.code: a for a in Agency.objects.filter(tenant=tenant)}
        self.kelurahan = {k.name: k for k in Kelurahan.objects.filter(tenant=tenant)
                          .select_related("kecamatan")}
        self.people = {p.username: p for p in PEOPLE}
        self.files: dict[int, _File] = {}
        self.ktp: dict[str, Upload] = {}

    # --- time ------------------------------------------------------------------------------
    def day(self, working_days_before: int) -> dt.date:
        if working_days_before <= 0:
            return self.calendar.add_working_days(self.anchor, -working_days_before)
        day, left = self.anchor, working_days_before
        while left:
            day -= dt.timedelta(days=1)
            if self.calendar.is_working_day(day):
                left -= 1
        return day

    def at(self, working_days_before: int, minutes: int) -> dt.datetime:
        start = dt.datetime.combine(self.day(working_days_before), dt.time(0, 0),
                                    tzinfo=self.zone)
        return start + dt.timedelta(minutes=minutes)

    def past(self, moment: dt.datetime) -> dt.datetime | None:
        """The moment to set the clock to; None (the real clock) once it is not yet past."""
        return moment if moment < self.started else None

    # --- people ----------------------------------------------------------------------------
    def ensure_people(self) -> None:
        # One Argon2 hash of the public demo password for all of them: each costs a quarter
        # of a second, and the office has dozens of applicants.
        password = make_password(DEMO_PASSWORD)
        first: dict[str, int] = {}
        for story in STORIES:
            first[story.who] = max(first.get(story.who, 0), story.steps[0].day)
        for person in PEOPLE:
            if person.username in self.users:
                continue
            with _clock_at(self.past(self.at(first[person.username] + 2, 19 * 60))):
                self.users[person.username] = self._person(person, password)

    def _person(self, person: Person, password: str) -> User:
        email = f"{person.username}@lubuklinggau.demo"
        user = accounts.user_create(
            tenant=self.tenant, actor=None, username=person.username, kind=UserKind.APPLICANT,
            password=None, full_name=person.full_name, email=email, phone=person.phone,
            is_demo=True, date_joined=timezone.now())
        user.password = password
        user.save(update_fields=["password"])
        business = bool(person.company_name)
        accounts.applicant_profile_add(
            user=user, actor=None, consent_version=CONSENT_VERSION,
            data=accounts.ApplicantData(
                kind=ApplicantKind.BUSINESS if business else ApplicantKind.INDIVIDUAL,
                full_name=person.full_name, email=email, phone=person.phone, nik=person.nik,
                address=f"{person.street} (alamat demo)",
                kelurahan=self.kelurahan[person.kelurahan],
                company_name=person.company_name, legal_form=person.legal_form,
                nib=person.nib if business else "", npwp=person.npwp if business else ""))
        accounts.applicant_email_verify(user=user, email=email)
        return user

    # --- the stories -----------------------------------------------------------------------
    def replay(self) -> None:
        events: list[tuple[dt.datetime, int, int]] = []
        for index, story in enumerate(STORIES):
            minutes = 8 * 60 + (index * 23) % 150
            previous = None
            for position, step in enumerate(story.steps):
                if previous is not None and step.day > previous.day:
                    raise ValueError(f"demo story {index}: its steps go back in time")
                minutes += 40 if previous is not None and step.day == previous.day else 0
                events.append((self.at(step.day, minutes), index, position))
                previous = step
        for moment, index, position in sorted(events):
            story = STORIES[index]
            step = story.steps[position]
            with _clock_at(self.past(moment)):
                getattr(self, f"_{step.verb}")(index, story, step, moment)

    def _case(self, index: int) -> Case:
        case = self.files[index].application.case
        assert case is not None
        case.refresh_from_db()
        return case

    def _perform(self, index: int, username: str, action: str, inputs: dict[str, object],
                 agency: str = "") -> None:
        case = self._case(index)
        case_perform(tenant=self.tenant, case_id=case.pk, actor=self.users[username],
                     action=action, expected_version=case.version, inputs=inputs,
                     agency=self.agencies[agency] if agency else None)

    def _filer(self, story: Story) -> User:
        """Who fills in the file: the applicant, or the clerk at the counter."""
        return self.users[CLERK] if story.counter else self.users[story.who]

    def _submit(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        actor, applicant = self._filer(story), self.users[story.who]
        person = self.people[story.who]
        with _clock_at(self.past(moment - DRAFT_BEFORE)):
            application = services.application_start(
                tenant=self.tenant, applicant=applicant, actor=actor,
                service_code=story.service, variant_kind="new", consent=story.counter)
            application = services.application_save_answers(
                application=application, actor=actor,
                answers=self._answers(story, application, person, self.day(step.day)),
                kelurahan=self.kelurahan[story.kelurahan], location_detail=story.street)
            for requirement in self._documents(application):
                self._attach(application, actor, person, story, requirement)
        application = services.application_submit(application=application, actor=actor,
                                                  demo_pin=demo_pin(index))
        self.files[index] = _File(application)

    def _answers(self, story: Story, application: Application, person: Person,
                 submitted_on: dt.date) -> dict[str, object]:
        answers: dict[str, object] = {}
        items = [r for r in reqs.variant_requirements(application.variant)
                 if r.kind == RequirementKind.DATA]
        unknown = set(story.answers) - {r.code for r in items}
        if unknown:
            raise ValueError(f"demo story {story.who}/{story.service}: no items {unknown}")
        for requirement in items:
            value = story.answers.get(requirement.code)
            if isinstance(value, Days):
                value = (submitted_on + dt.timedelta(days=value.after_submission)).isoformat()
            elif value is None:
                value = {DataType.NIK: person.nik, DataType.NIB: person.nib,
                         DataType.NPWP: person.npwp or person.nik,
                         DataType.PHONE: person.phone}.get(DataType(requirement.data_type))
            if value:
                answers[requirement.code] = value
        return answers

    @staticmethod
    def _documents(application: Application, codes: set[str] | None = None) -> (
        list[Requirement]
    ):
        return [r for r in reqs.applicable(reqs.variant_requirements(application.variant),
                                           application.answers or {})
                if r.kind == RequirementKind.DOCUMENT and (codes is None or r.code in codes)]

    def _attach(self, application: Application, actor: User, person: Person, story: Story,
                requirement: Requirement, correction: str = "") -> None:
        kinds = list(requirement.file_types or ["pdf"])
        if requirement.code == "KTP" and person.username in self.ktp and not correction:
            # Applicants reuse the KTP they uploaded for an earlier application.
            services.document_reuse(application=application, actor=actor,
                                    requirement_code="KTP", upload=self.ktp[person.username])
            return
        if "pdf" in kinds:
            lines = [f"Pemohon: {person.display_name}", f"Layanan: {application.service.name}",
                     f"Lokasi: {story.street}, Kelurahan {story.kelurahan}"]
            if person.company_name:
                lines.insert(1, f"Penanggung jawab: {person.full_name}")
            if correction:
                lines.append(f"Perbaikan: {correction}")
            body, kind, content_type = demo_pdf(requirement.name, lines), "pdf", "application/pdf"
        else:
            kind = "jpg" if "jpg" in kinds else "png"
            body, content_type = demo_pas_foto(kind), "image/jpeg" if kind == "jpg" else "image/png"
        document = services.document_attach(
            application=application, actor=actor, requirement_code=requirement.code,
            file=SimpleUploadedFile(f"{requirement.code.lower()}.{kind}", body,
                                    content_type=content_type))
        if requirement.code == "KTP":
            self.ktp[person.username] = document.upload

    # --- front office ----------------------------------------------------------------------
    def _register(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        self._perform(index, CLERK, "register", {})

    def _return(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        self._perform(index, CLERK, "return_incomplete",
                      {"citations": [{"code": step.value, "note": step.text}]})

    def _verifier_return(self, index: int, story: Story, step: Step,
                         moment: dt.datetime) -> None:
        self._perform(index, VERIFIER, "return_for_correction",
                      {"citations": [{"code": step.value, "note": step.text}]})

    def _fix(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        application = self.files[index].application
        actor = self._filer(story)
        with _clock_at(self.past(moment - FIX_BEFORE)):
            for requirement in self._documents(application,
                                               services.editable_codes(application) or set()):
                self._attach(application, actor, self.people[story.who], story, requirement,
                             correction=step.text)
        case = self._case(index)
        services.application_resubmit(application=application, actor=actor,
                                      expected_version=case.version, note=step.text)

    def _withdraw(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        case = self._case(index)
        services.application_withdraw(application=self.files[index].application,
                                      actor=self.users[story.who],
                                      expected_version=case.version, reason=step.text)

    # --- back office -----------------------------------------------------------------------
    def _forward(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        self._perform(index, VERIFIER, "forward_to_review",
                      {"note": step.text} if step.text else {})

    def _claim(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        case_claim(case=self._case(index), actor=self.users[step.value],
                   agency=self.agencies[step.agency] if step.agency else None)

    def _extend(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        self._perform(index, APPROVER, "extend_deadline",
                      {"days": int(step.value), "reason": step.text})

    def _schedule(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        team = [self.users[name] for name in TEAMS[step.agency]]
        case = self._case(index)
        self.files[index].inspections[step.agency] = inspection_schedule(
            case=case, agency=self.agencies[step.agency], actor=team[0],
            scheduled_on=self.day(step.on), team=team,
            letter_number=f"800/{100 + index}/SPT/{step.agency}/{self.day(step.day).year}",
            expected_version=case.version)

    def _report(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        inspection = self.files[index].inspections[step.agency]
        team = [self.users[name] for name in TEAMS[step.agency]]
        place = self.kelurahan[story.kelurahan]
        person = self.people[story.who]
        centre = CENTRES[place.kecamatan.code]
        jitter = Decimal((index * 37) % 80 - 40) / 10000
        lat, lon = Decimal(centre[0]) + jitter, Decimal(centre[1]) - jitter / 2
        local = moment.astimezone(self.zone)
        stamp = f"{lat:.6f}, {lon:.6f}  {local:%d-%m-%Y %H:%M} WIB"
        photos = [SimpleUploadedFile(f"foto-{n + 1}.jpg",
                                     demo_site_photo(caption, stamp, index * 7 + n),
                                     content_type="image/jpeg")
                  for n, caption in enumerate(story.photos or ("Lokasi kegiatan",))]
        attendees = [f"{person.full_name} (pemohon)"]
        attendees += [f"{u.get_full_name()} ({self.agencies[step.agency].short_name})"
                      for u in team]
        attendees.append(f"Perwakilan Kelurahan {story.kelurahan}")
        case = self._case(index)
        inspection_report(inspection=inspection, actor=team[0],
                          inspected_on=self.day(step.day), findings=step.text,
                          attendees="\n".join(attendees), latitude=f"{lat:.6f}",
                          longitude=f"{lon:.6f}", photos=photos,
                          expected_version=case.version)

    def _recommend(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        inputs: dict[str, object] = {"recommendation": step.value}
        if step.text:
            inputs["conditions" if step.value == "approve_with_conditions" else "reason"] = (
                step.text)
        self._perform(index, REVIEWERS[step.agency], "recommend", inputs, agency=step.agency)

    def _draft(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        self._perform(index, VERIFIER, "submit_for_approval",
                      {"note": "Konsep keputusan disusun sesuai rekomendasi tim teknis."})

    def _approve(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        self._perform(index, APPROVER, "approve", {})

    def _reject(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        self._perform(index, APPROVER, "reject", {"reason": step.text})

    # --- issuance: the head of DPMPTSP signs with the demo password as the passphrase (the
    # development signer enrols the first passphrase used: README "Signing permits").
    def _sign(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        case = self._case(index)
        with mock.patch("satupintu.issuance.services.new_token", return_value=step.value):
            permit_sign(case=case, actor=self.users[SIGNER], passphrase=DEMO_PASSWORD,
                        expected_version=case.version)

    def _permit(self, index: int) -> Permit:
        return Permit.objects.get(application=self.files[index].application)

    def _hand_over(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        person = self.people[story.who]
        permit_hand_over(permit=self._permit(index), actor=self.users[CLERK],
                         receiver_name=person.full_name, receiver_id_number=person.nik,
                         receiver_relation="pemegang izin",
                         expected_version=self._case(index).version)

    def _revoke(self, index: int, story: Story, step: Step, moment: dt.datetime) -> None:
        permit_revoke(permit=self._permit(index), actor=self.users[SIGNER], reason=step.text)


def ensure_demo_office(tenant: Tenant) -> list[str]:
    """Replay the demo office's stories unless its applicants already have applications."""
    usernames = [p.username for p in PEOPLE]
    if Application.objects.filter(tenant=tenant, applicant__username__in=usernames).exists():
        return []
    office = _Office(tenant)
    office.ensure_people()
    office.replay()
    return [f"demo office ({len(STORIES)} applications of {len(PEOPLE)} applicants)"]
