"""The satisfaction index (IKM) exactly as PermenPANRB 14/2017 and DOMAIN.md compute it."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from satupintu.lib.ikm import (
    ELEMENT_NAMES,
    grade_of,
    ikm_from_answers,
    ikm_from_sums,
    minimum_sample,
)


def test_the_worked_example_of_domain_md() -> None:
    # 29 respondents, element sums 105, 101, 100, 116, 102, 105, 106, 105, 115 → 91.48, A.
    result = ikm_from_sums([105, 101, 100, 116, 102, 105, 106, 105, 115], 29)
    assert result.value == Decimal("91.48")
    assert (result.grade, result.grade_name) == ("A", "Sangat Baik")
    assert result.nrr[0] == Fraction(105, 29)


def test_the_weight_is_exactly_one_ninth_not_0_111() -> None:
    # Everyone answers 4 everywhere: exactly 100.00; with 0.111 it would be 99.90.
    assert ikm_from_sums([4 * 7] * 9, 7).value == Decimal("100.00")
    assert ikm_from_sums([7] * 9, 7).value == Decimal("25.00")


def test_only_the_final_value_is_rounded_half_up() -> None:
    # 8 respondents, every element summing to 25: 25 × (25/8) = 78.125 exactly → 78.13
    # (half up; a banker's rounding would give 78.12).
    assert ikm_from_sums([25] * 9, 8).value == Decimal("78.13")
    # From the answers: 4 × [4,4,3,3,4,3,3,4,3] + [3,3,3,4,3,4,4,3,4] → 25 × 155 / 45
    # = 86.111… → 86.11, grade B.
    answers = [[4, 4, 3, 3, 4, 3, 3, 4, 3]] * 4 + [[3, 3, 3, 4, 3, 4, 4, 3, 4]]
    result = ikm_from_answers(answers)
    assert (result.value, result.grade) == (Decimal("86.11"), "B")


@pytest.mark.parametrize(("value", "grade"), [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
    ("65.00", "C"), ("64.99", "D"), ("25.00", "D"),
])
def test_grade_boundaries(value: str, grade: str) -> None:
    assert grade_of(Decimal(value))[0] == grade


@pytest.mark.parametrize(("sums", "respondents", "message"), [
    ([100] * 8, 29, "9 elements"),
    ([105] * 9, 0, "at least one respondent"),
    ([200] * 9, 29, "between 1 and 4"),  # more than 4 × 29
    ([10] * 9, 29, "between 1 and 4"),  # less than 1 × 29
])
def test_impossible_inputs_are_refused(sums: list[int], respondents: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ikm_from_sums(sums, respondents)


def test_answers_outside_one_to_four_are_refused() -> None:
    with pytest.raises(ValueError, match="1 to 4"):
        ikm_from_answers([[5, 4, 4, 4, 4, 4, 4, 4, 4]])
    with pytest.raises(ValueError, match="the 9 elements"):
        ikm_from_answers([[4] * 8])


def test_the_elements_in_the_regulations_order() -> None:
    assert len(ELEMENT_NAMES) == 9
    assert ELEMENT_NAMES[0] == "Persyaratan"
    assert ELEMENT_NAMES[8] == "Sarana dan prasarana"


def test_krejcie_morgan_minimum_sample() -> None:
    assert minimum_sample(1000) == 278
    assert minimum_sample(1) == 1
    assert minimum_sample(100) == 80
