"""The partnership board's pages: every role reads the meetings, a meeting and the action tracker;
only the keepers reach the forms (an action's owner reaches their own action's update); bad input
gets every message with nothing written; approved minutes show no edit link and refuse a POST;
the tracker filters without JavaScript and downloads a formula-safe CSV; the selectors take a
fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from childtrust.accounts.models import Role, User
from childtrust.strategy.models import AgendaItem, BoardAction, BoardMeeting, Minutes
from childtrust.strategy.selectors import board as selectors
from tests.conftest import ALL_ROLES
from tests.factories import StaffMemberFactory, UserFactory
from tests.strategy.factories_board import (
    AgendaItemFactory,
    ApprovedMinutesFactory,
    BoardActionFactory,
    BoardMeetingFactory,
    DoneBoardActionFactory,
    MinutesFactory,
    days_ago,
)
from tests.strategy.factories_change import DecisionFactory, RiskFactory
from tests.strategy.plan_setup import objective_with_overdue_milestone

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _as(role: Role) -> Client:
    return _client(UserFactory(role=role))


@pytest.fixture
def meeting() -> BoardMeeting:
    meeting = BoardMeetingFactory(title="Partnership board", held_on=days_ago(30))
    objective = objective_with_overdue_milestone()
    AgendaItemFactory(
        meeting=meeting, title="Oral health", subject="objective", objective=objective
    )
    BoardActionFactory(meeting=meeting, description="Report on brushing", due_on=days_ago(3))
    MinutesFactory(meeting=meeting, text="The board agreed.")
    return meeting


def _keeper_pages(meeting: BoardMeeting) -> list[str]:
    item = meeting.agenda.get()
    return [
        "/plan/board/meetings/new/",
        f"/plan/board/meetings/{meeting.pk}/edit/",
        f"/plan/board/meetings/{meeting.pk}/agenda/new/",
        f"/plan/board/agenda/{item.pk}/edit/",
        f"/plan/board/meetings/{meeting.pk}/actions/new/",
        f"/plan/board/meetings/{meeting.pk}/minutes/",
        f"/plan/board/meetings/{meeting.pk}/minutes/approve/",
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_the_meetings_a_meeting_and_the_tracker(
    role: Role, meeting: BoardMeeting
) -> None:
    client = _as(role)
    listing = client.get("/plan/board/").content.decode()
    assert "Partnership board" in listing
    assert "Draft" in listing
    page = client.get(f"/plan/board/meetings/{meeting.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Overdue by 3 days" in text
    assert f'href="/plan/objectives/{meeting.agenda.get().objective_id}/"' in text
    assert "The board agreed." in text
    assert ("Change the draft minutes" in text) == (role in KEEPERS)
    tracker = client.get("/plan/board/actions/")
    assert tracker.status_code == 200
    assert "Report on brushing" in tracker.content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_keepers_reach_the_boards_forms(role: Role, meeting: BoardMeeting) -> None:
    client = _as(role)
    for url in _keeper_pages(meeting):
        assert client.get(url).status_code == (200 if role in KEEPERS else 403), url
        if role not in KEEPERS:
            assert client.post(url, {"title": "X", "text": "X"}).status_code == 403
    if role not in KEEPERS:
        assert Minutes.objects.get().text == "The board agreed."
        assert BoardMeeting.objects.count() == 1


@pytest.mark.parametrize("role", ALL_ROLES)
def test_an_actions_update_page_is_for_the_keepers_and_its_owner(
    role: Role, meeting: BoardMeeting
) -> None:
    action = meeting.actions.get()
    response = _as(role).post(f"/plan/board/actions/{action.pk}/", {"status": "done"})
    if role in KEEPERS:
        assert response.status_code == 302
        assert BoardAction.objects.get().status == "done"
    else:
        assert response.status_code == 403
        assert BoardAction.objects.get().status == "open"


def test_the_owner_updates_their_own_action_from_the_page_but_not_anothers(
    meeting: BoardMeeting,
) -> None:
    user = UserFactory(role=Role.PRACTITIONER)
    mine = BoardActionFactory(meeting=meeting, owner=StaffMemberFactory(user=user))
    other = meeting.actions.exclude(pk=mine.pk).get()
    client = _client(user)
    page = client.get(f"/plan/board/meetings/{meeting.pk}/").content.decode()
    assert f"/plan/board/actions/{mine.pk}/" in page
    assert f"/plan/board/actions/{other.pk}/" not in page
    response = client.post(
        f"/plan/board/actions/{mine.pk}/?back=tracker", {"status": "open", "update": "Half done"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/plan/board/actions/"
    assert BoardAction.objects.get(pk=mine.pk).update == "Half done"
    assert client.get(f"/plan/board/actions/{other.pk}/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(meeting: BoardMeeting) -> None:
    for url in ["/plan/board/", f"/plan/board/meetings/{meeting.pk}/", "/plan/board/actions/"]:
        assert Client().get(url).status_code == 302


def test_a_missing_meeting_is_404() -> None:
    assert _as(Role.STRATEGIC_LEAD).get("/plan/board/meetings/999/").status_code == 404


# --- Forms: bad input ---------------------------------------------------------------------------


def test_a_meeting_without_a_date_or_chair_shows_every_message_and_writes_nothing() -> None:
    client = _as(Role.STRATEGIC_LEAD)
    response = client.post("/plan/board/meetings/new/", {"title": "Board", "held_on_day": "4"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "The date of the meeting must include a month and a year" in page
    assert "Enter who chaired the meeting" in page
    assert not BoardMeeting.objects.exists()


def test_a_meeting_is_recorded_from_the_form_with_those_present() -> None:
    member = StaffMemberFactory()
    response = _as(Role.STRATEGIC_LEAD).post(
        "/plan/board/meetings/new/",
        {
            "title": "Partnership board",
            "held_on_day": "10",
            "held_on_month": "6",
            "held_on_year": "2026",
            "chair": "Councillor A",
            "present": [str(member.pk)],
            "others_present": "Guest",
        },
    )
    meeting = BoardMeeting.objects.get()
    assert response["Location"] == f"/plan/board/meetings/{meeting.pk}/"
    assert list(meeting.present.all()) == [member]


def test_an_agenda_item_about_an_objective_without_choosing_one_is_refused(
    meeting: BoardMeeting,
) -> None:
    client = _as(Role.STRATEGIC_LEAD)
    form = client.get(f"/plan/board/meetings/{meeting.pk}/agenda/new/").content.decode()
    assert "govuk-radios__conditional" in form  # every select present, revealed with JS
    response = client.post(
        f"/plan/board/meetings/{meeting.pk}/agenda/new/", {"title": "", "subject": "risk"}
    )
    page = response.content.decode()
    assert "Enter the agenda item&#x27;s title" in page
    assert "Choose the risk this item is about" in page
    assert AgendaItem.objects.count() == 1


def test_an_agenda_item_uses_only_the_chosen_subjects_select(meeting: BoardMeeting) -> None:
    objective = meeting.agenda.get().objective
    assert objective is not None
    response = _as(Role.STRATEGIC_LEAD).post(
        f"/plan/board/meetings/{meeting.pk}/agenda/new/",
        {"title": "Any other business", "subject": "", "objective": str(objective.pk)},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Any other business")
    assert item.position == meeting.agenda.get(title="Oral health").position + 1
    assert item.objective is None


def test_an_action_with_bad_input_shows_every_message(meeting: BoardMeeting) -> None:
    response = _as(Role.STRATEGIC_LEAD).post(
        f"/plan/board/meetings/{meeting.pk}/actions/new/",
        {"description": "", "owner": "", "due_on_day": "31", "due_on_month": "2"},
    )
    page = response.content.decode()
    for message in ["Enter what is to be done", "Choose who will do it", "must include a year"]:
        assert message in page
    assert BoardAction.objects.count() == 1


def test_an_action_due_before_its_meeting_is_refused_by_the_service(
    meeting: BoardMeeting,
) -> None:
    owner = StaffMemberFactory()
    before = days_ago(31)
    response = _as(Role.STRATEGIC_LEAD).post(
        f"/plan/board/meetings/{meeting.pk}/actions/new/",
        {
            "description": "Late",
            "owner": str(owner.pk),
            "due_on_day": str(before.day),
            "due_on_month": str(before.month),
            "due_on_year": str(before.year),
        },
    )
    assert "The due date must be on or after the meeting" in response.content.decode()
    assert BoardAction.objects.count() == 1


def test_a_done_date_in_the_future_is_refused_on_the_page(meeting: BoardMeeting) -> None:
    action = meeting.actions.get()
    tomorrow = days_ago(-1)
    response = _as(Role.STRATEGIC_LEAD).post(
        f"/plan/board/actions/{action.pk}/",
        {
            "status": "done",
            "done_on_day": str(tomorrow.day),
            "done_on_month": str(tomorrow.month),
            "done_on_year": str(tomorrow.year),
        },
    )
    assert "The date it was done must be today or in the past" in response.content.decode()
    assert BoardAction.objects.get().status == "open"


# --- Minutes ------------------------------------------------------------------------------------


def test_approving_minutes_offers_only_later_meetings_already_held(meeting: BoardMeeting) -> None:
    BoardMeetingFactory(title="Earlier board", held_on=days_ago(60))
    later = BoardMeetingFactory(title="Later board", held_on=days_ago(2))
    BoardMeetingFactory(title="Next board", held_on=days_ago(-20))
    client = _as(Role.STRATEGIC_LEAD)
    page = client.get(f"/plan/board/meetings/{meeting.pk}/minutes/approve/").content.decode()
    assert "Later board" in page
    assert "Earlier board" not in page
    assert "Next board" not in page
    response = client.post(
        f"/plan/board/meetings/{meeting.pk}/minutes/approve/", {"at_meeting": str(later.pk)}
    )
    assert response.status_code == 302
    assert Minutes.objects.get().approved_at == later


def test_approved_minutes_show_no_edit_link_and_refuse_a_post() -> None:
    minutes = ApprovedMinutesFactory(text="Agreed.")
    meeting = minutes.meeting
    client = _as(Role.STRATEGIC_LEAD)
    page = client.get(f"/plan/board/meetings/{meeting.pk}/").content.decode()
    assert "Approved minutes are locked" in page
    assert f"/plan/board/meetings/{meeting.pk}/minutes/" not in page
    response = client.post(f"/plan/board/meetings/{meeting.pk}/minutes/", {"text": "Rewritten"})
    assert response.status_code == 200
    assert "These minutes were approved at the meeting of" in response.content.decode()
    response = client.post(
        f"/plan/board/meetings/{meeting.pk}/minutes/approve/",
        {"at_meeting": str(minutes.approved_at.pk)},
    )
    page = response.content.decode()
    assert page.count("<title>Error: ") == 1
    summary = page[page.index("govuk-error-summary__list") :]
    assert re.search(
        r'<a href="#non-field">These minutes were approved at [^<]* are locked</a>', summary
    )
    assert 'id="non-field"' in page
    assert Minutes.objects.get().text == "Agreed."
    assert Minutes.objects.get().approved_at == minutes.approved_at


def test_approving_minutes_without_choosing_a_meeting_is_refused(meeting: BoardMeeting) -> None:
    BoardMeetingFactory(title="Later board", held_on=days_ago(2))
    response = _as(Role.STRATEGIC_LEAD).post(
        f"/plan/board/meetings/{meeting.pk}/minutes/approve/", {}
    )
    page = response.content.decode()
    assert page.count("<title>Error: ") == 1
    assert "Choose the meeting that approved the minutes" in page
    assert Minutes.objects.get().status == "draft"


def test_the_meeting_page_links_its_risks_and_decisions() -> None:
    meeting = BoardMeetingFactory(held_on=days_ago(30))
    risk = RiskFactory(title="Recruitment")
    AgendaItemFactory(meeting=meeting, title="Risks", subject="risk", risk=risk)
    decision = DecisionFactory(title="Pool", meeting=meeting, decided_on=meeting.held_on)
    page = _as(Role.PRACTITIONER).get(f"/plan/board/meetings/{meeting.pk}/").content.decode()
    assert f'href="/plan/risks/{risk.pk}/">{risk.reference} Recruitment</a>' in page
    assert f'href="/plan/decisions/{decision.pk}/">Pool</a>' in page


# --- The tracker --------------------------------------------------------------------------------


def test_the_tracker_filters_open_overdue_and_done() -> None:
    BoardActionFactory(description="Overdue one", due_on=days_ago(5))
    BoardActionFactory(description="Open one", due_on=days_ago(-5))
    DoneBoardActionFactory(description="Done one")
    client = _as(Role.PRACTITIONER)

    def shown(query: str) -> set[str]:
        page = client.get(f"/plan/board/actions/{query}").content.decode()
        return {d for d in ["Overdue one", "Open one", "Done one"] if d in page}

    assert shown("") == {"Overdue one", "Open one"}
    assert shown("?show=overdue") == {"Overdue one"}
    assert shown("?show=done") == {"Done one"}
    assert shown("?show=all") == {"Overdue one", "Open one", "Done one"}
    assert "Overdue by 5 days" in client.get("/plan/board/actions/").content.decode()


def test_the_actions_csv_is_formula_safe() -> None:
    BoardActionFactory(description='=HYPERLINK("http://x")', due_on=days_ago(2))
    response = _as(Role.AUDITOR).get("/plan/board/actions/download/?show=open")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert "Overdue by 2 days" in body


# --- Selectors ----------------------------------------------------------------------------------


def test_a_meeting_with_everything_takes_the_same_queries_whatever_its_size(
    meeting: BoardMeeting,
) -> None:
    meeting.present.add(StaffMemberFactory())

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            found = selectors.meeting_with_everything(meeting.pk)
            assert found is not None
            for item in found.agenda.all():
                _ = (item.objective, item.risk, item.appraisal, item.survey_round)
            for action in found.actions.all():
                _ = (action.owner.agency, action.agenda_item)
            _ = [p.agency for p in found.present.all()]
            _ = list(found.decisions.all())
            selectors.minutes_of(found)
        return len(queries)

    small = count()
    for _ in range(3):
        AgendaItemFactory(meeting=meeting)
        BoardActionFactory(meeting=meeting)
        meeting.present.add(StaffMemberFactory())
    assert count() == small


def test_meeting_latest_is_the_last_held_else_the_next() -> None:
    assert selectors.meeting_latest() is None
    upcoming = BoardMeetingFactory(held_on=days_ago(-10))
    assert selectors.meeting_latest() == upcoming
    held = BoardMeetingFactory(held_on=days_ago(10))
    BoardMeetingFactory(held_on=days_ago(40))
    assert selectors.meeting_latest() == held


def test_action_timing_in_words() -> None:
    today = days_ago(0)
    assert selectors.action_timing(BoardActionFactory.build(due_on=days_ago(1)), today) == (
        "Overdue by 1 day"
    )
    assert selectors.action_timing(BoardActionFactory.build(due_on=today), today) == "Due today"
    assert selectors.action_timing(BoardActionFactory.build(due_on=days_ago(-5)), today) == (
        "Due in 5 days"
    )
    done = DoneBoardActionFactory.build(done_on=days_ago(0).replace(day=2, month=5, year=2027))
    assert selectors.action_timing(done, today) == "Done on 2 May 2027"
