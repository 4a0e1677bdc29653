"""Real-browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every test in this folder is marked `browser`. Without /usr/bin/chromium the tests are skipped,
unless CHILDTRUST_REQUIRE_BROWSER=1 (as in CI), where a missing browser fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.browser.accessibility import share_passed_pages_in

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_TESTS_DIR = Path(__file__).parent

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder `browser`, and run them after the rest of the suite.

    Playwright's sync API keeps an event loop running in the main thread until the session ends;
    running the browser tests last keeps that loop (and the async-safety switch below) away from
    every other test.
    """
    browser_items = [item for item in items if BROWSER_TESTS_DIR in item.path.parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    others = [item for item in items if BROWSER_TESTS_DIR not in item.path.parents]
    items[:] = others + browser_items


@pytest.fixture(scope="session", autouse=True)
def _chromium_available() -> None:
    if CHROMIUM.exists():
        return
    reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CHILDTRUST_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and CHILDTRUST_REQUIRE_BROWSER=1 requires the browser tests")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright() -> None:
    # Playwright's sync API runs an asyncio event loop in the main thread, so Django takes every
    # ORM call made by a test (factories, assertions) for a call from async code and refuses it.
    # No async code runs here; this is the usual switch for Playwright + Django tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session", autouse=True)
def _accessibility_checks_shared(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Under xdist each worker's temporary folder sits in one folder for the whole run.
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent
    share_passed_pages_in(run_folder / "accessible-pages")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    """Lets tests write page.goto("/account/"); pytest-django adds a transactional database."""
    return live_server.url


@pytest.fixture
def page(page: Page) -> Iterator[Page]:
    """Playwright's page, failing the test if a stylesheet, script, font or image did not load
    or a script failed (a refused Content-Security-Policy shows up here too)."""
    problems: list[str] = []
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if "/static/" in response.url and response.status >= 400
            else None
        ),
    )
    # A request the browser cut short because the page moved on (net::ERR_ABORTED, most often
    # the favicon when a test clicks on quickly under load) is not a broken file: a missing one
    # answers 404 above, and a server that fails answers with another error.
    page.on(
        "requestfailed",
        lambda request: (
            problems.append(f"failed {request.url} ({request.failure})")
            if "/static/" in request.url and request.failure != "net::ERR_ABORTED"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    # Fail fast: a page that does not answer in 10 seconds is broken, not slow.
    page.set_default_timeout(10_000)
    yield page
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)
