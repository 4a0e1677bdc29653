"""Steps the workforce's browser tests share: each page met is checked for accessibility and for
sideways scrolling at 320 px, as it is (with its data, its error summary)."""

from __future__ import annotations

import datetime
import re
from http.client import HTTPConnection
from urllib.parse import urlsplit

from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.accessibility import assert_accessible

NARROW: ViewportSize = {"width": 320, "height": 800}
# The live server's first answer in a worker loads every URL pattern, view and template it
# needs: seconds on a busy machine, longer than a page's 10 seconds with two workers and their
# browsers starting at once. It is asked once before the browser, with time to spare.
FIRST_ANSWER_SECONDS = 120


def warm_up(server_url: str) -> None:
    """Ask the live server for the sign-in page once, outside the browser."""
    address = urlsplit(server_url)
    connection = HTTPConnection(address.netloc, timeout=FIRST_ANSWER_SECONDS)
    try:
        connection.request("GET", "/sign-in/")
        # Only to warm the server: the tests themselves check every page they open (on CI the
        # first answer was not a 200, which the journeys' own sign-in then dealt with).
        connection.getresponse().read()
    finally:
        connection.close()


def day_words(day: datetime.date) -> str:
    """The service's one date format: 30 September 2025."""
    return f"{day.day} {day:%B %Y}"


def check(page: Page) -> None:
    """The page as it is now passes the accessibility check (once per kind of page in the run)
    and does not scroll sideways at 320 px; the width is put back afterwards."""
    assert_accessible(page)
    wide = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        sideways = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not sideways, f"{page.url} scrolls sideways at 320 px"
    finally:
        if wide is not None:
            page.set_viewport_size(wide)


def visit_and_check(page: Page, path: str) -> None:
    """Open a page, check it answered, then `check` it."""
    response = page.goto(path)
    assert response is not None
    assert response.ok, f"{path} answered {response.status}"
    check(page)


def status_of(page: Page, path: str) -> int:
    response = page.goto(path)
    assert response is not None
    return response.status


def fill_date(page: Page, group: str, day: datetime.date) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month", exact=True).fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def refused_with(page: Page, message: str) -> None:
    """The error summary names the problem and has the focus, and the title says Error."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(message)
    expect(page).to_have_title(re.compile("^Error: "))
