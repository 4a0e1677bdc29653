"""Pulse surveys and their rounds as the lists show them, and the rounds waiting for a person."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.voice.models import (
    QuestionKind,
    Survey,
    SurveyParticipation,
    SurveyRound,
    SurveyTheme,
)

# A round is open to everyone in post, or to named people only (SurveyRound.invited_staff: those
# a restructure affects); a named round is shown to, and answered by, those named alone.
_Invited = SurveyRound.invited_staff.through

# Lists


def surveys_for_list() -> QuerySet[Survey]:
    return Survey.objects.annotate(
        round_count=Count("rounds"), latest_round_closes=Max("rounds__closes_on")
    ).order_by("title", "pk")


def survey_with_id(pk: int) -> Survey | None:
    """A survey with its round count and when its latest round closes (as the list has them)."""
    return surveys_for_list().filter(pk=pk).first()


def survey_round_with_number(survey_id: int, number: int) -> SurveyRound | None:
    return (
        SurveyRound.objects.select_related("survey")
        .filter(survey_id=survey_id, number=number)
        .first()
    )


def survey_rounds_with_counts(survey: Survey) -> QuerySet[SurveyRound]:
    return survey.rounds.annotate(
        response_count=Count("responses"), for_named_people=_named()
    ).order_by("-number")


def _named() -> Exists:
    return Exists(_Invited.objects.filter(surveyround_id=OuterRef("pk")))


def survey_rounds_to_answer(staff: StaffMember, *, today: date | None = None) -> list[SurveyRound]:
    """The rounds open today that the person has not answered, closing soonest first: every
    round open to everyone, and the rounds for named people that name them."""
    today = today or timezone.localdate()
    invited_me = Exists(
        _Invited.objects.filter(surveyround_id=OuterRef("pk"), staffmember_id=staff.pk)
    )
    return list(
        SurveyRound.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .filter(~_named() | invited_me)
        .exclude(participations__staff=staff)
        .select_related("survey")
        .order_by("closes_on", "pk")
    )


def survey_round_is_for_named_people(survey_round: SurveyRound) -> bool:
    return _Invited.objects.filter(surveyround_id=survey_round.pk).exists()


def survey_round_invites(survey_round: SurveyRound, staff: StaffMember) -> bool:
    """Whether the round asks this person: every round open to everyone does; a round for
    named people asks those named alone (whether they may answer now is access's question)."""
    named = _Invited.objects.filter(surveyround_id=survey_round.pk)
    return not named.exists() or named.filter(staffmember_id=staff.pk).exists()


def survey_staff_in_post_among(staff: list[StaffMember]) -> list[StaffMember]:
    """Those of the named people still working in the partnership, each once, in the order
    named: whom a round for named people invites."""
    in_post = set(
        staff_in_post().filter(pk__in=[person.pk for person in staff]).values_list("pk", flat=True)
    )
    return [person for person in dict.fromkeys(staff) if person.pk in in_post]


def latest_closed_round_for_everyone(
    *, asking: SurveyTheme, today: date | None = None, excluding: SurveyRound | None = None
) -> SurveyRound | None:
    """The round open to everyone in post that closed last before today, of any survey with a
    statement on the theme `asking` (the partnership's latest wellbeing round, say), with its
    survey; None when there is none."""
    today = today or timezone.localdate()
    rounds = (
        SurveyRound.objects.filter(
            closes_on__lt=today,
            survey__questions__kind=QuestionKind.LIKERT,
            survey__questions__theme=asking,
        )
        .filter(~_named())
        .select_related("survey")
        .order_by("-closes_on", "-pk")
    )
    if excluding is not None:
        rounds = rounds.exclude(pk=excluding.pk)
    return rounds.first()


def survey_active_staff_count() -> int:
    """Everyone a new round invites: the staff still working in the partnership."""
    return staff_in_post().count()


def survey_round_is_open(survey_round: SurveyRound, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return survey_round.opens_on <= today <= survey_round.closes_on


def survey_has_answered(survey_round: SurveyRound, staff: StaffMember) -> bool:
    return SurveyParticipation.objects.filter(round=survey_round, staff=staff).exists()
