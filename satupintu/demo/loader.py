"""Load the Kota Lubuklinggau demo: idempotent, so running it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from satupintu.accounts import services as accounts
from satupintu.accounts.consent import CONSENT_VERSION
from satupintu.accounts.models import ApplicantKind, ApplicantProfile, User, UserKind
from satupintu.calendars.services import calendar_seed
from satupintu.catalog.transfer import ImportReport, catalog_import
from satupintu.complaints.defaults import complaint_categories_seed
from satupintu.demo import lubuklinggau as llg
from satupintu.demo.applications import ensure_demo_applications
from satupintu.demo.complaints import ensure_demo_complaints
from satupintu.demo.office import ensure_demo_office
from satupintu.demo.second_factor import demo_second_factor_ensure
from satupintu.demo.surveys import ensure_demo_surveys
from satupintu.monitoring.summary import forget
from satupintu.notifications.matrix import matrix_seed
from satupintu.tenants import services as tenants
from satupintu.tenants.models import Agency, Kelurahan, Tenant
from satupintu.workflow.definitions import install_default_definitions
from satupintu.workflow.models import WorkflowDefinition

CATALOG_FILE = Path(__file__).parent / "data" / "lubuklinggau-catalog.yaml"


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    catalog: ImportReport | None = None

    @property
    def changed(self) -> bool:
        return bool(self.created) or bool(self.catalog and self.catalog.changed)


@transaction.atomic
def load_demo(*, office: bool = True) -> DemoReport:
    """The Lubuklinggau demo (idempotent). `office=False` leaves out the demo office's fifty
    replayed files (slow to replay: the test suite loads the demo for every transactional
    test and builds the files it needs itself)."""
    report = DemoReport()
    tenant = Tenant.objects.filter(code=llg.TENANT["code"]).first()
    if tenant is None:
        fields = dict(llg.TENANT)
        tenant = tenants.tenant_create(
            actor=None, one_stop_name=llg.DPMPTSP_NAME, is_demo=True,
            code=fields.pop("code"), name=fields.pop("name"),
            region_code=fields.pop("region_code"), **fields,
        )
        report.created.append(f"tenant {tenant.code}")
    for code, name, name_en, short, sector in llg.AGENCIES:
        if not Agency.objects.filter(tenant=tenant, code=code).exists():
            report.created.append(f"agency {code}")
        tenants.agency_ensure(tenant=tenant, actor=None, code=code, name=name, name_en=name_en,
                              short_name=short, sector=sector)
    if tenants.regions_ensure(tenant=tenant, actor=None, regions=llg.region_rows()):
        report.created.append("regions")
    _ensure_people(tenant, report)
    if calendar_seed(tenant=tenant, actor=None):  # databases made before the calendar existed
        report.created.append("calendar")
    if matrix_seed(tenant=tenant, actor=None):
        report.created.append("notification matrix")
    if complaint_categories_seed(tenant=tenant, actor=None):
        report.created.append("complaint categories")
    before = WorkflowDefinition.objects.filter(tenant=tenant).count()
    install_default_definitions(tenant=tenant, actor=None)
    if WorkflowDefinition.objects.filter(tenant=tenant).count() != before:
        report.created.append("workflows")
    report.catalog = catalog_import(tenant=tenant, actor=None, text=CATALOG_FILE.read_text())
    report.created += ensure_demo_applications(
        tenant, User.objects.get(tenant=tenant, username=llg.APPLICANT[0]))
    # Complaints (fast enough for every test database): after the applications, which one
    # of them refers to.
    report.created += ensure_demo_complaints(tenant)
    if office:
        # After the applicant's files, so those keep the README's first tracking numbers.
        report.created += ensure_demo_office(tenant)
        report.created += ensure_demo_surveys(tenant)
    if report.created:
        # Demo files carry past dates written outside the engine: count those days again.
        forget(tenant)
    return report


def _ensure_people(tenant: Tenant, report: DemoReport) -> None:
    agencies = {a.code: a for a in Agency.objects.filter(tenant=tenant)}
    for username, full_name, agency_code, role, position in llg.OFFICERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = accounts.user_create(
                tenant=tenant, actor=None, username=username, kind=UserKind.OFFICER,
                password=llg.DEMO_PASSWORD, full_name=full_name,
                email=f"{username}@lubuklinggau.demo", is_demo=True,
            )
            report.created.append(f"officer {username}")
        accounts.membership_grant(user=user, agency=agencies[agency_code], role=role,
                                  position=position, actor=None)
        if demo_second_factor_ensure(user):
            report.created.append(f"second factor {username}")
    for username, agency_code, role, position in llg.EXTRA_ROLES:
        accounts.membership_grant(user=User.objects.get(username=username),
                                  agency=agencies[agency_code], role=role, position=position,
                                  actor=None)
    username, full_name, email, phone = llg.APPLICANT
    applicant = User.objects.filter(username=username).first()
    if applicant is None:
        applicant = accounts.user_create(
            tenant=tenant, actor=None, username=username, kind=UserKind.APPLICANT,
            password=llg.DEMO_PASSWORD, full_name=full_name, email=email, phone=phone,
            is_demo=True,
        )
        report.created.append(f"applicant {username}")
    if not ApplicantProfile.objects.filter(user=applicant).exists():
        kelurahan = Kelurahan.objects.get(tenant=tenant, code=llg.APPLICANT_PROFILE["kelurahan"])
        accounts.applicant_profile_add(
            user=applicant, actor=None, consent_version=CONSENT_VERSION,
            data=accounts.ApplicantData(
                kind=ApplicantKind.INDIVIDUAL, full_name=full_name, email=email, phone=phone,
                nik=llg.APPLICANT_PROFILE["nik"], address=llg.APPLICANT_PROFILE["address"],
                kelurahan=kelurahan,
            ),
        )
        accounts.applicant_email_verify(user=applicant, email=applicant.email)
        report.created.append(f"applicant profile {username}")


def demo_logins() -> list[tuple[str, str, str]]:
    """(user name, password, what they do) for every demo account, for `make run` to print."""
    rows = [(llg.APPLICANT[0], llg.DEMO_PASSWORD, "Pemohon / applicant")]
    rows += [(u, llg.DEMO_PASSWORD, f"{pos} ({agency}, {role.label}) + 2FA code")
             for u, _name, agency, role, pos in llg.OFFICERS]
    return rows


def demo_second_factor_help() -> list[str]:
    """How a newcomer gets an officer's second-factor code, printed under the logins."""
    return [
        "Officers then enter a 6-digit code (second factor). Get the current one with",
        "  .venv/bin/python manage.py demo_otp petugas.fo      (or any officer's user name;",
        "  without a name it lists every demo officer with their backup codes)",
    ]
