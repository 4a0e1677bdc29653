"""What locks the partnership board's record. Approved minutes lock their meeting: its details,
agenda and actions are refused at the service and on the page (a POST shows the reason, with
nothing written) and the meeting page offers no links to change them, while an action's
progress is still reported. A meeting's date cannot move from under decisions recorded as
decided at it, and a draft whose meeting has moved cannot be recorded as decided."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditEvent
from childtrust.strategy.models import (
    ActionStatus,
    AgendaItem,
    BoardAction,
    BoardMeeting,
    Decision,
    DecisionStatus,
)
from childtrust.strategy.services import board as services
from childtrust.strategy.services import decisions as decision_services
from childtrust.strategy.wording import day_words
from tests.factories import StaffMemberFactory, UserFactory
from tests.strategy.factories_board import (
    AgendaItemFactory,
    ApprovedMinutesFactory,
    BoardActionFactory,
    BoardMeetingFactory,
    days_ago,
)
from tests.strategy.factories_change import DecidedDecisionFactory, DecisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead() -> User:
    return UserFactory(username="lead", role=Role.STRATEGIC_LEAD)


@pytest.fixture
def locked_meeting() -> BoardMeeting:
    """A meeting 30 days ago with an item and an action, its minutes approved 10 days ago."""
    meeting = BoardMeetingFactory(title="Partnership board", held_on=days_ago(30))
    AgendaItemFactory(meeting=meeting, title="Oral health")
    BoardActionFactory(meeting=meeting, description="Report on brushing")
    ApprovedMinutesFactory(
        meeting=meeting, approved_at=BoardMeetingFactory(title="Next", held_on=days_ago(10))
    )
    return meeting


def locked_words(meeting: BoardMeeting) -> str:
    approved_on = day_words(meeting.minutes.approved_at.held_on)
    return (
        f"The minutes of this meeting were approved at the meeting of {approved_on}, "
        "so its record is locked"
    )


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _date_fields(day: datetime.date) -> dict[str, str]:
    return {
        "held_on_day": str(day.day),
        "held_on_month": str(day.month),
        "held_on_year": str(day.year),
    }


# --- Approved minutes lock the meeting: services ------------------------------------------------


def test_approved_minutes_refuse_every_change_to_the_meetings_record(
    lead: User, locked_meeting: BoardMeeting
) -> None:
    meeting = locked_meeting
    item = meeting.agenda.get()
    owner = StaffMemberFactory()
    writes: list[Callable[[], object]] = [
        lambda: services.meeting_update(
            actor=lead,
            meeting=meeting,
            title="Renamed",
            held_on=meeting.held_on,
            chair=meeting.chair,
            location=meeting.location,
        ),
        lambda: services.meeting_update(
            actor=lead,
            meeting=meeting,
            title=meeting.title,
            held_on=meeting.held_on,
            chair=meeting.chair,
            location=meeting.location,
            present=[owner],
        ),
        lambda: services.agenda_item_create(actor=lead, meeting=meeting, title="Late item"),
        lambda: services.agenda_item_update(actor=lead, item=item, title="Changed item"),
        lambda: services.board_action_create(
            actor=lead, meeting=meeting, description="Late", owner=owner, due_on=days_ago(-5)
        ),
    ]
    before = AuditEvent.objects.count()
    for write in writes:
        with pytest.raises(ValidationError) as refused:
            write()
        assert refused.value.messages == [locked_words(meeting)]
    assert AuditEvent.objects.count() == before
    meeting.refresh_from_db()
    assert meeting.title == "Partnership board"
    assert not meeting.present.exists()
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True)) == [
        "Oral health"
    ]
    assert BoardAction.objects.filter(meeting=meeting).count() == 1


def test_an_actions_progress_is_still_reported_once_the_minutes_are_approved(
    lead: User, locked_meeting: BoardMeeting
) -> None:
    action = locked_meeting.actions.get()
    services.board_action_update(actor=lead, action=action, status="done", update="Sent")
    action.refresh_from_db()
    assert (action.status, action.update) == (ActionStatus.DONE, "Sent")


def test_a_meeting_with_draft_minutes_is_not_locked(lead: User) -> None:
    meeting = BoardMeetingFactory(held_on=days_ago(30))
    services.agenda_item_create(actor=lead, meeting=meeting, title="Welcome")
    assert meeting.agenda.count() == 1


# --- Approved minutes lock the meeting: pages ---------------------------------------------------


def test_the_meeting_page_offers_no_changes_once_locked_but_action_updates(
    lead: User, locked_meeting: BoardMeeting
) -> None:
    meeting = locked_meeting
    page = _as(lead).get(f"/plan/board/meetings/{meeting.pk}/").content.decode()
    assert locked_words(meeting) in page
    for url in [
        f"/plan/board/meetings/{meeting.pk}/edit/",
        f"/plan/board/meetings/{meeting.pk}/agenda/new/",
        f"/plan/board/agenda/{meeting.agenda.get().pk}/edit/",
        f"/plan/board/meetings/{meeting.pk}/actions/new/",
    ]:
        assert url not in page
    assert f"/plan/board/actions/{meeting.actions.get().pk}/" in page


def test_an_unlocked_meeting_page_offers_the_changes(lead: User) -> None:
    meeting = BoardMeetingFactory(held_on=days_ago(30))
    page = _as(lead).get(f"/plan/board/meetings/{meeting.pk}/").content.decode()
    assert f"/plan/board/meetings/{meeting.pk}/edit/" in page
    assert f"/plan/board/meetings/{meeting.pk}/agenda/new/" in page
    assert f"/plan/board/meetings/{meeting.pk}/actions/new/" in page
    assert "so its record is locked" not in page


def test_a_post_to_change_a_locked_meeting_is_refused_on_every_page(
    lead: User, locked_meeting: BoardMeeting
) -> None:
    meeting = locked_meeting
    item = meeting.agenda.get()
    owner = StaffMemberFactory()
    due = days_ago(-5)
    posts = {
        f"/plan/board/meetings/{meeting.pk}/edit/": {
            "title": "Renamed",
            "chair": "Cllr B",
            **_date_fields(meeting.held_on),
        },
        f"/plan/board/meetings/{meeting.pk}/agenda/new/": {"title": "Late item", "subject": ""},
        f"/plan/board/agenda/{item.pk}/edit/": {"title": "Changed item", "subject": ""},
        f"/plan/board/meetings/{meeting.pk}/actions/new/": {
            "description": "Late",
            "owner": str(owner.pk),
            "due_on_day": str(due.day),
            "due_on_month": str(due.month),
            "due_on_year": str(due.year),
        },
    }
    client = _as(lead)
    before = AuditEvent.objects.count()
    for url, data in posts.items():
        response = client.post(url, data)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert re.search(r"<title>Error: ", page), url
        assert f'<a href="#non-field">{locked_words(meeting)}</a>' in page, url
        assert 'id="non-field"' in page, url
    assert AuditEvent.objects.count() == before
    meeting.refresh_from_db()
    assert meeting.title == "Partnership board"
    assert AgendaItem.objects.get(meeting=meeting).title == "Oral health"
    assert BoardAction.objects.filter(meeting=meeting).count() == 1


# --- Decided decisions hold their meeting's date ------------------------------------------------


def test_a_meetings_date_cannot_move_from_under_its_decided_decisions(lead: User) -> None:
    meeting = BoardMeetingFactory(held_on=days_ago(30))
    DecidedDecisionFactory(title="Pool the budgets", meeting=meeting, decided_on=meeting.held_on)
    DecidedDecisionFactory(title="Open a hub", meeting=meeting, decided_on=meeting.held_on)
    DecisionFactory(title="Still a draft", meeting=meeting, decided_on=meeting.held_on)
    with pytest.raises(ValidationError) as refused:
        services.meeting_update(
            actor=lead, meeting=meeting, title="", held_on=days_ago(29), chair=meeting.chair
        )
    held_on = refused.value.message_dict["held_on"][0]
    assert held_on == (
        "The meeting's date cannot change: “Pool the budgets” and “Open a hub” were recorded "
        f"as decided at this meeting on {day_words(days_ago(30))} and are locked"
    )
    assert "title" in refused.value.message_dict  # every message at once
    meeting.refresh_from_db()
    assert meeting.held_on == days_ago(30)

    # The rest of the meeting's details still change.
    services.meeting_update(
        actor=lead, meeting=meeting, title="Renamed", held_on=days_ago(30), chair=meeting.chair
    )
    assert BoardMeeting.objects.get(pk=meeting.pk).title == "Renamed"


def test_a_meeting_with_only_draft_decisions_can_move(lead: User) -> None:
    meeting = BoardMeetingFactory(held_on=days_ago(30))
    DecisionFactory(meeting=meeting, decided_on=meeting.held_on)
    services.meeting_update(
        actor=lead, meeting=meeting, title=meeting.title, held_on=days_ago(29), chair="Cllr"
    )
    assert BoardMeeting.objects.get(pk=meeting.pk).held_on == days_ago(29)


def test_the_meeting_form_names_the_decided_decisions_holding_its_date(lead: User) -> None:
    meeting = BoardMeetingFactory(held_on=days_ago(30))
    DecidedDecisionFactory(title="Pool the budgets", meeting=meeting, decided_on=meeting.held_on)
    response = _as(lead).post(
        f"/plan/board/meetings/{meeting.pk}/edit/",
        {"title": meeting.title, "chair": meeting.chair, **_date_fields(days_ago(29))},
    )
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "“Pool the budgets” was recorded as decided at this meeting" in page
    assert BoardMeeting.objects.get(pk=meeting.pk).held_on == days_ago(30)


def test_a_draft_whose_meeting_moved_cannot_be_recorded_as_decided(lead: User) -> None:
    meeting = BoardMeetingFactory(title="Board", held_on=days_ago(30))
    draft = DecisionFactory(meeting=meeting, decided_on=meeting.held_on)
    services.meeting_update(
        actor=lead, meeting=meeting, title="Board", held_on=days_ago(28), chair="Cllr"
    )
    with pytest.raises(ValidationError) as refused:
        decision_services.decision_record_as_decided(actor=lead, decision=draft)
    assert refused.value.message_dict == {
        "decided_on": [
            f"A decision taken at “Board” is dated the day it met, {day_words(days_ago(28))}"
        ]
    }
    draft.refresh_from_db()
    assert (draft.status, draft.locked_at) == (DecisionStatus.DRAFT, None)

    # Its page says so, in the summary and the title.
    page = _as(lead).post(f"/plan/decisions/{draft.pk}/decide/").content.decode()
    assert "<title>Error: " in page
    assert (
        f'<a href="#non-field">A decision taken at “Board” is dated the day it met, '
        f"{day_words(days_ago(28))}</a>" in page
    )
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.DRAFT
