"""Money as every page shows it (core.money)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from childtrust.core.money import MINUS, pounds


@pytest.mark.parametrize(
    ("value", "pence", "shown"),
    [
        (Decimal("1234567"), False, "£1,234,567"),
        (Decimal("1234567.5"), False, "£1,234,568"),  # half up, as finance reports round
        (Decimal("2.5"), False, "£3"),  # not to even, as Python's round() would
        (-1250, False, f"{MINUS}£1,250"),
        (Decimal("-0.4"), False, "£0"),  # nothing is not negative
        (Decimal("1234.5"), True, "£1,234.50"),
        (Decimal("-12.345"), True, f"{MINUS}£12.35"),
        (98765.4321, False, "£98,765"),
        (None, False, ""),
        ("", False, ""),
        ("not money", False, ""),
        (float("nan"), False, ""),
    ],
)
def test_pounds(value: object, pence: bool, shown: str) -> None:
    assert pounds(value, pence=pence) == shown
