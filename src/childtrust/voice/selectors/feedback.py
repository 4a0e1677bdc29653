"""Feedback on the change: who answers it, what waits for an answer, 'You said, we did' and
how quickly owners respond."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.utils import timezone

from childtrust.core.calendar import working_days_between
from childtrust.partnership.models import Agency, StaffMember
from childtrust.partnership.selectors.registry import local_authority_agency
from childtrust.partnership.selectors.staff import agency_head, staff_in_post
from childtrust.voice.models import Feedback, FeedbackStatus

# Feedback is routed to the head of the agency it is about; feedback about the partnership as a
# whole goes to the head of the local authority's children's services (the Director of
# Children's Services, who leads the partnership under the Children Act 2004). Targets are
# counted in working days through childtrust.core.calendar.


def feedback_agency_head(agency: Agency) -> StaffMember | None:
    """Who answers feedback about an agency: its head (partnership's `agency_head`)."""
    return agency_head(agency)


def feedback_partnership_agency() -> Agency | None:
    """The agency whose head answers feedback about the partnership as a whole: the local
    authority's children's services."""
    return local_authority_agency()


@dataclass(frozen=True)
class FeedbackDue:
    """Open feedback with the working days left before its target (negative once past it)."""

    feedback: Feedback
    working_days_left: int

    @property
    def past_target(self) -> bool:
        return self.working_days_left < 0

    @property
    def working_days_over(self) -> int:
        return max(0, -self.working_days_left)


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def feedback_with_people() -> QuerySet[Feedback]:
    """Feedback with its owner (and their agency), the agency it is about and who raised it."""
    return Feedback.objects.select_related("owner", "owner__agency", "agency", "raised_by")


def _due(feedback: Iterable[Feedback], today: date) -> list[FeedbackDue]:
    return [FeedbackDue(item, working_days_between(today, item.respond_by)) for item in feedback]


def feedback_to_answer(owner: StaffMember, *, today: date | None = None) -> list[FeedbackDue]:
    """The owner's open feedback, the one due soonest first."""
    open_feedback = feedback_with_people().filter(owner=owner, status=FeedbackStatus.OPEN)
    return _due(open_feedback.order_by("respond_by", "pk"), _today(today))


def feedback_answered_by(owner: StaffMember, *, limit: int = 20) -> list[Feedback]:
    """The owner's most recent responses."""
    answered = feedback_with_people().filter(owner=owner, status=FeedbackStatus.RESPONDED)
    return list(answered.order_by("-responded_at", "-pk")[:limit])


@dataclass(frozen=True)
class OwnedFeedback:
    due: list[FeedbackDue]  # waiting for the owner's response, soonest first
    answered: list[Feedback]  # their most recent responses


def feedback_owned_by(owner: StaffMember, *, today: date | None = None) -> OwnedFeedback:
    """What an owner has to answer and has answered lately (whose list it is, and the audit of
    reading it, are access.feedback_to_answer_for_user's)."""
    return OwnedFeedback(
        due=feedback_to_answer(owner, today=today), answered=feedback_answered_by(owner)
    )


def feedback_raised_by(staff: StaffMember) -> list[Feedback]:
    """Feedback the person put their name to, newest first. Anonymous feedback keeps no link to
    anyone, so it is not here."""
    return list(feedback_with_people().filter(raised_by=staff).order_by("-raised_on", "-pk"))


def feedback_published() -> QuerySet[Feedback]:
    """'You said, we did': published responses, newest first, each with how many staff have
    read it (`reach_count`)."""
    return (
        Feedback.objects.filter(published=True)
        .select_related("agency")
        .annotate(reach_count=Count("reach"))
        .order_by("-responded_at", "-pk")
    )


def feedback_published_one(pk: int) -> Feedback | None:
    return feedback_published().filter(pk=pk).first()


def feedback_open_past_target(*, today: date | None = None) -> list[FeedbackDue]:
    """Open feedback whose target date has passed, the longest overdue first, with its owner."""
    today = _today(today)
    overdue = feedback_with_people().filter(status=FeedbackStatus.OPEN, respond_by__lt=today)
    return _due(overdue.order_by("respond_by", "pk"), today)


def feedback_working_days_to_respond(feedback: Feedback) -> int | None:
    if feedback.responded_at is None:
        return None
    return working_days_between(feedback.raised_on, timezone.localdate(feedback.responded_at))


@dataclass(frozen=True)
class FeedbackResponseTimes:
    """How quickly owners respond: the median working days from raising to response, how many
    responses met their target, and the open feedback already past it."""

    responded: int
    within_target: int
    median_working_days: float | None
    open_count: int
    open_past_target: list[FeedbackDue]

    @property
    def share_within_target(self) -> float | None:
        return 100 * self.within_target / self.responded if self.responded else None


def feedback_response_times(*, today: date | None = None) -> FeedbackResponseTimes:
    """Response times over all responded feedback, in two queries plus the overdue list."""
    rows = Feedback.objects.filter(status=FeedbackStatus.RESPONDED, responded_at__isnull=False)
    days: list[int] = []
    within = 0
    for raised_on, respond_by, responded_at in rows.values_list(
        "raised_on", "respond_by", "responded_at"
    ):
        responded_on = timezone.localdate(responded_at)
        days.append(working_days_between(raised_on, responded_on))
        within += responded_on <= respond_by
    return FeedbackResponseTimes(
        responded=len(days),
        within_target=within,
        median_working_days=statistics.median(days) if days else None,
        open_count=Feedback.objects.filter(status=FeedbackStatus.OPEN).count(),
        open_past_target=feedback_open_past_target(today=today),
    )


@dataclass(frozen=True)
class FeedbackReachRow:
    feedback: Feedback
    reached: int
    staff: int

    @property
    def share(self) -> float | None:
        return 100 * self.reached / self.staff if self.staff else None


def feedback_reach_by_response() -> list[FeedbackReachRow]:
    """For each published response, how many staff have read it, out of all active staff."""
    staff = staff_in_post().count()
    return [
        FeedbackReachRow(feedback=item, reached=getattr(item, "reach_count", 0), staff=staff)
        for item in feedback_published()
    ]
