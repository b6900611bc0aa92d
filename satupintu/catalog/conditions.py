"""Conditional requirements: a condition is data, never code.

A condition names an earlier data item of the same variant, an operator and a value, e.g.
`{"field": "BUILDING_AREA", "op": "gt", "value": 100}`: "required when the building area is more
than 100". The applying wizard evaluates it against the applicant's answers.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda answer, allowed: answer in allowed,
}
ORDERING_OPERATORS = {"gt", "gte", "lt", "lte"}


def _as_number(value: Any) -> Decimal | None:
    """The answer as a finite number, else None ("NaN" or "Infinity" typed in is not a number)."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def condition_holds(condition: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> bool:
    """True when the requirement applies: no condition, or the condition holds on the answers.

    An unanswered item makes the condition false; a comparison between a number and text is false
    rather than an error, because answers come from people.
    """
    if condition is None:
        return True
    field, op, expected = condition["field"], condition["op"], condition["value"]
    if field not in answers or answers[field] in (None, ""):
        return False
    answer = answers[field]
    if op in ORDERING_OPERATORS:
        left, right = _as_number(answer), _as_number(expected)
        if left is None or right is None:
            return False
        return OPERATORS[op](left, right)
    if op == "in":
        return str(answer) in {str(item) for item in expected}
    return OPERATORS[op](str(answer), str(expected))
