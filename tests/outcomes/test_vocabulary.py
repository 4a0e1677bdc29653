"""The one comparison vocabulary (outcomes.vocabulary): the words of each judgement against any
benchmark, the reason a value is not compared, the one confidence level of each indicator, and
the sentence a page states it in once."""

from __future__ import annotations

import pytest

from childtrust.outcomes import vocabulary
from childtrust.outcomes.models import Indicator


@pytest.mark.parametrize(
    ("judgement", "benchmark", "words", "colour"),
    [
        ("better", "England", "Better than England", "green"),
        ("similar", "England", "Similar to England", "yellow"),
        ("worse", "England", "Worse than England", "red"),
        ("higher", "England", "Higher than England", "blue"),
        ("lower", "England", "Lower than England", "light-blue"),
        ("better", "Southampton", "Better than Southampton", "green"),
        ("similar", "Southampton", "Similar to Southampton", "yellow"),
        ("worse", "Southampton", "Worse than Southampton", "red"),
    ],
)
def test_each_judgement_has_one_pattern_of_words_and_its_colour(
    judgement: str, benchmark: str, words: str, colour: str
) -> None:
    compared = vocabulary.compared(
        judgement=judgement, area="Bevois", benchmark=benchmark, value=1.0
    )
    assert compared.words == words
    assert compared.colour == colour
    assert compared.tag_class == f"govuk-tag--{colour}"


@pytest.mark.parametrize("old", ["best", "worst"])
def test_the_old_combined_words_are_never_given(old: str) -> None:
    compared = vocabulary.compared(judgement=old, area="A", benchmark="England", value=1.0)
    assert compared.judgement == "not compared"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"area": "England", "benchmark": None, "value": 5.0}, "England is the benchmark"),
        ({"area": "Wessex", "benchmark": None, "value": 5.0}, "no benchmark is held"),
        ({"value": None, "value_note": "Suppressed"}, "the value is suppressed"),
        ({"value": None}, "no value for this period"),
        ({"benchmark_value": None}, "no England value for this period"),
        ({"lower": None}, "no confidence interval for this value"),
    ],
)
def test_not_compared_says_why(fields: dict[str, object], reason: str) -> None:
    given: dict[str, object] = {
        "judgement": "not compared",
        "area": "Southampton",
        "benchmark": "England",
        "value": 5.0,
        "value_note": "",
        "lower": 4.0,
        "upper": 6.0,
        "benchmark_value": 5.5,
    }
    given.update(fields)
    compared = vocabulary.compared(**given)  # type: ignore[arg-type]
    assert compared.words == f"Not compared: {reason}"
    assert compared.colour == "grey"


@pytest.mark.parametrize(
    ("method", "level"),
    [
        ("", 0.95),
        ("confidence intervals 95/99.8", 0.95),
        ("Confidence intervals overlapping reference value (95.0)", 0.95),
        ("Confidence intervals overlapping reference value (99.8)", 0.998),
        ("confidence intervals 99.8", 0.998),
    ],
)
def test_each_indicator_is_compared_at_one_level(method: str, level: float) -> None:
    assert vocabulary.comparison_confidence(Indicator(comparison_method=method)) == level


def test_a_page_states_its_level_once_naming_any_indicator_at_another() -> None:
    assert vocabulary.confidence_statement("England") == "Compared with England at 95% confidence."
    assert (
        vocabulary.confidence_statement("England", [("A", 0.95), ("B", 0.95), ("C", 0.998)])
        == "Compared with England at 95% confidence, except C at 99.8%."
    )
    assert (
        vocabulary.confidence_statement("Southampton", [("A", 0.998)])
        == "Compared with Southampton at 99.8% confidence."
    )
