"""Pulse survey results: anonymity thresholds (small groups and subtraction), what a round
shows and when, trends over repeats and the change-readiness summary."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from childtrust.voice.models import SurveyRound, SurveyTheme
from childtrust.voice.selectors.survey_results import RoundResults, ThemeScore, survey_round_results
from childtrust.voice.selectors.survey_trends import (
    readiness_rating,
    readiness_summary,
    survey_trends,
)
from tests.factories import AgencyFactory, LocalityFactory
from tests.voice.survey_support import TODAY, add_responses, make_round, make_survey

pytestmark = pytest.mark.django_db


def closed_round() -> SurveyRound:
    return make_round(make_survey(), opens_on=TODAY - datetime.timedelta(days=30))


def overall(results: RoundResults) -> dict[str, tuple[float, int]]:
    return {s.theme: (round(s.mean, 2), s.agree_percent) for s in results.overall}


def groups(results: RoundResults, name: str) -> dict[str, int | None]:
    [breakdown] = [b for b in results.breakdowns if b.name == name]
    return {g.label: g.responses for g in breakdown.groups}


# When results are shown


def test_an_open_round_shows_how_many_have_answered_but_no_results() -> None:
    survey = make_survey()
    survey_round = make_round(survey, opens_on=TODAY - datetime.timedelta(days=2), invited=40)
    add_responses(survey_round, 30)

    results = survey_round_results(survey_round, today=TODAY)

    assert (results.responses, results.response_percent) == (30, 75)
    assert not results.is_closed
    assert not results.overall_shown
    assert results.overall == results.breakdowns == results.free_text == ()


def test_a_closed_round_below_the_minimum_shows_nothing_but_its_count() -> None:
    survey_round = closed_round()
    add_responses(survey_round, 9, agency=AgencyFactory(), free_text="Too much change at once.")

    results = survey_round_results(survey_round, today=TODAY)

    assert results.is_closed
    assert results.responses == 9
    assert not results.overall_shown
    assert results.overall == results.breakdowns == results.free_text == ()


def test_a_closed_round_at_the_minimum_shows_each_themes_mean_and_share_agreeing() -> None:
    survey_round = closed_round()
    add_responses(survey_round, 5, score=5)
    add_responses(survey_round, 3, score=4)
    add_responses(survey_round, 2, score=1, scores={SurveyTheme.WORKLOAD: 2})

    results = survey_round_results(survey_round, today=TODAY)

    assert results.overall_shown
    scores = overall(results)
    assert scores[SurveyTheme.CLARITY] == (round((25 + 12 + 2) / 10, 2), 80)
    assert scores[SurveyTheme.WORKLOAD] == (round((25 + 12 + 4) / 10, 2), 80)
    assert list(scores) == list(SurveyTheme.values)


def test_the_minimum_group_size_is_a_setting(settings: Any) -> None:
    settings.SURVEY_MINIMUM_GROUP_SIZE = 3
    survey_round = closed_round()
    add_responses(survey_round, 3, agency=AgencyFactory(name="Police"))
    add_responses(survey_round, 4, agency=AgencyFactory(name="Health"))

    results = survey_round_results(survey_round, today=TODAY)

    assert results.minimum == 3
    assert groups(results, "agency") == {"Health": 4, "Police": 3}


# Anonymity by group


def test_a_small_agency_is_hidden_and_so_is_the_next_smallest() -> None:
    survey_round = closed_round()
    add_responses(survey_round, 20, agency=AgencyFactory(name="Children's Social Care"), score=4)
    add_responses(survey_round, 11, agency=AgencyFactory(name="Health"), score=2)
    add_responses(survey_round, 3, agency=AgencyFactory(name="Police"), score=1)

    results = survey_round_results(survey_round, today=TODAY)

    assert groups(results, "agency") == {
        "Children's Social Care": 20,
        "Health": None,
        "Police": None,
    }
    [breakdown] = [b for b in results.breakdowns if b.name == "agency"]
    hidden = [g for g in breakdown.groups if not g.shown]
    assert all(g.themes == () for g in hidden)
    shown = next(g for g in breakdown.groups if g.shown)
    assert {s.agree_percent for s in shown.themes} == {100}


def test_two_small_groups_that_together_reach_the_minimum_hide_only_themselves() -> None:
    survey_round = closed_round()
    add_responses(survey_round, 20, level=1)
    add_responses(survey_round, 12, level=2)
    add_responses(survey_round, 6, level=3)
    add_responses(survey_round, 4, level=4)

    results = survey_round_results(survey_round, today=TODAY)

    assert groups(results, "level") == {
        "Level 1": 20,
        "Level 2": 12,
        "Level 3": None,
        "Level 4": None,
    }


def test_responses_with_no_known_locality_count_towards_the_hidden() -> None:
    survey_round = closed_round()
    north, south = LocalityFactory(name="North"), LocalityFactory(name="South")
    add_responses(survey_round, 25, locality=north)
    add_responses(survey_round, 12, locality=south)
    add_responses(survey_round, 4)  # no team, so no locality

    results = survey_round_results(survey_round, today=TODAY)

    # Showing both would give away the four with no locality: 41 - 25 - 12.
    assert groups(results, "locality") == {"North": 25, "South": None}
    assert results.overall_shown


def test_no_breakdown_lets_a_hidden_group_be_worked_out_from_the_total() -> None:
    survey_round = closed_round()
    agencies = [AgencyFactory(name=f"Agency {n}") for n in range(5)]
    for agency, count in zip(agencies, [30, 14, 10, 2, 1], strict=True):
        add_responses(survey_round, count, agency=agency)
    add_responses(survey_round, 3)

    results = survey_round_results(survey_round, today=TODAY)

    for breakdown in results.breakdowns:
        shown = sum(g.responses or 0 for g in breakdown.groups if g.shown)
        assert results.responses - shown == 0 or results.responses - shown >= results.minimum
        assert all((g.responses or 0) >= results.minimum for g in breakdown.groups if g.shown)


# Free text


def test_free_text_is_shown_for_the_whole_round_in_a_stable_order_and_never_by_group() -> None:
    survey_round = closed_round()
    for n in range(12):
        add_responses(survey_round, 1, agency=AgencyFactory(), free_text=f"Answer {n}")

    first = survey_round_results(survey_round, today=TODAY)
    again = survey_round_results(survey_round, today=TODAY)

    [question] = first.free_text
    assert sorted(question.answers) == sorted(f"Answer {n}" for n in range(12))
    assert question.answers == again.free_text[0].answers
    assert all(g.themes == () for b in first.breakdowns for g in b.groups if not g.shown)
    assert not hasattr(first.breakdowns[0].groups[0], "free_text")


# Trends over repeats


def test_trends_give_each_themes_share_agreeing_by_closed_round() -> None:
    survey = make_survey()
    first = make_round(survey, number=1, opens_on=TODAY - datetime.timedelta(days=90))
    second = make_round(survey, number=2, opens_on=TODAY - datetime.timedelta(days=60))
    third = make_round(survey, number=3, opens_on=TODAY - datetime.timedelta(days=30))
    still_open = make_round(survey, number=4, opens_on=TODAY - datetime.timedelta(days=3))
    add_responses(first, 6, score=4)
    add_responses(first, 4, score=2)  # 60% agree
    add_responses(second, 5, score=5)  # too few: not shown
    add_responses(third, 9, score=4)
    add_responses(third, 1, score=3)  # 90% agree
    add_responses(still_open, 20, score=1)

    trends = survey_trends(survey, today=TODAY)

    assert [r.survey_round.number for r in trends.rounds] == [1, 2, 3]
    assert [r.shown for r in trends.rounds] == [True, False, True]
    clarity = next(t for t in trends.themes if t.theme == SurveyTheme.CLARITY)
    assert [(c.percent, c.change) for c in clarity.cells] == [(60, None), (None, None), (90, 30)]
    assert clarity.sentence == (
        "Clarity of the vision: agreement rose from 60% in round 1 to 90% in round 3."
    )


def test_a_survey_with_no_closed_round_has_no_trend_and_no_rating() -> None:
    survey = make_survey()
    make_round(survey, opens_on=TODAY)

    trends = survey_trends(survey, today=TODAY)

    assert trends.rounds == ()
    assert trends.readiness is None
    assert trends.themes[0].sentence.endswith("no round has enough responses to show yet.")


def test_readiness_comes_from_the_latest_round_shown_and_says_what_changed() -> None:
    survey = make_survey()
    first = make_round(survey, number=1, opens_on=TODAY - datetime.timedelta(days=60))
    second = make_round(survey, number=2, opens_on=TODAY - datetime.timedelta(days=30))
    add_responses(first, 10, score=4, scores={SurveyTheme.INVOLVEMENT: 2})
    add_responses(second, 8, score=4, scores={SurveyTheme.INVOLVEMENT: 2})
    add_responses(second, 2, score=2)

    readiness = survey_trends(survey, today=TODAY).readiness

    assert readiness is not None
    assert readiness.survey_round == second
    assert readiness.summary == (
        "Most staff understand the vision (80% agree) but fewer feel involved in the change (0%)."
    )
    assert readiness.change == (
        "Since round 1, agreement fell most on clarity of the vision (down 20 points)."
    )
    assert readiness.rating == "Getting ready"
    assert readiness.average_percent == round((80 * 6) / 7)


def score(theme: SurveyTheme, percent: int) -> ThemeScore:
    return ThemeScore(
        theme=theme, label=theme.label, mean=3.0, agree_share=percent / 100, answers=10
    )


@pytest.mark.parametrize(
    ("percents", "rating"),
    [
        ([70, 70, 70], "Ready"),
        ([90, 90, 49], "Getting ready"),  # an average of 76% but one theme below half
        ([50, 50, 50], "Getting ready"),
        ([60, 40, 45], "Not ready yet"),
    ],
)
def test_the_readiness_rating_follows_the_rule_shown_on_the_page(
    percents: list[int], rating: str
) -> None:
    themes = [SurveyTheme.CLARITY, SurveyTheme.WORKLOAD, SurveyTheme.WELLBEING]

    assert (
        readiness_rating([score(t, p) for t, p in zip(themes, percents, strict=True)])[0] == rating
    )


@pytest.mark.parametrize(
    ("best", "worst", "sentence"),
    [
        (
            78,
            41,
            "Most staff understand the vision (78% agree) but fewer find their workload "
            "manageable (41%).",
        ),
        (
            45,
            20,
            "Fewer than half of staff understand the vision (45% agree) and fewer still find "
            "their workload manageable (20%).",
        ),
        (
            60,
            60,
            "Most staff understand the vision (60% agree), and the same share on every theme.",
        ),
    ],
)
def test_the_readiness_summary_reads_plainly(best: int, worst: int, sentence: str) -> None:
    scores = [score(SurveyTheme.CLARITY, best), score(SurveyTheme.WORKLOAD, worst)]

    assert readiness_summary(scores) == sentence
