"""Cascade pages over HTTP: who may open each, what each shows, each form's journey and its bad
input, and what is audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import StaffMember
from childtrust.voice.models import (
    Acknowledgement,
    BriefingMethod,
    CascadeTask,
    Message,
    MessageCorrection,
    MessageQuestion,
    MessageStatus,
    Recipient,
)
from childtrust.voice.services.cascade import cascade_briefing_record, message_confirm
from childtrust.voice.services.corrections import message_correct
from tests.factories import (
    CheckQuestionFactory,
    MessageFactory,
    MessageQuestionFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.form_data import date_parts
from tests.voice.cascade_helpers import Tree, build_tree, publish, user_for

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
SENDERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.WORKFORCE_MANAGER}
NOT_LINKED = "Your account is not linked to a staff record"


@pytest.fixture
def tree() -> Tree:
    return build_tree()


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def as_person(person: StaffMember, role: str = Role.PRACTITIONER) -> Client:
    return signed_in(user_for(person, role))


def lead(tree: Tree) -> Client:
    return signed_in(tree.user)


def text(response: Any) -> str:
    return str(response.content.decode())


# Who may open each page


def sender_pages(tree: Tree) -> list[str]:
    draft = MessageFactory(sender=tree.sender)
    message = publish(tree)
    return [
        reverse("voice:cascade_message_list"),
        reverse("voice:cascade_message_create"),
        reverse("voice:cascade_message_detail", args=[draft.pk]),
        reverse("voice:cascade_message_reach", args=[message.pk]),
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_send_messages_open_the_senders_pages(tree: Tree, role: str) -> None:
    client = as_person(StaffMemberFactory(agency=tree.council), role)

    for url in sender_pages(tree):
        response = client.get(url)
        assert response.status_code == (200 if role in SENDERS else 403), url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_send_messages_answer_questions(tree: Tree, role: str) -> None:
    client = as_person(StaffMemberFactory(agency=tree.council), role)
    message = publish(tree)
    question = MessageQuestionFactory(message=message, asked_by=tree["Pat"])

    answered = client.post(
        reverse("voice:cascade_question_answer", args=[message.pk, question.pk]),
        {f"question-{question.pk}-answer": "Yes."},
    )

    allowed = role in SENDERS
    assert answered.status_code == (302 if allowed else 403)
    question.refresh_from_db()
    assert (question.answer == "Yes.") is allowed


def author_pages(draft: Message, message: Message) -> list[tuple[str, dict[str, str]]]:
    """Each page that changes a message, with a POST that would change it."""
    return [
        (reverse("voice:cascade_message_update", args=[draft.pk]), {"title": "Changed"}),
        (reverse("voice:cascade_message_publish", args=[draft.pk]), {}),
        (
            reverse("voice:cascade_message_correct", args=[message.pk]),
            {"title": "Changed", "body": "Changed.", "note": "Why."},
        ),
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_author_changes_publishes_or_corrects_a_message(tree: Tree, role: str) -> None:
    draft = MessageFactory(sender=tree.sender, title="A draft")
    message = publish(tree, title="Published")
    client = as_person(tree["Hana"], role)  # in post, not the author
    before = AuditEvent.objects.count()

    for url, data in author_pages(draft, message):
        if not url.endswith("/publish/"):
            assert client.get(url).status_code == 403, url
        refused = client.post(url, data)
        assert refused.status_code == 403, url
        if role in SENDERS:  # the relationship, not the role, is why
            assert "Only Hal Chief, who wrote this message, can" in text(refused), url

    draft.refresh_from_db()
    message.refresh_from_db()
    assert (draft.title, draft.status) == ("A draft", MessageStatus.DRAFT)
    assert (message.title, message.version) == ("Published", 1)
    assert not MessageCorrection.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_author_publishes_their_draft(tree: Tree) -> None:
    draft = MessageFactory(sender=tree.sender)

    response = lead(tree).post(reverse("voice:cascade_message_publish", args=[draft.pk]))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == MessageStatus.PUBLISHED


def test_another_senders_draft_is_shown_without_the_way_to_change_or_publish_it(
    tree: Tree,
) -> None:
    draft = MessageFactory(sender=tree.sender)
    client = as_person(tree["Hana"], Role.PARTNERSHIP_ADMIN)

    page = text(client.get(reverse("voice:cascade_message_detail", args=[draft.pk])))

    assert "Only Hal Chief, who wrote this draft, can change it or publish it." in page
    assert reverse("voice:cascade_message_update", args=[draft.pk]) not in page
    assert reverse("voice:cascade_message_publish", args=[draft.pk]) not in page


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_linked_to_a_staff_record_reads_messages_and_briefings(
    tree: Tree, role: str
) -> None:
    message = publish(tree)
    client = as_person(tree["Mo"], role)

    for url in [
        reverse("voice:cascade_my_messages"),
        reverse("voice:cascade_my_message", args=[message.pk]),
        reverse("voice:cascade_my_briefings"),
        reverse("voice:cascade_briefing", args=[tree.task_of(message, "Mo").pk]),
    ]:
        assert client.get(url).status_code == 200, url


def staff_pages(message: Message, task: CascadeTask) -> list[tuple[str, str]]:
    return [
        ("get", reverse("voice:cascade_my_messages")),
        ("get", reverse("voice:cascade_my_message", args=[message.pk])),
        ("post", reverse("voice:cascade_message_confirm", args=[message.pk])),
        ("post", reverse("voice:cascade_message_ask", args=[message.pk])),
        ("get", reverse("voice:cascade_my_briefings")),
        ("get", reverse("voice:cascade_briefing", args=[task.pk])),
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_an_account_not_linked_to_a_staff_record_is_told_so(tree: Tree, role: str) -> None:
    message = publish(tree)
    client = signed_in(UserFactory(role=role))

    for method, url in staff_pages(message, tree.task_of(message, "Mo")):
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert NOT_LINKED in text(response)


def test_a_sender_not_linked_to_a_staff_record_is_told_so_before_writing(tree: Tree) -> None:
    response = signed_in(UserFactory(role=Role.STRATEGIC_LEAD)).get(
        reverse("voice:cascade_message_create")
    )

    assert response.status_code == 403
    assert NOT_LINKED in text(response)


def test_a_sender_who_has_left_is_told_why_before_writing_and_writes_nothing(tree: Tree) -> None:
    tree.sender.is_active = False
    tree.sender.save()
    client = lead(tree)

    page = client.get(reverse("voice:cascade_message_create"))
    posted = client.post(reverse("voice:cascade_message_create"), message_form())

    for response in (page, posted):
        assert response.status_code == 403
        assert "no longer working in the partnership, so you cannot send messages" in text(response)
    assert not Message.objects.exists()


def test_signing_in_comes_first(tree: Tree) -> None:
    message = publish(tree)

    for url in [
        reverse("voice:cascade_my_messages"),
        reverse("voice:cascade_message_reach", args=[message.pk]),
    ]:
        response = Client().get(url)
        assert response.status_code == 302, url
        assert "sign-in" in response["Location"], url


def test_no_one_opens_a_message_not_sent_to_them_or_another_managers_briefing(
    tree: Tree,
) -> None:
    message = publish(tree, levels=[4])
    client = as_person(tree["Mo"])

    assert client.get(reverse("voice:cascade_my_message", args=[message.pk])).status_code == 404
    tia_task = tree.task_of(message, "Tia")
    assert client.get(reverse("voice:cascade_briefing", args=[tia_task.pk])).status_code == 404
    response = client.post(
        reverse("voice:cascade_briefing", args=[tia_task.pk]), {"method": "team_meeting"}
    )
    assert response.status_code == 404
    tia_task.refresh_from_db()
    assert tia_task.briefed_at is None


def test_the_navigation_leads_to_my_messages() -> None:
    response = signed_in(UserFactory(role=Role.PRACTITIONER)).get(reverse("core:home"))

    assert f'href="{reverse("voice:cascade_my_messages")}"' in text(response)


# Writing and publishing


def message_form(**changes: Any) -> dict[str, Any]:
    return {
        "title": "One front door",
        "kind": "new_way_of_working",
        "body": "From April every referral goes through the front door.",
        **date_parts("brief_by", timezone.localdate() + timedelta(days=10)),
        "audience": "whole",
        "question_1_prompt": "Where does a referral go?",
        "question_1_choices": "The front door\nThe locality team",
        "question_1_correct": "1",
    } | changes


def test_a_lead_writes_a_draft_checks_it_and_publishes_it(tree: Tree) -> None:
    client = lead(tree)

    created = client.post(reverse("voice:cascade_message_create"), message_form())
    message = Message.objects.get()
    assert created["Location"] == reverse("voice:cascade_message_detail", args=[message.pk])
    assert message.sender == tree.sender
    assert message.check_questions.count() == 1

    draft_page = text(client.get(created["Location"]))
    assert "12 people today" in draft_page  # everyone but Hal, who wrote it
    assert "Right answer" in draft_page

    published = client.post(reverse("voice:cascade_message_publish", args=[message.pk]))
    assert published["Location"] == reverse("voice:cascade_message_reach", args=[message.pk])
    assert Recipient.objects.filter(message=message).count() == 12
    landing = text(client.get(published["Location"]))
    assert "has been published to 12 people" in landing
    assert "7 managers have been asked to brief their teams" in landing


def test_a_bad_draft_shows_the_problems_and_saves_nothing(tree: Tree) -> None:
    response = lead(tree).post(
        reverse("voice:cascade_message_create"),
        message_form(title="", audience="chosen", question_1_correct=""),
    )

    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "<title>Error: Write a message \N{EN DASH} " in page
    assert "Enter a title for the message" in page
    assert "Choose at least one agency, locality or team" in page
    assert "Choose which answer to check question 1 is right" in page
    assert not Message.objects.exists()


def test_a_draft_whose_date_has_passed_is_not_published_and_says_why(tree: Tree) -> None:
    message = MessageFactory(sender=tree.sender, brief_by=timezone.localdate() - timedelta(days=1))

    response = lead(tree).post(reverse("voice:cascade_message_publish", args=[message.pk]))

    assert response.status_code == 200
    assert "The date to brief by must be today or in the future" in text(response)
    message.refresh_from_db()
    assert message.status == MessageStatus.DRAFT
    assert not Recipient.objects.exists()


def test_publishing_is_a_post(tree: Tree) -> None:
    message = MessageFactory(sender=tree.sender)

    response = lead(tree).get(reverse("voice:cascade_message_publish", args=[message.pk]))

    assert response.status_code == 405


def test_a_published_message_is_corrected_not_changed(tree: Tree) -> None:
    message = publish(tree)
    client = lead(tree)

    edit = client.get(reverse("voice:cascade_message_update", args=[message.pk]))
    assert edit["Location"] == reverse("voice:cascade_message_correct", args=[message.pk])
    form_page = text(client.get(edit["Location"]))
    assert "People have read this message, so it is corrected rather than changed" in form_page
    assert 'name="brief_by_day"' not in form_page
    assert 'name="note"' in form_page

    response = client.post(
        reverse("voice:cascade_message_correct", args=[message.pk]),
        {
            "title": message.title,
            "body": "From May every referral goes through the front door.",
            "note": "The date was wrong: May, not April.",
        },
        follow=True,
    )

    message.refresh_from_db()
    assert message.version == 2
    page = text(response)
    assert "has been corrected" in page
    assert "The date was wrong: May, not April." in page  # the reach page shows it too
    assert MessageCorrection.objects.get(message=message).created_by == tree.user


def test_a_correction_without_why_or_change_is_refused_on_the_page(tree: Tree) -> None:
    message = publish(tree)

    response = lead(tree).post(
        reverse("voice:cascade_message_correct", args=[message.pk]),
        {"title": message.title, "body": message.body, "note": ""},
    )

    assert response.status_code == 200
    page = text(response)
    assert "govuk-error-summary" in page
    assert "Say what changed and why" in page
    message.refresh_from_db()
    assert message.version == 1
    assert not MessageCorrection.objects.exists()


def test_a_correction_that_changes_nothing_is_refused_on_the_page(tree: Tree) -> None:
    message = publish(tree)

    response = lead(tree).post(
        reverse("voice:cascade_message_correct", args=[message.pk]),
        {"title": message.title, "body": message.body, "note": "Nothing."},
    )

    assert "a correction that changes nothing is not sent" in text(response)
    assert not MessageCorrection.objects.exists()


def test_a_draft_is_changed_on_its_page_not_corrected(tree: Tree) -> None:
    draft = MessageFactory(sender=tree.sender)

    response = lead(tree).get(reverse("voice:cascade_message_correct", args=[draft.pk]))

    assert response["Location"] == reverse("voice:cascade_message_update", args=[draft.pk])


def corrected(tree: Tree) -> Message:
    message = publish(tree, title="One front door")
    message_confirm(actor=tree.account_of("Pat"), message=message, answers=[])
    message_correct(
        actor=tree.user,
        message=message,
        body="From May every referral goes through the front door.",
        note="The date was wrong: the front door opens in May, not April.",
    )
    return message


def test_everyone_it_went_to_sees_the_correction_and_what_was_first_sent(tree: Tree) -> None:
    message = corrected(tree)
    pat = signed_in(tree.account_of("Pat"))
    today = date_format(timezone.localdate(), "j F Y")

    page = text(pat.get(reverse("voice:cascade_my_message", args=[message.pk])))
    listed = text(pat.get(reverse("voice:cascade_my_messages")))

    assert (
        f"<strong>Corrected on {today}:</strong> The date was wrong: the front door opens in "
        "May, not April." in page
    )
    assert "From May every referral goes through the front door." in page
    # What was first sent stays readable, in a details component that needs no JavaScript.
    assert '<details class="govuk-details">' in page
    assert "Show what was first sent" in page
    assert "From April every referral goes through the front door." in page
    assert "Please read it again and confirm the corrected version." in page
    assert "Corrected</strong>" in listed  # the list marks it
    assert "Corrected: confirm again" in listed  # Pat had confirmed it before


def test_the_senders_list_marks_a_corrected_message(tree: Tree) -> None:
    corrected(tree)

    page = text(lead(tree).get(reverse("voice:cascade_message_list")))

    assert '<strong class="govuk-tag govuk-tag--yellow">Corrected</strong>' in page


def test_the_message_list_shows_each_messages_reach(tree: Tree) -> None:
    message = publish(tree, title="One front door")
    cascade_briefing_record(
        actor=tree.account_of("Hana"),
        task=tree.task_of(message, "Hana"),
        method=BriefingMethod.TEAM_MEETING,
    )
    MessageFactory(sender=tree.sender, title="Still a draft")

    page = text(lead(tree).get(reverse("voice:cascade_message_list")))

    assert "One front door" in page
    assert "Still a draft" in page
    assert "25%" in page  # 3 of 12 reached


# The reach page


def test_the_reach_page_shows_reach_stalls_chart_and_questions(tree: Tree) -> None:
    message = publish(tree)
    CascadeTask.objects.filter(message=message, manager=tree["Tom"]).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    MessageQuestionFactory(message=message, asked_by=tree["Pat"], text="Early help too?")

    response = lead(tree).get(reverse("voice:cascade_message_reach", args=[message.pk]))

    page = text(response)
    assert response.status_code == 200
    assert "3 of 12 people (25%)" not in page  # only the head so far
    assert "1 of 12 people (8%)" in page
    assert "Tom Lead" in page
    assert "Pam Worker" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'role="img"' in page
    assert "of the 12 people it went to were reached on the day it was published" in page
    assert "Level 4" in page
    assert "City Health" in page
    assert "Duty team" in page
    assert "Early help too?" in page
    assert "Asked by Pat Worker" in page


def test_each_view_of_the_reach_page_is_audited(tree: Tree) -> None:
    message = publish(tree)

    lead(tree).get(reverse("voice:cascade_message_reach", args=[message.pk]))

    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.actor_id == tree.user.pk
    assert event.object_id == str(message.pk)


def test_the_reach_page_costs_the_same_queries_however_many_people(tree: Tree) -> None:
    def queries_for(message: Message) -> int:
        client = lead(tree)
        client.get(reverse("voice:cascade_message_reach", args=[message.pk]))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("voice:cascade_message_reach", args=[message.pk]))
        assert response.status_code == 200
        return len(captured)

    small = publish(tree, levels=[1, 2])
    for index in range(40):
        StaffMemberFactory(agency=tree.council, manager=tree["Ted" if index % 2 else "Tom"])
    large = publish(tree)
    for message in (small, large):
        CascadeTask.objects.filter(message=message).update(
            due_on=timezone.localdate() - timedelta(days=5)
        )
        MessageQuestionFactory(message=message, asked_by=tree["Hana"])

    # 22: the sender's own staff record (may they correct it?) and the message's corrections.
    assert queries_for(large) == queries_for(small) <= 22


def test_a_draft_has_no_reach_page_yet(tree: Tree) -> None:
    draft = MessageFactory(sender=tree.sender)

    response = lead(tree).get(reverse("voice:cascade_message_reach", args=[draft.pk]))

    assert response["Location"] == reverse("voice:cascade_message_detail", args=[draft.pk])


def test_a_published_message_opens_on_its_reach_page(tree: Tree) -> None:
    message = publish(tree)

    response = lead(tree).get(reverse("voice:cascade_message_detail", args=[message.pk]))

    assert response["Location"] == reverse("voice:cascade_message_reach", args=[message.pk])


def test_a_lead_answers_a_question_for_everyone(tree: Tree) -> None:
    message = publish(tree)
    question = MessageQuestionFactory(message=message, asked_by=tree["Pat"])

    response = lead(tree).post(
        reverse("voice:cascade_question_answer", args=[message.pk, question.pk]),
        {f"question-{question.pk}-answer": "Yes, early help too."},
    )

    assert response["Location"].endswith(f"#question-{question.pk}")
    question.refresh_from_db()
    assert question.answer == "Yes, early help too."
    assert question.answered_by == tree.sender
    sam_sees = text(
        as_person(tree["Sam"]).get(reverse("voice:cascade_my_message", args=[message.pk]))
    )
    assert "Yes, early help too." in sam_sees


def test_an_empty_answer_is_refused_on_the_reach_page(tree: Tree) -> None:
    message = publish(tree)
    question = MessageQuestionFactory(message=message, asked_by=tree["Pat"])

    response = lead(tree).post(
        reverse("voice:cascade_question_answer", args=[message.pk, question.pk]),
        {f"question-{question.pk}-answer": "  "},
    )

    assert response.status_code == 200
    assert "Enter the answer" in text(response)
    question.refresh_from_db()
    assert question.answer == ""
    assert question.answered_at is None


# Reading, confirming and asking


def test_my_messages_list_what_i_must_confirm(tree: Tree) -> None:
    publish(tree, title="One front door")

    page = text(as_person(tree["Pat"]).get(reverse("voice:cascade_my_messages")))

    assert "One front door" in page
    assert "To read and confirm" in page


def test_right_answers_confirm_the_message(tree: Tree) -> None:
    message = publish(tree)
    CheckQuestionFactory(message=message, choices=["Yes", "No"], correct_choice=0)
    client = as_person(tree["Pat"])

    response = client.post(
        reverse("voice:cascade_message_confirm", args=[message.pk]),
        {"answer_1": "0", "understood": "on"},
        follow=True,
    )

    assert "you have confirmed that you understood" in text(response)
    assert Recipient.objects.get(message=message, staff=tree["Pat"]).understood_at is not None


def test_a_wrong_answer_says_not_quite_without_saying_which(tree: Tree) -> None:
    message = publish(tree)
    CheckQuestionFactory(message=message, choices=["Yes", "No"], correct_choice=0)
    client = as_person(tree["Pat"])

    response = client.post(
        reverse("voice:cascade_message_confirm", args=[message.pk]),
        {"answer_1": "1", "understood": "on"},
        follow=True,
    )

    page = text(response)
    assert "Not quite" in page
    assert "read the message again" in page.lower()
    assert "The front door" not in page
    assert Acknowledgement.objects.get().answered_correctly is False
    assert Recipient.objects.get(message=message, staff=tree["Pat"]).understood_at is None


def test_confirming_without_the_tick_or_an_answer_writes_nothing(tree: Tree) -> None:
    message = publish(tree)
    CheckQuestionFactory(message=message)

    response = as_person(tree["Pat"]).post(
        reverse("voice:cascade_message_confirm", args=[message.pk]), {}
    )

    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose an answer to question 1" in page
    assert "Confirm that you have read and understood the message" in page
    assert not Acknowledgement.objects.exists()


def test_a_staff_member_asks_a_question(tree: Tree) -> None:
    message = publish(tree)

    response = as_person(tree["Pat"]).post(
        reverse("voice:cascade_message_ask", args=[message.pk]),
        {"text": "Does this apply to early help?"},
        follow=True,
    )

    assert "Your question has been sent to Hal Chief" in text(response)
    assert "Does this apply to early help?" in text(response)  # waiting, shown to the asker
    assert MessageQuestion.objects.get().asked_by == tree["Pat"]


def test_an_empty_question_is_refused(tree: Tree) -> None:
    message = publish(tree)

    response = as_person(tree["Pat"]).post(
        reverse("voice:cascade_message_ask", args=[message.pk]), {"text": " "}
    )

    assert response.status_code == 200
    assert "Enter your question" in text(response)
    assert not MessageQuestion.objects.exists()


# Briefing


def test_a_manager_sees_their_briefings_with_overdue_marked(tree: Tree) -> None:
    message = publish(tree, title="One front door")
    CascadeTask.objects.filter(message=message, manager=tree["Mo"]).update(
        due_on=timezone.localdate() - timedelta(days=1),
        reminded_at=timezone.now(),
    )

    page = text(as_person(tree["Mo"]).get(reverse("voice:cascade_my_briefings")))

    assert "One front door" in page
    assert "Overdue" in page
    assert "Reminder sent" in page


def test_a_manager_sees_briefings_escalated_to_them(tree: Tree) -> None:
    message = publish(tree, title="One front door")
    CascadeTask.objects.filter(message=message, manager=tree["Tia"]).update(
        escalated_to=tree["Mo"], escalated_at=timezone.now()
    )

    page = text(as_person(tree["Mo"]).get(reverse("voice:cascade_my_briefings")))

    assert "Escalated to you" in page
    assert "Tia Lead" in page


def test_a_manager_records_a_briefing(tree: Tree) -> None:
    message = publish(tree)
    task = tree.task_of(message, "Mo")
    client = as_person(tree["Mo"])
    page = text(client.get(reverse("voice:cascade_briefing", args=[task.pk])))
    assert "Tia Lead" in page
    assert "Tom Lead" in page

    response = client.post(
        reverse("voice:cascade_briefing", args=[task.pk]), {"method": "one_to_one"}, follow=True
    )

    assert "You have recorded briefing your team" in text(response)
    task.refresh_from_db()
    assert task.method == BriefingMethod.ONE_TO_ONE
    assert (
        Recipient.objects.filter(message=message, manager=tree["Mo"], briefed_at=None).count() == 0
    )


def test_a_briefing_without_a_method_is_refused(tree: Tree) -> None:
    message = publish(tree)
    task = tree.task_of(message, "Mo")

    response = as_person(tree["Mo"]).post(reverse("voice:cascade_briefing", args=[task.pk]), {})

    assert response.status_code == 200
    assert "Choose how you briefed your team" in text(response)
    task.refresh_from_db()
    assert task.briefed_at is None
