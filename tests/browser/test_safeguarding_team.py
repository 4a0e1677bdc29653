"""The Team Around the Child in a real browser on a phone 320 px wide, each page and error state
checked for sideways scrolling and by axe-core: a practitioner starts a team (its errors first),
adds a member with the people autocomplete, adds an action, records a review and steps the team
up; a member without JavaScript marks their own action done from their teams. The crawl of every
demo page is test_every_page_at_320's."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from childtrust.accounts.models import Role
from childtrust.safeguarding.models import PlanAction, Referral, TeamAroundChild
from tests.browser.accessibility import assert_accessible, assert_accessible_without_javascript
from tests.browser.journeys import choose_person, sign_in, sign_in_without_javascript
from tests.browser.page_survey import too_wide
from tests.children.factories import ChildFactory, InvolvementFactory, staff_user
from tests.safeguarding.factories_team import PlanActionFactory, lead_user, member_of

PHONE = {"width": 320, "height": 800}


def _looked_at(page: Page) -> None:
    assert too_wide(page) is None
    assert_accessible(page)


def _fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=re.compile(legend))
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_practitioner_runs_a_team_around_a_child_on_a_phone(page: Page) -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory(given_name="Maya", family_name="Okafor")
    InvolvementFactory(child=child, practitioner=user.staff_member)
    # A name holding markup is shown as text in the autocomplete's suggestions, not as HTML.
    nurse = staff_user(Role.PRACTITIONER, family_name="Ng <i>Lee</i>").staff_member
    today = timezone.localdate()
    sign_in(page, user.username)
    page.set_viewport_size(PHONE)

    page.goto(f"/safeguarding/children/{child.reference}/team/")
    _looked_at(page)
    page.get_by_role("link", name="Start a team around the child").click()
    page.get_by_label("Their role").fill("")
    page.get_by_role("button", name="Start the team").click()
    expect(page).to_have_title(re.compile(r"^Error: Start a team around the child"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the team started")
    _looked_at(page)
    page.get_by_label("Their role").fill("Family support worker")
    _fill_date(page, "Team started on", today)
    page.get_by_role("button", name="Start the team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team around the child")
    assert TeamAroundChild.objects.get().lead_professional == user.staff_member
    _looked_at(page)

    page.get_by_role("link", name="Add a member").click()
    choose_person(page, "Practitioner", nurse.full_name)
    assert page.locator(".autocomplete__wrapper i").count() == 0
    page.get_by_label("Their role in the team").fill("School nurse")
    _fill_date(page, "Joined on", today)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#members")).to_be_visible()
    expect(page.get_by_text("Involvement not yet recorded")).to_be_visible()

    page.get_by_role("link", name="Add an action").click()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error: Add an action"))
    _looked_at(page)
    page.get_by_label("Action").fill("Arrange a hearing test")
    choose_person(page, "Who owns it", nurse.full_name)
    _fill_date(page, "Due on", today + datetime.timedelta(days=7))
    page.get_by_role("button", name="Save").click()
    expect(page.locator('td[data-label="Action"]')).to_have_text("Arrange a hearing test")
    _looked_at(page)

    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("Progress").fill("Attendance up to 92%.")
    _fill_date(page, "Review held on", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Attendance up to 92%.")).to_be_visible()

    page.get_by_role("link", name="Step up to children's social care").click()
    page.get_by_role("button", name="Step up and refer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the team is stepping")
    _looked_at(page)
    page.get_by_label("Why").fill("Bruising seen twice this week.")
    page.get_by_role("button", name="Step up and refer").click()
    expect(page.get_by_text("Stepped up to children's social care")).to_be_visible()
    assert Referral.objects.get().child == child


def test_a_member_marks_their_action_done_without_javascript(
    new_context: CreateContextCallback, page: Page
) -> None:
    _lead, team = lead_user()
    member = member_of(team)
    action = PlanActionFactory(
        team=team,
        owner=member.staff_member,
        action="Home visit",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    quiet = sign_in_without_javascript(new_context, member.username)
    quiet.set_viewport_size(PHONE)
    quiet.goto("/safeguarding/teams/")
    expect(quiet.get_by_text("1 overdue")).to_be_visible()
    assert too_wide(quiet) is None
    assert_accessible_without_javascript(quiet, page)
    quiet.get_by_role("link", name=f"Team around {team.child.reference}").click()
    quiet.get_by_role("link", name=re.compile(r"Mark done\s*:\s*Home visit")).click()
    quiet.get_by_role("button", name="Save").click()
    expect(quiet.get_by_text("The action is marked done.")).to_be_visible()
    assert too_wide(quiet) is None
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert PlanAction.objects.filter(done_on__isnull=True).count() == 0
