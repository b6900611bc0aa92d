"""Complaints and officers for the handling tests (engineer A's tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from satupintu.accounts import services as accounts
from satupintu.accounts.models import Role, User, UserKind
from satupintu.complaints.intake import ComplaintInput, complaint_submit
from satupintu.complaints.models import Complaint
from satupintu.tenants.models import Agency, Tenant

JAKARTA = ZoneInfo("Asia/Jakarta")
TEXT = "Petugas loket meminta fotokopi KTP berulang kali padahal sudah diserahkan kemarin."
CONTACT_NAME = "Bambang Rahasiawan"
CONTACT_EMAIL = "bambang.rahasia@example.org"
CONTACT_PHONE = "081399887766"
# Demo officers: the DPMPTSP's complaint handler coordinates every complaint of the region.
COORDINATOR = "pengaduan"


def llg() -> Tenant:
    return Tenant.objects.get(code="llg")


def user(username: str) -> User:
    return User.objects.get(username=username)


def agency(code: str) -> Agency:
    return Agency.objects.get(tenant=llg(), code=code)


def officer(username: str, agency_code: str, role: Role = Role.COMPLAINT_HANDLER,
            email: str = "") -> User:
    """An officer of the demo region holding `role` in the agency (made once)."""
    found = User.objects.filter(username=username).first()
    if found is None:
        found = accounts.user_create(tenant=llg(), actor=None, username=username,
                                     kind=UserKind.OFFICER, password=None,
                                     full_name=username.replace(".", " ").title(),
                                     email=email or f"{username}@lubuklinggau.test")
    accounts.membership_grant(user=found, agency=agency(agency_code), role=role, actor=None)
    return found


def pupr_handler() -> User:
    return officer("aduan.pupr", "PUPR")


def dinkes_handler() -> User:
    return officer("aduan.dinkes", "DINKES")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment on `day` in the region's time zone."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)


def file_complaint(*, category: str = "pelanggaran-izin", actor: User | None = None,
                   now: dt.datetime | None = None, email: str = CONTACT_EMAIL,
                   channel: str = "web", **extra: Any) -> Complaint:
    """A complaint filed on the web; `pelanggaran-izin` goes to the public works office."""
    fields: dict[str, Any] = {
        "category": category, "description": TEXT, "contact_name": CONTACT_NAME,
        "contact_email": email, "contact_phone": CONTACT_PHONE,
        "kelurahan": "16.73.01.1001", "address": "Jl. Tersembunyi No. 99"}
    fields.update(extra)
    return complaint_submit(tenant=llg(), actor=actor, data=ComplaintInput(**fields), now=now,
                            channel=channel)


def fresh(complaint: Complaint) -> Complaint:
    complaint.refresh_from_db()
    return complaint
