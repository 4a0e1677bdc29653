"""The front door in a real browser on a phone 320 px wide, each page and error state checked
for sideways scrolling and by axe-core: a referral recorded (its errors first), screened,
decided (each decision revealing its own reason, with JavaScript), the referrer told; and a
manager's clocks page. The crawl of every demo page is test_every_page_at_320's."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from childtrust.accounts.models import Role
from childtrust.children.models import Child
from childtrust.children.search_keys import child_search_keys_refresh
from childtrust.safeguarding.models import Referral, ReferralDecision, ReferralStage
from tests.browser.accessibility import assert_accessible, assert_accessible_without_javascript
from tests.browser.journeys import sign_in, sign_in_without_javascript
from tests.browser.page_survey import too_wide
from tests.children.factories import ChildFactory, staff_user
from tests.safeguarding.factories_front_door import (
    ClockFactory,
    DecidedReferralFactory,
    front_door_user,
    manager_line,
)

PHONE = {"width": 320, "height": 800}


def _looked_at(page: Page) -> None:
    assert too_wide(page) is None
    assert_accessible(page)


def test_the_front_door_takes_a_referral_to_its_close_on_a_phone(page: Page) -> None:
    user = front_door_user()
    child = ChildFactory()
    sign_in(page, user.username)
    page.set_viewport_size(PHONE)
    page.goto("/safeguarding/front-door/new/")
    page.get_by_role("button", name="Record it").click()
    expect(page).to_have_title(re.compile(r"^Error: Record a contact or referral"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the child's reference")
    _looked_at(page)

    today = timezone.localdate()
    page.get_by_label("The child", exact=True).fill(child.reference)
    page.get_by_label("Referral", exact=True).check()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Time received").fill("00:05")
    page.get_by_label("Referrer's name").fill("Sam Okafor")
    page.get_by_label("Why is the referrer worried?").fill("Hungry at school all week.")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("The referral is recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Step 1: screen")).to_be_visible()
    _looked_at(page)

    page.get_by_label("Amber").check()
    page.get_by_label("Why this rating?").fill("Known to school and health.")
    page.get_by_role("button", name="Save the rating").click()
    expect(page.get_by_text("The referral is screened.")).to_be_visible()

    reason = page.get_by_label("Reason for 'Child in need assessment (section 17)'")
    expect(reason).to_be_hidden()
    page.get_by_label("Child in need assessment (section 17)", exact=True).check()
    expect(reason).to_be_visible()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for the decision"
    )
    _looked_at(page)
    page.get_by_label("Reason for 'Child in need assessment (section 17)'").fill(
        "Needs support at home."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded.")).to_be_visible()
    _looked_at(page)

    page.get_by_label("How was the referrer told?").fill("By phone")
    page.get_by_role("button", name="Record that they were told").click()
    expect(page.get_by_text("The referral is closed")).to_be_visible()
    assert Referral.objects.get().stage == ReferralStage.CLOSED

    page.goto("/safeguarding/front-door/?stage=closed")
    _looked_at(page)


def _findable(given: str, family: str) -> Child:
    child: Child = ChildFactory(given_name=given, family_name=family)
    child_search_keys_refresh([child])
    return child


def test_a_practitioner_chooses_the_child_by_name_on_a_phone(page: Page) -> None:
    """With JavaScript: the autocomplete suggests the children the search finds by the name
    typed, and the child chosen is the one referred."""
    child = _findable("Olivia", "Smith")
    _findable("Olivia", "<b>Smith</b>")  # a name is shown as text, never as markup
    _findable("Noah", "Jones")
    sign_in(page, staff_user(Role.PRACTITIONER).username)
    page.set_viewport_size(PHONE)
    page.goto("/safeguarding/front-door/new/")
    box = page.get_by_label("The child", exact=True)
    expect(page.get_by_text("Type their name and choose them")).to_be_visible()
    box.press_sequentially("Olivia Smi")
    suggestions = page.locator("#id_child_reference__listbox")
    suggestion = suggestions.get_by_role("option", name=re.compile(f"Smith.*{child.reference}"))
    expect(suggestion).to_be_visible()
    expect(suggestions.get_by_role("option")).to_have_count(2)
    expect(suggestions.get_by_role("option").filter(has_text="<b>Smith</b>")).to_be_visible()
    expect(suggestions.locator("b")).to_have_count(0)
    _looked_at(page)
    suggestion.click()
    expect(box).to_have_value(f"Olivia Smith ({child.reference})")
    page.get_by_label("Referral", exact=True).check()
    page.get_by_label("Why is the referrer worried?").fill("Hungry at school all week.")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("The referral is recorded.")).to_be_visible()
    assert Referral.objects.get().child == child


def test_without_javascript_the_child_is_found_first_then_referred_on_a_phone(
    new_context: CreateContextCallback, page: Page
) -> None:
    """Without JavaScript: the form links to the search; the child's page links back to the
    form with the child filled in."""
    child = _findable("Olivia", "Smith")
    no_js = sign_in_without_javascript(new_context, staff_user(Role.PRACTITIONER).username)
    no_js.set_viewport_size(PHONE)
    no_js.goto("/safeguarding/front-door/new/")
    expect(no_js.get_by_label("The child", exact=True)).to_have_attribute("type", "text")
    assert too_wide(no_js) is None
    assert_accessible_without_javascript(no_js, page)
    no_js.get_by_role("link", name="Find the child first").click()
    no_js.get_by_label("Name").fill("Olivia Smith")
    no_js.locator("#main-content").get_by_role("button", name="Search").click()
    no_js.get_by_role("link", name="Olivia Smith").click()
    no_js.get_by_role("link", name="Refer to the front door").click()
    expect(no_js.get_by_label("The child", exact=True)).to_have_value(child.reference)
    assert too_wide(no_js) is None
    no_js.get_by_label("Referral", exact=True).check()
    no_js.get_by_label("Why is the referrer worried?").fill("Hungry at school all week.")
    no_js.get_by_role("button", name="Record it").click()
    expect(no_js.get_by_text("The referral is recorded.")).to_be_visible()
    assert Referral.objects.get().child == child


def test_a_manager_reads_their_lines_clocks_on_a_phone(page: Page) -> None:
    _head, manager, owner = manager_line()
    today = timezone.localdate()
    ClockFactory(owner=owner.staff_member, due_on=today - datetime.timedelta(days=10))
    ClockFactory(owner=owner.staff_member, due_on=today)
    sign_in(page, manager.username)
    page.set_viewport_size(PHONE)
    page.goto("/safeguarding/clocks/")
    expect(page.get_by_text("working days overdue")).to_be_visible()
    expect(page.get_by_text("due today")).to_be_visible()
    _looked_at(page)


def test_a_conference_form_reveals_the_plans_category_on_a_phone(page: Page) -> None:
    referral = DecidedReferralFactory(decision=ReferralDecision.CHILD_PROTECTION)
    sign_in(page, front_door_user().username)
    page.set_viewport_size(PHONE)
    page.goto(f"/safeguarding/front-door/{referral.pk}/conference/")
    category = page.get_by_label("Category of the child protection plan")
    expect(category).to_be_hidden()
    page.get_by_label("Yes").check()
    expect(category).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error: Record a child protection conference"))
    _looked_at(page)
