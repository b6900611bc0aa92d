"""The Kota Lubuklinggau demo that `make run` loads."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from satupintu.accounts.models import Membership, Role, User, UserKind
from satupintu.applications.models import Application
from satupintu.audit.verify import verify_chain
from satupintu.backoffice.selectors import InboxFilters, inbox_queryset
from satupintu.calendars.selectors import local_date
from satupintu.catalog.models import Category, Service, StandardStatus
from satupintu.demo.loader import load_demo
from satupintu.inspections.models import Inspection
from satupintu.issuance.models import Permit, PermitStatus
from satupintu.issuance.status import permit_status
from satupintu.signing.validation import sha256, validate_pdf
from satupintu.tenants.models import Agency, Tenant
from satupintu.workflow.models import BranchStatus, Case, CaseBranch

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, object]:
    return {
        "services": sorted(Service.objects.values_list("code", "updated_at")),
        "users": User.objects.count(),
        "memberships": sorted(Membership.objects.values_list("pk", "updated_at")),
        "agencies": sorted(Agency.objects.values_list("pk", "updated_at")),
        "tenants": sorted(Tenant.objects.values_list("pk", "updated_at")),
    }


def test_loading_the_demo_twice_changes_nothing() -> None:
    # The suite's database holds the demo without its office (tests/conftest.py).
    before = _snapshot()
    report = load_demo(office=False)
    assert not report.changed
    assert _snapshot() == before


def test_the_demo_office_has_fifty_files_in_every_state_up_to_approval(
        settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = str(tmp_path)  # the development PKI that signs its permits
    settings.SATUPINTU_SIGNER = "dev"
    report = load_demo()
    assert any("demo office" in line for line in report.created)
    llg = Tenant.objects.get(code="llg")
    files = Application.objects.filter(tenant=llg, tracking_number__isnull=False)
    assert files.count() >= 50
    states = set(files.values_list("case__state", flat=True))
    assert {"completeness_check", "correction", "verification", "technical_review",
            "recommendation_review", "approval", "signing", "rejected", "withdrawn"} <= states
    # Every file was replayed through the services: documents with their digests, a
    # timeline with actors, and the audit chain still verifies.
    for application in files.select_related("case"):
        assert application.documents.exists(), application.tracking_number
        assert all(len(d.upload.sha256) == 64 for d in application.documents.all())
        assert application.case is not None
        assert application.case.transitions.count() >= 1
    assert verify_chain(llg).ok
    # Parallel reviews of two agencies, recommendations with conditions, and field inspections
    # scheduled and reported with photos and a location.
    assert CaseBranch.objects.filter(case__tenant=llg, status=BranchStatus.PENDING).exists()
    assert CaseBranch.objects.filter(case__tenant=llg, status=BranchStatus.RECOMMENDED,
                                     recommendation="approve_with_conditions").exists()
    reported = Inspection.objects.filter(tenant=llg, findings__gt="")
    assert reported.filter(photos__isnull=False, latitude__isnull=False).exists()
    assert Inspection.objects.filter(tenant=llg, findings="").exists()  # scheduled only
    # Some files are overdue today, in more than one step; each officer's inbox has work.
    today = local_date(llg)
    overdue = Case.objects.filter(tenant=llg, closed_at__isnull=True, state_due_date__lt=today)
    assert overdue.values("state").distinct().count() >= 2
    for username in ["petugas.fo", "verifikator", "teknis.dinkes", "teknis.pupr", "kabid",
                     "kadis"]:
        officer = User.objects.get(tenant=llg, username=username)
        assert inbox_queryset(user=officer, tenant=llg, filters=InboxFilters()).exists(), username

    # Issued permits, signed, one revoked and one expired, at the README's register codes.
    today = local_date(llg)
    permits = {p.token: p for p in Permit.objects.filter(tenant=llg)}
    assert {token: permit_status(p, today) for token, p in permits.items()} == {
        "demo-izin-berlaku": PermitStatus.VALID, "demo-izin-terbit": PermitStatus.VALID,
        "demo-izin-dicabut": PermitStatus.REVOKED, "demo-izin-kedaluwarsa": PermitStatus.EXPIRED}
    for permit in permits.values():
        with permit.file.open("rb") as handle:
            data = handle.read()
        assert sha256(data) == permit.sha256
        assert validate_pdf(data).valid
    assert permits["demo-izin-berlaku"].conditions  # carried from DINKES's recommendation

    # Loading it again changes nothing, through the command too, which prints the logins.
    before = _snapshot() | {"applications": Application.objects.count()}
    assert not load_demo().changed
    out = StringIO()
    call_command("load_demo", "--print-logins", stdout=out)
    assert "nothing changed" in out.getvalue()
    for username in ["pemohon", "petugas.fo", "kadis", "admin.llg"]:
        assert username in out.getvalue()
    assert _snapshot() | {"applications": Application.objects.count()} == before


def test_the_demo_has_the_agencies_services_and_people_the_issue_asks_for() -> None:
    llg = Tenant.objects.get(code="llg")
    assert Agency.objects.filter(tenant=llg, is_one_stop=True).count() == 1
    assert Agency.objects.filter(tenant=llg, is_one_stop=False).count() >= 6
    services = Service.objects.filter(tenant=llg)
    assert services.count() >= 15
    assert all(s.is_demo for s in services)
    assert {Category.PERIZINAN, Category.NON_PERIZINAN} <= set(
        services.values_list("category", flat=True))
    assert all(s.standards.filter(status=StandardStatus.PUBLISHED).exists() for s in services)
    held = set(Membership.objects.filter(tenant=llg, is_active=True)
               .values_list("role", flat=True))
    assert held == set(Role.values)
    assert User.objects.filter(tenant=llg, kind=UserKind.APPLICANT, is_demo=True).exists()


def test_the_demo_passwords_work(client: object) -> None:
    from django.test import Client

    from satupintu.demo.lubuklinggau import DEMO_PASSWORD

    assert isinstance(client, Client)
    response = client.post("/masuk/", {"username": "admin.llg", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    # Officers then give the code `manage.py demo_otp` prints.
    out = StringIO()
    call_command("demo_otp", "admin.llg", stdout=out)
    code = out.getvalue().split()[1]
    assert client.post("/masuk/kode/", {"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_demo_complaints_show_every_outcome(client: object) -> None:
    from django.test import Client

    from satupintu.complaints.models import (
        Complaint,
        ComplaintChannel,
        ComplaintMedia,
        ComplaintStatus,
        MediaReview,
        UpdateKind,
    )
    from satupintu.demo.complaints import DEMO_SECRET

    assert isinstance(client, Client)
    llg = Tenant.objects.get(code="llg")
    complaints = Complaint.objects.filter(tenant=llg)
    assert complaints.count() >= 30
    assert set(complaints.values_list("status", flat=True)) == set(ComplaintStatus.values)
    assert set(complaints.values_list("channel", flat=True)) == set(ComplaintChannel.values)
    assert complaints.filter(updates__kind=UpdateKind.FORWARDED).exists()
    assert complaints.filter(reopen_count__gt=0).count() >= 2
    assert complaints.filter(lapor_ticket__gt="").exists()
    assert complaints.filter(hidden_reason__gt="").exists()
    assert complaints.filter(responsible_body="PLN UP3 Lubuklinggau").exists()
    assert complaints.filter(complainant__username="pemohon").count() >= 3
    assert complaints.filter(channel=ComplaintChannel.OPEN311, client__isnull=False).exists()
    assert ComplaintMedia.objects.filter(tenant=llg, review=MediaReview.APPROVED).count() >= 2
    # Spread over the past months, none in the future.
    first, last = (complaints.order_by("submitted_at").first(),
                   complaints.order_by("submitted_at").last())
    assert first is not None
    assert last is not None
    assert (last.submitted_at - first.submitted_at).days >= 60
    assert last.submitted_at <= timezone.now()

    # The README's private link works; the public pages never show a complainant.
    mine = complaints.get(secret=DEMO_SECRET)
    assert mine.complainant is not None
    assert mine.complainant.username == "pemohon"
    private = client.get(f"/pengaduan/saya/{DEMO_SECRET}/")
    assert private.status_code == 200
    assert mine.number in private.content.decode()
    assert "reopen-form" in private.content.decode()
    personal = {value.lower() for row in complaints.values_list(
        "contact_name", "contact_email", "contact_phone", "address") for value in row if value}
    personal |= {"siti aminah", "pemohon@lubuklinggau.demo", "081234567890"}
    pages = [f"/pengaduan/?page={n}" for n in (1, 2)]
    pages += [f"/pengaduan/{number}/" for number in complaints.values_list("number", flat=True)]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode().lower()
        assert not [value for value in personal
                    if re.search(rf"(?<![\w@.]){re.escape(value)}(?![\w@])", html)], url
