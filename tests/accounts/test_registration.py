"""Registering as an applicant on the pages: individual and business, every field checked."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from satupintu.accounts.models import ApplicantProfile, User, UserKind
from satupintu.audit.models import AuditRecord
from tests.accounts.conftest import business_form, individual_form

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return User.objects.count(), ApplicantProfile.objects.count(), len(mail.outbox)


def test_the_choice_page_offers_both_kinds(client: Client) -> None:
    html = client.get("/daftar/").content.decode()
    assert 'href="/daftar/perorangan/"' in html
    assert 'href="/daftar/badan-usaha/"' in html


def test_the_form_shows_the_purpose_and_the_data_processed_before_consent(client: Client) -> None:
    html = client.get("/daftar/perorangan/").content.decode()
    assert "UU 27/2022" in html
    assert "Tujuan:" in html
    assert "Data yang kami proses:" in html
    assert html.index("consent-notice") < html.index('name="consent"')
    for name in ["full_name", "nik", "email", "phone", "address", "kelurahan", "username",
                 "password", "password_confirm"]:
        assert f'name="{name}"' in html, name
    assert '<optgroup label="Lubuk Linggau Timur I">' in html


def test_an_individual_registers_and_is_signed_in_with_an_unconfirmed_address(
    client: Client,
) -> None:
    response = client.post("/daftar/perorangan/", individual_form())
    assert response.status_code == 302
    assert response["Location"] == "/akun/"
    user = User.objects.get(username="budi.s")
    assert user.kind == UserKind.APPLICANT
    assert user.tenant is not None
    assert user.tenant.code == "llg"
    assert user.phone == "+6281277778888"
    assert user.check_password("Sungai-Kelingi-2026")
    profile = user.applicant_profile
    assert profile.kind == "individual"
    assert profile.nik == "1673011708850003"
    assert profile.kelurahan.name == "Air Kuti"
    assert profile.consent_version == "2026-1"
    assert profile.consent_at is not None
    assert profile.email_verified_at is None
    assert client.session["_auth_user_id"] == str(user.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["budi@contoh.id"]
    page = client.get("/akun/").content.decode()
    assert "belum dikonfirmasi" in page


def test_a_business_registers_with_its_representative(client: Client) -> None:
    response = client.post("/daftar/badan-usaha/", business_form())
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user__username="majubersama")
    assert profile.kind == "business"
    assert (profile.company_name, profile.legal_form) == ("CV Maju Bersama", "cv")
    assert profile.nib == "9120001234567"
    assert profile.npwp == "013121660091000"
    assert profile.nik == "1673031204800002"
    assert profile.user.full_name == "Rahmat Hidayat"


def test_registration_is_recorded_without_personal_data(client: Client) -> None:
    client.post("/daftar/perorangan/", individual_form())
    profile = ApplicantProfile.objects.get(user__username="budi.s")
    entry = AuditRecord.objects.filter(action="applicant.register").latest("seq")
    assert entry.object_id == str(profile.pk)
    text = repr((entry.actor_label, entry.object_label, entry.before, entry.after))
    for personal in ["Budi", "1673011708850003", "budi@contoh.id", "8888", "Merdeka"]:
        assert personal not in text
    assert entry.after is not None
    assert entry.after["nik"] == "(personal data)"
    assert entry.after["consent_version"] == "2026-1"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("full_name", "", "Kolom ini wajib diisi."),
    ("nik", "167301170885000", "NIK terdiri atas tepat 16 digit."),
    ("nik", "1673013002850003", "tanggal lahir yang benar"),
    ("nik", "16730117O8850003", "NIK hanya berisi angka"),
    ("email", "budi@", "alamat email yang valid"),
    ("phone", "0733 451234", "diawali 08, 628, atau +628"),
    ("phone", "0812", "terlalu pendek atau terlalu panjang"),
    ("address", "", "Kolom ini wajib diisi."),
    ("kelurahan", "", "Kolom ini wajib diisi."),
    ("kelurahan", "16.72.01.1001", "Masukkan pilihan yang valid"),
    ("username", "a", "Gunakan 3–30 huruf"),
    ("username", "pemohon", "Nama pengguna ini sudah dipakai"),
    ("password", "12345678901", "sandi"),  # only digits
    ("password_confirm", "Lain-Sekali-2026", "Kedua kata sandi tidak sama."),
    ("consent", "", "Baca pemberitahuan tentang data pribadi dan setujui."),
    ("email", "pemohon@lubuklinggau.demo", "Akun dengan alamat email ini sudah ada"),
])
def test_each_invalid_field_is_named_in_indonesian_and_nothing_is_stored(
    client: Client, field: str, value: str, message: str,
) -> None:
    before = _counts()
    data = individual_form(**{field: value})
    if field == "password":
        data["password_confirm"] = value
    if field == "consent":
        del data["consent"]
    response = client.post("/daftar/perorangan/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert f'id="id_{field}_error"' in html
    assert _counts() == before
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("field", "value", "message"), [
    ("company_name", "", "Kolom ini wajib diisi."),
    ("legal_form", "", "Kolom ini wajib diisi."),
    ("nib", "912000123456", "NIB terdiri atas tepat 13 digit."),
    ("npwp", "01.312.166.1-091.000", "NPWP ini tidak sah"),
    ("npwp", "0131216", "NPWP terdiri atas 15 digit"),
    ("nik", "1673013002850003", "tanggal lahir yang benar"),
])
def test_each_invalid_business_field_is_named_and_nothing_is_stored(
    client: Client, field: str, value: str, message: str,
) -> None:
    before = _counts()
    response = client.post("/daftar/badan-usaha/", business_form(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert _counts() == before


def test_all_problems_are_shown_at_once(client: Client) -> None:
    response = client.post("/daftar/perorangan/", individual_form(
        nik="123", phone="0733 451234", email="x"))
    assert set(response.context["form"].errors) >= {"nik", "phone", "email"}


def test_a_nik_already_registered_is_refused(client: Client) -> None:
    before = _counts()
    response = client.post("/daftar/perorangan/", individual_form(nik="1673 0152 0590 0001"))
    assert response.status_code == 200
    assert "Akun dengan NIK ini sudah ada" in " ".join(response.context["form"].errors["nik"])
    assert _counts() == before


def test_a_business_may_be_represented_by_someone_registered_as_an_individual(
    client: Client,
) -> None:
    response = client.post("/daftar/badan-usaha/", business_form(nik="1673015205900001"))
    assert response.status_code == 302


def test_a_nib_already_registered_is_refused(client: Client) -> None:
    client.post("/daftar/badan-usaha/", business_form())
    client.post("/keluar/")
    again = client.post("/daftar/badan-usaha/", business_form(
        email="lain@majubersama.id", username="majubersama2", nik="1673031204800010"))
    assert again.status_code == 200
    assert "NIB ini sudah terdaftar" in " ".join(again.context["form"].errors["nib"])


def test_script_in_a_name_is_stored_as_text_and_shown_escaped(client: Client) -> None:
    client.post("/daftar/perorangan/", individual_form(full_name="<script>alert(1)</script>"))
    assert User.objects.get(username="budi.s").full_name == "<script>alert(1)</script>"
    html = client.get("/akun/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_signed_in_people_are_sent_to_their_account(login: object, applicant: User) -> None:
    client: Client = login(applicant)  # type: ignore[operator]
    assert client.get("/daftar/perorangan/")["Location"] == "/akun/"


def test_the_pages_speak_english_too(client: Client) -> None:
    client.cookies["satupintu_lang"] = "en"
    response = client.post("/daftar/perorangan/", individual_form(nik="123"))
    assert "A NIK has exactly 16 digits." in response.content.decode()
