"""Who may see or do what in the staff voice: messages cascaded down the line, pulse surveys
and feedback. The only module that decides it; views, forms, selectors, services and the API
ask here.

Two kinds of rule. Leading the change goes by role: sending messages and answering staff's
questions about them, running surveys, and seeing reach, results and response times. Taking
part goes by the person: messages are sent to staff records and a manager briefs their own
team; surveys and feedback are for staff still working in the partnership; feedback is answered
by its owner. A user's staff record comes from `partnership.selectors.staff.staff_record_of`,
and only here is it decided whether a record no longer in post still counts."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import Capability, PermissionHolder, has_capability, require
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.voice.models import CascadeTask, Feedback, Message, MessageStatus, Recipient
from childtrust.voice.selectors.feedback import feedback_with_people
from childtrust.voice.selectors.reach import MessageReach, message_reach

# --- Leading the change: by role ---------------------------------------------------------------


def can_use_staff_voice(user: PermissionHolder | None) -> bool:
    """Reading messages, answering surveys, raising feedback and reading 'You said, we did':
    every signed-in role (what each person may do there depends on their staff record)."""
    return has_capability(user, Capability.VIEW_PARTNERSHIP)


def can_send_messages(user: PermissionHolder | None) -> bool:
    """Writing, changing and publishing messages to cascade."""
    return has_capability(user, Capability.SEND_MESSAGES)


def can_answer_message_questions(user: PermissionHolder | None) -> bool:
    """Answering, for everyone a message went to, the questions staff ask about it."""
    return can_send_messages(user)


def can_view_message_reach(user: PermissionHolder | None) -> bool:
    """How far each message has reached, and where its cascade has stalled (it names people)."""
    return can_send_messages(user) or has_capability(user, Capability.VIEW_STAFF_VOICE)


def can_manage_surveys(user: PermissionHolder | None) -> bool:
    """Setting surveys up from a template, changing their questions and opening rounds."""
    return has_capability(user, Capability.MANAGE_SURVEYS)


def can_view_survey_results(user: PermissionHolder | None) -> bool:
    """Every survey, its rounds, results and trends. Which figures are shown is a statistical
    rule, not a permission: no group below the minimum size (selectors.survey_results)."""
    return has_capability(user, Capability.VIEW_STAFF_VOICE)


def can_view_feedback_response_times(user: PermissionHolder | None) -> bool:
    """How quickly owners respond, who is past the target, and how far responses reach."""
    return has_capability(user, Capability.VIEW_STAFF_VOICE)


def can_view_leaders_page(user: PermissionHolder | None) -> bool:
    """The leaders' page: recent messages' reach, survey trends and feedback response times."""
    return has_capability(user, Capability.VIEW_STAFF_VOICE)


def message_reach_for_user(
    user: User, message: Message, *, today: date | None = None
) -> MessageReach:
    """The one way to read a message's reach: it names people (managers who have not briefed,
    whom that leaves unreached, who asked what), so each view of it is audited."""
    require(can_view_message_reach(user), to="see messages' reach")
    reach = message_reach(message, today=today)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=message,
        details={"page": "message reach", "people_shown": reach.people_shown},
    )
    return reach


# --- Taking part: by the person ----------------------------------------------------------------
# Messages go to staff records and stay with them: someone who has left may still read what was
# sent to them. Surveys and feedback are for staff still working in the partnership.

READ_MESSAGES = "read the messages sent to staff or brief a team"
SEND_MESSAGES = "send messages"
ANSWER_SURVEYS = "answer staff surveys"
USE_FEEDBACK = "raise or answer feedback"

# Why someone may not take part as a member of staff, each said so that they know what to do.
REFUSALS = {
    "role": "Your role does not allow you to {to}.",
    "not linked": "Your account is not linked to a staff record, so you cannot {to}. Ask a "
    "partnership administrator to link it to your staff record.",
    "left": "Your staff record is marked as no longer working in the partnership, so you "
    "cannot {to}.",
}


def _why_not_staff(user: PermissionHolder | None, *, in_post: bool) -> str:
    """Which of REFUSALS stops the user taking part as a member of staff; "" when none does."""
    if not can_use_staff_voice(user):
        return "role"
    staff = staff_record_of(user)
    if staff is None:
        return "not linked"
    if in_post and not staff.is_active:
        return "left"
    return ""


def _staff_taking_part(user: PermissionHolder | None, *, in_post: bool) -> StaffMember | None:
    return None if _why_not_staff(user, in_post=in_post) else staff_record_of(user)


def _staff_refusal(user: PermissionHolder | None, *, to: str, in_post: bool) -> str:
    why = _why_not_staff(user, in_post=in_post)
    return REFUSALS[why].format(to=to) if why else ""


def _staff_for_user(user: PermissionHolder | None, *, to: str, in_post: bool) -> StaffMember:
    staff = _staff_taking_part(user, in_post=in_post)
    if staff is None:
        raise PermissionDenied(_staff_refusal(user, to=to, in_post=in_post))
    return staff


def message_reader_for_user(user: PermissionHolder | None) -> StaffMember:
    """The staff record whose messages and briefings the user reads, or PermissionDenied saying
    why there is none."""
    return _staff_for_user(user, to=READ_MESSAGES, in_post=False)


def message_sender_for_user(user: PermissionHolder | None) -> StaffMember:
    """The staff record a message from someone who may send messages is sent from (messages
    come from a member of staff), or PermissionDenied saying why there is none."""
    return _staff_for_user(user, to=SEND_MESSAGES, in_post=False)


def survey_respondent_for_user(user: PermissionHolder | None) -> StaffMember:
    """The staff record the user answers surveys as, or PermissionDenied saying why not."""
    return _staff_for_user(user, to=ANSWER_SURVEYS, in_post=True)


def survey_respondent_refusal(user: PermissionHolder | None) -> str:
    """Why the user has no surveys to answer, in a sentence; "" when they may answer."""
    return _staff_refusal(user, to=ANSWER_SURVEYS, in_post=True)


def feedback_staff_for_user(user: PermissionHolder | None) -> StaffMember:
    """The staff record the user raises and answers feedback as, or PermissionDenied saying
    why not."""
    return _staff_for_user(user, to=USE_FEEDBACK, in_post=True)


def can_read_messages(user: PermissionHolder | None) -> bool:
    return _staff_taking_part(user, in_post=False) is not None


def can_confirm_message(user: PermissionHolder | None, message: Message) -> bool:
    """Confirming a message, or asking about it: only someone it was sent to, once published."""
    staff = _staff_taking_part(user, in_post=False)
    return (
        staff is not None
        and message.status == MessageStatus.PUBLISHED
        and Recipient.objects.filter(message=message, staff=staff).exists()
    )


def can_ask_about_message(user: PermissionHolder | None, message: Message) -> bool:
    return can_confirm_message(user, message)


def can_record_briefing(user: PermissionHolder | None, task: CascadeTask) -> bool:
    """Recording a briefing: only the manager whose task it is."""
    staff = _staff_taking_part(user, in_post=False)
    return staff is not None and task.manager_id == staff.pk


def can_answer_surveys(user: PermissionHolder | None) -> bool:
    return _staff_taking_part(user, in_post=True) is not None


def can_raise_feedback(user: PermissionHolder | None) -> bool:
    return _staff_taking_part(user, in_post=True) is not None


def can_respond_to_feedback(user: PermissionHolder | None, feedback: Feedback) -> bool:
    """Responding to feedback: only its owner, while still working in the partnership."""
    staff = _staff_taking_part(user, in_post=True)
    return staff is not None and feedback.owner_id == staff.pk


def can_read_published_feedback(user: PermissionHolder | None) -> bool:
    """'You said, we did': everyone signed in (only staff in post count among its readers)."""
    return can_use_staff_voice(user)


def feedback_reader_of(user: PermissionHolder | None) -> StaffMember | None:
    """The staff record a read of 'You said, we did' counts for: reach is measured among staff
    in post, so None for anyone else."""
    return _staff_taking_part(user, in_post=True)


def feedback_for_user(user: PermissionHolder | None, feedback_id: int) -> Feedback:
    """Feedback for the user to respond to: 404 when there is none, PermissionDenied when it is
    someone else's to answer."""
    feedback = get_object_or_404(feedback_with_people(), pk=feedback_id)
    require(can_respond_to_feedback(user, feedback), to="answer feedback routed to someone else")
    return feedback
