"""A pulse survey round's anonymous results, overall and by agency, level and locality."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import chain
from typing import TypeVar

from django.conf import settings
from django.utils import timezone

from childtrust.partnership.selectors.registry import agencies_by_name, localities_by_name
from childtrust.voice.models import (
    QuestionKind,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
    SurveyTheme,
)

# Results are anonymous: they are counted over groups of at least SURVEY_MINIMUM_GROUP_SIZE
# responses (`suppressed_groups` hides the rest, and any group that would let a hidden one be
# worked out by subtraction), free text is shown only for the whole round, and nothing here
# returns one person's response. A round's results appear once it has closed, so that watching
# the figures move while it is open cannot show what the latest person answered.

AGREE_SCORES = frozenset({4, 5})

GroupKey = TypeVar("GroupKey", bound=Hashable)


def survey_minimum_group_size() -> int:
    return max(1, int(settings.SURVEY_MINIMUM_GROUP_SIZE))


def suppressed_groups(counts: Mapping[GroupKey, int], *, total: int, minimum: int) -> set[GroupKey]:
    """The groups of one breakdown (by agency, say) whose results must not be shown, given each
    group's number of responses and the round's total (which also counts responses whose group
    is not known).

    1. When the total is below `minimum`, every group: the overall result is not shown either.
    2. Every group with fewer than `minimum` responses.
    3. Complementary suppression: the responses not shown (those of the hidden groups and those
       of no known group) can be worked out as the total less the shown groups. While they are
       more than none but fewer than `minimum`, hide the smallest group still shown (the first
       given, on a tie) as well, and look again.

    So every shown group has at least `minimum` responses, and the total less the shown groups
    is either nothing or at least `minimum`: no hidden group can be recovered by subtraction."""
    if any(count < 0 for count in counts.values()):
        raise ValueError("A group cannot have a negative number of responses")
    unknown = total - sum(counts.values())
    if unknown < 0:
        raise ValueError("The groups add up to more than the total")
    if total < minimum:
        return set(counts)
    hidden = {key for key, count in counts.items() if count < minimum}
    hidden_total = unknown + sum(counts[key] for key in hidden)
    for key in sorted(counts, key=counts.__getitem__):
        if hidden_total == 0 or hidden_total >= minimum:
            break
        if key not in hidden:
            hidden.add(key)
            hidden_total += counts[key]
    return hidden


@dataclass(frozen=True)
class ThemeScore:
    theme: str
    label: str
    mean: float  # from 1 (strongly disagree) to 5 (strongly agree)
    agree_share: float  # the share of answers that agree or strongly agree
    answers: int

    @property
    def agree_percent(self) -> int:
        return round(self.agree_share * 100)


def themes_asked(questions: Iterable[SurveyQuestion]) -> list[str]:
    asked = {q.theme for q in questions if q.kind == QuestionKind.LIKERT and q.theme}
    return [theme for theme in SurveyTheme.values if theme in asked]


def theme_scores(
    scores: Iterable[tuple[str, int]], themes: Sequence[str]
) -> tuple[ThemeScore, ...]:
    """Each theme's mean score and share agreeing over (theme, score) answers, in `themes`
    order; a theme with no answers is left out."""
    by_theme: dict[str, list[int]] = defaultdict(list)
    for theme, score in scores:
        by_theme[theme].append(score)
    return tuple(
        ThemeScore(
            theme=theme,
            label=SurveyTheme(theme).label,
            mean=sum(values) / len(values),
            agree_share=sum(1 for value in values if value in AGREE_SCORES) / len(values),
            answers=len(values),
        )
        for theme in themes
        if (values := by_theme.get(theme))
    )


@dataclass(frozen=True)
class GroupResult:
    label: str
    shown: bool
    responses: int | None  # None when the group is not shown
    themes: tuple[ThemeScore, ...]


@dataclass(frozen=True)
class Breakdown:
    name: str  # agency, level or locality
    title: str
    group_heading: str
    groups: tuple[GroupResult, ...]


@dataclass(frozen=True)
class FreeTextAnswers:
    question: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class RoundResults:
    survey_round: SurveyRound
    minimum: int
    responses: int
    invited: int
    is_closed: bool
    overall_shown: bool  # the round has closed with at least `minimum` responses
    themes: tuple[tuple[str, str], ...]  # (theme, label) for each theme the survey asks about
    overall: tuple[ThemeScore, ...]
    breakdowns: tuple[Breakdown, ...]
    free_text: tuple[FreeTextAnswers, ...]

    @property
    def response_percent(self) -> int | None:
        """Responses as a share of the staff invited; given for the whole round only, where the
        number invited is known and large."""
        return round(100 * self.responses / self.invited) if self.invited else None


ResponseScores = dict[int, list[tuple[str, int]]]


def _round_scores(survey_round: SurveyRound) -> ResponseScores:
    scores: ResponseScores = defaultdict(list)
    answers = SurveyAnswer.objects.filter(
        response__round=survey_round, question__kind=QuestionKind.LIKERT, score__isnull=False
    ).values_list("response_id", "question__theme", "score")
    for response_id, theme, score in answers:
        if score is not None:
            scores[response_id].append((theme, score))
    return scores


def _breakdown(
    *,
    name: str,
    title: str,
    group_heading: str,
    members: Mapping[int, int | None],
    labels: Mapping[int, str],
    scores: ResponseScores,
    themes: Sequence[str],
    minimum: int,
) -> Breakdown:
    """One breakdown of a round's responses; `members` maps each response to its group (None
    when not known), `labels` gives each group's name in the order to show them."""
    counts = Counter(key for key in members.values() if key is not None)
    hidden = suppressed_groups(counts, total=len(members), minimum=minimum)
    groups = []
    for key, label in labels.items():
        if key not in counts:
            continue
        if key in hidden:
            groups.append(GroupResult(label=label, shown=False, responses=None, themes=()))
            continue
        answers = chain.from_iterable(
            scores.get(response, []) for response, group in members.items() if group == key
        )
        groups.append(
            GroupResult(
                label=label, shown=True, responses=counts[key], themes=theme_scores(answers, themes)
            )
        )
    return Breakdown(name=name, title=title, group_heading=group_heading, groups=tuple(groups))


def _stable_shuffle_key(survey_round: SurveyRound, answer_pk: int) -> str:
    return hashlib.sha256(f"{survey_round.pk}:{answer_pk}".encode()).hexdigest()


def _free_text(
    survey_round: SurveyRound, questions: Sequence[SurveyQuestion]
) -> tuple[FreeTextAnswers, ...]:
    """Free-text answers for the whole round, in an order that is random (it says nothing of who
    answered when) but the same on every visit."""
    answers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = (
        SurveyAnswer.objects.filter(
            response__round=survey_round, question__kind=QuestionKind.FREE_TEXT
        )
        .exclude(text="")
        .values_list("pk", "question_id", "text")
    )
    for pk, question_pk, text in rows:
        answers[question_pk].append((_stable_shuffle_key(survey_round, pk), text))
    return tuple(
        FreeTextAnswers(
            question=question.text,
            answers=tuple(text for _, text in sorted(answers.get(question.pk, []))),
        )
        for question in questions
        if question.kind == QuestionKind.FREE_TEXT
    )


def survey_round_results(survey_round: SurveyRound, *, today: date | None = None) -> RoundResults:
    """A round's results, overall and by agency, level and locality, with every group below the
    minimum size (and any that would reveal one) left out; see `suppressed_groups`."""
    today = today or timezone.localdate()
    minimum = survey_minimum_group_size()
    questions = list(survey_round.survey.questions.all())
    themes = themes_asked(questions)
    groups = {
        pk: (agency, level, locality)
        for pk, agency, level, locality in SurveyResponse.objects.filter(
            round=survey_round
        ).values_list("pk", "agency_id", "level", "locality_id")
    }
    is_closed = survey_round.closes_on < today
    overall_shown = is_closed and len(groups) >= minimum
    results = RoundResults(
        survey_round=survey_round,
        minimum=minimum,
        responses=len(groups),
        invited=survey_round.invited,
        is_closed=is_closed,
        overall_shown=overall_shown,
        themes=tuple((theme, SurveyTheme(theme).label) for theme in themes),
        overall=(),
        breakdowns=(),
        free_text=(),
    )
    if not overall_shown:
        return results
    scores = _round_scores(survey_round)
    agency_ids = {agency for agency, _, _ in groups.values() if agency is not None}
    locality_ids = {locality for _, _, locality in groups.values() if locality is not None}
    levels = sorted({level for _, level, _ in groups.values() if level is not None})

    def breakdown(
        name: str, title: str, heading: str, position: int, labels: Mapping[int, str]
    ) -> Breakdown:
        return _breakdown(
            name=name,
            title=title,
            group_heading=heading,
            members={pk: group[position] for pk, group in groups.items()},
            labels=labels,
            scores=scores,
            themes=themes,
            minimum=minimum,
        )

    agencies = agencies_by_name().filter(pk__in=agency_ids)
    localities = localities_by_name().filter(pk__in=locality_ids)
    return replace(
        results,
        overall=theme_scores(chain.from_iterable(scores.values()), themes),
        breakdowns=(
            breakdown("agency", "By agency", "Agency", 0, dict(agencies.values_list("pk", "name"))),
            breakdown(
                "level",
                "By management level",
                "Level",
                1,
                {level: f"Level {level}" for level in levels},
            ),
            breakdown(
                "locality",
                "By locality",
                "Locality",
                2,
                dict(localities.values_list("pk", "name")),
            ),
        ),
        free_text=_free_text(survey_round, questions),
    )
