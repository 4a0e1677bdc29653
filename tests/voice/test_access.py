"""Who may see or do what in the staff voice (childtrust.voice.access): each rule with a user it
allows and one it refuses. Leading the change goes by role; taking part goes by the person's
staff record."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.voice import access
from tests.factories import FeedbackFactory, MessageFactory, StaffMemberFactory, UserFactory
from tests.voice.cascade_helpers import Tree, build_tree, publish
from tests.voice.survey_support import make_round, make_survey

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
LEADING_CHANGE = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.WORKFORCE_MANAGER}
NOT_LINKED = "Your account is not linked to a staff record"
LEFT = "no longer working in the partnership"

ROLE_RULES: dict[str, tuple[Callable[[User], bool], set[str]]] = {
    "use staff voice": (access.can_use_staff_voice, set(ALL_ROLES)),
    "send messages": (access.can_send_messages, LEADING_CHANGE),
    "answer staff questions": (access.can_answer_message_questions, LEADING_CHANGE),
    "see reach": (access.can_view_message_reach, LEADING_CHANGE),
    "manage surveys": (access.can_manage_surveys, LEADING_CHANGE),
    "see survey results": (access.can_view_survey_results, LEADING_CHANGE),
    "see response times": (access.can_view_feedback_response_times, LEADING_CHANGE),
    "see the leaders' page": (access.can_view_leaders_page, LEADING_CHANGE),
    "read 'You said, we did'": (access.can_read_published_feedback, set(ALL_ROLES)),
}


@pytest.mark.parametrize("rule", ROLE_RULES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_leading_the_change_goes_by_role(rule: str, role: str) -> None:
    allowed, roles = ROLE_RULES[rule]

    assert allowed(UserFactory(role=role)) is (role in roles)


@pytest.mark.parametrize("rule", ROLE_RULES)
def test_no_one_signed_out_or_deactivated_is_allowed_anything(rule: str) -> None:
    allowed, _ = ROLE_RULES[rule]
    deactivated = UserFactory(role=Role.STRATEGIC_LEAD, is_active=False)

    assert not allowed(AnonymousUser())  # type: ignore[arg-type]
    assert not allowed(deactivated)


# Taking part: the person's staff record


def linked(role: str = Role.PRACTITIONER, *, in_post: bool = True) -> User:
    user = UserFactory(role=role)
    StaffMemberFactory(user=user, is_active=in_post)
    return user


@pytest.mark.parametrize("role", ALL_ROLES)
def test_staff_in_post_answer_surveys_and_raise_feedback_whatever_their_role(role: str) -> None:
    user = linked(role)

    assert access.can_answer_surveys(user)
    assert access.can_raise_feedback(user)
    assert access.can_read_messages(user)


def test_staff_who_have_left_still_read_what_was_sent_to_them_but_take_no_other_part() -> None:
    user = linked(in_post=False)

    assert access.can_read_messages(user)
    assert not access.can_answer_surveys(user)
    assert not access.can_raise_feedback(user)
    assert access.feedback_reader_of(user) is None


def test_an_account_with_no_staff_record_takes_no_part() -> None:
    user = UserFactory(role=Role.STRATEGIC_LEAD)

    assert not access.can_read_messages(user)
    assert not access.can_answer_surveys(user)
    assert not access.can_raise_feedback(user)
    assert access.feedback_reader_of(user) is None


@pytest.mark.parametrize(
    ("for_user", "why"),
    [
        (access.message_reader_for_user, "read the messages sent to staff"),
        (access.survey_respondent_for_user, "answer staff surveys"),
        (access.feedback_staff_for_user, "raise or answer feedback"),
    ],
)
def test_each_part_says_why_an_account_not_linked_to_staff_cannot_take_part(
    for_user: Callable[[User], object], why: str
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        for_user(UserFactory())

    assert NOT_LINKED in str(refused.value)
    assert why in str(refused.value)
    assert "partnership administrator" in str(refused.value)


@pytest.mark.parametrize(
    "for_user", [access.survey_respondent_for_user, access.feedback_staff_for_user]
)
def test_surveys_and_feedback_say_why_someone_who_has_left_cannot_take_part(
    for_user: Callable[[User], object],
) -> None:
    with pytest.raises(PermissionDenied, match=LEFT):
        for_user(linked(in_post=False))


def test_the_record_given_is_the_users_own() -> None:
    user = linked()

    assert access.survey_respondent_for_user(user) == user.staff_member
    assert access.feedback_staff_for_user(user) == user.staff_member
    assert access.message_reader_for_user(user) == user.staff_member
    assert access.survey_respondent_refusal(user) == ""
    assert NOT_LINKED in access.survey_respondent_refusal(UserFactory())


def test_a_message_is_sent_from_the_senders_own_staff_record_in_post() -> None:
    lead = linked(Role.STRATEGIC_LEAD)

    assert access.message_sender_for_user(lead) == lead.staff_member
    with pytest.raises(PermissionDenied, match=NOT_LINKED):
        access.message_sender_for_user(UserFactory(role=Role.STRATEGIC_LEAD))
    with pytest.raises(PermissionDenied, match=f"{LEFT}, so you cannot send messages"):
        access.message_sender_for_user(linked(Role.STRATEGIC_LEAD, in_post=False))


@pytest.mark.parametrize(
    ("for_user", "in_post"),
    [
        (access.message_reader_for_user, None),
        (access.message_sender_for_user, None),
        (access.message_sender_for_user, False),
        (access.survey_respondent_for_user, None),
        (access.survey_respondent_for_user, False),
        (access.feedback_staff_for_user, None),
        (access.feedback_staff_for_user, False),
    ],
)
def test_a_refusal_about_the_persons_record_does_not_blame_their_role(
    for_user: Callable[[User], object], in_post: bool | None
) -> None:
    """None: an account linked to no staff record; False: a record no longer in post."""
    user = UserFactory(role=Role.STRATEGIC_LEAD) if in_post is None else linked(in_post=False)

    with pytest.raises(PermissionDenied) as refused:
        for_user(user)

    assert "Your role" not in str(refused.value)
    assert (NOT_LINKED if in_post is None else LEFT) in str(refused.value)


def test_the_pages_reasons_are_the_sentences_the_access_functions_refuse_with() -> None:
    in_post, left, unlinked = linked(), linked(in_post=False), UserFactory()

    assert access.feedback_staff_refusal(in_post) == ""
    assert access.survey_respondent_refusal(in_post) == ""
    for user in (left, unlinked):
        for refusal, for_user in (
            (access.feedback_staff_refusal, access.feedback_staff_for_user),
            (access.survey_respondent_refusal, access.survey_respondent_for_user),
        ):
            with pytest.raises(PermissionDenied) as refused:
                for_user(user)
            assert refusal(user) == str(refused.value)


# The cascade: recipients and managers


@pytest.fixture
def tree() -> Tree:
    return build_tree()


def test_only_someone_a_published_message_went_to_confirms_or_asks(tree: Tree) -> None:
    message = publish(tree, levels=[4])
    draft = MessageFactory(sender=tree.sender)

    pat, mo = tree.account_of("Pat"), tree.account_of("Mo")
    assert access.can_confirm_message(pat, message)
    assert access.can_ask_about_message(pat, message)
    assert not access.can_confirm_message(mo, message)  # level 2: not in the audience
    assert not access.can_ask_about_message(mo, message)
    assert not access.can_confirm_message(pat, draft)
    assert not access.can_confirm_message(UserFactory(), message)


def test_only_the_manager_whose_task_it_is_records_the_briefing(tree: Tree) -> None:
    message = publish(tree)
    task = tree.task_of(message, "Mo")

    assert access.can_record_briefing(tree.account_of("Mo"), task)
    assert not access.can_record_briefing(tree.account_of("Meg"), task)
    assert not access.can_record_briefing(tree.user, task)  # the sender briefs no one's team
    assert not access.can_record_briefing(UserFactory(), task)


def test_a_recipient_is_told_apart_from_someone_a_message_was_not_sent_to(tree: Tree) -> None:
    message = publish(tree, levels=[4])

    assert (
        access.message_recipient_for_user(tree.account_of("Pat"), message, to="confirm")
        == (tree["Pat"])
    )
    with pytest.raises(PermissionDenied) as refused:
        access.message_recipient_for_user(tree.account_of("Mo"), message, to="confirm")
    assert str(refused.value) == "This message was not sent to you, so you cannot confirm it."
    with pytest.raises(PermissionDenied, match=NOT_LINKED):
        access.message_recipient_for_user(UserFactory(), message, to="ask about")


def test_a_message_is_read_only_by_someone_it_was_sent_to_and_others_learn_nothing(
    tree: Tree,
) -> None:
    message = publish(tree, levels=[4])
    draft = MessageFactory(sender=tree.sender)

    detail = access.received_message_for_user(tree.account_of("Pat"), message.pk)

    assert detail is not None
    assert (detail.message, detail.recipient.staff) == (message, tree["Pat"])
    assert access.received_message_for_user(tree.account_of("Mo"), message.pk) is None
    assert access.received_message_for_user(tree.account_of("Pat"), draft.pk) is None
    assert access.received_message_for_user(tree.account_of("Pat"), message.pk + 999) is None
    with pytest.raises(PermissionDenied, match=NOT_LINKED):
        access.received_message_for_user(UserFactory(), message.pk)


def test_another_managers_briefing_is_refused_for_what_it_is(tree: Tree) -> None:
    task = tree.task_of(publish(tree), "Mo")

    assert access.briefing_manager_for_user(tree.account_of("Mo"), task) == tree["Mo"]
    with pytest.raises(PermissionDenied) as refused:
        access.briefing_manager_for_user(tree.account_of("Meg"), task)
    assert "record a briefing for another manager" in str(refused.value)
    assert "Your role" not in str(refused.value)


def test_a_briefing_is_given_only_to_its_manager_and_others_learn_nothing(tree: Tree) -> None:
    message = publish(tree)
    task = tree.task_of(message, "Mo")

    briefing = access.briefing_for_user(tree.account_of("Mo"), task.pk)

    assert briefing is not None
    assert briefing.task == task
    assert access.briefing_for_user(tree.account_of("Meg"), task.pk) is None
    assert access.briefing_for_user(tree.account_of("Mo"), task.pk + 999) is None
    with pytest.raises(PermissionDenied, match=NOT_LINKED):
        access.briefing_for_user(UserFactory(), task.pk)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_leading_the_change_see_reach_and_each_view_is_audited(
    tree: Tree, role: str
) -> None:
    message = publish(tree)
    user = UserFactory(role=role)

    if role in LEADING_CHANGE:
        access.message_reach_for_user(user, message)
        event = AuditEvent.objects.get(action=AuditAction.VIEW)
        assert event.object_id == str(message.pk)
        assert event.details["page"] == "message reach"
    else:
        with pytest.raises(PermissionDenied):
            access.message_reach_for_user(user, message)
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


# Feedback: its owner answers it


def test_only_the_owner_in_post_responds_to_feedback() -> None:
    owner = linked()
    feedback = FeedbackFactory(owner=owner.staff_member)

    assert access.can_respond_to_feedback(owner, feedback)
    assert not access.can_respond_to_feedback(linked(Role.STRATEGIC_LEAD), feedback)
    assert not access.can_respond_to_feedback(UserFactory(), feedback)
    owner.staff_member.is_active = False
    owner.staff_member.save()
    assert not access.can_respond_to_feedback(owner, feedback)


def test_feedback_for_its_owner_hides_someone_elses_as_if_it_did_not_exist() -> None:
    owner = linked()
    mine = FeedbackFactory(owner=owner.staff_member)
    theirs = FeedbackFactory()

    assert access.feedback_for_user(owner, mine.pk, purpose="respond") == mine
    with pytest.raises(Http404) as hidden:
        access.feedback_for_user(owner, theirs.pk, purpose="respond")
    with pytest.raises(Http404) as missing:
        access.feedback_for_user(owner, theirs.pk + 100, purpose="respond")
    assert str(hidden.value) == str(missing.value)


def test_the_owner_who_has_left_is_told_why_they_cannot_respond() -> None:
    owner = linked(in_post=False)
    feedback = FeedbackFactory(owner=owner.staff_member)

    with pytest.raises(PermissionDenied, match=f"{LEFT}, so you cannot respond to feedback"):
        access.feedback_owner_for_user(owner, feedback)


def test_each_read_of_named_feedback_is_audited_with_its_purpose_and_anonymous_none() -> None:
    owner = linked()
    named = FeedbackFactory(owner=owner.staff_member)
    anonymous = FeedbackFactory(owner=owner.staff_member, raised_by=None)

    access.feedback_for_user(owner, named.pk, purpose="respond")
    access.feedback_for_user(owner, anonymous.pk, purpose="respond")
    with pytest.raises(Http404):
        access.feedback_for_user(linked(), named.pk, purpose="respond")

    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.object_type, event.object_id) == ("voice.feedback", str(named.pk))
    assert (event.actor_id, event.details) == (owner.pk, {"purpose": "respond"})


# Survey results: by role, refused before the round is looked up


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_see_survey_results_read_a_rounds_results(role: str) -> None:
    survey = make_survey()
    make_round(survey)
    user = UserFactory(role=role)

    if role in LEADING_CHANGE:
        results = access.survey_round_results_for_user(user, survey.pk, 1)
        assert results is not None
        assert results.survey_round.survey == survey
        assert access.survey_round_results_for_user(user, survey.pk, 2) is None
    else:
        for number in (1, 2):
            with pytest.raises(PermissionDenied, match="see survey results"):
                access.survey_round_results_for_user(user, survey.pk, number)


def test_a_read_of_you_said_we_did_counts_for_staff_in_post_only() -> None:
    reader = linked()

    assert access.feedback_reader_of(reader) == reader.staff_member
    assert access.feedback_reader_of(linked(in_post=False)) is None
    assert access.feedback_reader_of(UserFactory()) is None
