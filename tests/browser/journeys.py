"""Steps that many browser journeys share."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from tests.browser.accessibility import assert_accessible
from tests.factories import TEST_PASSWORD


def sign_in(page: Page, username: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the form, as a person would, and land on the home page."""
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in as")).to_be_visible()


def sign_in_without_javascript(new_context: CreateContextCallback, username: str) -> Page:
    """A new page with JavaScript switched off, signed in through the form as `username`."""
    page = new_context(java_script_enabled=False).new_page()
    page.set_default_timeout(10_000)
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in as")).to_be_visible()
    return page


def open_section(page: Page, section: str, side_page: str | None = None) -> None:
    """Open a section from the header's service navigation and, if named, one of its pages from
    the section's side navigation."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=section).click()
    if side_page is not None:
        side = page.get_by_role("navigation", name=f"{section} section")
        side.get_by_role("link", name=side_page, exact=True).click()


def visit(page: Page, path: str) -> None:
    """Open a page, check it answered, and check its accessibility."""
    response = page.goto(path)
    assert response is not None
    assert response.ok, f"{path} answered {response.status}"
    assert_accessible(page)


def summary_value(page: Page, key: str) -> Locator:
    """The value beside `key` in a GOV.UK summary list."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key").get_by_text(key, exact=True)
    )
    return row.locator(".govuk-summary-list__value")


def choose_person(page: Page, label: str, name: str) -> None:
    """Choose a person in the people autocomplete (core/static/childtrust/person-autocomplete.js)
    as someone would: type their name, then pick them from the matches. Waits for the grouped
    select to become the autocomplete's box, so the step never races the script."""
    box = page.get_by_label(label, exact=True).and_(page.locator("input"))
    box.fill(name)
    page.get_by_role("option").filter(has_text=name).first.click()
