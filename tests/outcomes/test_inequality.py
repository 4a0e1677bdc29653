"""The inequality view's figures (outcomes.inequality): wards grouped by deprivation decile,
each decile's value, interval and standard error by value type, what is passed to methods.sii,
the fitted line, and every reason the SII cannot be calculated."""

from __future__ import annotations

import math

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childtrust.outcomes import methods
from childtrust.outcomes.inequality import (
    DEMONSTRATION_SOURCE,
    MIN_DECILES,
    REPETITIONS,
    SEED,
    indicator_inequality,
    inequality_section,
    inequality_sentence,
)
from childtrust.outcomes.models import Area, AreaType, ValueType
from tests.outcomes import inequality_support as support

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> support.RecordedSii:
    fake = support.RecordedSii()
    monkeypatch.setattr(methods, "sii", fake, raising=False)
    return fake


def test_a_crude_rates_deciles_sum_their_wards_counts_and_denominators(
    recorded: support.RecordedSii,
) -> None:
    indicator = support.indicator(ValueType.CRUDE_RATE)
    support.rate_wards(indicator, support.GRADIENT)
    found = indicator_inequality(indicator)
    first = found.deciles[0]
    assert first.decile == 1
    assert first.wards == ("Ward W10", "Ward W11")
    assert first.count == 56 + 57
    assert first.denominator == 20_500
    assert first.value == pytest.approx(113 / 20_500 * 100_000)
    _, lower, upper = methods.rate(113, 20_500, 100_000, 0.95)
    assert (first.lower_95, first.upper_95) == (pytest.approx(lower), pytest.approx(upper))
    # A Poisson count's standard error, sqrt(O) / n, times the multiplier.
    assert first.standard_error == pytest.approx(math.sqrt(113) / 20_500 * 100_000)
    (call,) = recorded.calls
    assert call["values"].tolist() == pytest.approx([row.value for row in found.deciles])
    assert call["populations"].tolist() == [20_500.0] * 10
    assert call["seed"] == SEED
    assert call["repetitions"] == REPETITIONS
    assert call["confidence"] == 0.95
    assert (found.sii, found.sii_lower, found.sii_upper) == (-300.0, -400.0, -200.0)
    assert (found.rii, found.rii_lower, found.rii_upper) == (0.4, 0.3, 0.5)
    assert found.sources == (support.SOURCE,)


def test_a_proportions_deciles_pool_counts_with_a_binomial_standard_error(
    recorded: support.RecordedSii,
) -> None:
    indicator = support.indicator(ValueType.PROPORTION, multiplier=100)
    support.rate_wards(indicator, [(f"W{d}", d, 30.0 + d, 100.0) for d in range(1, 8)])
    found = indicator_inequality(indicator)
    third = found.deciles[2]
    p = 33 / 100
    assert third.value == pytest.approx(33.0)
    assert third.standard_error == pytest.approx(math.sqrt(p * (1 - p) / 100) * 100)
    lower, upper = methods.wilson_ci(33, 100, 0.95)
    assert third.lower_95 == pytest.approx(float(lower) * 100)
    assert third.upper_95 == pytest.approx(float(upper) * 100)
    # Deciles 8 to 10 have no ward: shown with no value, left out of the regression.
    assert [row.value for row in found.deciles[7:]] == [None, None, None]
    assert recorded.calls[0]["values"].size == 7


def test_the_fitted_line_passes_through_the_population_weighted_mean_at_the_middle_rank(
    recorded: support.RecordedSii,
) -> None:
    indicator = support.indicator()
    support.rate_wards(indicator, support.GRADIENT)
    found = indicator_inequality(indicator)
    values = np.array([row.value for row in found.deciles])
    weights = np.array([row.denominator for row in found.deciles])
    centre = float((values * weights).sum() / weights.sum())
    assert found.line == (pytest.approx(centre + 150.0), pytest.approx(centre - 150.0))
    ranks = [row.rank for row in found.deciles]
    assert ranks == pytest.approx([0.05 + 0.1 * i for i in range(10)])
    assert found.deciles[0].fitted == pytest.approx(centre - 300.0 * (0.05 - 0.5))


def test_an_isr_decile_weights_its_wards_rates_by_their_expected_counts(
    recorded: support.RecordedSii,
) -> None:
    indicator = support.indicator(ValueType.INDIRECTLY_STANDARDISED_RATE)
    for decile in range(1, 6):
        support.point(
            indicator, support.ward(f"A{decile}", decile), value=120.0, count=24, denominator=20
        )
        support.point(
            indicator, support.ward(f"B{decile}", decile), value=60.0, count=6, denominator=10
        )
    first = indicator_inequality(indicator).deciles[0]
    # (120 x 20 + 60 x 10) / 30 = 100: the observed over the expected events (30 / 30) times
    # the reference rate (100).
    assert first.value == pytest.approx(100.0)
    assert first.standard_error == pytest.approx(100.0 / math.sqrt(30))
    lower, upper = methods.count_limits(30, 0.95)
    assert first.lower_95 == pytest.approx(float(lower) * 100 / 30)
    assert first.upper_95 == pytest.approx(float(upper) * 100 / 30)
    assert first.denominator == 30


@pytest.mark.parametrize("kind", [ValueType.MEAN, ValueType.DIRECTLY_STANDARDISED_RATE])
def test_a_mean_or_dsr_decile_weights_its_wards_values_by_their_denominators(
    recorded: support.RecordedSii, kind: str
) -> None:
    indicator = support.indicator(kind, multiplier=1 if kind == ValueType.MEAN else 100_000)
    z = 1.959963984540054
    for decile in range(1, 6):
        support.point(
            indicator,
            support.ward(f"A{decile}", decile),
            value=10.0,
            denominator=300,
            lower_95=10 - z * 1.0,
            upper_95=10 + z * 1.0,
        )
        support.point(
            indicator,
            support.ward(f"B{decile}", decile),
            value=20.0,
            denominator=100,
            lower_95=20 - z * 2.0,
            upper_95=20 + z * 2.0,
        )
    first = indicator_inequality(indicator).deciles[0]
    assert first.value == pytest.approx((10 * 300 + 20 * 100) / 400)
    assert first.standard_error == pytest.approx(math.sqrt(300**2 * 1 + 100**2 * 4) / 400)
    assert first.lower_95 == pytest.approx(first.value - z * first.standard_error)


def test_a_ward_without_limits_leaves_a_mean_decile_without_a_value(
    recorded: support.RecordedSii,
) -> None:
    indicator = support.indicator(ValueType.MEAN, multiplier=1)
    support.point(indicator, support.ward("A1", 1), value=10.0, denominator=300)
    found = indicator_inequality(indicator)
    assert found.deciles[0].value is None
    assert not found.calculated
    assert recorded.calls == []


def test_a_count_has_no_inequality_view(recorded: support.RecordedSii) -> None:
    indicator = support.indicator(ValueType.COUNT, multiplier=1)
    support.rate_wards(indicator, support.GRADIENT)
    found = indicator_inequality(indicator)
    assert not found.calculated
    assert "not worked out for a count" in found.reason
    assert recorded.calls == []


def test_an_indicator_with_no_value_type_says_it_must_be_set(recorded: support.RecordedSii) -> None:
    indicator = support.indicator("")
    found = indicator_inequality(indicator)
    assert "until the indicator's value type is set" in found.reason


def test_fewer_than_five_deciles_cannot_be_calculated(recorded: support.RecordedSii) -> None:
    indicator = support.indicator()
    support.rate_wards(indicator, [r for r in support.GRADIENT if r[1] <= MIN_DECILES - 1])
    found = indicator_inequality(indicator)
    assert not found.calculated
    assert found.reason == (
        "The slope index of inequality needs at least 5 deprivation deciles with a value; "
        "4 have one, so it cannot be calculated."
    )
    assert len(found.with_value) == 4
    assert recorded.calls == []
    # Five deciles are enough.
    support.rate_wards(indicator, [r for r in support.GRADIENT if r[1] == MIN_DECILES])
    assert indicator_inequality(indicator).calculated


def test_no_ward_figures_and_wards_without_deciles_each_say_why(
    recorded: support.RecordedSii,
) -> None:
    indicator = support.indicator()
    assert "No ward figures are held" in indicator_inequality(indicator).reason
    area = support.ward("X1", None)
    support.point(indicator, area, value=50.0, count=5, denominator=10_000)
    found = indicator_inequality(indicator)
    assert "No ward has both a deprivation decile and figures" in found.reason
    assert found.wards_without_decile == 1


def test_only_the_latest_ward_period_and_only_wards_count(recorded: support.RecordedSii) -> None:
    indicator = support.indicator()
    support.rate_wards(indicator, support.GRADIENT)
    import datetime

    older = Area.objects.get(code="W10")
    support.point(
        indicator,
        older,
        period="2022/23",
        period_start=datetime.date(2022, 4, 1),
        value=999.0,
        count=999,
        denominator=100,
    )
    locality = Area.objects.create(
        code="L1", name="A locality", area_type=AreaType.LOCALITY, imd_decile=1
    )
    support.point(indicator, locality, value=5.0, count=5, denominator=100_000)
    found = indicator_inequality(indicator)
    assert found.period == support.PERIOD
    assert found.deciles[0].count == 113
    assert found.deciles[0].wards == ("Ward W10", "Ward W11")


def test_the_view_reads_a_fixed_number_of_queries(recorded: support.RecordedSii) -> None:
    indicator = support.indicator()
    support.rate_wards(indicator, support.GRADIENT)
    with CaptureQueriesContext(connection) as few:
        indicator_inequality(indicator)
    support.rate_wards(indicator, [(f"Z{d}", d, 10.0, 5_000.0) for d in range(1, 11)])
    with CaptureQueriesContext(connection) as more:
        indicator_inequality(indicator)
    assert len(more) == len(few) <= 3


def test_the_sentence_names_the_gap_its_interval_and_where_it_is_higher(
    recorded: support.RecordedSii,
) -> None:
    indicator = support.indicator()
    support.rate_wards(indicator, support.GRADIENT)
    section = inequality_section(indicator)
    assert section.sentence == (
        "Across 20 wards in 10 deprivation deciles (2023/24), the gap between the most and "
        "least deprived is 300.0 per 100,000 (95% confidence interval 200.0 to 400.0): the "
        "value is higher among the most deprived. The relative index "
        "of inequality, the fitted value at the least deprived end over that at the most "
        "deprived end, is 0.40 (95% confidence interval 0.30 to 0.50)."
    )
    assert section.chart is not None
    assert not section.demonstration


def test_a_gap_whose_interval_includes_none_says_it_may_be_chance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        methods, "sii", lambda *a, **k: (2.0, -1.0, 5.0, 1.1, 0.9, 1.3), raising=False
    )
    indicator = support.indicator(ValueType.PROPORTION, multiplier=100)
    support.rate_wards(indicator, [(f"W{d}", d, 30.0, 100.0) for d in range(1, 11)])
    found = indicator_inequality(indicator)
    sentence = inequality_sentence(found, "%")
    assert "is 2.0 percentage points (95% confidence interval -1.0 to 5.0):" in sentence
    assert "higher among the least deprived" in sentence
    assert sentence.endswith(
        "The interval includes no gap at all, so the difference may be chance. The relative "
        "index of inequality, the fitted value at the least deprived end over that at the most "
        "deprived end, is 1.10 (95% confidence interval 0.90 to 1.30)."
    )


def test_demonstration_deciles_are_marked_as_such(recorded: support.RecordedSii) -> None:
    indicator = support.indicator()
    for code, decile, count, n in support.GRADIENT:
        area = support.ward(code, decile, source=DEMONSTRATION_SOURCE)
        support.point(indicator, area, value=count / n * 100_000, count=count, denominator=n)
    assert inequality_section(indicator).demonstration


@pytest.mark.skipif(not support.has_sii(), reason="methods.sii is not there yet")
def test_the_real_sii_gives_the_same_limits_on_every_call() -> None:
    indicator = support.indicator()
    support.rate_wards(indicator, support.GRADIENT)
    first, second = indicator_inequality(indicator), indicator_inequality(indicator)
    assert first.calculated
    assert (first.sii_lower, first.sii_upper) == (second.sii_lower, second.sii_upper)
    # Admissions fall from the most deprived to the least: a negative slope.
    assert first.sii is not None
    assert first.sii < 0
    assert first.sii_lower is not None
    assert first.sii_upper is not None
    assert first.sii_lower < first.sii < first.sii_upper


@pytest.mark.skipif(not support.has_sii(), reason="methods.sii is not there yet")
def test_the_fitted_line_agrees_with_the_real_sii() -> None:
    """The line drawn has the SII as its slope from the most to the least deprived end."""
    indicator = support.indicator()
    support.rate_wards(indicator, support.GRADIENT)
    found = indicator_inequality(indicator)
    assert found.line is not None
    assert found.line[1] - found.line[0] == pytest.approx(found.sii)
