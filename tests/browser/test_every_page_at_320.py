"""Every page template, in every demo role, on a phone 320 CSS px wide (WCAG 2.2 AA, 1.4.10).

Each test finds every page template its role can open in the demo partnership, by following
links from the home page with Django's test client (page_survey.pages_by_template), and shows
one page of each in a browser at 320 px. A page fails if it scrolls sideways (naming the element
that sticks out), draws a chart under 280 px wide, or fails the accessibility check (target size
included; once per kind of page in the run). Every problem of every page is listed at once.

Quick, as CI's time is short: the demo loads once per worker (inside a transaction rolled back
at the end, each test in a savepoint), not once per test; the browser is given the pages the
crawl already drew, with their headers, and the static files from disk (page_survey.serve_in),
so no live server draws a page twice. One test per role, so that xdist spreads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from playwright.sync_api import Page
from pytest_django import DjangoDbBlocker

from childtrust.accounts.demo import DEMO_USERNAMES
from childtrust.accounts.models import User
from childtrust.demo.loader import demo_partnership_load
from tests.browser.accessibility import assert_accessible
from tests.browser.page_survey import (
    Answer,
    pages_by_template,
    serve_in,
    small_charts,
    too_wide,
)

# Never asked: serve_in answers every request. Localhost, as the live server is, so that the
# browser trusts the origin (and keeps the headers that only a trustworthy origin may use).
ORIGIN = "http://localhost"

PHONE = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def browser_context_args() -> dict[str, Any]:
    """No live server and so no base address: the browser is given the crawl's pages (see the
    module's docstring). Replacing Playwright's own context arguments here, not `base_url`,
    keeps this module's origin out of the session's arguments, which every other browser test
    of the worker shares."""
    return {}


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The demo partnership, loaded once for this module's tests in this worker, inside a
    transaction rolled back after the last of them."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            demo_partnership_load()
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _problems(page: Page, template: str, answer: Answer) -> list[str]:
    """Everything wrong with one page at phone width, each naming its template and address."""
    where = f"{template} ({answer.path})"
    page.goto(ORIGIN + answer.path)
    found = []
    if wide := too_wide(page):
        found.append(f"{where} scrolls sideways: {wide}")
    found += [f"{where}: chart {chart}" for chart in small_charts(page)]
    try:
        assert_accessible(page)
    except AssertionError as problem:
        found.append(f"{where}: {problem}")
    return found


@pytest.mark.usefixtures("demo", "db")
@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_page_reflows_at_320_pixels(page: Page, username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    pages = pages_by_template(client)
    assert len(pages) > 20, f"only {len(pages)} page templates found for {username}: {pages}"

    serve_in(page, ORIGIN, list(pages.values()))
    page.set_viewport_size(PHONE)
    problems = [
        problem
        for template, answer in sorted(pages.items())
        for problem in _problems(page, template, answer)
    ]
    assert not problems, (
        f"{len(problems)} problems at 320 px as {username}, in {len(pages)} page templates:\n"
        + "\n".join(problems)
    )
