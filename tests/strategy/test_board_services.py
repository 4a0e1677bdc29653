"""Writes to the partnership board's record: who may make each one (the keepers; an action's
owner in post for their own action only), bad input refused with every message and nothing
written, minutes locked once approved at a later meeting, and the audit event of each write."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import StaffMember
from childtrust.strategy.models import (
    ActionStatus,
    AgendaItem,
    AgendaSubject,
    BoardAction,
    BoardMeeting,
    Minutes,
    MinutesStatus,
)
from childtrust.strategy.services import board as services
from childtrust.strategy.services import minutes as minutes_services
from tests.conftest import ALL_ROLES
from tests.factories import StaffMemberFactory, UserFactory
from tests.strategy.factories_board import (
    ApprovedMinutesFactory,
    BoardActionFactory,
    BoardMeetingFactory,
    MinutesFactory,
    days_ago,
)
from tests.strategy.plan_setup import objective_with_overdue_milestone

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}


def events(action: str, object_type: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, object_type=object_type).order_by("sequence")
    )


@pytest.fixture
def lead() -> User:
    return UserFactory(username="lead", role=Role.STRATEGIC_LEAD)


@pytest.fixture
def meeting() -> BoardMeeting:
    return BoardMeetingFactory(held_on=days_ago(30))


@pytest.fixture
def owner_user() -> User:
    return UserFactory(username="owner", role=Role.PRACTITIONER)


@pytest.fixture
def owner(owner_user: User) -> StaffMember:
    return StaffMemberFactory(user=owner_user)


@pytest.fixture
def action(meeting: BoardMeeting, owner: StaffMember) -> BoardAction:
    return BoardActionFactory(meeting=meeting, owner=owner, due_on=days_ago(-10))


# --- Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_leads_and_administrators_keep_the_boards_record(
    role: Role, meeting: BoardMeeting, owner: StaffMember
) -> None:
    user = UserFactory(role=role)
    later = BoardMeetingFactory(held_on=days_ago(1))
    minutes = MinutesFactory(meeting=meeting)
    writes: list[Callable[[], object]] = [
        lambda: services.meeting_create(
            actor=user, title="Board", held_on=days_ago(3), chair="Cllr A"
        ),
        lambda: services.meeting_update(
            actor=user, meeting=meeting, title="Renamed", held_on=meeting.held_on, chair="Cllr B"
        ),
        lambda: services.agenda_item_create(actor=user, meeting=meeting, title="Budget"),
        lambda: services.board_action_create(
            actor=user, meeting=meeting, description="Do it", owner=owner, due_on=days_ago(-5)
        ),
    ]
    item = AgendaItem.objects.create(meeting=meeting, position=9, title="Old")
    writes += [
        lambda: services.agenda_item_update(actor=user, item=item, title="New"),
        lambda: minutes_services.minutes_save(actor=user, meeting=meeting, text="Changed"),
        # Last: approved minutes lock the meeting's record.
        lambda: minutes_services.minutes_approve(actor=user, minutes=minutes, at_meeting=later),
    ]
    for write in writes:
        if role in KEEPERS:
            write()
        else:
            before = AuditEvent.objects.count()
            with pytest.raises(PermissionDenied):
                write()
            assert AuditEvent.objects.count() == before
    if role not in KEEPERS:
        meeting.refresh_from_db()
        minutes.refresh_from_db()
        assert meeting.title != "Renamed"
        assert minutes.status == MinutesStatus.DRAFT
        assert not BoardAction.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_an_action_is_updated_by_the_keepers_or_its_owner_in_post(
    role: Role, action: BoardAction
) -> None:
    user = UserFactory(role=role)
    if role in KEEPERS:
        services.board_action_update(actor=user, action=action, status="done")
        assert BoardAction.objects.get().status == ActionStatus.DONE
    else:
        with pytest.raises(PermissionDenied, match="update this action"):
            services.board_action_update(actor=user, action=action, status="done")
        assert BoardAction.objects.get().status == ActionStatus.OPEN


def test_the_owner_updates_their_own_action_but_not_anothers(
    owner_user: User, action: BoardAction, meeting: BoardMeeting
) -> None:
    services.board_action_update(actor=owner_user, action=action, status="open", update="Begun")
    assert BoardAction.objects.get(pk=action.pk).update == "Begun"

    someone_elses = BoardActionFactory(meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.board_action_update(actor=owner_user, action=someone_elses, status="done")
    assert BoardAction.objects.get(pk=someone_elses.pk).status == ActionStatus.OPEN


def test_an_owner_no_longer_in_post_cannot_update_their_action(
    owner_user: User, owner: StaffMember, action: BoardAction
) -> None:
    owner.is_active = False
    owner.save()
    with pytest.raises(PermissionDenied):
        services.board_action_update(actor=owner_user, action=action, status="done")


# --- Meetings -----------------------------------------------------------------------------------


def test_a_meeting_is_recorded_with_who_was_present_and_audited(lead: User) -> None:
    member = StaffMemberFactory()
    meeting = services.meeting_create(
        actor=lead,
        title="  Partnership   board ",
        held_on=datetime.date(2026, 6, 10),
        chair="Councillor A, lead member for children's services",
        location="Civic Centre",
        present=[member],
        others_present="Cllr B, opposition spokesperson\n\n  Guest  speaker ",
    )
    assert meeting.title == "Partnership board"
    assert list(meeting.present.all()) == [member]
    assert meeting.others_present == "Cllr B, opposition spokesperson\nGuest speaker"
    [event] = events(AuditAction.CREATE, "strategy.boardmeeting")
    assert event.details["held_on"] == "2026-06-10"
    assert event.details["present"] == [{"id": member.pk, "name": str(member)}]


def test_a_meeting_with_every_mistake_is_refused_with_every_message(lead: User) -> None:
    BoardMeetingFactory(title="Board", held_on=datetime.date(2026, 6, 10))
    gone = StaffMemberFactory(is_active=False)
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(
            actor=lead, title="board", held_on=datetime.date(2026, 6, 10), chair=" ", present=[gone]
        )
    assert set(refused.value.message_dict) == {"title", "chair", "present"}
    assert "already a meeting called" in refused.value.message_dict["title"][0]
    assert "no longer in post" in refused.value.message_dict["present"][0]
    assert BoardMeeting.objects.count() == 1


def test_changing_a_meeting_keeps_those_present_who_have_since_left(
    lead: User, meeting: BoardMeeting
) -> None:
    gone, staying, new = StaffMemberFactory(), StaffMemberFactory(), StaffMemberFactory()
    meeting.present.set([gone, staying])
    gone.is_active = False
    gone.save()
    services.meeting_update(
        actor=lead,
        meeting=meeting,
        title=meeting.title,
        held_on=meeting.held_on,
        chair=meeting.chair,
        location=meeting.location,
        present=[new],
    )
    assert set(meeting.present.all()) == {gone, new}
    [event] = events(AuditAction.UPDATE, "strategy.boardmeeting")
    assert event.details["changed"] == ["present"]


def test_a_meetings_date_cannot_reach_the_meeting_whose_minutes_it_approved(
    lead: User, meeting: BoardMeeting
) -> None:
    minutes = ApprovedMinutesFactory(meeting=meeting)
    assert minutes.approved_at is not None
    with pytest.raises(ValidationError, match="its date must be after that"):
        services.meeting_update(
            actor=lead,
            meeting=minutes.approved_at,
            title=minutes.approved_at.title,
            held_on=meeting.held_on,
            chair="Cllr",
        )


# --- Agenda items -------------------------------------------------------------------------------


def test_agenda_items_take_the_next_position_and_keep_only_their_subjects_link(
    lead: User, meeting: BoardMeeting
) -> None:
    objective = objective_with_overdue_milestone()
    first = services.agenda_item_create(actor=lead, meeting=meeting, title="Welcome")
    second = services.agenda_item_create(
        actor=lead,
        meeting=meeting,
        title=" Oral  health ",
        subject=AgendaSubject.OBJECTIVE,
        objective=objective,
        risk=None,
        notes=" Paper A ",
    )
    assert (first.position, second.position) == (1, 2)
    assert (second.title, second.objective, second.notes) == ("Oral health", objective, "Paper A")
    event = events(AuditAction.CREATE, "strategy.agendaitem")[-1]
    assert event.details["about"] == {"id": objective.pk, "name": objective.title}

    # An objective chosen in its select but "nothing in particular" chosen: the link is dropped.
    services.agenda_item_update(
        actor=lead,
        item=second,
        title="Oral health",
        subject="",
        objective=objective,
        notes="Paper A",
    )
    second.refresh_from_db()
    assert second.subject == ""
    assert second.objective is None
    [update] = events(AuditAction.UPDATE, "strategy.agendaitem")
    assert update.details["changed"] == ["objective", "subject"]


@pytest.mark.parametrize(
    ("subject", "field", "words"),
    [
        (AgendaSubject.OBJECTIVE, "objective", "the objective"),
        (AgendaSubject.RISK, "risk", "the risk"),
        (AgendaSubject.APPRAISAL, "appraisal", "the appraisal"),
        (AgendaSubject.ALLOCATION_RUN, "allocation_run", "the allocation run"),
        (AgendaSubject.SURVEY_ROUND, "survey_round", "the survey round"),
    ],
)
def test_a_subject_without_its_choice_is_refused(
    lead: User, meeting: BoardMeeting, subject: str, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_create(actor=lead, meeting=meeting, title="", subject=subject)
    assert refused.value.message_dict == {
        field: [f"Choose {words} this item is about"],
        "title": ["Enter the agenda item's title"],
    }
    assert not AgendaItem.objects.exists()


def test_an_unknown_subject_is_refused(lead: User, meeting: BoardMeeting) -> None:
    with pytest.raises(ValidationError, match="Choose what the item is about"):
        services.agenda_item_create(actor=lead, meeting=meeting, title="X", subject="budget")


# --- Actions ------------------------------------------------------------------------------------


def test_an_action_is_recorded_open_and_audited(
    lead: User, meeting: BoardMeeting, owner: StaffMember
) -> None:
    action = services.board_action_create(
        actor=lead, meeting=meeting, description=" Report back ", owner=owner, due_on=days_ago(-5)
    )
    assert (action.status, action.description, action.done_on) == ("open", "Report back", None)
    [event] = events(AuditAction.CREATE, "strategy.boardaction")
    assert event.details["owner"] == {"id": owner.pk, "name": str(owner)}


def test_an_action_with_every_mistake_is_refused(lead: User, meeting: BoardMeeting) -> None:
    gone = StaffMemberFactory(is_active=False)
    elsewhere = AgendaItem.objects.create(meeting=BoardMeetingFactory(), position=1, title="X")
    with pytest.raises(ValidationError) as refused:
        services.board_action_create(
            actor=lead,
            meeting=meeting,
            description=" ",
            owner=gone,
            due_on=meeting.held_on - datetime.timedelta(days=1),
            agenda_item=elsewhere,
        )
    assert set(refused.value.message_dict) == {"description", "owner", "due_on", "agenda_item"}
    assert "on or after the meeting" in refused.value.message_dict["due_on"][0]
    assert not BoardAction.objects.exists()


def test_done_records_today_unless_a_past_date_is_given_and_reopening_clears_it(
    owner_user: User, action: BoardAction
) -> None:
    services.board_action_update(actor=owner_user, action=action, status="done")
    assert action.done_on == days_ago(0)
    services.board_action_update(actor=owner_user, action=action, status="open")
    assert action.done_on is None
    services.board_action_update(
        actor=owner_user, action=action, status="done", done_on=days_ago(3), update="Sent"
    )
    action.refresh_from_db()
    assert (action.status, action.done_on, action.update) == ("done", days_ago(3), "Sent")
    updates = events(AuditAction.UPDATE, "strategy.boardaction")
    assert len(updates) == 3
    assert updates[-1].details["to"]["done_on"] == str(days_ago(3))


def test_a_done_date_in_the_future_or_before_the_meeting_is_refused(
    owner_user: User, action: BoardAction
) -> None:
    with pytest.raises(ValidationError, match="today or in the past"):
        services.board_action_update(
            actor=owner_user, action=action, status="done", done_on=days_ago(-1)
        )
    with pytest.raises(ValidationError, match="on or after the meeting that set it"):
        services.board_action_update(
            actor=owner_user, action=action, status="done", done_on=days_ago(31)
        )
    with pytest.raises(ValidationError, match="open or done"):
        services.board_action_update(actor=owner_user, action=action, status="finished")
    action.refresh_from_db()
    assert (action.status, action.done_on) == ("open", None)
    assert not events(AuditAction.UPDATE, "strategy.boardaction")


# --- Minutes ------------------------------------------------------------------------------------


def test_minutes_are_drafted_changed_then_approved_at_a_later_meeting_and_locked(
    lead: User, meeting: BoardMeeting
) -> None:
    minutes = minutes_services.minutes_save(actor=lead, meeting=meeting, text=" Draft one ")
    assert (minutes.text, minutes.status) == ("Draft one", MinutesStatus.DRAFT)
    minutes_services.minutes_save(actor=lead, meeting=meeting, text="Draft two")
    later = BoardMeetingFactory(held_on=days_ago(2))
    minutes_services.minutes_approve(actor=lead, minutes=minutes, at_meeting=later)
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approved_at, minutes.approved_by) == ("approved", later, lead)
    assert len(events(AuditAction.CREATE, "strategy.minutes")) == 1
    assert [e.details["changed"] for e in events(AuditAction.UPDATE, "strategy.minutes")] == [
        ["text"],
        ["approved_at", "approved_by", "status"],
    ]

    locked = f"These minutes were approved at the meeting of {later.held_on.day} "
    with pytest.raises(ValidationError, match=locked):
        minutes_services.minutes_save(actor=lead, meeting=meeting, text="Rewritten")
    with pytest.raises(ValidationError, match="are locked"):
        minutes_services.minutes_approve(actor=lead, minutes=minutes, at_meeting=later)
    assert Minutes.objects.get().text == "Draft two"
    assert len(events(AuditAction.UPDATE, "strategy.minutes")) == 2


def test_minutes_are_approved_only_at_a_later_meeting_already_held(
    lead: User, meeting: BoardMeeting
) -> None:
    minutes = MinutesFactory(meeting=meeting)
    earlier = BoardMeetingFactory(held_on=days_ago(40))
    upcoming = BoardMeetingFactory(held_on=days_ago(-7))
    for at, message in [
        (earlier, "Choose a meeting held after"),
        (meeting, "Choose a meeting held after"),
        (upcoming, "has been held"),
    ]:
        with pytest.raises(ValidationError, match=message):
            minutes_services.minutes_approve(actor=lead, minutes=minutes, at_meeting=at)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT


def test_empty_minutes_are_refused(lead: User, meeting: BoardMeeting) -> None:
    with pytest.raises(ValidationError, match="Enter the minutes"):
        minutes_services.minutes_save(actor=lead, meeting=meeting, text="  ")
    assert not Minutes.objects.exists()
