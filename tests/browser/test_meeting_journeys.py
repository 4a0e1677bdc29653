"""The partnership board in a real browser, with axe-core checks once per template: a strategic
lead records a meeting (first forgetting its date), adds an agenda item about an objective and
an action, drafts the minutes, approves them at a later meeting and finds them locked; the
action tracker shows the overdue action in words; no board page scrolls sideways at 320 px."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.strategy.models import BoardMeeting, Minutes
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import choose_person, sign_in
from tests.factories import StaffMemberFactory, UserFactory
from tests.strategy.factories_board import BoardActionFactory, BoardMeetingFactory, days_ago
from tests.strategy.plan_setup import objective_with_overdue_milestone


def _fill_date(page: Page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_a_lead_records_a_meeting_its_agenda_action_and_minutes(page: Page) -> None:
    objective_with_overdue_milestone()
    StaffMemberFactory(given_name="Dana", family_name="Owner", job_title="Head of health")
    UserFactory(username="lee", role=Role.STRATEGIC_LEAD)
    later = BoardMeetingFactory(title="Autumn board", held_on=days_ago(1))
    held = days_ago(20)

    sign_in(page, "lee")
    page.goto("/plan/board/")
    assert_accessible(page)
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Title").fill("Summer board")
    page.get_by_label("Chair").fill("Councillor A, lead member for children's services")
    page.get_by_label("Dana Owner, Head of health").check()
    page.get_by_role("button", name="Save the meeting").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("alert")).to_contain_text("Enter the date of the meeting")
    assert_accessible(page)
    _fill_date(page, "Date of the meeting", held.day, held.month, held.year)
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Summer board")
    expect(page.get_by_text("Dana Owner, Head of health")).to_be_visible()
    assert_accessible(page)
    meeting = BoardMeeting.objects.get(title="Summer board")

    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Oral health")
    page.get_by_label("An objective").check()
    page.get_by_label("Objective", exact=True).select_option(label="Healthy teeth")
    assert_accessible(page)
    page.get_by_role("button", name="Save the agenda item").click()
    expect(page.get_by_role("link", name="Healthy teeth")).to_be_visible()

    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What is to be done").fill("Report on brushing clubs")
    choose_person(page, "Owner", "Dana Owner")
    due = days_ago(-14)
    _fill_date(page, "Due date", due.day, due.month, due.year)
    assert_accessible(page)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Report on brushing clubs")).to_be_visible()
    expect(page.get_by_text("Due in 14 days")).to_be_visible()

    page.get_by_role("link", name="Draft the minutes").click()
    page.get_by_label("Minutes").fill("The board agreed to start brushing clubs.")
    assert_accessible(page)
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("link", name="Record their approval at a later meeting").click()
    page.get_by_label("Autumn board").check()
    assert_accessible(page)
    page.get_by_role("button", name="Approve and lock the minutes").click()
    expect(page.get_by_text("Approved minutes are locked")).to_be_visible()
    expect(page.get_by_role("link", name="Change the draft minutes")).to_have_count(0)
    assert Minutes.objects.get(meeting=meeting).approved_at == later

    page.goto(f"/plan/board/meetings/{meeting.pk}/minutes/")
    expect(page.get_by_text("are locked: they cannot be changed")).to_be_visible()
    expect(page.get_by_role("button", name="Save the draft")).to_have_count(0)


def test_the_action_tracker_says_overdue_in_words_and_its_owner_updates_it(page: Page) -> None:
    owner = UserFactory(username="olly", role=Role.PRACTITIONER)
    BoardActionFactory(
        description="Send the attendance letters",
        due_on=days_ago(3),
        owner=StaffMemberFactory(user=owner),
    )
    sign_in(page, "olly")
    page.goto("/plan/board/actions/")
    expect(page.get_by_text("Overdue by 3 days")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Update").click()
    assert_accessible(page)
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Save the progress").click()
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Show actions").click()
    expect(page.get_by_text("Send the attendance letters")).to_be_visible()
    expect(page.get_by_text("Done on")).to_be_visible()


def test_the_board_pages_reflow_at_320_pixels(page: Page) -> None:
    action = BoardActionFactory(description="A long action " * 10, due_on=days_ago(2))
    meeting = action.meeting
    UserFactory(username="lee", role=Role.STRATEGIC_LEAD)
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, "lee")
    for path in (
        "/plan/board/",
        f"/plan/board/meetings/{meeting.pk}/",
        "/plan/board/actions/",
        "/plan/board/meetings/new/",
        f"/plan/board/meetings/{meeting.pk}/agenda/new/",
        f"/plan/board/meetings/{meeting.pk}/actions/new/",
        f"/plan/board/actions/{action.pk}/",
    ):
        page.goto(path)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{path} scrolls sideways at 320 px"
