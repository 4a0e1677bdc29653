"""Which indicators the partnership's own file (counts and denominators) can give values for.

A row of that file holds a count and a denominator, and its value is the count over the
denominator times the indicator's multiplier (outcomes.indicator_writing). That is the value of
a proportion or a crude rate, and the one a new indicator gets (a proportion). It is not the
value of an indirectly standardised rate (the observed over the expected count times the
reference rate, which the file does not give), a directly standardised rate (which needs each
age band's counts) or a mean (which needs each person's value): such indicators are loaded in
the public health profiles' layout, which gives each value with its limits. A file naming one
is refused, on the first line that names it, before anything is written."""

from __future__ import annotations

from typing import Final

from childtrust.outcomes.models import Indicator, ValueType

#: The value types a count over a denominator cannot give, in words.
NOT_FROM_COUNTS: Final = {
    ValueType.INDIRECTLY_STANDARDISED_RATE: "an indirectly standardised rate",
    ValueType.DIRECTLY_STANDARDISED_RATE: "a directly standardised rate",
    ValueType.MEAN: "a mean",
}


def local_value_problems(names: dict[str, tuple[str, int]]) -> list[tuple[int, str]]:
    """(line, reason) for each indicator the file names (by name, with the first line naming
    it) that is held as a value type a count over a denominator cannot give. One query."""
    held = Indicator.objects.filter(
        external_id="", name__in=list(names), value_type__in=list(NOT_FROM_COUNTS)
    ).values_list("name", "value_type")
    return sorted(
        (
            names[name][1],
            f"the indicator {name} is held as {NOT_FROM_COUNTS[ValueType(kind)]}, which cannot be "
            "worked out from a count and a denominator: load its values with their limits in "
            "the public health profiles' layout instead",
        )
        for name, kind in held
    )
