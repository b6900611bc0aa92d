"""Conditional requirements are evaluated from answers, never from code."""

from __future__ import annotations

import pytest

from satupintu.catalog.conditions import condition_holds


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        (None, {}, True),
        ({"field": "LUAS", "op": "gt", "value": 100}, {"LUAS": "150"}, True),
        ({"field": "LUAS", "op": "gt", "value": 100}, {"LUAS": 100}, False),
        ({"field": "LUAS", "op": "gte", "value": 100}, {"LUAS": "100"}, True),
        ({"field": "LUAS", "op": "lt", "value": 100}, {"LUAS": "abc"}, False),
        ({"field": "LUAS", "op": "gt", "value": 100}, {}, False),
        ({"field": "STATUS", "op": "eq", "value": "sewa"}, {"STATUS": "sewa"}, True),
        ({"field": "STATUS", "op": "ne", "value": "sewa"}, {"STATUS": "milik sendiri"}, True),
        ({"field": "STATUS", "op": "in", "value": ["a", "b"]}, {"STATUS": "b"}, True),
        ({"field": "STATUS", "op": "in", "value": ["a", "b"]}, {"STATUS": "c"}, False),
        ({"field": "LANTAI", "op": "gt", "value": 2}, {"LANTAI": True}, False),
        # Decimal would compare these with an InvalidOperation (sNaN, NaN) or treat infinity
        # as a number; people who type them have not given a number.
        ({"field": "LUAS", "op": "gt", "value": 100}, {"LUAS": "NaN"}, False),
        ({"field": "LUAS", "op": "lt", "value": 100}, {"LUAS": "sNaN"}, False),
        ({"field": "LUAS", "op": "gte", "value": 100}, {"LUAS": "Infinity"}, False),
        ({"field": "LUAS", "op": "lte", "value": 100}, {"LUAS": "-Infinity"}, False),
        ({"field": "LUAS", "op": "gt", "value": 100}, {"LUAS": float("nan")}, False),
        ({"field": "LUAS", "op": "gt", "value": 100}, {"LUAS": " 150 "}, True),
    ],
)
def test_condition_holds(condition: dict[str, object] | None, answers: dict[str, object],
                         expected: bool) -> None:
    assert condition_holds(condition, answers) is expected
