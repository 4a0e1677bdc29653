"""Cascade services: writing and publishing a message (its author only), briefing, confirming,
questions, corrections. Each refusal leaves nothing written; each write records one audit
event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.voice.models import (
    Acknowledgement,
    BriefingMethod,
    CascadeTask,
    CheckQuestion,
    Message,
    MessageCorrection,
    MessageKind,
    MessageQuestion,
    MessageStatus,
    Recipient,
)
from childtrust.voice.selectors.cascade import my_messages
from childtrust.voice.services.cascade import (
    cascade_briefing_record,
    message_confirm,
    message_question_ask,
)
from childtrust.voice.services.corrections import message_correct
from childtrust.voice.services.messages import (
    CheckQuestionInput,
    message_create,
    message_publish,
    message_question_answer,
    message_update,
)
from tests.factories import (
    CheckQuestionFactory,
    MessageFactory,
    MessageQuestionFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.voice.cascade_helpers import Tree, build_tree, publish, user_for

pytestmark = pytest.mark.django_db

FRONT_DOOR = CheckQuestionInput(
    "Where does every referral go from April?", ("The front door", "The locality team"), 0
)


@pytest.fixture
def tree() -> Tree:
    return build_tree()


def recipients(message: Message) -> dict[str, Recipient]:
    return {r.staff.given_name: r for r in message.recipients.select_related("staff")}


def events(action: AuditAction, object_type: str) -> int:
    return AuditEvent.objects.filter(action=action, object_type=object_type).count()


def create(tree: Tree, **kwargs: Any) -> Message:
    arguments: dict[str, Any] = {
        "actor": tree.user,
        "title": "One front door",
        "body": "From April every referral goes through the front door.",
        "brief_by": timezone.localdate() + timedelta(days=10),
        "kind": MessageKind.NEW_WAY_OF_WORKING,
    }
    return message_create(**(arguments | kwargs))


# Writing a draft


def test_a_new_message_is_a_draft_with_its_check_questions_and_sends_nothing(tree: Tree) -> None:
    message = create(tree, check_questions=[FRONT_DOOR])

    assert message.status == MessageStatus.DRAFT
    assert message.version == 1
    assert [(q.prompt, q.choices, q.correct_choice) for q in message.check_questions.all()] == [
        ("Where does every referral go from April?", ["The front door", "The locality team"], 0)
    ]
    assert not Recipient.objects.exists()
    assert not CascadeTask.objects.exists()
    assert events(AuditAction.CREATE, "voice.message") == 1


def test_choosing_agencies_keeps_them_and_the_levels_sorted(tree: Tree) -> None:
    message = create(
        tree, whole_partnership=False, agencies=[tree.health], teams=[tree.duty], levels=[3, 1, 3]
    )

    assert list(message.agencies.all()) == [tree.health]
    assert list(message.teams.all()) == [tree.duty]
    assert message.levels == [1, 3]


BAD_DRAFTS: list[tuple[dict[str, Any], str, str]] = [
    ({"title": "  "}, "title", "Enter a title for the message"),
    ({"body": ""}, "body", "Enter the message"),
    ({"kind": "gossip"}, "kind", "Choose what kind of message it is"),
    ({"brief_by": None}, "brief_by", "Enter the date by which managers must brief their teams"),
    (
        {"brief_by": timezone.localdate() - timedelta(days=1)},
        "brief_by",
        "The date to brief by must be today or in the future",
    ),
    (
        {"whole_partnership": False},
        "whole_partnership",
        "Choose the agencies, localities, teams or people the message is for, or send it to "
        "the whole partnership",
    ),
    ({"levels": [0]}, "levels", "Choose management levels from the list"),
    (
        {"check_questions": [FRONT_DOOR, FRONT_DOOR, FRONT_DOOR]},
        "check_questions",
        "A message carries at most 2 check questions",
    ),
    (
        {"check_questions": [CheckQuestionInput("Where?", ("Only one",), 0)]},
        "check_questions",
        "Give check question 1 between 2 and 4 answers to choose from",
    ),
    (
        {"check_questions": [CheckQuestionInput("Where?", ("Here", ""), 0)]},
        "check_questions",
        "Give check question 1 between 2 and 4 answers to choose from",
    ),
    (
        {"check_questions": [CheckQuestionInput("Where?", ("Here", "There"), 2)]},
        "check_questions",
        "Choose which answer to check question 1 is right",
    ),
    (
        {"check_questions": [CheckQuestionInput(" ", ("Here", "There"), 0)]},
        "check_questions",
        "Enter check question 1",
    ),
]


@pytest.mark.parametrize(("changes", "field", "text"), BAD_DRAFTS)
def test_a_bad_draft_is_refused_with_a_clear_message_and_nothing_written(
    tree: Tree, changes: dict[str, Any], field: str, text: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        create(tree, **changes)

    assert text in refused.value.message_dict[field]
    assert not Message.objects.exists()
    assert not CheckQuestion.objects.exists()
    assert not events(AuditAction.CREATE, "voice.message")


def test_a_sender_no_longer_in_post_cannot_write_a_message(tree: Tree) -> None:
    tree.sender.is_active = False
    tree.sender.save()

    with pytest.raises(PermissionDenied, match="no longer working in the partnership"):
        create(tree)

    assert not Message.objects.exists()
    assert not AuditEvent.objects.exists()


def test_changing_a_draft_changes_anything_and_records_what_changed(tree: Tree) -> None:
    message = create(tree)

    message_update(
        actor=tree.user,
        message=message,
        title="One front door for all",
        whole_partnership=False,
        localities=[tree.south],
        check_questions=[FRONT_DOOR],
    )

    message.refresh_from_db()
    assert message.title == "One front door for all"
    assert message.version == 1
    assert list(message.localities.all()) == [tree.south]
    assert message.check_questions.count() == 1
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).get()
    assert event.details == {
        "changed": ["check_questions", "localities", "title", "whole_partnership"]
    }


def test_a_change_that_changes_nothing_records_nothing(tree: Tree) -> None:
    message = create(tree, check_questions=[FRONT_DOOR])

    message_update(
        actor=tree.user, message=message, title=" One front door ", check_questions=[FRONT_DOOR]
    )

    assert not events(AuditAction.UPDATE, "voice.message")


def test_a_draft_change_that_breaks_a_rule_is_refused_and_nothing_changes(tree: Tree) -> None:
    message = create(tree, check_questions=[FRONT_DOOR])

    with pytest.raises(ValidationError):
        message_update(
            actor=tree.user,
            message=message,
            title="",
            check_questions=[CheckQuestionInput("Where?", ("Here",), 0)],
        )

    message.refresh_from_db()
    assert message.title == "One front door"
    assert message.check_questions.get().prompt == FRONT_DOOR.prompt


# Publishing


def test_publishing_fixes_each_recipient_with_their_manager_level_and_groups(tree: Tree) -> None:
    message = publish(tree)

    people = recipients(message)
    assert len(people) == 12  # everyone but Hal, who sent it
    assert people["Pat"].manager == tree["Tia"]
    assert people["Pat"].level == 4
    assert people["Pat"].team == tree.duty
    assert people["Pat"].locality == tree.north
    assert people["Sam"].locality == tree.south
    assert people["Sam"].agency == tree.council
    assert people["Vic"].team is None
    assert people["Vic"].locality is None
    assert {name for name, r in people.items() if r.level == 1} == {"Hana"}
    message.refresh_from_db()
    assert message.status == MessageStatus.PUBLISHED
    assert message.published_at == message.version_published_at is not None


def test_publishing_gives_a_task_to_each_manager_with_a_recipient_reporting_to_them(
    tree: Tree,
) -> None:
    message = publish(tree)

    tasks = CascadeTask.objects.filter(message=message).select_related("manager")
    assert {t.manager.given_name for t in tasks} == {
        "Hana",
        "Hal",
        "Mo",
        "Meg",
        "Tia",
        "Tom",
        "Ted",
    }
    assert {t.due_on for t in tasks} == {message.brief_by}


def test_heads_of_agencies_are_briefed_by_the_sender_when_it_is_published(tree: Tree) -> None:
    message = publish(tree)

    people = recipients(message)
    assert people["Hana"].briefed_at == message.published_at
    assert people["Mo"].briefed_at is None


def test_the_sender_is_not_among_those_asked_to_confirm_their_own_message(tree: Tree) -> None:
    message = publish(tree)

    assert "Hal" not in recipients(message)
    assert tree.task_of(message, "Hal").manager == tree.sender  # still briefs Vic
    assert not my_messages(tree.sender)


def test_a_message_published_before_the_sender_was_left_out_is_not_listed_for_them(
    tree: Tree,
) -> None:
    message = publish(tree)
    Recipient.objects.create(
        message=message, staff=tree.sender, level=1, agency=tree.health, briefed_at=None
    )

    assert [item.message for item in my_messages(tree["Vic"])] == [message]
    assert not my_messages(tree.sender)


def test_publishing_records_one_audit_event_with_the_counts(tree: Tree) -> None:
    message = publish(tree)

    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="voice.message")
    assert event.object_id == str(message.pk)
    assert event.details["recipients"] == 12  # not Hal, who sent it
    assert event.details["cascade_tasks"] == 7


def test_people_no_longer_in_post_are_left_out_and_their_reports_are_briefed_from_above(
    tree: Tree,
) -> None:
    tree["Tia"].is_active = False
    tree["Tia"].save()

    message = publish(tree)

    people = recipients(message)
    assert "Tia" not in people
    assert people["Pat"].manager == tree["Mo"]  # the nearest manager still in post
    assert not CascadeTask.objects.filter(message=message, manager=tree["Tia"]).exists()


def test_a_message_to_a_level_gives_tasks_to_the_managers_above_it(tree: Tree) -> None:
    message = publish(tree, levels=[4])

    assert set(recipients(message)) == {"Pat", "Pip", "Pam", "Sam", "Sue"}
    assert {t.manager.given_name for t in message.cascade_tasks.all()} == {"Tia", "Tom", "Ted"}


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ({"agencies": ["health"]}, {"Vic"}),  # Hal sent it
        ({"localities": ["south"]}, {"Meg", "Ted", "Sam", "Sue"}),
        ({"teams": ["duty"]}, {"Mo", "Tia", "Tom", "Pat", "Pip", "Pam"}),
        (
            {"teams": ["duty"], "agencies": ["health"]},
            {"Mo", "Tia", "Tom", "Pat", "Pip", "Pam", "Vic"},
        ),
        ({"localities": ["north", "south"], "levels": [2]}, {"Mo", "Meg"}),
    ],
)
def test_the_audience_is_the_union_of_the_chosen_groups_at_the_chosen_levels(
    tree: Tree, audience: dict[str, list[Any]], expected: set[str]
) -> None:
    groups = {
        "health": tree.health,
        "south": tree.south,
        "north": tree.north,
        "duty": tree.duty,
    }
    message = MessageFactory(
        sender=tree.sender, whole_partnership=False, levels=audience.pop("levels", [])
    )
    for name, keys in audience.items():
        getattr(message, name).set([groups[key] for key in keys])

    message_publish(actor=tree.user, message=message)

    assert set(recipients(message)) == expected


def test_a_message_can_be_published_once(tree: Tree) -> None:
    message = publish(tree)

    with pytest.raises(ValidationError, match="already been published"):
        message_publish(actor=tree.user, message=message)

    assert Recipient.objects.count() == 12


def test_publishing_to_no_one_is_refused_and_nothing_is_written(tree: Tree) -> None:
    message = MessageFactory(sender=tree.sender, levels=[9])

    with pytest.raises(ValidationError, match="No one is in the audience you chose"):
        message_publish(actor=tree.user, message=message)

    message.refresh_from_db()
    assert message.status == MessageStatus.DRAFT
    assert not Recipient.objects.exists()
    assert not CascadeTask.objects.exists()


def test_a_draft_whose_date_has_passed_cannot_be_published(tree: Tree) -> None:
    message = MessageFactory(sender=tree.sender, brief_by=timezone.localdate() - timedelta(days=1))

    with pytest.raises(ValidationError) as refused:
        message_publish(actor=tree.user, message=message)

    assert "brief_by" in refused.value.message_dict
    assert not Recipient.objects.exists()


# Briefing


def test_recording_a_briefing_briefs_the_managers_direct_reports_only(tree: Tree) -> None:
    message = publish(tree)

    task = cascade_briefing_record(
        actor=tree.account_of("Mo"),
        task=tree.task_of(message, "Mo"),
        method=BriefingMethod.TEAM_MEETING,
    )

    people = recipients(message)
    assert task.briefed_at is not None
    assert task.method == BriefingMethod.TEAM_MEETING
    assert people["Tia"].briefed_at == people["Tom"].briefed_at == task.briefed_at
    assert people["Pat"].briefed_at is None  # Tia briefs Pat; no one waits for anyone
    event = AuditEvent.objects.get(object_type="voice.cascadetask")
    assert event.details == {"briefed": True, "method": "team_meeting", "people_briefed": 2}


def test_a_briefing_is_recorded_once(tree: Tree) -> None:
    message = publish(tree)
    task = tree.task_of(message, "Mo")
    mo = tree.account_of("Mo")
    cascade_briefing_record(actor=mo, task=task, method=BriefingMethod.ONE_TO_ONE)

    with pytest.raises(ValidationError, match="already recorded"):
        cascade_briefing_record(actor=mo, task=task, method=BriefingMethod.TEAM_MEETING)

    task.refresh_from_db()
    assert task.method == BriefingMethod.ONE_TO_ONE


@pytest.mark.parametrize(
    ("method", "when", "field", "text"),
    [
        ("by carrier pigeon", None, "method", "Choose how you briefed your team"),
        ("team_meeting", timedelta(hours=2), "briefed_at", "The briefing cannot be in the future"),
        (
            "team_meeting",
            timedelta(days=-2),
            "briefed_at",
            "The briefing cannot be before the message was published",
        ),
    ],
)
def test_a_bad_briefing_is_refused_and_no_one_counts_as_briefed(
    tree: Tree, method: str, when: timedelta | None, field: str, text: str
) -> None:
    message = publish(tree)
    task = tree.task_of(message, "Mo")

    with pytest.raises(ValidationError) as refused:
        cascade_briefing_record(
            actor=tree.account_of("Mo"),
            task=task,
            method=method,
            briefed_at=timezone.now() + when if when else None,
        )

    assert refused.value.message_dict[field] == [text]
    task.refresh_from_db()
    assert task.briefed_at is None
    assert recipients(message)["Tia"].briefed_at is None


# Confirming


def test_right_answers_make_a_recipient_understood(tree: Tree) -> None:
    message = publish(tree)
    CheckQuestionFactory(message=message, choices=["Yes", "No"], correct_choice=1)

    acknowledgement = message_confirm(actor=tree.account_of("Pat"), message=message, answers=[1])

    assert acknowledgement.answered_correctly
    assert acknowledgement.version == 1
    assert recipients(message)["Pat"].understood_at == acknowledgement.confirmed_at


def test_a_message_without_check_questions_is_understood_by_confirming(tree: Tree) -> None:
    message = publish(tree)

    message_confirm(actor=tree.account_of("Pat"), message=message, answers=[])

    assert recipients(message)["Pat"].understood_at is not None


def test_a_wrong_answer_is_recorded_and_the_person_may_try_again(tree: Tree) -> None:
    message = publish(tree)
    CheckQuestionFactory(message=message, choices=["Yes", "No"], correct_choice=1)

    wrong = message_confirm(actor=tree.account_of("Pat"), message=message, answers=[0])
    assert not wrong.answered_correctly
    assert wrong.answers == [0]
    assert recipients(message)["Pat"].understood_at is None

    right = message_confirm(actor=tree.account_of("Pat"), message=message, answers=[1])

    assert right.pk == wrong.pk
    assert right.answered_correctly
    assert recipients(message)["Pat"].understood_at is not None
    assert [e.action for e in AuditEvent.objects.filter(object_type="voice.acknowledgement")] == [
        AuditAction.UPDATE,
        AuditAction.CREATE,
    ]


def test_every_check_question_must_be_answered(tree: Tree) -> None:
    message = publish(tree)
    CheckQuestionFactory(message=message, position=1)
    CheckQuestionFactory(message=message, position=2)

    with pytest.raises(ValidationError) as refused:
        message_confirm(actor=tree.account_of("Pat"), message=message, answers=[0, None])

    assert refused.value.message_dict == {"answer_2": ["Choose an answer to question 2"]}
    assert not Acknowledgement.objects.exists()


def test_an_answer_outside_the_choices_is_refused(tree: Tree) -> None:
    message = publish(tree)
    CheckQuestionFactory(message=message)

    with pytest.raises(ValidationError):
        message_confirm(actor=tree.account_of("Pat"), message=message, answers=[7])

    assert not Acknowledgement.objects.exists()


def test_only_a_recipient_can_confirm_or_ask(tree: Tree) -> None:
    message = publish(tree, levels=[4])
    outsider = tree.account_of("Mo")

    with pytest.raises(PermissionDenied, match="not sent to you"):
        message_confirm(actor=outsider, message=message, answers=[])
    with pytest.raises(PermissionDenied, match="not sent to you"):
        message_question_ask(actor=outsider, message=message, text="Hm?")

    assert not Acknowledgement.objects.exists()
    assert not MessageQuestion.objects.exists()


def test_a_version_is_confirmed_once(tree: Tree) -> None:
    message = publish(tree)
    message_confirm(actor=tree.account_of("Pat"), message=message, answers=[])

    with pytest.raises(ValidationError, match="already confirmed"):
        message_confirm(actor=tree.account_of("Pat"), message=message, answers=[])


# Corrections: a published message is never edited in place


def test_a_published_message_cannot_be_changed_in_place(tree: Tree) -> None:
    message = publish(tree)
    before = AuditEvent.objects.count()

    for changes in ({"body": "From May, not April."}, {"brief_by": message.brief_by}):
        with pytest.raises(ValidationError, match="Correct it instead"):
            message_update(actor=tree.user, message=message, **changes)

    message.refresh_from_db()
    assert (message.body, message.version) == (
        "From April every referral goes through the front door.",
        1,
    )
    assert AuditEvent.objects.count() == before


def test_a_correction_keeps_what_was_first_sent_and_everyone_confirms_again(
    tree: Tree,
) -> None:
    message = publish(tree, title="One front door")
    CheckQuestionFactory(message=message, prompt="When?", choices=["April", "May"])
    cascade_briefing_record(
        actor=tree.account_of("Mo"),
        task=tree.task_of(message, "Mo"),
        method=BriefingMethod.TEAM_MEETING,
    )
    message_confirm(actor=tree.account_of("Tia"), message=message, answers=[0])
    first_published = message.published_at

    correction = message_correct(
        actor=tree.user,
        message=message,
        body="From May every referral goes through the front door.",
        note="  The date was wrong: the front door opens in May, not April.  ",
    )

    message.refresh_from_db()
    assert message.version == correction.version == 2
    assert message.body == "From May every referral goes through the front door."
    assert message.published_at == first_published
    assert message.version_published_at > first_published  # type: ignore[operator]
    assert correction.note == "The date was wrong: the front door opens in May, not April."
    assert correction.previous_title == "One front door"
    assert correction.previous_body == "From April every referral goes through the front door."
    assert correction.previous_check_questions == [
        {"prompt": "When?", "choices": ["April", "May"], "correct_choice": 0}
    ]
    assert correction.created_by == tree.user
    people = recipients(message)
    assert people["Tia"].understood_at is None  # must confirm the corrected version
    assert people["Tia"].briefed_at is not None  # the briefing stands
    event = AuditEvent.objects.filter(object_type="voice.message").first()
    assert event is not None
    assert event.details == {
        "correction": correction.pk,
        "changed": ["body"],
        "version": 2,
        "confirmations_cleared": 1,
    }

    message_confirm(actor=tree.account_of("Tia"), message=message, answers=[0])
    assert Acknowledgement.objects.filter(staff=tree["Tia"]).count() == 2


def test_a_second_correction_keeps_the_version_before_it(tree: Tree) -> None:
    message = publish(tree, title="One front door")
    message_correct(actor=tree.user, message=message, title="One front door, May", note="May.")

    message_correct(
        actor=tree.user,
        message=message,
        title="One front door, June",
        check_questions=[FRONT_DOOR],
        note="June now.",
    )

    message.refresh_from_db()
    assert message.version == 3
    assert message.check_questions.count() == 1
    assert [(c.version, c.previous_title) for c in message.corrections.all()] == [
        (2, "One front door"),
        (3, "One front door, May"),
    ]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"body": "From May.", "note": "   "}, "Say what changed and why"),
        ({"body": "From May.", "note": "x" * 2001}, "2,000 characters or fewer"),
        ({"note": "Nothing, really."}, "a correction that changes nothing is not sent"),
        ({"title": "", "note": "No title."}, "Enter a title for the message"),
        (
            {"check_questions": [CheckQuestionInput("When?", ("May",), 0)], "note": "One."},
            "between 2 and 4 answers",
        ),
    ],
)
def test_a_bad_correction_is_refused_and_nothing_changes(
    tree: Tree, arguments: dict[str, Any], expected: str
) -> None:
    message = publish(tree)
    message_confirm(actor=tree.account_of("Pat"), message=message, answers=[])
    before = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match=expected):
        message_correct(actor=tree.user, message=message, **arguments)

    message.refresh_from_db()
    assert message.version == 1
    assert not MessageCorrection.objects.exists()
    assert recipients(message)["Pat"].understood_at is not None
    assert AuditEvent.objects.count() == before


def test_a_draft_is_changed_not_corrected(tree: Tree) -> None:
    draft = create(tree)

    with pytest.raises(ValidationError, match="change a draft instead"):
        message_correct(actor=tree.user, message=draft, body="Changed.", note="Why.")

    assert not MessageCorrection.objects.exists()


# Only the author: another sender, an administrator included, is refused


def another_sender(tree: Tree, role: str) -> Any:
    """A member of staff in post, not the author, whose role sends messages."""
    return user_for(tree["Hana"], role)


@pytest.mark.parametrize("role", [Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN])
def test_only_the_author_changes_publishes_or_corrects_a_message(tree: Tree, role: str) -> None:
    draft = create(tree)
    published = publish(tree)
    someone = another_sender(tree, role)
    before = AuditEvent.objects.count()

    refusals: list[Callable[[], object]] = [
        lambda: message_update(actor=someone, message=draft, title="Changed"),
        lambda: message_publish(actor=someone, message=draft),
        lambda: message_correct(actor=someone, message=published, body="Changed.", note="Why."),
    ]
    for call in refusals:
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert "Only Hal Chief, who wrote this message, can" in str(refused.value)
        assert "Your role" not in str(refused.value)

    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.title, draft.status) == ("One front door", MessageStatus.DRAFT)
    assert published.version == 1
    assert not MessageCorrection.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_author_changes_publishes_and_corrects_their_own_message(tree: Tree) -> None:
    draft = create(tree)

    message_update(actor=tree.user, message=draft, title="One front door, from April")
    message_publish(actor=tree.user, message=draft)
    message_correct(actor=tree.user, message=draft, title="One front door, from May", note="May.")

    draft.refresh_from_db()
    assert (draft.title, draft.status, draft.version) == (
        "One front door, from May",
        MessageStatus.PUBLISHED,
        2,
    )


def test_an_author_no_longer_in_post_cannot_correct_their_message(tree: Tree) -> None:
    message = publish(tree)
    tree.sender.is_active = False
    tree.sender.save()

    with pytest.raises(PermissionDenied, match="no longer working in the partnership"):
        message_correct(actor=tree.user, message=message, body="Changed.", note="Why.")

    assert not MessageCorrection.objects.exists()


# Questions


def test_a_recipient_asks_and_the_sender_answers_for_everyone(tree: Tree) -> None:
    message = publish(tree)

    question = message_question_ask(
        actor=tree.account_of("Pat"), message=message, text="  Early help too?  "
    )
    assert question.text == "Early help too?"
    assert question.answered_at is None

    answered = message_question_answer(
        actor=tree.user, question=question, answer="Yes, early help too."
    )

    assert answered.answer == "Yes, early help too."
    assert answered.answered_by == tree.sender
    assert answered.answered_at is not None
    assert [e.action for e in AuditEvent.objects.filter(object_type="voice.messagequestion")] == [
        AuditAction.UPDATE,
        AuditAction.CREATE,
    ]


@pytest.mark.parametrize(
    ("write", "text", "message_text"),
    [
        ("ask", "   ", "Enter your question"),
        ("ask", "x" * 2001, "Your question must be 2,000 characters or fewer"),
        ("answer", "", "Enter the answer"),
        ("answer", "x" * 5001, "The answer must be 5,000 characters or fewer"),
    ],
)
def test_empty_or_overlong_questions_and_answers_are_refused(
    tree: Tree, write: str, text: str, message_text: str
) -> None:
    message = publish(tree)
    question = MessageQuestionFactory(message=message, asked_by=tree["Sam"], text="When?")
    calls: dict[str, Callable[[], object]] = {
        "ask": lambda: message_question_ask(
            actor=tree.account_of("Pat"), message=message, text=text
        ),
        "answer": lambda: message_question_answer(actor=tree.user, question=question, answer=text),
    }

    with pytest.raises(ValidationError) as refused:
        calls[write]()

    assert message_text in str(refused.value)
    assert MessageQuestion.objects.count() == 1
    question.refresh_from_db()
    assert question.answer == ""


def test_a_staff_member_outside_the_tree_is_not_a_recipient_of_a_team_message(
    tree: Tree,
) -> None:
    stranger = StaffMemberFactory(agency=tree.council)
    message = MessageFactory(sender=tree.sender, whole_partnership=False)
    message.teams.set([tree.family])

    message_publish(actor=tree.user, message=message)

    assert not Recipient.objects.filter(staff=stranger).exists()


# Who may write: each service refuses a user its rule does not allow, and writes nothing


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.AUDITOR])
def test_only_those_who_send_messages_write_change_publish_or_answer_them(
    tree: Tree, role: str
) -> None:
    draft = create(tree)
    question = MessageQuestionFactory(message=publish(tree), asked_by=tree["Pat"], text="When?")
    someone = user_for(tree["Sam"], role)
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied, match="send messages"):
        create(tree, actor=someone)
    with pytest.raises(PermissionDenied, match="change messages"):
        message_update(actor=someone, message=draft, title="Changed")
    with pytest.raises(PermissionDenied, match="publish messages"):
        message_publish(actor=someone, message=draft)
    with pytest.raises(PermissionDenied, match="answer staff questions"):
        message_question_answer(actor=someone, question=question, answer="April.")

    draft.refresh_from_db()
    question.refresh_from_db()
    assert Message.objects.filter(sender=tree["Sam"]).count() == 0
    assert (draft.title, draft.status) == ("One front door", MessageStatus.DRAFT)
    assert question.answer == ""
    assert AuditEvent.objects.count() == before


def test_a_message_comes_from_a_member_of_staff(tree: Tree) -> None:
    administrator = UserFactory(role=Role.PARTNERSHIP_ADMIN)

    with pytest.raises(PermissionDenied, match="not linked to a staff record"):
        create(tree, actor=administrator)

    assert not Message.objects.exists()


def test_only_the_manager_whose_task_it_is_records_a_briefing(tree: Tree) -> None:
    message = publish(tree)
    task = tree.task_of(message, "Mo")

    for someone_else in (tree.account_of("Meg"), tree.user):
        with pytest.raises(PermissionDenied, match="record a briefing for another manager"):
            cascade_briefing_record(
                actor=someone_else, task=task, method=BriefingMethod.TEAM_MEETING
            )

    task.refresh_from_db()
    assert task.briefed_at is None
    assert recipients(message)["Tia"].briefed_at is None
    assert not AuditEvent.objects.filter(object_type="voice.cascadetask").exists()


def test_refusals_at_the_cascade_say_the_relationship_not_the_role(tree: Tree) -> None:
    message = publish(tree, levels=[4])
    mo, stranger = tree.account_of("Mo"), UserFactory(role=Role.STRATEGIC_LEAD)
    refusals = [
        (lambda: message_confirm(actor=mo, message=message, answers=[]), "not sent to you"),
        (lambda: message_question_ask(actor=stranger, message=message, text="?"), "not linked"),
        (
            lambda: cascade_briefing_record(
                actor=stranger,
                task=tree.task_of(message, "Tia"),
                method=BriefingMethod.TEAM_MEETING,
            ),
            "not linked",
        ),
    ]

    for call, reason in refusals:
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert reason in str(refused.value)
        assert "Your role" not in str(refused.value)

    assert not Acknowledgement.objects.exists()
    assert not MessageQuestion.objects.exists()
    assert tree.task_of(message, "Tia").briefed_at is None


def test_an_account_not_linked_to_a_staff_record_confirms_and_asks_nothing(tree: Tree) -> None:
    message = publish(tree)
    stranger = UserFactory(role=Role.STRATEGIC_LEAD)

    with pytest.raises(PermissionDenied):
        message_confirm(actor=stranger, message=message, answers=[])
    with pytest.raises(PermissionDenied):
        message_question_ask(actor=stranger, message=message, text="Hm?")

    assert not Acknowledgement.objects.exists()
    assert not MessageQuestion.objects.exists()
