"""The community satisfaction index (*Indeks Kepuasan Masyarakat*, PermenPANRB 14/2017).

Pure arithmetic, exactly as DOMAIN.md states it: nine elements answered 1–4; NRR of an element
is its sum over the respondents; IKM = 25 × Σ NRR_i × 1/9 with the weight exactly one ninth
(not 0.111), computed in exact fractions and rounded only at the end, to two decimals, half up;
the grade is read from the rounded value. The survey issue feeds it answers; dashboards and
reports read it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ELEMENTS = 9
# The elements (*unsur*) in the regulation's order.
ELEMENT_NAMES = (
    "Persyaratan",
    "Sistem, mekanisme, dan prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi jenis pelayanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Penanganan pengaduan, saran dan masukan",
    "Sarana dan prasarana",
)
# Lowest converted value of each grade (the regulation's intervals), best first.
GRADES = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Ikm:
    """An index: the respondents, each element's NRR (exact), the converted value rounded to
    two decimals, and its grade letter and name."""

    respondents: int
    nrr: tuple[Fraction, ...]
    value: Decimal
    grade: str
    grade_name: str


def _rounded(value: Fraction) -> Decimal:
    # 28 significant digits before rounding to cents: a value exactly halfway (x.xx5) is
    # a terminating decimal, so it is represented exactly and rounds half up as it should.
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        _CENT, rounding=ROUND_HALF_UP)


def grade_of(value: Decimal) -> tuple[str, str]:
    """The grade letter and name of a converted value (25.00–100.00, two decimals)."""
    if not Decimal(25) <= value <= Decimal(100):
        raise ValueError(f"An IKM value lies between 25.00 and 100.00, not {value}.")
    for lowest, letter, name in GRADES:
        if value >= lowest:
            return letter, name
    raise AssertionError("unreachable: D starts at 25.00")


def ikm_from_sums(sums: Sequence[int], respondents: int) -> Ikm:
    """The index from each element's sum of answers over `respondents` people."""
    if len(sums) != ELEMENTS:
        raise ValueError(f"The IKM has {ELEMENTS} elements, not {len(sums)}.")
    if respondents < 1:
        raise ValueError("An IKM needs at least one respondent.")
    if any(not respondents <= s <= 4 * respondents for s in sums):
        raise ValueError("Each element's sum lies between 1 and 4 times the respondents.")
    nrr = tuple(Fraction(s, respondents) for s in sums)
    value = _rounded(25 * sum((n * Fraction(1, ELEMENTS) for n in nrr), Fraction(0)))
    letter, name = grade_of(value)
    return Ikm(respondents=respondents, nrr=nrr, value=value, grade=letter, grade_name=name)


def ikm_from_answers(answers: Sequence[Sequence[int]]) -> Ikm:
    """The index from each respondent's nine answers (1–4, in the elements' order)."""
    if any(len(row) != ELEMENTS for row in answers):
        raise ValueError(f"Each respondent answers the {ELEMENTS} elements.")
    if any(not 1 <= a <= 4 for row in answers for a in row):
        raise ValueError("Answers are 1 to 4.")
    sums = [sum(row[i] for row in answers) for i in range(ELEMENTS)]
    return ikm_from_sums(sums, len(answers))


def minimum_sample(population: int, *, chi_square: float = 3.841, proportion: float = 0.5,
                   margin: float = 0.05) -> int:
    """Krejcie–Morgan: s = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), rounded up (N = 1,000 → 278)."""
    if population < 1:
        raise ValueError("The population is at least one person.")
    spread = chi_square * proportion * (1 - proportion)
    return math.ceil(spread * population / (margin ** 2 * (population - 1) + spread))
