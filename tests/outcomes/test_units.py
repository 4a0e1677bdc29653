"""Every outcome value carries its unit (outcomes.units): the indicator's own unit wins, or else
it is worked out from the value type, multiplier, sex and age, and written beside the value."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from childtrust.outcomes import units
from childtrust.outcomes.models import Indicator, ValueType


@pytest.mark.parametrize(
    ("age", "words"),
    [
        ("0-17 yrs", "aged 0 to 17"),
        ("<18 yrs", "aged under 18"),
        ("10-24 yrs", "aged 10 to 24"),
        ("18+ yrs", "aged 18 and over"),
        ("5 yrs", "aged 5"),
        ("All ages", ""),
        ("", ""),
        ("Reception", "aged Reception"),
    ],
)
def test_fingertips_age_labels_become_words(age: str, words: str) -> None:
    assert units.age_words(age) == words


@pytest.mark.parametrize(
    ("fields", "unit"),
    [
        ({"value_type": ValueType.PROPORTION, "multiplier": 100}, "%"),
        ({"value_type": ValueType.PROPORTION, "multiplier": 1000}, "per 1,000"),
        ({"value_type": ValueType.PROPORTION, "multiplier": 1}, ""),
        (
            {"value_type": ValueType.CRUDE_RATE, "multiplier": 100_000, "age": "0-17 yrs"},
            "per 100,000 aged 0 to 17",
        ),
        (
            {"value_type": ValueType.DIRECTLY_STANDARDISED_RATE, "multiplier": 100_000},
            "per 100,000",
        ),
        (
            {
                "value_type": ValueType.INDIRECTLY_STANDARDISED_RATE,
                "multiplier": 100_000,
                "age": "<18 yrs",
            },
            "per 100,000 aged under 18",
        ),
        (
            {
                "value_type": ValueType.CRUDE_RATE,
                "multiplier": 1000,
                "sex": "Female",
                "age": "15-17 yrs",
            },
            "per 1,000 females aged 15 to 17",
        ),
        ({"value_type": ValueType.COUNT, "multiplier": 1}, ""),
        ({"value_type": "", "multiplier": 100}, "%"),
        ({"value_type": "", "multiplier": 100_000}, "per 100,000"),
        ({"value_type": ValueType.MEAN, "multiplier": 1}, ""),
        (
            {
                "value_type": ValueType.CRUDE_RATE,
                "multiplier": 1000,
                "unit": "per 1,000 live births",
            },
            "per 1,000 live births",
        ),
        ({"value_type": ValueType.PROPORTION, "multiplier": 100, "unit": " % "}, "%"),
    ],
)
def test_value_unit(fields: dict[str, object], unit: str) -> None:
    assert units.value_unit(Indicator(**fields)) == unit


def test_a_value_is_written_with_its_unit() -> None:
    assert units.with_unit(64.84, "%") == "64.8%"
    assert units.with_unit(12_345.67, "per 100,000 aged 0 to 17") == (
        "12,345.7 per 100,000 aged 0 to 17"
    )
    assert units.with_unit(3, "") == "3.0"
    assert units.with_unit(None, "%") == ""
    assert units.in_column(225.81, "per 100,000") == "225.8"
    assert units.in_column(64.8, "%") == "64.8%"
    assert units.heading("per 100,000") == " (per 100,000)"
    assert units.heading("") == ""


def test_the_template_filters_write_the_unit() -> None:
    template = Template(
        "{% load outcome_units %}{{ v|value_with_unit:u }}|{{ v|value_in_column:u }}|"
        "Value{{ u|unit_heading }}|{{ none|value_with_unit:u }}"
    )
    text = template.render(Context({"v": 1234.56, "u": "per 1,000 pupils", "none": None}))
    assert text == "1,234.6 per 1,000 pupils|1,234.6|Value (per 1,000 pupils)|"
