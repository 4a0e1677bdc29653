"""What of the staff voice needs the signed-in person, for the home page (core.home): messages
to confirm, briefings to record and who in their team has not confirmed, surveys open to them,
feedback waiting for their answer and answers to their own. Everything here goes by the
person's staff record, as staff voice does (access decides whether it lets them take part), and
shows counts only, never who: the lists it links to name people and are audited there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from childtrust.core.home import Figure, Need, NeedItem, day_words
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.models import StaffMember
from childtrust.voice import access
from childtrust.voice.models import FeedbackStatus
from childtrust.voice.selectors import cascade, feedback, surveys

MESSAGES = "Messages"
SURVEYS = "Surveys"
FEEDBACK = "Feedback"
#: How long an answer to someone's feedback is shown on their home page.
RECENT_ANSWER_DAYS = 30


def _days(count: int) -> str:
    return f"{count:,} working day{'' if count == 1 else 's'}"


def _messages(staff: StaffMember) -> Iterator[Need]:
    to_confirm = sum(not item.understood for item in cascade.my_messages(staff))
    yield NeedItem(
        to_confirm,
        "message to confirm",
        "messages to confirm",
        reverse("voice:cascade_my_messages") + "?show=to-confirm",
        MESSAGES,
    )
    briefings = cascade.my_briefings(staff)
    to_record = [*briefings.to_do, *briefings.escalated_to_me]
    soonest = min((task.due_on for task in to_record), default=None)
    yield NeedItem(
        len(to_record),
        "briefing to record",
        "briefings to record",
        reverse("voice:cascade_my_briefings"),
        MESSAGES,
        note=f"The soonest is due on {day_words(soonest)}." if soonest else "",
    )
    mine = [*briefings.to_do, *briefings.done]
    people = sum(getattr(task, "people_count", 0) for task in mine)
    understood = sum(getattr(task, "understood_count", 0) for task in mine)
    yield NeedItem(
        people - understood,
        "person in your team has not confirmed a message",
        "people in your team have not confirmed a message",
        reverse("voice:cascade_my_briefings"),
        MESSAGES,
    )
    if people:
        yield Figure(
            "Your team's message reach",
            f"{round(100 * understood / people)}%",
            f"{understood:,} of {people:,} confirmed, over {len(mine):,} "
            f"message{'' if len(mine) == 1 else 's'}",
            reverse("voice:cascade_my_briefings"),
        )


def _surveys(staff: StaffMember) -> Iterator[Need]:
    rounds = surveys.survey_rounds_to_answer(staff)
    yield NeedItem(
        len(rounds),
        "survey open to you",
        "surveys open to you",
        reverse("voice:survey_list"),
        SURVEYS,
        note=f"The first closes on {day_words(rounds[0].closes_on)}." if rounds else "",
    )


def _feedback(staff: StaffMember) -> Iterator[Need]:
    due = feedback.feedback_to_answer(staff)
    past = sum(item.past_target for item in due)
    if past:
        note = f"{past:,} past {'its' if past == 1 else 'their'} target."
    elif due:
        note = f"The soonest is due in {_days(due[0].working_days_left)}."
    else:
        note = ""
    yield NeedItem(
        len(due),
        "piece of feedback to answer",
        "pieces of feedback to answer",
        reverse("voice:feedback_to_answer"),
        FEEDBACK,
        note=note,
    )
    since = timezone.now() - timedelta(days=RECENT_ANSWER_DAYS)
    raised = feedback.feedback_raised_by(staff)
    answered = [
        item for item in raised if item.responded_at is not None and item.responded_at >= since
    ]
    waiting = [item for item in raised if item.status == FeedbackStatus.OPEN]
    yield NeedItem(
        len(answered),
        f"answer to your feedback in the last {RECENT_ANSWER_DAYS} days",
        f"answers to your feedback in the last {RECENT_ANSWER_DAYS} days",
        reverse("voice:feedback_home"),
        FEEDBACK,
    )
    yield NeedItem(
        len(waiting),
        "piece of your feedback waiting for an answer",
        "pieces of your feedback waiting for an answer",
        reverse("voice:feedback_home"),
        FEEDBACK,
    )


def voice_needs(user: PermissionHolder) -> Iterator[Need]:
    """Each part only where access lets the person take part in it."""
    if access.can_read_messages(user):
        yield from _messages(access.message_reader_for_user(user))
    if access.can_answer_surveys(user):
        yield from _surveys(access.survey_respondent_for_user(user))
    if access.can_raise_feedback(user):
        yield from _feedback(access.feedback_staff_for_user(user))
