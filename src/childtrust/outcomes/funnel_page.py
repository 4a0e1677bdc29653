"""The indicator page's funnel plot: one geography at a time (wards or localities), around the
local authority's value, with exact limits (methods.proportion_funnel_limits and
rate_funnel_limits), England's value as a reference line, a key, and the areas outside the
limits named. Each area's position is taken from its own comparison with the same centre, so
the two never disagree (decision 23). Split from indicator_page.py, which builds the page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from django.utils.safestring import SafeString

from childtrust.core import charts
from childtrust.outcomes import methods, selectors, units, vocabulary
from childtrust.outcomes.models import AreaType, Indicator, ValueType

FUNNEL_STEPS = 60
#: The geographies a funnel plot can show, one at a time: the choice's value in the address
#: (?funnel=wards), the area type, and its plural in words.
FUNNEL_GEOGRAPHIES: Final = {
    "wards": (AreaType.WARD, "wards"),
    "localities": (AreaType.LOCALITY, "localities"),
}
EXACT_LIMITS_WORDS: Final = {
    ValueType.PROPORTION: (
        "The limits are exact binomial limits, which hold better than the usual approximation "
        "when a ward or locality has few people."
    ),
    ValueType.CRUDE_RATE: (
        "The limits are exact Poisson limits, which hold better than the usual approximation "
        "when a ward or locality has few events."
    ),
}


@dataclass(frozen=True)
class FunnelRow:
    comparison: selectors.AreaComparison
    lower_95: float
    upper_95: float
    lower_99_8: float
    upper_99_8: float
    #: "above the 99.8% limit", "above the 95% limit", "within the limits", ...
    position: str

    @property
    def outside(self) -> bool:
        return self.position != "within the limits"


@dataclass(frozen=True)
class FunnelChoice:
    """One geography the funnel plot can show, as a link (the one shown is not a link)."""

    key: str
    words: str
    count: int
    current: bool


def _funnel_limits(
    indicator: Indicator, denominators: np.ndarray, centre: float, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    multiplier = float(indicator.multiplier)
    if indicator.value_type == ValueType.PROPORTION:
        lower, upper = methods.proportion_funnel_limits(
            denominators, min(max(centre / multiplier, 0.0), 1.0), confidence
        )
        return np.asarray(lower) * multiplier, np.asarray(upper) * multiplier
    lower, upper = methods.rate_funnel_limits(denominators, centre, multiplier, confidence)
    return np.asarray(lower), np.asarray(upper)


_DIFFERENT = frozenset({vocabulary.BETTER, vocabulary.WORSE, vocabulary.HIGHER, vocabulary.LOWER})


def _position(
    comparison: selectors.AreaComparison,
    centre: float,
    l95: float,
    u95: float,
    l998: float,
    u998: float,
) -> str:
    """Where an area falls against the funnel, never contradicting its own comparison with the
    same centre (the local authority's value, its benchmark) at the same level: outside the
    95% (or 99.8%) limits exactly when its 95% (or 99.8%) interval excludes the centre. An area
    that could not be compared is placed by the drawn limits alone."""
    value = float(comparison.value or 0)
    side = "above" if value > centre else "below"
    if comparison.compared_95 != vocabulary.NOT_COMPARED:
        if comparison.compared_99_8 in _DIFFERENT:
            return f"{side} the 99.8% limit"
        if comparison.compared_95 in _DIFFERENT:
            return f"{side} the 95% limit"
        return "within the limits"
    if value > u998 or value < l998:
        return f"{side} the 99.8% limit"
    if value > u95 or value < l95:
        return f"{side} the 95% limit"
    return "within the limits"


def choices_of(latest: list[selectors.AreaComparison], chosen: str) -> tuple[FunnelChoice, ...]:
    return tuple(
        FunnelChoice(
            key,
            words.capitalize(),
            sum(1 for c in latest if c.area.area_type == area_type and _plottable(c)),
            key == chosen,
        )
        for key, (area_type, words) in FUNNEL_GEOGRAPHIES.items()
    )


def _plottable(c: selectors.AreaComparison) -> bool:
    return c.value is not None and c.denominator is not None and c.denominator > 0


def geography_of(latest: list[selectors.AreaComparison], wanted: str | None) -> str:
    """The geography asked for, or else wards where any can be plotted, or else localities."""
    if wanted in FUNNEL_GEOGRAPHIES:
        return str(wanted)
    wards = any(c.area.area_type == AreaType.WARD and _plottable(c) for c in latest)
    return "wards" if wards else "localities"


@dataclass(frozen=True)
class Funnel:
    rows: list[FunnelRow]
    chart: SafeString | None
    sentence: str
    legend: tuple[charts.KeyEntry, ...] = ()


def _funnel_sentence(rows: list[FunnelRow], plural: str, centre_name: str, unit: str) -> str:
    outside = [r for r in rows if r.outside]
    if not outside and len(rows) == 1:
        return (
            f"{rows[0].comparison.area.name} falls within the 95% limits around {centre_name}: "
            "its difference from it is no more than chance would give."
        )
    if not outside:
        return (
            f"All {len(rows)} {plural} fall within the 95% limits around {centre_name}: their "
            "differences from it are no more than chance would give."
        )
    named = "; ".join(
        f"{r.comparison.area.name}, {units.with_unit(r.comparison.value, unit)} ({r.position})"
        for r in outside
    )
    count = f"{len(outside)} of the {len(rows)} {plural}"
    verb = "falls" if len(outside) == 1 else "fall"
    return f"{count} {verb} outside the 95% limits around {centre_name}: {named}."


def funnel_of(
    indicator: Indicator,
    latest: list[selectors.AreaComparison],
    centre: float | None,
    *,
    geography: str,
    centre_name: str,
    england_value: float | None,
    unit: str,
) -> Funnel:
    if indicator.value_type not in (ValueType.PROPORTION, ValueType.CRUDE_RATE):
        return Funnel([], None, "A funnel plot is drawn only for proportions and crude rates.")
    if centre is None or math.isnan(centre):
        return Funnel(
            [], None, "There is no value for the local authority to centre a funnel plot on."
        )
    area_type, plural = FUNNEL_GEOGRAPHIES[geography]
    areas = [c for c in latest if c.area.area_type == area_type and _plottable(c)]
    if not areas:
        return Funnel([], None, f"No one of the {plural} has a value and a denominator yet.")
    n = np.array([c.denominator for c in areas], dtype=np.float64)
    l95, u95 = _funnel_limits(indicator, n, centre, 0.95)
    l998, u998 = _funnel_limits(indicator, n, centre, 0.998)
    rows = [
        FunnelRow(
            c,
            float(l95[i]),
            float(u95[i]),
            float(l998[i]),
            float(u998[i]),
            _position(c, centre, l95[i], u95[i], l998[i], u998[i]),
        )
        for i, c in enumerate(areas)
    ]
    # Whole denominators: the binomial limits are defined only for whole numbers of trials.
    steps = np.unique(
        np.round(np.linspace(max(1.0, float(n.min()) / 2), float(n.max()) * 1.1, FUNNEL_STEPS))
    )
    lines = []
    for confidence, colour, name in (
        (0.95, charts.LIMIT_95, "95%"),
        (0.998, charts.LIMIT_99_8, "99.8%"),
    ):
        low, high = _funnel_limits(indicator, steps, centre, confidence)
        for which, values in (("lower", low), ("upper", high)):
            lines.append(
                charts.FunnelLine(
                    f"{name} limit ({which})",
                    steps.tolist(),
                    np.asarray(values).tolist(),
                    colour,
                    label=f"{name} limit",
                    # the 99.8% limits labelled outside the funnel, the 95% inside
                    label_above=(which == "upper") == (name == "99.8%"),
                )
            )
    sentence = _funnel_sentence(rows, plural, centre_name, unit)
    references = []
    if england_value is not None:
        references.append(
            charts.ReferenceLine(
                f"England, {units.with_unit(england_value, unit)}",
                england_value,
                charts.SECOND_LINE,
                dashed=True,
            )
        )
    y_label = f"Value ({unit})" if unit else "Value"
    chart = charts.funnel_plot(
        [
            charts.FunnelPoint(
                f"{r.comparison.area.name}: {units.with_unit(r.comparison.value, unit)}, "
                f"denominator {units.number(r.comparison.denominator, 0)}, {r.position}",
                float(r.comparison.denominator or 0),
                float(r.comparison.value or 0),
            )
            for r in rows
        ],
        centre=centre,
        limits=lines,
        centre_name=f"{centre_name} (centre line)",
        references=references,
        chart_id="funnel",
        title=f"{indicator.name}: {plural} against {centre_name}",
        description=(
            f"Each of the {plural}' values against its denominator, with {centre_name} as the "
            "centre line, England's value as a dashed line, and the 95% and 99.8% funnel "
            "limits. " + sentence
        ),
        x_label="Denominator",
        y_label=y_label,
    )
    one = "locality" if plural == "localities" else plural[:-1]
    legend = charts.funnel_key(
        f"A {one}'s value", f"{centre_name} (centre line)", references, lines
    )
    return Funnel(rows, chart, sentence, tuple(legend))
