"""The demo's outcome indicators where the database must start without them (refused twice,
refused without the partnership's localities) or is not needed (the same figures every time).
What the loaded demo holds is checked in loaded/test_outcomes.py."""

from __future__ import annotations

import random

import pytest

from childtrust.outcomes.demo import (
    COMPARATORS,
    INDICATORS,
    SEED,
    OutcomesDemoRefusedError,
    comparator_values,
    outcomes_demo_load,
    ward_figures,
)
from childtrust.outcomes.models import Area, Indicator
from childtrust.partnership.demo.loader import demo_load


@pytest.mark.django_db
def test_outcome_data_is_not_loaded_twice() -> None:
    demo_load()
    outcomes_demo_load()
    with pytest.raises(OutcomesDemoRefusedError, match="already exist"):
        outcomes_demo_load()
    assert Indicator.objects.count() == len(INDICATORS)


@pytest.mark.django_db
def test_outcome_data_needs_the_partnerships_localities() -> None:
    with pytest.raises(OutcomesDemoRefusedError, match="no localities"):
        outcomes_demo_load()
    assert not Area.objects.exists()


def test_the_ward_figures_are_the_same_every_time() -> None:
    names = ["Bevois", "Bassett", "Shirley"]
    first = ward_figures(INDICATORS[0], names, random.Random(SEED))
    assert first == ward_figures(INDICATORS[0], names, random.Random(SEED))
    # The more deprived ward has more extractions per pupil than the least deprived.
    bevois, bassett = first["Bevois"], first["Bassett"]
    assert bevois[0] / bevois[1] > bassett[0] / bassett[1]


def test_the_comparator_figures_are_the_same_every_time() -> None:
    for spec in INDICATORS:
        first = comparator_values(spec, COMPARATORS, random.Random(SEED + 1))
        assert first == comparator_values(spec, COMPARATORS, random.Random(SEED + 1))
        low, high = spec.spread
        for values, denominator in first.values():
            assert denominator > 0
            assert all(
                low * 0.95 <= v / e <= high * 1.05
                for v, e in zip(values, spec.england, strict=True)
            )
