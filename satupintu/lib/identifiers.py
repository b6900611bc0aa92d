"""Indonesian identifiers, checked and normalised exactly as DOMAIN.md ("Identifiers") says.

Pure: no Django, no database. Every parser strips the separators people type (spaces, dots,
dashes) and either returns the normalised value (a parsed record for NIK and NPWP) or raises
`InvalidIdentifier` with a stable `code` that callers turn into a translated message:

- `length`: not the number of digits the identifier has;
- `characters`: something other than digits and separators;
- `date`: a NIK whose birth date (day + 40 for women) is not a real date;
- `checksum`: an old-form NPWP whose Luhn check digit does not match;
- `prefix`: a mobile number that does not start with 08, 628 or +628.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

SEPARATORS = re.compile(r"[\s.\-]")
DIGITS = re.compile(r"\d*")


class InvalidIdentifier(ValueError):
    """The value is not a valid identifier of its kind; `code` says why (see module doc)."""

    def __init__(self, kind: str, code: str) -> None:
        self.kind = kind
        self.code = code
        super().__init__(f"invalid {kind}: {code}")


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


def strip_separators(value: str) -> str:
    """`value` without spaces, dots and dashes, the separators identifiers are written with."""
    return SEPARATORS.sub("", value)


def _digits(value: str, kind: str, length: int | tuple[int, ...]) -> str:
    digits = strip_separators(value)
    if not DIGITS.fullmatch(digits) or not digits.isascii():
        raise InvalidIdentifier(kind, "characters")
    lengths = (length,) if isinstance(length, int) else length
    if len(digits) not in lengths:
        raise InvalidIdentifier(kind, "length")
    return digits


# --- NIK -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Nik:
    """A parsed NIK: `PPKKCCDDMMYYSSSS`.

    The century of the birth date is not in the number: `birth_date` takes 19YY when that is a
    real date and 20YY otherwise (DOMAIN.md's order); `century_ambiguous` is True when both are
    real dates, so nothing should rely on the century (e.g. to compute an age) without asking.
    """

    value: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: dt.date
    sex: Sex
    serial: str
    century_ambiguous: bool

    @property
    def region_code(self) -> str:
        """The district of registration as Kemendagri writes it: `PP.KK.CC`."""
        return f"{self.province_code}.{self.regency_code}.{self.district_code}"


def _real_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_nik(value: str) -> Nik:
    """Parse a NIK (16 digits; spaces, dots and dashes ignored) or raise InvalidIdentifier."""
    digits = _digits(value, "nik", 16)
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    sex = Sex.FEMALE if day > 40 else Sex.MALE
    if sex is Sex.FEMALE:
        day -= 40
    candidates = [d for d in (_real_date(1900 + year, month, day),
                              _real_date(2000 + year, month, day)) if d is not None]
    if not candidates:
        raise InvalidIdentifier("nik", "date")
    return Nik(
        value=digits, province_code=digits[0:2], regency_code=digits[2:4],
        district_code=digits[4:6], birth_date=candidates[0], sex=sex, serial=digits[12:16],
        century_ambiguous=len(candidates) == 2,
    )


def is_valid_nik(value: str) -> bool:
    try:
        parse_nik(value)
    except InvalidIdentifier:
        return False
    return True


def format_nik(digits: str) -> str:
    """`3171011708450001` → `3171 0117 0845 0001`, for reading aloud or printing."""
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


# --- NPWP ------------------------------------------------------------------------------------
class NpwpForm(StrEnum):
    OLD = "old"          # 15 digits, 99.999.999.9-999.999
    NIK = "nik"          # 16 digits: the NIK of a resident individual
    PREFIXED = "prefixed"  # 16 digits: 0 followed by the old 15


@dataclass(frozen=True)
class Npwp:
    """A parsed NPWP; `value` is its digits, `form` which of the three forms it has."""

    value: str
    form: NpwpForm

    @property
    def formatted(self) -> str:
        return format_npwp(self.value)


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check over `digits`, the last of which is the check digit."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char)
        if index % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _old_npwp_valid(digits: str) -> bool:
    return len(digits) == 15 and luhn_valid(digits[:9])


def parse_npwp(value: str) -> Npwp:
    """Parse an NPWP in any of its forms (separators ignored) or raise InvalidIdentifier."""
    digits = _digits(value, "npwp", (15, 16))
    if len(digits) == 15:
        if not _old_npwp_valid(digits):
            raise InvalidIdentifier("npwp", "checksum")
        return Npwp(digits, NpwpForm.OLD)
    if digits[0] == "0" and _old_npwp_valid(digits[1:]):
        return Npwp(digits, NpwpForm.PREFIXED)
    if is_valid_nik(digits):
        return Npwp(digits, NpwpForm.NIK)
    raise InvalidIdentifier("npwp", "checksum")


def is_valid_npwp(value: str) -> bool:
    try:
        parse_npwp(value)
    except InvalidIdentifier:
        return False
    return True


def format_npwp(digits: str) -> str:
    """The old form as `99.999.999.9-999.999`; the 16-digit forms are written plain."""
    if len(digits) != 15:
        return digits
    d = digits
    return f"{d[0:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:15]}"


# --- business and place numbers ---------------------------------------------------------------
def normalize_nib(value: str) -> str:
    """NIB, the OSS business number: 13 digits."""
    return _digits(value, "nib", 13)


def normalize_kbli(value: str) -> str:
    """KBLI 2020 business classification: 5 digits."""
    return _digits(value, "kbli", 5)


def normalize_postal_code(value: str) -> str:
    return _digits(value, "postal_code", 5)


# --- mobile numbers --------------------------------------------------------------------------
# After the country code, Indonesian mobile numbers are 8 followed by 8 to 11 digits
# (0811-234-567 is the shortest in use, 0812-3456-78901 the longest).
MOBILE_NSN_LENGTHS = range(9, 13)
MOBILE_SEPARATORS = re.compile(r"[\s.\-()]")


def normalize_mobile(value: str) -> str:
    """An Indonesian mobile number as E.164 (`+628…`), from `08…`, `628…` or `+628…`."""
    raw = MOBILE_SEPARATORS.sub("", value)
    plus = raw.startswith("+")
    digits = raw[1:] if plus else raw
    if not digits.isdigit() or not digits.isascii():
        raise InvalidIdentifier("mobile", "characters")
    if digits.startswith("628"):
        national = digits[2:]
    elif digits.startswith("08") and not plus:
        national = digits[1:]
    else:
        raise InvalidIdentifier("mobile", "prefix")
    if len(national) not in MOBILE_NSN_LENGTHS:
        raise InvalidIdentifier("mobile", "length")
    return f"+62{national}"


def format_mobile(e164: str) -> str:
    """`+6281234567890` → `0812-3456-7890`, the way it is written locally."""
    national = "0" + e164.removeprefix("+62")
    head, rest = national[:4], national[4:]
    groups = [rest[i:i + 4] for i in range(0, len(rest), 4)]
    return "-".join([head, *groups])
