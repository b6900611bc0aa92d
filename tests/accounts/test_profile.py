"""My account: the applicant sees and corrects their data (UU 27/2022), every change audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from satupintu.accounts.models import ApplicantProfile, User
from satupintu.accounts.services import applicant_profile_update
from satupintu.audit.models import AuditRecord
from satupintu.core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def _form(profile: ApplicantProfile, **changes: str) -> dict[str, str]:
    user = profile.user
    data = {"full_name": user.full_name, "email": user.email, "phone": user.phone,
            "nik": profile.nik, "address": profile.address, "kelurahan": profile.kelurahan.code}
    data.update(changes)
    return data


@pytest.fixture
def signed_in(login: Any, applicant: User) -> Client:
    client: Client = login(applicant)
    return client


@pytest.fixture
def profile(applicant: User) -> ApplicantProfile:
    return ApplicantProfile.objects.get(user=applicant)


def test_the_applicant_sees_their_data(signed_in: Client, profile: ApplicantProfile) -> None:
    html = signed_in.get("/akun/").content.decode()
    for shown in ["Siti Aminah", "1673015205900001", "pemohon@lubuklinggau.demo", "Kayu Ara",
                  "Lubuk Linggau Barat I", "2026-1"]:
        assert shown in html, shown
    assert "terkonfirmasi" in html


def test_a_correction_is_saved_and_audited_without_the_values(
    signed_in: Client, profile: ApplicantProfile
) -> None:
    response = signed_in.post("/akun/ubah/", _form(
        profile, nik="1673 0152 0590 0009", address="Jl. Garuda No. 7", kelurahan="16.73.02.1002",
        phone="+62 812 1111 2222"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.nik == "1673015205900009"
    assert profile.address == "Jl. Garuda No. 7"
    assert profile.kelurahan.name == "Lubuk Tanjung"
    assert profile.user.phone == "+6281211112222"
    entry = AuditRecord.objects.filter(action="applicant.update").latest("seq")
    assert entry.object_id == str(profile.pk)
    assert entry.actor_id == profile.user.pk
    assert set(entry.after or {}) == {"nik", "address", "kelurahan", "phone"}
    recorded = json.dumps([entry.actor_label, entry.object_label, entry.before, entry.after])
    for value in ["1673015205900001", "1673015205900009", "Yos Sudarso", "Garuda", "Siti",
                  "81234567890", "81211112222", "Kayu Ara", "Lubuk Tanjung"]:
        assert value not in recorded, value
    assert entry.before == dict.fromkeys(entry.after or {}, "(personal data)")


def test_an_unchanged_form_writes_nothing(signed_in: Client, profile: ApplicantProfile) -> None:
    before = AuditRecord.objects.count()
    response = signed_in.post("/akun/ubah/", _form(profile), follow=True)
    assert "Tidak ada yang diubah" in response.content.decode()
    assert AuditRecord.objects.count() == before


@pytest.mark.parametrize(("field", "value", "message"), [
    ("nik", "1673013102900001", "tanggal lahir yang benar"),
    ("nik", "", "Kolom ini wajib diisi."),
    ("phone", "12345", "diawali 08, 628, atau +628"),
    ("email", "bukan-email", "email yang valid"),
])
def test_an_invalid_correction_changes_nothing(
    signed_in: Client, profile: ApplicantProfile, field: str, value: str, message: str
) -> None:
    before = AuditRecord.objects.count()
    response = signed_in.post("/akun/ubah/", _form(profile, **{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    profile.refresh_from_db()
    assert profile.nik == "1673015205900001"
    assert AuditRecord.objects.count() == before


def test_another_applicants_nik_is_refused(
    signed_in: Client, profile: ApplicantProfile, client: Client
) -> None:
    other = Client()
    from tests.accounts.conftest import individual_form

    other.post("/daftar/perorangan/", individual_form())
    response = signed_in.post("/akun/ubah/", _form(profile, nik="1673011708850003"))
    assert response.status_code == 200
    assert "Akun dengan NIK ini sudah ada" in " ".join(response.context["form"].errors["nik"])


def test_a_new_email_address_must_be_confirmed_again(
    signed_in: Client, profile: ApplicantProfile
) -> None:
    assert profile.email_verified
    signed_in.post("/akun/ubah/", _form(profile, email="siti.baru@contoh.id"))
    profile.refresh_from_db()
    assert profile.user.email == "siti.baru@contoh.id"
    assert not profile.email_verified
    assert mail.outbox[-1].to == ["siti.baru@contoh.id"]
    entry = AuditRecord.objects.filter(action="applicant.update").latest("seq")
    assert "siti.baru" not in json.dumps([entry.before, entry.after])


def test_only_the_applicant_or_the_front_office_may_correct(
    profile: ApplicantProfile, clerk: User, reviewer_other_agency: User
) -> None:
    with pytest.raises(PermissionDenied):
        applicant_profile_update(user=profile.user, actor=reviewer_other_agency,
                                 changes={"address": "Jl. Lain"})
    applicant_profile_update(user=profile.user, actor=clerk, changes={"address": "Jl. Lain"})
    entry = AuditRecord.objects.filter(action="applicant.update").latest("seq")
    assert entry.actor_id == clerk.pk


def test_the_applicant_type_cannot_be_changed(profile: ApplicantProfile) -> None:
    with pytest.raises(ValidationFailed):
        applicant_profile_update(user=profile.user, actor=profile.user,
                                 changes={"kind": "business"})


def test_officers_see_their_roles_and_second_factor(login: Any, clerk: User) -> None:
    client: Client = login(clerk)
    html = client.get("/akun/").content.decode()
    assert "Rina Oktaviani" in html
    assert "Petugas Front Office" in html
    assert client.get("/akun/ubah/").status_code == 403


def test_the_password_can_be_changed(signed_in: Client) -> None:
    from satupintu.demo.lubuklinggau import DEMO_PASSWORD

    response = signed_in.post("/akun/sandi/", {
        "old_password": DEMO_PASSWORD, "new_password1": "Bukit-Sulap-2026",
        "new_password2": "Bukit-Sulap-2026"})
    assert response.status_code == 302
    assert User.objects.get(username="pemohon").check_password("Bukit-Sulap-2026")
    assert signed_in.get("/akun/").status_code == 200  # still signed in


def test_a_business_corrects_its_tax_number(client: Client) -> None:
    from tests.accounts.conftest import business_form

    client.post("/daftar/badan-usaha/", business_form())
    profile = ApplicantProfile.objects.get(user__username="majubersama")
    data = {**_form(profile), "company_name": profile.company_name,
            "legal_form": profile.legal_form, "nib": profile.nib}
    bad = client.post("/akun/ubah/", {**data, "npwp": "01.312.166.1-091.000"})
    assert "NPWP ini tidak sah" in " ".join(bad.context["form"].errors["npwp"])
    good = client.post("/akun/ubah/", {**data, "npwp": "0013121660091000",
                                       "legal_form": "pt"})
    assert good.status_code == 302
    profile.refresh_from_db()
    assert (profile.npwp, profile.legal_form) == ("0013121660091000", "pt")
    entry = AuditRecord.objects.filter(action="applicant.update").latest("seq")
    assert entry.after == {"npwp": "(personal data)", "legal_form": "pt"}
