"""The words every page, chart, download and API answer uses for a comparison with a benchmark,
and the one confidence level each indicator is compared at.

One pattern for every benchmark (England for a local authority, the local authority for its
wards and localities), as the public health profiles word it:

- "Better than England", "Similar to England", "Worse than England" for an indicator with a
  polarity (a high value good, or a low value good);
- "Higher than England", "Similar to England", "Lower than England" for one with no judgement
  of high or low (Fingertips' "Higher", "Similar", "Lower", coloured blue, not green or red);
- "Not compared: <the reason>" where no comparison can be made ("no England value for this
  period", "the value is suppressed", "no confidence interval for this value", ...).

Each indicator is compared at ONE confidence level: 95% (Fingertips' default) unless its
comparison method names 99.8% alone. A page states the level once ("Compared with England at
95% confidence."), never beside each judgement; the 99.8% limits still appear where they are
drawn (the funnel plot's outer limits), labelled as limits."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from childtrust.outcomes.models import Indicator

CONFIDENCE_95: Final = 0.95
CONFIDENCE_99_8: Final = 0.998

BETTER: Final = "better"
SIMILAR: Final = "similar"
WORSE: Final = "worse"
HIGHER: Final = "higher"
LOWER: Final = "lower"
NOT_COMPARED: Final = "not compared"

#: The GOV.UK tag colour for each judgement, as the public health profiles colour them: better
#: green, similar amber, worse red, higher and lower blue (no judgement), not compared grey. The
#: words are always shown too.
TAG_COLOURS: Final = {
    BETTER: "green",
    SIMILAR: "yellow",
    WORSE: "red",
    HIGHER: "blue",
    LOWER: "light-blue",
    NOT_COMPARED: "grey",
}
#: The same colours as fills (a spine chart's marker, a funnel point), GOV.UK's palette.
MARKER_FILLS: Final = {
    BETTER: "#00703c",
    SIMILAR: "#ffdd00",
    WORSE: "#d4351c",
    HIGHER: "#1d70b8",
    LOWER: "#5694ca",
    NOT_COMPARED: "#ffffff",
}

_ALONE_95 = re.compile(r"(?<![\d.])95(?![\d.])")


def comparison_confidence(indicator: Indicator) -> float:
    """The level the indicator is compared with its benchmark at: 0.998 when its comparison
    method names 99.8 and not 95 (Fingertips' "confidence intervals overlapping reference value
    (99.8)"), otherwise 0.95, Fingertips' default."""
    method = indicator.comparison_method or ""
    if "99.8" in method and not _ALONE_95.search(method):
        return CONFIDENCE_99_8
    return CONFIDENCE_95


def confidence_words(confidence: float) -> str:
    """0.95 as "95%", 0.998 as "99.8%"."""
    return f"{confidence * 100:g}%"


def confidence_statement(benchmark: str, levels: Iterable[tuple[str, float]] = ()) -> str:
    """The one sentence a page states its comparisons' confidence in: "Compared with England at
    95% confidence." `levels` is each indicator's (name, level) on the page; an indicator
    compared at another level than most is named: "..., and Name at 99.8% confidence"."""
    found = list(levels)
    counts: dict[float, int] = {}
    for _name, level in found:
        counts[level] = counts.get(level, 0) + 1
    main = max(counts, key=lambda level: (counts[level], level == CONFIDENCE_95), default=0.95)
    others = [(name, level) for name, level in found if level != main]
    words = f"Compared with {benchmark} at {confidence_words(main)} confidence"
    if others:
        words += ", except " + "; ".join(
            f"{name} at {confidence_words(level)}" for name, level in others
        )
    return words + "."


@dataclass(frozen=True)
class Compared:
    """A comparison in words, with its colour."""

    judgement: str  # better, similar, worse, higher, lower or not compared
    words: str  # "Better than England", "Not compared: no England value for this period"

    @property
    def colour(self) -> str:
        return TAG_COLOURS[self.judgement]

    @property
    def tag_class(self) -> str:
        return f"govuk-tag--{self.colour}"

    @property
    def fill(self) -> str:
        return MARKER_FILLS[self.judgement]


def judgement_words(judgement: str, benchmark: str, reason: str = "") -> str:
    """A judgement in the one pattern: "Better than Southampton", "Similar to England",
    "Not compared: <reason>"."""
    if judgement in (BETTER, WORSE, HIGHER, LOWER):
        return f"{judgement.capitalize()} than {benchmark}"
    if judgement == SIMILAR:
        return f"Similar to {benchmark}"
    return f"Not compared: {reason}" if reason else "Not compared"


def not_compared_reason(
    *,
    area: str,
    benchmark: str | None,
    value: float | None,
    value_note: str,
    lower: float | None,
    upper: float | None,
    benchmark_value: float | None,
) -> str:
    """Why a value could not be compared with its benchmark, in words."""
    if benchmark is None:
        return f"{area} is the benchmark" if area == "England" else "no benchmark is held"
    if value is None:
        return "the value is suppressed" if value_note else "no value for this period"
    if benchmark_value is None:
        return f"no {benchmark} value for this period"
    if lower is None or upper is None:
        return "no confidence interval for this value"
    return "no comparison could be made"


def compared(
    *,
    judgement: str,
    area: str,
    benchmark: str | None,
    value: float | None,
    value_note: str = "",
    lower: float | None = None,
    upper: float | None = None,
    benchmark_value: float | None = None,
) -> Compared:
    """A judgement (selectors.AreaComparison.judgement) with its words and colour."""
    if judgement not in TAG_COLOURS:
        judgement = NOT_COMPARED
    if judgement == NOT_COMPARED or benchmark is None:
        reason = not_compared_reason(
            area=area,
            benchmark=benchmark,
            value=value,
            value_note=value_note,
            lower=lower,
            upper=upper,
            benchmark_value=benchmark_value,
        )
        return Compared(NOT_COMPARED, judgement_words(NOT_COMPARED, "", reason))
    return Compared(judgement, judgement_words(judgement, benchmark))
