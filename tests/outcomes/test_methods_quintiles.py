"""Tests for methods.quintiles: Fingertips' quintile grouping.

The rule (fingertips-open, PholioVisualisationWS/Analysis/QuintilesComparer.cs,
QuintilesCalculator.cs and ValueCategoriesCalculator.cs): the bounds are the minimum, the 20th,
40th, 60th and 80th percentiles (interpolated at position (N - 1) x k/100 + 1 of the sorted
values, as Excel's PERCENTILE.INC) and the maximum, and a value takes the first quintile whose
upper bound it does not exceed; fewer than five values get no quintile. The group sizes below
are worked out from that rule by hand (for 1..N: the k-th bound is 1 + (N - 1) x k/100).
"""

from __future__ import annotations

import numpy as np
import pytest

from childtrust.outcomes import methods

# N areas with distinct values 1..N: how many fall in quintiles 1..5 by Fingertips' rule.
# For example N = 12: the bounds are 3.2, 5.4, 7.6 and 9.8, so 1-3, 4-5, 6-7, 8-9 and 10-12.
FINGERTIPS_SIZES = {
    5: [1, 1, 1, 1, 1],  # bounds 1.8, 2.6, 3.4, 4.2
    6: [2, 1, 1, 1, 1],  # bounds 2, 3, 4, 5: a value on a bound belongs below it
    7: [2, 1, 1, 1, 2],  # bounds 2.2, 3.4, 4.6, 5.8
    8: [2, 1, 2, 1, 2],  # bounds 2.4, 3.8, 5.2, 6.6
    9: [2, 2, 1, 2, 2],  # bounds 2.6, 4.2, 5.8, 7.4
    10: [2, 2, 2, 2, 2],  # bounds 2.8, 4.6, 6.4, 8.2
    11: [3, 2, 2, 2, 2],  # bounds 3, 5, 7, 9
    12: [3, 2, 2, 2, 3],  # bounds 3.2, 5.4, 7.6, 9.8 (the old ranking rule gave 2,2,3,2,3)
    13: [3, 2, 3, 2, 3],  # bounds 3.4, 5.8, 8.2, 10.6
    14: [3, 3, 2, 3, 3],  # bounds 3.6, 6.2, 8.8, 11.4
    15: [3, 3, 3, 3, 3],  # bounds 3.8, 6.6, 9.4, 12.2
    16: [4, 3, 3, 3, 3],  # bounds 4, 7, 10, 13
    17: [4, 3, 3, 3, 4],  # bounds 4.2, 7.4, 10.6, 13.8
    18: [4, 3, 4, 3, 4],  # bounds 4.4, 7.8, 11.2, 14.6
    19: [4, 4, 3, 4, 4],  # bounds 4.6, 8.2, 11.8, 15.4
    20: [4, 4, 4, 4, 4],  # bounds 4.8, 8.6, 12.4, 16.2
}


def sizes(quintile: np.ndarray) -> list[int]:
    return [int(np.count_nonzero(quintile == q)) for q in range(1, 6)]


@pytest.mark.parametrize(("count", "expected"), FINGERTIPS_SIZES.items())
def test_quintile_group_sizes_follow_fingertips_for_5_to_20_areas(
    count: int, expected: list[int]
) -> None:
    values = np.arange(1, count + 1, dtype=float)
    shuffled = np.random.default_rng(count).permutation(values)
    result = methods.quintiles(shuffled)
    assert sizes(result) == expected
    # Quintile 1 holds the lowest values, 5 the highest, whatever order they come in.
    assert np.array_equal(result[np.argsort(shuffled)], np.sort(result))


def test_twelve_areas_are_grouped_3_2_2_2_3_as_fingertips_does() -> None:
    # Issue 15: ceil(5 x rank / n) gave 2, 2, 3, 2, 3.
    result = methods.quintiles([40, 10, 120, 30, 20, 60, 50, 80, 70, 90, 100, 110])
    assert list(result) == [2, 1, 5, 1, 1, 3, 2, 4, 3, 4, 5, 5]


def test_quintile_bounds_are_percentile_inc_of_the_values() -> None:
    # Sorted: 1 2 5.2 5.3 10 11 12 30 31 100. By PERCENTILE.INC the bounds are 4.56, 8.12, 11.4
    # and 30.2 (for example the 20th: position 2.8, so 2 + 0.8 x (5.2 - 2)).
    values = [1, 2, 10, 11, 12, 30, 31, 100, 5.2, 5.3]
    result = methods.quintiles(values)
    assert list(result) == [1, 1, 3, 3, 4, 4, 5, 5, 2, 2]
    bounds = np.percentile(values, [20, 40, 60, 80], method="linear")
    assert list(bounds) == pytest.approx([4.56, 8.12, 11.4, 30.2])
    assert list(result) == list(np.searchsorted(bounds, values, side="left") + 1)


def test_tied_values_share_a_quintile_and_a_quintile_may_be_empty() -> None:
    # Sorted: 1 2 3 4 5 5 5 5 6 7. Bounds 2.8, 4.6, 5 and 5.2: every 5 is in quintile 3 and
    # no value falls in quintile 4.
    result = methods.quintiles([5, 5, 5, 5, 1, 2, 3, 4, 6, 7])
    assert list(result) == [3, 3, 3, 3, 1, 1, 2, 2, 5, 5]
    assert sizes(result) == [2, 2, 4, 0, 2]
    assert list(methods.quintiles([7.0] * 6)) == [1.0] * 6


def test_missing_values_are_left_out_and_get_no_quintile() -> None:
    values = [np.nan, *range(1, 13), np.nan]
    result = methods.quintiles(values)
    assert np.isnan(result[0])
    assert np.isnan(result[-1])
    assert sizes(result[1:-1]) == [3, 2, 2, 2, 3]


def test_fewer_than_five_values_get_no_quintile() -> None:
    # Fingertips' QuintilesComparer sets no bounds for fewer than five valid values.
    assert np.all(np.isnan(methods.quintiles([1.0, 2.0, 3.0, 4.0, np.nan])))
    assert np.all(np.isnan(methods.quintiles([])))
