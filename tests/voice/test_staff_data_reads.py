"""Reads of staff's personal data beyond the directory are audited (docs/decisions/0013): every
page and API response that shows named feedback and who raised it, who must answer feedback past
its target (a manager's response times), or people's briefings records one VIEW event naming the
people it showed; one per response however many rows; none when it shows no one; and anonymous
feedback is never named in one."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.voice.models import CascadeTask, Feedback
from tests.factories import FeedbackFactory, MessageQuestionFactory
from tests.voice.cascade_helpers import Tree, build_tree, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> Tree:
    return build_tree()


def page(user: User, url: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(url)


def api(user: User, path: str) -> Any:
    _, token = api_token_create(user=user, name="test")
    return Client().get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})


def overdue(tree: Tree, **fields: Any) -> Feedback:
    """Open feedback to Hana (the council's head) ten days past its target."""
    today = timezone.localdate()
    return FeedbackFactory(  # type: ignore[no-any-return]
        owner=tree["Hana"],
        raised_on=today - datetime.timedelta(days=30),
        respond_by=today - datetime.timedelta(days=10),
        **fields,
    )


def lists_people(tree: Tree, event: AuditEvent, people: list[int]) -> None:
    """The event lists the staff ids of the people the response showed."""
    assert event.details["people"] == people


def names_the_feedback_raised_by(tree: Tree, event: AuditEvent, people: list[int]) -> None:
    """The event names the one item of feedback read, and so the person who raised it."""
    assert event.object_type == "voice.feedback"
    raisers = Feedback.objects.filter(pk=event.object_id).values_list("raised_by_id", flat=True)
    assert list(raisers) == people


def counts_people_on_the_message(tree: Tree, event: AuditEvent, people: list[int]) -> None:
    """The event names the message whose reach was read, and how many people the page named."""
    message_id = CascadeTask.objects.get(manager=tree["Mo"]).message_id
    assert (event.object_type, event.object_id) == ("voice.message", str(message_id))
    assert event.details["people_shown"] == len(people)


@dataclass(frozen=True)
class Read:
    """A page or endpoint that shows staff's personal data: who reads it, whom it names, and
    how its event names them."""

    name: str
    reader: str  # given name in the tree
    fetch: Callable[[Tree, User], Any]
    page: str  # the audit event's page (or purpose)
    people: tuple[str, ...]
    names: Callable[[Tree, AuditEvent, list[int]], None] = lists_people


def _to_answer(tree: Tree, user: User) -> Any:
    return page(user, reverse("voice:feedback_to_answer"))


def _respond(tree: Tree, user: User) -> Any:
    feedback = Feedback.objects.filter(raised_by=tree["Pat"]).first()
    assert feedback is not None
    return page(user, reverse("voice:feedback_respond", args=[feedback.pk]))


def _briefing(tree: Tree, user: User) -> Any:
    task = CascadeTask.objects.get(manager=tree["Mo"])
    return page(user, reverse("voice:cascade_briefing", args=[task.pk]))


def _reach_page(tree: Tree, user: User) -> Any:
    task = CascadeTask.objects.get(manager=tree["Mo"])
    return page(user, reverse("voice:cascade_message_reach", args=[task.message_id]))


def _reach_api(tree: Tree, user: User) -> Any:
    task = CascadeTask.objects.get(manager=tree["Mo"])
    return api(user, f"/messages/{task.message_id}/reach")


READS = [
    Read("feedback to answer", "Hana", _to_answer, "feedback to answer", ("Pat",)),
    Read(
        "responding to named feedback",
        "Hana",
        _respond,
        "respond",
        ("Pat",),
        names_the_feedback_raised_by,
    ),
    Read(
        "response times page",
        "Hal",
        lambda _tree, u: page(u, reverse("voice:feedback_response_times")),
        "feedback response times",
        ("Hana",),
    ),
    Read(
        "response times API",
        "Hal",
        lambda _tree, u: api(u, "/feedback/response-times"),
        "feedback response times",
        ("Hana",),
    ),
    Read(
        "leaders' page",
        "Hal",
        lambda _tree, u: page(u, reverse("voice:leaders_page")),
        "leaders",
        ("Hana",),
    ),
    Read("a briefing to give", "Mo", _briefing, "briefing", ("Tia", "Tom")),
    Read(
        "my briefings, with one escalated",
        "Mo",
        lambda _tree, u: page(u, reverse("voice:cascade_my_briefings")),
        "my briefings",
        ("Tia",),
    ),
    # Tia, who has not briefed in time; Pat and Pip, whom that leaves unreached; Pam, who asked.
    Read(
        "message reach page",
        "Hal",
        _reach_page,
        "message reach",
        ("Tia", "Pat", "Pip", "Pam"),
        counts_people_on_the_message,
    ),
    Read(
        "message reach API",
        "Hal",
        _reach_api,
        "message reach",
        ("Tia", "Pat", "Pip", "Pam"),
        counts_people_on_the_message,
    ),
]


def staff_data(tree: Tree) -> None:
    """Named feedback past its target (and two more, so that a list has several rows), and a
    published message whose cascade has stalled: Tia's briefing, past its date, escalated to
    Mo, and a question from Pam."""
    overdue(tree, raised_by=tree["Pat"])
    overdue(tree, raised_by=tree["Pat"])
    overdue(tree, raised_by=tree["Pat"])
    message = publish(tree)
    CascadeTask.objects.filter(message=message, manager=tree["Tia"]).update(
        due_on=timezone.localdate() - datetime.timedelta(days=10),
        escalated_to=tree["Mo"],
        escalated_at=timezone.now(),
    )
    MessageQuestionFactory(message=message, asked_by=tree["Pam"])


@pytest.mark.parametrize("read", READS, ids=[read.name for read in READS])
def test_each_read_of_staff_data_records_one_event_naming_whom_it_showed(
    tree: Tree, read: Read
) -> None:
    staff_data(tree)
    reader = tree.user if read.reader == "Hal" else tree.account_of(read.reader)
    before = set(AuditEvent.objects.values_list("pk", flat=True))

    response = read.fetch(tree, reader)

    assert response.status_code == 200
    # One per response, not one per row (an API call also records its token's creation).
    [event] = AuditEvent.objects.exclude(pk__in=before).filter(action=AuditAction.VIEW)
    assert event.actor_id == reader.pk
    assert read.page in (event.details.get("page"), event.details.get("purpose"))
    read.names(tree, event, sorted(tree[name].pk for name in read.people))


def test_a_read_that_shows_no_one_records_nothing(tree: Tree) -> None:
    publish(tree)  # nothing escalated, no feedback at all

    page(tree.user, reverse("voice:feedback_response_times"))
    page(tree.user, reverse("voice:leaders_page"))
    api(tree.user, "/feedback/response-times")
    page(tree.account_of("Hana"), reverse("voice:feedback_to_answer"))
    page(tree.account_of("Mo"), reverse("voice:cascade_my_briefings"))

    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_reading_anonymous_feedback_records_nothing_that_names_it(tree: Tree) -> None:
    anonymous = overdue(tree, raised_by=None, anonymous=True)
    hana = tree.account_of("Hana")

    page(hana, reverse("voice:feedback_to_answer"))
    page(hana, reverse("voice:feedback_respond", args=[anonymous.pk]))
    page(tree.user, reverse("voice:feedback_response_times"))
    page(tree.user, reverse("voice:leaders_page"))
    api(tree.user, "/feedback/response-times")

    # Its owner's reads of it leave no trace at all: an event at that moment would bound when
    # it was raised.
    assert not AuditEvent.objects.filter(actor_id=hana.pk, action=AuditAction.VIEW).exists()
    views = AuditEvent.objects.filter(action=AuditAction.VIEW)
    assert views.count() == 3  # the response times and leaders' reads name its owner
    for event in views:
        assert event.object_id != str(anonymous.pk)
        assert "feedback" not in event.details
        assert event.details["people"] == [tree["Hana"].pk]
