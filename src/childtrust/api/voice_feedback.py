"""Staff feedback on the change: 'You said, we did' for everyone, and response times and the
reach of published responses for those who follow staff voice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Router, Schema

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS
from childtrust.core.permissions import require
from childtrust.voice import access
from childtrust.voice.models import Feedback, FeedbackKind
from childtrust.voice.selectors import feedback

router = Router(tags=["Feedback"])


class PublishedFeedback(Schema):
    id: int
    kind: FeedbackKind
    subject: str
    text: str = Field(description="What was said. It never names who said it.")
    about: str | None = Field(
        description="The slug of the agency it is about; null for the partnership as a whole."
    )
    raised_on: date
    response: str = Field(description="What was done about it.")
    responded_at: datetime
    readers: int = Field(description="Staff who have read the response.")

    @staticmethod
    def resolve_about(obj: Feedback) -> str | None:
        return obj.agency.slug if obj.agency else None

    @staticmethod
    def resolve_readers(obj: Any) -> int:
        return int(obj.reach_count)


class FeedbackOwner(Schema):
    name: str
    job_title: str
    agency: str = Field(description="The slug of the owner's agency.")


class FeedbackPastTarget(Schema):
    id: int
    subject: str
    owner: FeedbackOwner
    raised_on: date
    respond_by: date
    working_days_over: int


class ResponseReach(Schema):
    id: int
    subject: str
    readers: int = Field(description="Staff who have read the response.")
    staff: int = Field(description="Active staff across the partnership.")


class FeedbackResponseTimes(Schema):
    target_working_days: int = Field(description="Working days an owner has to respond.")
    responded: int
    within_target: int = Field(description="Responses sent on or before their target date.")
    share_within_target: float | None = Field(description="Percentage; null with no responses.")
    median_working_days: float | None = Field(
        description="Median working days from raising to response; null with no responses."
    )
    open: int = Field(description="Feedback waiting for a response.")
    open_past_target: list[FeedbackPastTarget]
    reach: list[ResponseReach] = Field(description="Each published response, newest first.")


@router.get(
    "/feedback/published",
    response={200: list[PublishedFeedback], **REFUSALS},
    summary="'You said, we did': published responses to staff feedback",
)
@paginated
def feedback_published_list(request: AuthenticatedRequest) -> QuerySet[Feedback]:
    """Suggestions and concerns staff raised and what was done about them, newest response
    first. No one's name is given, whether or not they put it to their feedback."""
    require(access.can_read_published_feedback(request.user), to="read 'You said, we did'")
    return feedback.feedback_published()


@router.get(
    "/feedback/response-times",
    response={200: FeedbackResponseTimes, **REFUSALS},
    summary="How quickly owners respond to staff feedback, and how far responses reach",
)
def feedback_response_times(request: AuthenticatedRequest) -> dict[str, Any]:
    """For strategic leads and partnership administrators. The open feedback past its target
    names its owner, so a call that gives any is audited."""
    times = access.feedback_response_times_for_user(request.user)
    return {
        "target_working_days": settings.FEEDBACK_RESPONSE_WORKING_DAYS,
        "responded": times.responded,
        "within_target": times.within_target,
        "share_within_target": times.share_within_target,
        "median_working_days": times.median_working_days,
        "open": times.open_count,
        "open_past_target": [
            {
                "id": due.feedback.pk,
                "subject": due.feedback.subject,
                "owner": {
                    "name": due.feedback.owner.full_name,
                    "job_title": due.feedback.owner.job_title,
                    "agency": due.feedback.owner.agency.slug,
                },
                "raised_on": due.feedback.raised_on,
                "respond_by": due.feedback.respond_by,
                "working_days_over": due.working_days_over,
            }
            for due in times.open_past_target
        ],
        "reach": [
            {
                "id": row.feedback.pk,
                "subject": row.feedback.subject,
                "readers": row.reached,
                "staff": row.staff,
            }
            for row in feedback.feedback_reach_by_response()
        ],
    }
