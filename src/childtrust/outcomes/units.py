"""The unit each indicator's values are shown with ("%", "per 100,000 aged 0 to 17", "per 1,000
live births"), and a value written with it, so that no figure on a page, chart, download or API
answer is a bare number.

The indicator's own `unit`, set by someone who knows it, wins. Otherwise the unit is worked out
from the value type, the multiplier, the sex and the age as the public health profiles label
them: a proportion per 100 is "%"; a rate per N is "per N" followed by who it is per, from
Fingertips' age label ("<18 yrs" is "aged under 18", "0-17 yrs" "aged 0 to 17", "65+ yrs" "aged
65 and over") and sex ("Female" is "females"). What a rate counts per cannot always be worked
out ("per 1,000 live births" is not per person of an age): set the indicator's unit for it."""

from __future__ import annotations

import re
from typing import Final

from childtrust.outcomes.models import Indicator, ValueType

PERCENT: Final = "%"

_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*(?:yrs?|years?)?\s*$", re.IGNORECASE)
_UNDER = re.compile(r"^\s*<\s*(\d+)\s*(?:yrs?|years?)?\s*$", re.IGNORECASE)
_OVER = re.compile(r"^\s*(\d+)\s*\+\s*(?:yrs?|years?)?\s*$", re.IGNORECASE)
_ONE = re.compile(r"^\s*(\d+)\s*(?:yrs?|years?)\s*$", re.IGNORECASE)
_ALL_AGES: Final = frozenset({"", "all ages", "all"})
_SEXES: Final = {"female": "females", "females": "females", "male": "males", "males": "males"}


def age_words(age: str) -> str:
    """Fingertips' age label in words: "0-17 yrs" is "aged 0 to 17", "<18 yrs" "aged under
    18", "18+ yrs" "aged 18 and over", "5 yrs" "aged 5"; "All ages" (or none) is ""; any other
    label is kept as written, after "aged"."""
    text = age.strip()
    if text.lower() in _ALL_AGES:
        return ""
    if match := _RANGE.match(text):
        return f"aged {match.group(1)} to {match.group(2)}"
    if match := _UNDER.match(text):
        return f"aged under {match.group(1)}"
    if match := _OVER.match(text):
        return f"aged {match.group(1)} and over"
    if match := _ONE.match(text):
        return f"aged {match.group(1)}"
    return f"aged {text}"


def value_unit(indicator: Indicator) -> str:
    """The unit the indicator's values are shown with: its own `unit` where set; otherwise "%"
    for a proportion per 100, "per 100,000 aged 0 to 17" for a rate per 100,000 of those aged
    0-17 (a crude, directly or indirectly standardised rate), "per 1,000" for a proportion per
    1,000; "" for a count, a mean or a proportion per 1 (a fraction), whose unit only the
    indicator's own `unit` can say. An indicator whose value type is not set yet is read by its
    multiplier alone: "%" per 100, otherwise "per N" and who it is per."""
    own = (indicator.unit or "").strip()
    if own:
        return own
    kind = indicator.value_type
    multiplier = int(indicator.multiplier)
    if kind in (ValueType.COUNT, ValueType.MEAN) or multiplier == 1:
        return ""
    if kind in (ValueType.PROPORTION, "") and multiplier == 100:
        return PERCENT
    words = [f"per {multiplier:,}"]
    if kind != ValueType.PROPORTION:
        sex = _SEXES.get((indicator.sex or "").strip().lower())
        if sex:
            words.append(sex)
        age = age_words(indicator.age or "")
        if age:
            words.append(age)
    return " ".join(words)


def number(value: float | None, places: int = 1) -> str:
    """A value with thousands separators, to `places` decimal places; "" for no value."""
    if value is None:
        return ""
    return f"{value:,.{places}f}"


def with_unit(value: float | None, unit: str, places: int = 1) -> str:
    """The value with its unit, as a sentence says it: "64.8%", "225.8 per 100,000 aged 0 to
    17", "1,204" (no unit); "" for no value."""
    if value is None:
        return ""
    text = number(value, places)
    if not unit:
        return text
    return f"{text}{unit}" if unit == PERCENT else f"{text} {unit}"


def in_column(value: float | None, unit: str, places: int = 1) -> str:
    """The value as a table cell shows it, under a heading that names a long unit: "64.8%"
    keeps its short sign, "225.8" leaves "per 100,000 aged 0 to 17" to the heading."""
    if value is None:
        return ""
    return with_unit(value, unit, places) if unit == PERCENT else number(value, places)


def heading(unit: str) -> str:
    """A column heading's unit: "%" or "per 100,000 aged 0 to 17", in brackets after the
    heading's words; "" for no unit."""
    return f" ({unit})" if unit else ""
