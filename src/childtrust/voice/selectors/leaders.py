"""The leaders' page: one page of the staff side of the change, drawn from the cascade's, the
surveys' and the feedback's own selectors so that it shows the same figures as their pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from childtrust.voice.models import Message, MessageStatus, Survey
from childtrust.voice.selectors.feedback import FeedbackResponseTimes, feedback_response_times
from childtrust.voice.selectors.reach import messages_with_reach
from childtrust.voice.selectors.survey_trends import SurveyTrends, survey_trends

LEADERS_RECENT_MESSAGES = 5


@dataclass(frozen=True)
class LeadersMessage:
    """A recent message and its reach, from `messages_with_reach`."""

    message: Message
    recipients: int
    reached: int
    understood: int
    stalled_managers: int

    @property
    def reached_percent(self) -> float | None:
        return 100 * self.reached / self.recipients if self.recipients else None

    @property
    def understood_percent(self) -> float | None:
        return 100 * self.understood / self.recipients if self.recipients else None


@dataclass(frozen=True)
class LeadersSurvey:
    survey: Survey
    trends: SurveyTrends


@dataclass(frozen=True)
class LeadersOverview:
    messages: list[LeadersMessage]
    surveys: list[LeadersSurvey]
    feedback: FeedbackResponseTimes


def leaders_recent_messages(*, limit: int = LEADERS_RECENT_MESSAGES) -> list[LeadersMessage]:
    """The most recently published messages with their reach, in one query."""
    recent = messages_with_reach().filter(status=MessageStatus.PUBLISHED)[:limit]
    return [
        LeadersMessage(
            message=message,
            recipients=getattr(message, "recipient_count", 0),
            reached=getattr(message, "reached_count", 0),
            understood=getattr(message, "understood_count", 0),
            stalled_managers=getattr(message, "stalled_count", 0),
        )
        for message in recent
    ]


def leaders_survey_trends(*, today: date | None = None) -> list[LeadersSurvey]:
    """Every survey with a closed round, with its trends (results of rounds below the minimum
    group size are not shown: `survey_trends` applies the rule)."""
    today = today or timezone.localdate()
    surveys = Survey.objects.filter(rounds__closes_on__lt=today).distinct().order_by("title", "pk")
    return [LeadersSurvey(survey, survey_trends(survey, today=today)) for survey in surveys]


def leaders_overview(*, today: date | None = None) -> LeadersOverview:
    today = today or timezone.localdate()
    return LeadersOverview(
        messages=leaders_recent_messages(),
        surveys=leaders_survey_trends(today=today),
        feedback=feedback_response_times(today=today),
    )
