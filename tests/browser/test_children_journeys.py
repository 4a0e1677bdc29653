"""The children's pages in a real browser on a phone 320 px wide, each page and each error state
checked for sideways scrolling (only a table's own region may scroll) and by axe-core: finding
a child, recording a consent override (its reason a conditional reveal, with JavaScript and
without), breaking glass on a shielded child, and merging two children after checking them
side by side. The pages crawled in every demo role are test_every_page_at_320's; these are the
states a crawl by links does not reach (a search's results, a form's errors, a POST's answer)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from childtrust.accounts.models import Role
from childtrust.children.models import BreakGlass, Child, ConsentOutcome, SharingDecision
from childtrust.children.search_keys import child_search_keys_refresh
from tests.browser.accessibility import assert_accessible, assert_accessible_without_javascript
from tests.browser.journeys import sign_in, sign_in_without_javascript
from tests.browser.page_survey import too_wide
from tests.children.factories import (
    EMERGENCY_REASON,
    AgencyRecordFactory,
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    staff_user,
)

PHONE = {"width": 320, "height": 800}


def _looked_at(page: Page) -> None:
    assert too_wide(page) is None
    assert_accessible(page)


def _contact_cell_display(page: Page) -> str:
    cell = page.locator('td[data-label="Contact"]').first
    return str(cell.evaluate("(cell) => getComputedStyle(cell).display"))


def _searchable(child: Child) -> Child:
    child_search_keys_refresh([child])
    return child


def test_the_front_door_finds_a_child_on_a_phone(page: Page) -> None:
    user = staff_user(Role.FRONT_DOOR)
    child = _searchable(ChildFactory(given_name="Amelia", family_name="Ackroyd-Fairweather"))
    AgencyRecordFactory(child=child)
    sign_in(page, user.username)
    page.set_viewport_size(PHONE)
    page.goto("/children/")
    page.get_by_role("button", name="Search").last.click()
    expect(page).to_have_title(re.compile(r"^Error: Find a child "))
    _looked_at(page)

    page.get_by_label("Name", exact=True).fill("Amelia Ackroyd-Fairweather")
    page.get_by_role("button", name="Search").last.click()
    expect(page.get_by_role("heading", name="1 child matches")).to_be_visible()
    _looked_at(page)

    page.get_by_role("link", name="Amelia Ackroyd-Fairweather").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Ackroyd-Fairweather")
    _looked_at(page)


def test_a_practitioner_records_a_consent_override_on_a_phone(page: Page) -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory(given_name="Jack", family_name="Brown")
    InvolvementFactory(child=child, practitioner=user.staff_member, is_lead_professional=True)
    sign_in(page, user.username)
    page.set_viewport_size(PHONE)
    page.goto(f"/children/{child.reference}/")
    assert _contact_cell_display(page) == "block"  # the involvements stack on a phone
    _looked_at(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert _contact_cell_display(page) == "table-cell"  # and are a table on a desktop
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Record a sharing decision").click()
    reason = page.get_by_label("Why consent was overridden")
    expect(reason).to_be_hidden()
    page.get_by_label("Shared without consent (consent overridden)").check()
    expect(reason).to_be_visible()
    _looked_at(page)

    page.get_by_role("button", name="Record the decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what was shared")
    expect(summary).to_contain_text("Enter why consent was overridden")
    expect(reason).to_be_visible()  # still open: "overridden" stays chosen
    _looked_at(page)

    page.get_by_label("What was shared").fill("School attendance")
    page.get_by_label("Shared with", exact=True).fill("Police")
    page.get_by_label("Why it was shared").fill("A strategy discussion")
    page.get_by_label("Public task (article 6(1)(e))").check()
    reason.fill("Asking would put the child at risk of harm")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The information-sharing decision is recorded.")).to_be_visible()
    _looked_at(page)
    decision = SharingDecision.objects.get()
    assert decision.outcome == ConsentOutcome.OVERRIDDEN
    assert decision.override_reason == "Asking would put the child at risk of harm"

    page.get_by_role("link", name="Every view of this child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has viewed this child")
    _looked_at(page)


def test_without_javascript_the_override_reason_is_a_plain_field(
    new_context: CreateContextCallback, page: Page
) -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    InvolvementFactory(child=child, practitioner=user.staff_member)
    no_js = sign_in_without_javascript(new_context, user.username)
    no_js.set_viewport_size(PHONE)
    no_js.goto(f"/children/{child.reference}/sharing/add/")
    expect(no_js.get_by_label("Why consent was overridden")).to_be_visible()
    assert too_wide(no_js) is None
    assert_accessible_without_javascript(no_js, page)


def test_a_team_manager_breaks_glass_on_a_phone(page: Page) -> None:
    user = staff_user(Role.TEAM_MANAGER)
    child = _searchable(ShieldedChildFactory(given_name="Eleanor", family_name="Yates"))
    sign_in(page, user.username)
    page.set_viewport_size(PHONE)
    page.goto("/children/")
    page.get_by_label("Name", exact=True).fill("Eleanor Yates")
    page.get_by_role("button", name="Search").last.click()
    expect(page.get_by_text("A shielded record matches")).to_be_visible()
    _looked_at(page)

    page.get_by_role("link", name=f"Break glass for shielded record {child.reference}").click()
    _looked_at(page)
    page.get_by_role("button", name="Break glass and see the record").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _looked_at(page)

    page.get_by_label("Why do you need to see this record now?").fill(EMERGENCY_REASON)
    page.get_by_role("button", name="Break glass and see the record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eleanor Yates")
    _looked_at(page)
    assert BreakGlass.objects.filter(child=child, user=user).exists()


def test_the_front_door_merges_two_children_after_checking_them_on_a_phone(page: Page) -> None:
    user = staff_user(Role.FRONT_DOOR)
    keep = ChildFactory(given_name="Ava", family_name="Quincey")
    other = ChildFactory(given_name="Ava", family_name="Quincy")
    AgencyRecordFactory(child=keep)
    AgencyRecordFactory(child=other)
    sign_in(page, user.username)
    page.set_viewport_size(PHONE)
    page.goto(f"/children/{keep.reference}/")
    page.get_by_role("link", name="Merge with another child").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the other child's reference"
    )
    _looked_at(page)

    page.get_by_label("The other child's reference").fill(other.reference)
    page.get_by_label("Why are they the same child?").fill("One child: a misspelt family name")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before merging")
    _looked_at(page)

    page.get_by_role("button", name=f"Merge {other.reference} into {keep.reference}").click()
    expect(page).to_have_url(re.compile(f"/children/{keep.reference}/$"))
    other.refresh_from_db()
    assert other.merged_into_id == keep.pk

    page.get_by_role("link", name="Split records off this child").click()
    page.get_by_role("button", name="Split the records off").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _looked_at(page)
