"""Pulse surveys and their rounds as the lists show them, and the rounds waiting for a person."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.voice.models import Survey, SurveyParticipation, SurveyRound

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
    return survey.rounds.annotate(response_count=Count("responses")).order_by("-number")


def survey_rounds_to_answer(staff: StaffMember, *, today: date | None = None) -> list[SurveyRound]:
    """The rounds open today that the person has not answered, closing soonest first."""
    today = today or timezone.localdate()
    return list(
        SurveyRound.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .exclude(participations__staff=staff)
        .select_related("survey")
        .order_by("closes_on", "pk")
    )


def survey_active_staff_count() -> int:
    """Everyone a new round invites: the staff still working in the partnership."""
    return staff_in_post().count()


def survey_round_is_open(survey_round: SurveyRound, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return survey_round.opens_on <= today <= survey_round.closes_on


def survey_has_answered(survey_round: SurveyRound, staff: StaffMember) -> bool:
    return SurveyParticipation.objects.filter(round=survey_round, staff=staff).exists()
