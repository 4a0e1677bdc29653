"""Who may see or do what in the staff voice: messages cascaded down the line, pulse surveys
and feedback. The only module that decides it; views, forms, selectors, services and the API
ask here.

Two kinds of rule. Leading the change goes by role: sending messages and answering staff's
questions about them, running surveys, and seeing reach, results and response times. Taking
part goes by the person: messages are sent to staff records and a manager briefs their own
team; surveys, feedback and sending messages are for staff still working in the partnership;
feedback is answered by its owner. A user's staff record comes from
`partnership.selectors.staff.staff_record_of`, and only here is it decided whether a record no
longer in post still counts.

Names follow docs/architecture.md: `can_<verb>_<thing>(user, thing)` says yes or no;
`<thing>_for_user(user, ...)` gives what the user may have or raises PermissionDenied with the
sentence that says why not. A refusal about a relationship says that relationship (not linked
to a staff record, no longer in post, not a recipient, another manager's briefing, someone
else's feedback), never "your role". Two names go beyond the scheme, each said where it is
defined: `<part>_refusal(user)`, that sentence for a page that shows it in place of the 403
page, and `feedback_reader_of`, whose read of 'You said, we did' counts.

Longer than 500 lines because every rule of the staff voice (messages, briefings, surveys and
feedback) is decided in this one module, as the architecture asks of each app."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import Capability, PermissionHolder, has_capability, require
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_record_of, teams_led_by
from childtrust.voice.models import (
    CascadeTask,
    Feedback,
    Message,
    MessageStatus,
    Recipient,
    SurveyRound,
)
from childtrust.voice.selectors import cascade as cascade_selectors
from childtrust.voice.selectors import feedback as feedback_selectors
from childtrust.voice.selectors import leaders as leaders_selectors
from childtrust.voice.selectors import surveys as survey_selectors
from childtrust.voice.selectors.feedback import feedback_with_people
from childtrust.voice.selectors.reach import MessageReach, message_reach
from childtrust.voice.selectors.survey_results import RoundResults, survey_round_results

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
    """How far each message has reached, and where its cascade has stalled (it names people):
    for those who send messages, on the pages and through the API alike."""
    return can_send_messages(user)


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


def _record_staff_read(
    user: PermissionHolder | None,
    *,
    page: str,
    people: Iterable[int],
    target: CascadeTask | None = None,
    object_type: str = "",
    feedback: Iterable[int] = (),
) -> None:
    """One VIEW event for a page or API response that shows staff's personal data beyond the
    directory, naming the people (staff ids) and the named feedback it showed; nothing when it
    shows no one. One per response, however many rows (docs/decisions/0013-audited-reads-of-
    staff-data.md). Anonymous feedback is never named, nor counted, in an event: an event at
    the moment its owner reads it would place when it was raised."""
    shown = sorted(set(people))
    if not shown:
        return
    details: dict[str, object] = {"page": page, "people": shown}
    if feedback:
        details["feedback"] = sorted(feedback)
    audit_record(
        actor=user if isinstance(user, User) else None,
        action=AuditAction.VIEW,
        target=target,
        object_type=object_type,
        details=details,
    )


def survey_round_results_for_user(
    user: PermissionHolder | None, survey_id: int, number: int
) -> RoundResults | None:
    """The one way to read a round's results, for the page and the API: refused before the
    round is looked up (so that no one else learns which rounds exist), None when the survey
    has no such round. The results hold only what the minimum group size lets through."""
    require(can_view_survey_results(user), to="see survey results")
    survey_round = survey_selectors.survey_round_with_number(survey_id, number)
    return survey_round_results(survey_round) if survey_round is not None else None


# --- Taking part: by the person ----------------------------------------------------------------
# Messages go to staff records and stay with them: someone who has left may still read what was
# sent to them and record a briefing they owed. Sending a message, answering surveys and
# feedback are for staff still working in the partnership.

READ_MESSAGES = "read the messages sent to staff or brief a team"
SEND_MESSAGES = "send messages"
ANSWER_SURVEYS = "answer staff surveys"
USE_FEEDBACK = "raise or answer feedback"

# Why someone may not take part, each said so that they know what to do.
NOT_LINKED = (
    "Your account is not linked to a staff record, so you cannot {to}. Ask a partnership "
    "administrator to link it to your staff record."
)
LEFT = "Your staff record is marked as no longer working in the partnership, so you cannot {to}."
NOT_SENT_TO_YOU = "This message was not sent to you, so you cannot {to} it."
ANOTHER_MANAGERS_BRIEFING = (
    "You cannot record a briefing for another manager: only the manager whose team it is "
    "records it."
)
SOMEONE_ELSES_FEEDBACK = (
    "This feedback was routed to someone else to answer, so you cannot respond to it."
)
NOT_THE_AUTHOR = "Only {author}, who wrote this message, can {to} it."
NOT_YOUR_TEAM = "You can record briefings only for a team you manage."
NO_FEEDBACK_TO_ANSWER = "No feedback for you to answer has that number."


@dataclass(frozen=True)
class _Refusal:
    reason: str


def _staff_taking_part(
    user: PermissionHolder | None, *, to: str, in_post: bool
) -> StaffMember | _Refusal:
    """The user's staff record, or why it does not let them `to` (in post: only while still
    working in the partnership)."""
    if not can_use_staff_voice(user):
        return _Refusal(f"Your role does not allow you to {to}.")
    staff = staff_record_of(user)
    if staff is None:
        return _Refusal(NOT_LINKED.format(to=to))
    if in_post and not staff.is_active:
        return _Refusal(LEFT.format(to=to))
    return staff


def _granted(found: StaffMember | _Refusal) -> StaffMember:
    if isinstance(found, _Refusal):
        raise PermissionDenied(found.reason)
    return found


def _reason(found: StaffMember | _Refusal) -> str:
    return found.reason if isinstance(found, _Refusal) else ""


# Messages and briefings


def _recipient(
    user: PermissionHolder | None, message: Message, *, to: str
) -> StaffMember | _Refusal:
    """Only someone a message was sent to reads, confirms or asks about it, once published."""
    staff = _staff_taking_part(user, to=READ_MESSAGES, in_post=False)
    if isinstance(staff, _Refusal):
        return staff
    if (
        message.status != MessageStatus.PUBLISHED
        or not Recipient.objects.filter(message=message, staff=staff).exists()
    ):
        return _Refusal(NOT_SENT_TO_YOU.format(to=to))
    return staff


def _briefing_manager(user: PermissionHolder | None, task: CascadeTask) -> StaffMember | _Refusal:
    """Only the manager whose task it is records a briefing."""
    staff = _staff_taking_part(user, to=READ_MESSAGES, in_post=False)
    if isinstance(staff, StaffMember) and task.manager_id != staff.pk:
        return _Refusal(ANOTHER_MANAGERS_BRIEFING)
    return staff


def _message_author(
    user: PermissionHolder | None, message: Message, *, to: str
) -> StaffMember | _Refusal:
    """Only the member of staff who wrote a message changes its draft, publishes it or
    corrects it, while in post: it goes out, and is corrected, in their name to people who
    read their words, so no one else (another sender, an administrator) speaks for them."""
    staff = _staff_taking_part(user, to=SEND_MESSAGES, in_post=True)
    if isinstance(staff, StaffMember) and message.sender_id != staff.pk:
        return _Refusal(NOT_THE_AUTHOR.format(author=message.sender.full_name, to=to))
    return staff


def can_change_message(user: PermissionHolder | None, message: Message) -> bool:
    """Changing a draft, publishing it, correcting it once published: its author only, with
    the role to send messages."""
    return can_send_messages(user) and not _reason(_message_author(user, message, to="change"))


def message_author_for_user(
    user: PermissionHolder | None, message: Message, *, to: str
) -> StaffMember:
    """The author's staff record, when the user wrote the message, for them to `to` it
    ("change", "publish", "correct"), or PermissionDenied saying why not (the role to send
    messages is asked separately, can_send_messages)."""
    return _granted(_message_author(user, message, to=to))


def can_read_messages(user: PermissionHolder | None) -> bool:
    return not _reason(_staff_taking_part(user, to=READ_MESSAGES, in_post=False))


def message_reader_for_user(user: PermissionHolder | None) -> StaffMember:
    """The staff record whose messages and briefings the user reads, or PermissionDenied saying
    why there is none."""
    return _granted(_staff_taking_part(user, to=READ_MESSAGES, in_post=False))


def message_sender_for_user(user: PermissionHolder | None) -> StaffMember:
    """The staff record a message is sent from: messages come from a member of staff in post.
    PermissionDenied saying why there is none (the role to send them is asked separately,
    can_send_messages)."""
    return _granted(_staff_taking_part(user, to=SEND_MESSAGES, in_post=True))


def can_confirm_message(user: PermissionHolder | None, message: Message) -> bool:
    """Confirming a message, or asking about it: only someone it was sent to, once published."""
    return not _reason(_recipient(user, message, to="confirm"))


def can_ask_about_message(user: PermissionHolder | None, message: Message) -> bool:
    return can_confirm_message(user, message)


def message_recipient_for_user(
    user: PermissionHolder | None, message: Message, *, to: str
) -> StaffMember:
    """The staff record the message was sent to, for the user to `to` it ("confirm", "ask
    about"), or PermissionDenied saying why not."""
    return _granted(_recipient(user, message, to=to))


def received_message_for_user(
    user: PermissionHolder | None, message_id: int
) -> cascade_selectors.MyMessageDetail | None:
    """A message as the person it was sent to reads it. PermissionDenied saying why when the
    user has no staff record; None for a message not sent to them, whether or not it exists
    (the pages and the API answer 404 either way)."""
    staff = message_reader_for_user(user)
    message = cascade_selectors.published_message(message_id)
    if message is None or _reason(_recipient(user, message, to="read")):
        return None
    return cascade_selectors.message_as_received(message, staff)


def can_record_briefing(user: PermissionHolder | None, task: CascadeTask) -> bool:
    """Recording a briefing: only the manager whose task it is."""
    return not _reason(_briefing_manager(user, task))


def briefing_manager_for_user(user: PermissionHolder | None, task: CascadeTask) -> StaffMember:
    """The manager whose task it is, when that is the user, or PermissionDenied saying why
    not."""
    return _granted(_briefing_manager(user, task))


def briefing_for_user(
    user: PermissionHolder | None, task_id: int
) -> cascade_selectors.Briefing | None:
    """One of the user's own briefings to give, with the people to brief. PermissionDenied
    saying why when the user has no staff record; None for another manager's task, whether or
    not it exists (the page answers 404 either way)."""
    message_reader_for_user(user)
    task = cascade_selectors.published_cascade_task(task_id)
    if task is None or not can_record_briefing(user, task):
        return None
    briefing = cascade_selectors.briefing_of(task)
    _record_staff_read(
        user, page="briefing", target=task, people=[r.staff_id for r in briefing.people]
    )
    return briefing


def _team_briefer(user: PermissionHolder | None, team_id: int) -> StaffMember | _Refusal:
    """A team manager in post records who came to a briefing of a team they lead (their own, or
    their direct reports'), whoever line-manages each person in it."""
    staff = _staff_taking_part(user, to=READ_MESSAGES, in_post=True)
    if isinstance(staff, StaffMember) and team_id not in teams_to_brief_for_user(user):
        return _Refusal(NOT_YOUR_TEAM)
    return staff


def teams_to_brief_for_user(user: PermissionHolder | None) -> set[int]:
    """The teams whose briefings the user records: a team manager's teams, or none."""
    staff = staff_record_of(user)
    if not has_capability(user, Capability.RECORD_TEAM_BRIEFINGS) or staff is None:
        return set()
    return teams_led_by(staff) if staff.is_active else set()


def team_briefer_for_user(user: PermissionHolder | None, team_id: int) -> StaffMember:
    """The team manager's staff record, or PermissionDenied saying why not."""
    return _granted(_team_briefer(user, team_id))


def my_briefings_for_user(
    user: PermissionHolder | None, *, today: date | None = None
) -> cascade_selectors.MyBriefings:
    """The user's own briefings to give and those escalated to them. PermissionDenied saying
    why when the user has no staff record. An escalated briefing names a manager below who has
    not briefed in time, so a read that shows one is audited."""
    staff = message_reader_for_user(user)
    briefings = cascade_selectors.my_briefings(staff, today=today)
    _record_staff_read(
        user,
        page="my briefings",
        object_type="voice.cascadetask",
        people=[task.manager_id for task in briefings.escalated_to_me],
    )
    return briefings


# Surveys


def can_answer_surveys(user: PermissionHolder | None) -> bool:
    return not survey_respondent_refusal(user)


def survey_respondent_for_user(user: PermissionHolder | None) -> StaffMember:
    """The staff record the user answers surveys as, or PermissionDenied saying why not."""
    return _granted(_staff_taking_part(user, to=ANSWER_SURVEYS, in_post=True))


NOT_INVITED = (
    "This round asks only the people it was opened for (those a restructure affects), and you "
    "are not one of them, so you cannot answer it."
)


def _round_respondent(
    user: PermissionHolder | None, survey_round: SurveyRound
) -> StaffMember | _Refusal:
    """A round open to everyone is answered by every member of staff in post; a round for
    named people only by those it names."""
    staff = _staff_taking_part(user, to=ANSWER_SURVEYS, in_post=True)
    if isinstance(staff, StaffMember) and not survey_selectors.survey_round_invites(
        survey_round, staff
    ):
        return _Refusal(NOT_INVITED)
    return staff


def can_answer_survey_round(user: PermissionHolder | None, survey_round: SurveyRound) -> bool:
    return not _reason(_round_respondent(user, survey_round))


def survey_round_respondent_for_user(
    user: PermissionHolder | None, survey_round: SurveyRound
) -> StaffMember:
    """The staff record the user answers this round as, or PermissionDenied saying why not
    (not in post, or not among the people a named round asks)."""
    return _granted(_round_respondent(user, survey_round))


def survey_respondent_refusal(user: PermissionHolder | None) -> str:
    """The sentence survey_respondent_for_user refuses with ("" when it would not), for the
    survey list, which says it in place of rounds to answer rather than refusing the page
    (it also lists every survey to those who follow staff voice). Outside the naming scheme
    because it is neither a question nor a fetch: it is the reason itself."""
    return _reason(_staff_taking_part(user, to=ANSWER_SURVEYS, in_post=True))


# Feedback


def _feedback_owner(user: PermissionHolder | None, feedback: Feedback) -> StaffMember | _Refusal:
    """Only its owner responds to feedback, while still working in the partnership."""
    staff = _staff_taking_part(user, to="respond to feedback", in_post=True)
    if isinstance(staff, StaffMember) and feedback.owner_id != staff.pk:
        return _Refusal(SOMEONE_ELSES_FEEDBACK)
    return staff


def can_raise_feedback(user: PermissionHolder | None) -> bool:
    return not feedback_staff_refusal(user)


def feedback_staff_for_user(
    user: PermissionHolder | None, *, to: str = USE_FEEDBACK
) -> StaffMember:
    """The staff record the user raises and answers feedback as, or PermissionDenied saying
    why they cannot `to`."""
    return _granted(_staff_taking_part(user, to=to, in_post=True))


def feedback_staff_refusal(user: PermissionHolder | None) -> str:
    """The sentence feedback_staff_for_user refuses with ("" when it would not), for the
    feedback pages, which show it with the way to 'You said, we did' (which everyone signed in
    reads) rather than the bare 403 page. Outside the naming scheme for the reason
    survey_respondent_refusal is."""
    return _reason(_staff_taking_part(user, to=USE_FEEDBACK, in_post=True))


def can_respond_to_feedback(user: PermissionHolder | None, feedback: Feedback) -> bool:
    """Responding to feedback: only its owner, while still working in the partnership."""
    return not _reason(_feedback_owner(user, feedback))


def feedback_owner_for_user(user: PermissionHolder | None, feedback: Feedback) -> StaffMember:
    """The owner of the feedback, when that is the user and they are in post, or
    PermissionDenied saying why not. Ask with the row as it stands (locked, in a service)."""
    return _granted(_feedback_owner(user, feedback))


def feedback_for_user(user: User, feedback_id: int, *, purpose: str) -> Feedback:
    """The one way to fetch feedback for its owner to answer. PermissionDenied saying why when
    the user is not staff in post (whatever the number asked); Http404 when there is no such
    feedback and, in the same words, when it was routed to someone else: feedback is seen by
    its owner alone, so nobody else learns which exists. Feedback with a name to it
    names a person, so each read of it is audited with its purpose ("respond"), as reads of
    people's records are; a read of anonymous feedback records nothing, so that nothing is
    kept about it beyond what was raised and answered."""
    feedback_staff_for_user(user, to="respond to feedback")
    feedback = feedback_with_people().filter(pk=feedback_id).first()
    if feedback is None or not can_respond_to_feedback(user, feedback):
        raise Http404(NO_FEEDBACK_TO_ANSWER)
    if feedback.raised_by_id is not None:
        audit_record(
            actor=user, action=AuditAction.VIEW, target=feedback, details={"purpose": purpose}
        )
    return feedback


def feedback_to_answer_for_user(user: PermissionHolder | None) -> feedback_selectors.OwnedFeedback:
    """The feedback routed to the user to answer, and their recent responses. PermissionDenied
    saying why when they are not staff in post. The list names who raised feedback with their
    name to it, so a read that shows any is audited, naming those items; anonymous feedback is
    never named in the log (see feedback_for_user)."""
    staff = feedback_staff_for_user(user)
    owned = feedback_selectors.feedback_owned_by(staff)
    named = [due.feedback for due in owned.due if due.feedback.raised_by_id is not None]
    _record_staff_read(
        user,
        page="feedback to answer",
        object_type="voice.feedback",
        people=[item.raised_by_id for item in named if item.raised_by_id is not None],
        feedback=[item.pk for item in named],
    )
    return owned


def feedback_response_times_for_user(
    user: PermissionHolder | None, *, today: date | None = None
) -> feedback_selectors.FeedbackResponseTimes:
    """The one way to read response times, for the page and the API: the open feedback past its
    target names its owner, a manager whose record of answering is personal data, so a read
    that shows any is audited (naming the owners, not the feedback, some of it anonymous)."""
    require(can_view_feedback_response_times(user), to="see response times")
    times = feedback_selectors.feedback_response_times(today=today)
    _record_staff_read(
        user,
        page="feedback response times",
        object_type="voice.feedback",
        people=[due.feedback.owner_id for due in times.open_past_target],
    )
    return times


def leaders_overview_for_user(
    user: PermissionHolder | None, *, today: date | None = None
) -> leaders_selectors.LeadersOverview:
    """The leaders' page: audited as the response times are, whose owners past target it
    shows."""
    require(can_view_leaders_page(user), to="see the leaders' page")
    overview = leaders_selectors.leaders_overview(today=today)
    _record_staff_read(
        user,
        page="leaders",
        object_type="voice.feedback",
        people=[due.feedback.owner_id for due in overview.feedback.open_past_target],
    )
    return overview


def can_read_published_feedback(user: PermissionHolder | None) -> bool:
    """'You said, we did': everyone signed in (only staff in post count among its readers)."""
    return can_use_staff_voice(user)


def feedback_reader_of(user: PermissionHolder | None) -> StaffMember | None:
    """The staff record a read of 'You said, we did' counts for, or None: reach is measured
    among staff in post. Not a permission (everyone signed in reads it, can_read_published_
    feedback), so outside the naming scheme: it decides only whose read is counted, which is
    this module's because it turns on whether a record no longer in post counts."""
    found = _staff_taking_part(user, to="read 'You said, we did'", in_post=True)
    return found if isinstance(found, StaffMember) else None
