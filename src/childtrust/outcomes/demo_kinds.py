"""The demo's figures for the value types that are not a count out of a denominator: an
indirectly standardised rate (worked out by `methods.isr` from invented age bands, with the
expected count as the denominator, as the public health profiles publish one) and a mean (with
Student's t limits, as `methods.mean_ci` works them out), for England, the city, the comparator
authorities, the wards and the localities; and the wards' demonstration deprivation deciles.
Invented, of a plausible size; the same for the same random generator. Used by outcomes.demo."""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np

from childtrust.outcomes import methods
from childtrust.outcomes.models import Area, DataPoint, DataSource, Indicator, ValueType

if TYPE_CHECKING:  # outcomes.demo imports this module
    from childtrust.outcomes.demo import IndicatorSpec as KindSpec

#: The value types whose demo points this module makes.
KINDS: Final = (ValueType.INDIRECTLY_STANDARDISED_RATE, ValueType.MEAN)
#: The label every demo ward's decile carries, which the inequality section shows.
DEMONSTRATION_DECILES: Final = "Demonstration deciles, not published figures"

#: England's population aged under 19 in four age bands (0-4, 5-9, 10-14, 15-18) and each band's
#: rate against the whole age group's (young children are admitted more often): invented.
REFERENCE_POPULATION: Final = np.array([3_200_000, 3_400_000, 3_450_000, 2_650_000], dtype=float)
BAND_RATE: Final = np.array([1.9, 1.2, 0.7, 0.45])
#: The standard deviation of a pupil's score about a mean (Attainment 8 is out of 90).
MEAN_SPREAD: Final = 19.0


def demonstration_decile(need: float) -> int:
    """A ward's invented decile from its invented need (outcomes.demo.WARD_NEED, 1 the city's
    average): the most needy (1.5) in decile 1, the least (0.6) in decile 10."""
    return min(10, max(1, round(1 + (1.5 - need) / 0.9 * 9)))


@dataclass(frozen=True)
class Figures:
    """One area's figures in one period: its value, limits, count and denominator."""

    value: float
    lower_95: float
    upper_95: float
    lower_99_8: float
    upper_99_8: float
    count: float | None
    denominator: float


def isr_figures(target: float, population: float, index_rate: float, rng: random.Random) -> Figures:
    """An area's ISR per 100,000 near `target` from invented age bands: its population shared
    among the bands a little differently from England's, the observed count that gives about
    the target, and `methods.isr`'s value and limits against England's bands (whose rates
    give England an ISR of `index_rate`). The denominator is the expected count."""
    shares = REFERENCE_POPULATION / REFERENCE_POPULATION.sum()
    local = shares * np.array([rng.uniform(0.9, 1.1) for _ in shares])
    local = local / local.sum() * population
    band_rate = BAND_RATE / (BAND_RATE * shares).sum() * index_rate / 100_000
    reference_count = band_rate * REFERENCE_POPULATION
    expected = float((local * band_rate).sum())
    observed = max(0, round(target / index_rate * expected))
    rate, lower_95, upper_95 = methods.isr(
        observed, local, reference_count, REFERENCE_POPULATION, 100_000, 0.95
    )
    _, lower_99_8, upper_99_8 = methods.isr(
        observed, local, reference_count, REFERENCE_POPULATION, 100_000, 0.998
    )
    return Figures(
        float(rate),
        float(lower_95),
        float(upper_95),
        float(lower_99_8),
        float(upper_99_8),
        observed,
        expected,
    )


def mean_figures(value: float, pupils: float) -> Figures:
    """A mean score of `pupils` pupils with its Student's t limits, mean ∓ t x s / √n, as
    `methods.mean_ci` works them out from the pupils' own scores (here invented: a spread of
    MEAN_SPREAD). The count is left empty: a mean counts no events."""
    from scipy import stats

    error = MEAN_SPREAD / math.sqrt(pupils)
    spans = [float(stats.t.ppf(0.5 + c / 2, pupils - 1)) * error for c in (0.95, 0.998)]
    return Figures(
        value, value - spans[0], value + spans[0], value - spans[1], value + spans[1], None, pupils
    )


def point(
    indicator: Indicator,
    area: Area,
    period: tuple[str, datetime.date],
    figures: Figures,
    source: DataSource,
) -> DataPoint:
    return DataPoint(
        indicator=indicator,
        area=area,
        period=period[0],
        period_start=period[1],
        value=figures.value,
        lower_95=figures.lower_95,
        upper_95=figures.upper_95,
        lower_99_8=figures.lower_99_8,
        upper_99_8=figures.upper_99_8,
        count=figures.count,
        denominator=figures.denominator,
        source=source,
    )


def area_figures(
    kind: str, value: float, denominator: float, index_rate: float, rng: random.Random
) -> Figures:
    """An area's figures for an ISR (`index_rate` England's) or a mean."""
    if kind == ValueType.INDIRECTLY_STANDARDISED_RATE:
        return isr_figures(value, denominator, index_rate, rng)
    return mean_figures(value, denominator)


def ward_values(
    kind: str,
    city_value: float,
    high_is_good: bool,
    needs: Sequence[float],
    rng: random.Random,
) -> list[float]:
    """Each ward's value about the city's: higher with need for a bad outcome, lower with need
    for a good one (a mean score falls by a quarter of the need above the average)."""
    if kind == ValueType.MEAN and high_is_good:
        return [city_value * (1 - 0.25 * (need - 1)) * rng.uniform(0.98, 1.02) for need in needs]
    return [city_value * need * rng.uniform(0.9, 1.1) for need in needs]


def locality_figures(kind: str, members: Sequence[Figures], index_rate: float) -> Figures:
    """A locality's figures from its wards': an ISR's observed and expected counts summed (its
    rate the wards' weighted by expected counts, limits the observed count's Poisson limits
    scaled); a mean's weighted by its wards' pupils, its limits from theirs."""
    if kind == ValueType.INDIRECTLY_STANDARDISED_RATE:
        observed = sum(f.count or 0 for f in members)
        expected = sum(f.denominator for f in members)
        value = observed / expected * index_rate
        scale = index_rate / expected
        lower_95, upper_95 = methods.count_limits(observed, 0.95)
        lower_99_8, upper_99_8 = methods.count_limits(observed, 0.998)
        return Figures(
            value,
            float(lower_95) * scale,
            float(upper_95) * scale,
            float(lower_99_8) * scale,
            float(upper_99_8) * scale,
            observed,
            expected,
        )
    pupils = sum(f.denominator for f in members)
    value = sum(f.value * f.denominator for f in members) / pupils
    return mean_figures(value, pupils)


@dataclass(frozen=True)
class Places:
    """The demo's areas an indicator's points are made for."""

    england: Area
    city: Area
    #: Each comparator authority with its values in every period and its denominator.
    comparators: Sequence[tuple[Area, Sequence[float], int]]
    #: Each ward's area and need, by name.
    wards: dict[str, tuple[Area, float]]
    #: Each locality's area and the names of its wards.
    localities: Sequence[tuple[Area, Sequence[str]]]


def kind_points(
    indicator: Indicator,
    spec: KindSpec,
    places: Places,
    periods: Sequence[tuple[str, datetime.date]],
    rng: random.Random,
) -> list[DataPoint]:
    """Every point of an ISR or mean indicator: England, the city and the comparators in
    every period (published), the wards and localities in the latest (the partnership's own)."""
    kind = spec.value_type
    points = []
    for index, period in enumerate(periods):
        index_rate = spec.england[index]
        published = [
            (places.england, spec.england[index], spec.england_denominator),
            (places.city, spec.southampton[index], spec.southampton_denominator),
            *((area, values[index], n) for area, values, n in places.comparators),
        ]
        for area, value, n in published:
            figures = area_figures(kind, value, n, index_rate, rng)
            points.append(point(indicator, area, period, figures, DataSource.IMPORTED))
    latest, index_rate = periods[-1], spec.england[-1]
    names = list(places.wards)
    weights = [rng.uniform(0.7, 1.3) for _ in names]
    sizes = [max(30, round(spec.southampton_denominator * w / sum(weights))) for w in weights]
    values = ward_values(
        kind,
        spec.southampton[-1],
        spec.polarity == "high_is_good",
        [places.wards[name][1] for name in names],
        rng,
    )
    # The wards average, weighted by their size, to the city's value, as the city's own
    # figures are the sum of its wards'.
    scale = (
        spec.southampton[-1] * sum(sizes) / sum(v * n for v, n in zip(values, sizes, strict=True))
    )
    by_ward: dict[str, Figures] = {}
    for name, n, value in zip(names, sizes, values, strict=True):
        figures = by_ward[name] = area_figures(kind, value * scale, n, index_rate, rng)
        points.append(point(indicator, places.wards[name][0], latest, figures, DataSource.LOCAL))
    for area, members in places.localities:
        if members:
            figures = locality_figures(kind, [by_ward[m] for m in members], index_rate)
            points.append(point(indicator, area, latest, figures, DataSource.LOCAL))
    return points
