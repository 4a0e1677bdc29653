"""The merged chronology in a real browser, beside the journey in test_safeguarding_journeys (a
lead professional filters and prints it): reached from the child's page by its link; its entries
a table on a desktop and stacked on a phone 320 px wide; a filter with a mistake in it, its error
summary linked to the field; and without JavaScript, the filter and the printable version work
as plain pages. Each state checked for sideways scrolling and by axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from childtrust.accounts.models import Role
from tests.browser.accessibility import assert_accessible, assert_accessible_without_javascript
from tests.browser.journeys import sign_in, sign_in_without_javascript
from tests.browser.page_survey import too_wide
from tests.children.factories import ChildFactory, InvolvementFactory, staff_user
from tests.safeguarding.factories_chronology import full_history

PHONE = {"width": 320, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def _looked_at(page: Page) -> None:
    assert too_wide(page) is None
    assert_accessible(page)


def _when_cell_display(page: Page) -> str:
    cell = page.locator('td[data-label="When"]').first
    return str(cell.evaluate("(cell) => getComputedStyle(cell).display"))


def test_a_practitioner_opens_the_chronology_from_the_childs_page_and_corrects_a_filter(
    page: Page,
) -> None:
    user = staff_user(Role.PRACTITIONER)
    history = full_history(ChildFactory(given_name="Ivy", family_name="Trelawney"))
    InvolvementFactory(child=history.child, practitioner=user.staff_member)
    sign_in(page, user.username)
    page.set_viewport_size(PHONE)
    page.goto(f"/children/{history.child.reference}/")
    page.get_by_role("link", name="Safeguarding chronology").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding chronology")
    expect(page.get_by_text("Restricted by City Police").first).to_be_visible()
    assert _when_cell_display(page) == "block"  # stacked on a phone
    _looked_at(page)
    page.set_viewport_size(DESKTOP)
    assert _when_cell_display(page) == "table-cell"  # a table on a desktop
    page.set_viewport_size(PHONE)

    page.get_by_text("Filter", exact=True).click()
    page.get_by_label("Kind of entry").select_option(label="Alert")
    from_date = page.get_by_role("group", name="From")
    from_date.get_by_label("Day").fill("31")
    from_date.get_by_label("Month").fill("2")
    from_date.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Apply filter").click()
    expect(page).to_have_title(re.compile(r"^Error: Safeguarding chronology"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The from date must be a real date")
    expect(page.get_by_text(re.compile(r"entries match the filter"))).to_be_visible()
    _looked_at(page)

    summary.get_by_role("link", name="The from date must be a real date").click()
    from_date = page.get_by_role("group", name="From")
    from_date.get_by_label("Day").fill("7")
    from_date.get_by_label("Month").fill("11")
    page.get_by_role("button", name="Apply filter").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.get_by_text("2 of ")).to_be_visible()
    _looked_at(page)


def test_without_javascript_the_filter_and_the_printable_version_are_plain_pages(
    new_context: CreateContextCallback, page: Page
) -> None:
    user = staff_user(Role.FRONT_DOOR)
    history = full_history()
    no_js = sign_in_without_javascript(new_context, user.username)
    no_js.set_viewport_size(PHONE)
    no_js.goto(f"/safeguarding/children/{history.child.reference}/chronology/")
    no_js.get_by_text("Filter", exact=True).click()
    no_js.get_by_label("Oldest first").check()
    no_js.get_by_role("button", name="Apply filter").click()
    expect(no_js).to_have_url(re.compile(r"order=oldest"))
    assert too_wide(no_js) is None
    assert_accessible_without_javascript(no_js, page)

    no_js.get_by_role("link", name="Printable version").click()
    expect(no_js.get_by_text("Official-sensitive").first).to_be_visible()
    expect(no_js.get_by_text(re.compile(r"^Printed by "))).to_be_visible()
    assert too_wide(no_js) is None
    assert_accessible_without_javascript(no_js, page)
