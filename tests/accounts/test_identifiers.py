"""NIK, NPWP, NIB, KBLI, postal codes and mobile numbers, as DOMAIN.md defines them."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from satupintu.lib import identifiers as ids

# --- NIK: DOMAIN.md's examples -----------------------------------------------------------------


def test_a_mans_nik_gives_region_birth_date_and_sex() -> None:
    nik = ids.parse_nik("3171011708450001")
    assert (nik.province_code, nik.regency_code, nik.district_code) == ("31", "71", "01")
    assert nik.region_code == "31.71.01"
    assert nik.birth_date == dt.date(1945, 8, 17)
    assert nik.sex is ids.Sex.MALE
    assert nik.serial == "0001"


def test_a_womans_nik_has_forty_added_to_the_day() -> None:
    nik = ids.parse_nik("3171015708450001")
    assert nik.birth_date == dt.date(1945, 8, 17)
    assert nik.sex is ids.Sex.FEMALE


def test_the_thirtieth_of_february_is_refused() -> None:
    with pytest.raises(ids.InvalidIdentifier) as exc:
        ids.parse_nik("3171013002001234")
    assert exc.value.code == "date"


def test_the_twenty_ninth_of_february_2000_is_accepted_by_trying_the_next_century() -> None:
    nik = ids.parse_nik("3171012902001234")
    assert nik.birth_date == dt.date(2000, 2, 29)
    assert not nik.century_ambiguous  # 1900 was not a leap year


def test_the_century_is_reported_as_ambiguous_when_both_are_real() -> None:
    assert ids.parse_nik("3171011708450001").century_ambiguous


@pytest.mark.parametrize(("value", "code"), [
    ("317101170845000", "length"),       # 15 digits
    ("31710117084500011", "length"),     # 17 digits
    ("", "length"),
    ("3171O11708450001", "characters"),  # a letter O
    ("3171011708450001/", "characters"),
    ("٣١٧١٠١١٧٠٨٤٥٠٠٠١", "characters"),  # Arabic-Indic digits
    ("3171013208450001", "date"),        # day 32
    ("3171014008450001", "date"),        # day 40: neither a man's nor a woman's day
    ("3171010008450001", "date"),        # day 0
    ("3171017208450001", "date"),        # day 72 = 32 + 40
    ("3171011713450001", "date"),        # month 13
])
def test_invalid_niks_say_why(value: str, code: str) -> None:
    with pytest.raises(ids.InvalidIdentifier) as exc:
        ids.parse_nik(value)
    assert exc.value.code == code
    assert not ids.is_valid_nik(value)


@pytest.mark.parametrize("written", ["3171 0117 0845 0001", "3171.0117.0845.0001",
                                     "3171-0117-0845-0001", " 3171011708450001 "])
def test_spaces_dots_and_dashes_are_ignored(written: str) -> None:
    assert ids.parse_nik(written).value == "3171011708450001"


# --- NPWP ------------------------------------------------------------------------------------
def test_the_old_form_with_a_valid_luhn_digit_is_accepted() -> None:
    npwp = ids.parse_npwp("01.312.166.0-091.000")
    assert npwp.value == "013121660091000"
    assert npwp.form is ids.NpwpForm.OLD
    assert npwp.formatted == "01.312.166.0-091.000"


def test_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(ids.InvalidIdentifier) as exc:
        ids.parse_npwp("01.312.166.1-091.000")
    assert exc.value.code == "checksum"


def test_the_new_form_is_zero_and_the_old_fifteen_digits() -> None:
    assert ids.parse_npwp("0013121660091000").form is ids.NpwpForm.PREFIXED
    assert not ids.is_valid_npwp("0013121661091000")


def test_the_new_form_may_be_a_nik() -> None:
    npwp = ids.parse_npwp("3171 0117 0845 0001")
    assert npwp.form is ids.NpwpForm.NIK
    assert npwp.formatted == "3171011708450001"
    assert not ids.is_valid_npwp("3171013002001234")  # not a valid NIK either


@pytest.mark.parametrize("value", ["01.312.166.0-091.00", "12345678901234567",
                                   "01.312.166.0-O91.000"])
def test_npwps_of_the_wrong_length_or_with_letters_are_refused(value: str) -> None:
    assert not ids.is_valid_npwp(value)


# --- NIB, KBLI, postal code --------------------------------------------------------------------
def test_nib_kbli_and_postal_code_have_fixed_lengths() -> None:
    assert ids.normalize_nib("1234 5678 90123") == "1234567890123"
    assert ids.normalize_kbli("47772") == "47772"
    assert ids.normalize_postal_code("31626") == "31626"
    for parse, value in [(ids.normalize_nib, "123456789012"), (ids.normalize_kbli, "4777"),
                         (ids.normalize_postal_code, "316266"), (ids.normalize_kbli, "4777a")]:
        with pytest.raises(ids.InvalidIdentifier):
            parse(value)


# --- mobile numbers ----------------------------------------------------------------------------
@pytest.mark.parametrize("written", ["081234567890", "0812-3456-7890", "0812 3456 7890",
                                     "6281234567890", "+6281234567890", "+62 812-3456-7890",
                                     "(0812) 3456 7890"])
def test_mobile_numbers_are_normalised_to_e164(written: str) -> None:
    assert ids.normalize_mobile(written) == "+6281234567890"


@pytest.mark.parametrize(("value", "code"), [
    ("0733 451234", "prefix"),      # a landline in Lubuklinggau
    ("+6581234567", "prefix"),      # Singapore
    ("+081234567890", "prefix"),
    ("08123", "length"),
    ("0812345678901234", "length"),
    ("0812-3456-789O", "characters"),
])
def test_other_numbers_are_refused(value: str, code: str) -> None:
    with pytest.raises(ids.InvalidIdentifier) as exc:
        ids.normalize_mobile(value)
    assert exc.value.code == code


def test_a_mobile_number_is_written_back_the_local_way() -> None:
    assert ids.format_mobile("+6281234567890") == "0812-3456-7890"


# --- properties --------------------------------------------------------------------------------
SEPARATOR = st.sampled_from([" ", ".", "-", ""])


@st.composite
def niks(draw: st.DrawFn) -> str:
    """Valid NIKs: any region and serial, a real date, either sex."""
    region = draw(st.text("0123456789", min_size=6, max_size=6))
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
    female = draw(st.booleans())
    serial = draw(st.text("0123456789", min_size=4, max_size=4))
    day = birth.day + (40 if female else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial}"


@st.composite
def old_npwps(draw: st.DrawFn) -> str:
    """Valid 15-digit NPWPs: eight digits, the Luhn check digit, six more."""
    head = draw(st.text("0123456789", min_size=8, max_size=8))
    check = next(d for d in "0123456789" if ids.luhn_valid(head + d))
    return head + check + draw(st.text("0123456789", min_size=6, max_size=6))


def _scatter(draw: st.DrawFn, digits: str) -> str:
    return "".join(ch + draw(SEPARATOR) for ch in digits)


@given(niks())
def test_every_real_birth_date_makes_a_valid_nik(nik: str) -> None:
    parsed = ids.parse_nik(nik)
    assert parsed.value == nik
    assert parsed.sex is (ids.Sex.FEMALE if int(nik[6:8]) > 40 else ids.Sex.MALE)
    assert parsed.birth_date.day == int(nik[6:8]) % 40
    assert parsed.birth_date.year % 100 == int(nik[10:12])


@given(st.data(), niks())
def test_separators_anywhere_do_not_change_a_nik(data: st.DataObject, nik: str) -> None:
    written = _scatter(data.draw, nik)
    assert ids.parse_nik(written).value == nik
    assert ids.parse_nik(ids.format_nik(nik)).value == nik


@given(old_npwps())
def test_formatting_and_stripping_an_npwp_round_trips(npwp: str) -> None:
    formatted = ids.format_npwp(npwp)
    assert len(formatted) == 20
    assert ids.strip_separators(formatted) == npwp
    assert ids.parse_npwp(formatted).value == npwp
    assert ids.parse_npwp("0" + npwp).form is ids.NpwpForm.PREFIXED


@given(old_npwps(), st.integers(min_value=0, max_value=8), st.integers(1, 9))
def test_changing_one_of_the_first_nine_digits_breaks_the_check(
    npwp: str, position: int, delta: int
) -> None:
    changed = str((int(npwp[position]) + delta) % 10)
    assert not ids.is_valid_npwp(npwp[:position] + changed + npwp[position + 1:])


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    subscriber = draw(st.text("0123456789", min_size=8, max_size=11))
    prefix = draw(st.sampled_from(["08", "628", "+628", "+62 8", "62-8"]))
    return prefix + subscriber


@given(mobiles())
def test_normalising_a_mobile_number_is_idempotent(number: str) -> None:
    once = ids.normalize_mobile(number)
    assert once.startswith("+628")
    assert ids.normalize_mobile(once) == once
    assert ids.normalize_mobile(ids.format_mobile(once)) == once


@given(st.text(max_size=30))
def test_no_input_crashes_the_parsers(text: str) -> None:
    for parse in (ids.parse_nik, ids.parse_npwp, ids.normalize_nib, ids.normalize_mobile):
        with contextlib.suppress(ids.InvalidIdentifier):
            parse(text)
