"""axe-core in the browser: a page fails on any violation whose impact is serious or critical.

A page of ours is checked once per test session (per xdist worker): the journeys visit the same
pages again and again, and axe takes most of a second each time. A page is known by the view
that answers its address, whether it shows an error summary (so each page's error state is
checked too, once), and whether JavaScript was on. Anything that is not one of our pages (a
page set from a string, as the tests of the check itself do) is checked every time, and so is
a page that failed its check.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

FAILING_IMPACTS = frozenset({"serious", "critical"})

_axe = Axe()

# (view name, shows an error summary, JavaScript on) for each page that has passed its check.
_passed: set[tuple[str, bool, bool]] = set()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    response = _axe.run(page).response
    return [v for v in response["violations"] if v.get("impact") in FAILING_IMPACTS]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(
            " ".join(str(part) for part in node["target"]) for node in violation["nodes"]
        )
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} [{targets}]"
        )
    return "\n".join(lines)


def _page_kind(page: Page, *, javascript: bool) -> tuple[str, bool, bool] | None:
    """What makes this page the same as one already checked, or None if it is not ours."""
    address = urlsplit(page.url)
    if address.scheme not in ("http", "https"):
        return None
    try:
        view = resolve(address.path).view_name
    except Resolver404:
        return None
    shows_errors = page.locator(".govuk-error-summary").count() > 0
    return (view, shows_errors, javascript)


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now and fail listing each serious or critical problem
    (once per kind of page: see the module's docstring)."""
    kind = _page_kind(page, javascript=True)
    if kind in _passed:
        return
    violations = serious_violations(page)
    assert not violations, (
        f"Accessibility problems on {page.url} (axe-core):\n{describe(violations)}"
    )
    if kind is not None:
        _passed.add(kind)


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)


def assert_accessible_without_javascript(page: Page, checker: Page) -> None:
    """axe-core needs JavaScript (and its timers) to run, so a page rendered with JavaScript
    switched off is checked through a copy: its HTML, without scripts, served on the same origin
    to `checker`, a page in a context with JavaScript on. axe then sees what the person sees.
    Checked once per kind of page without JavaScript, apart from the check with it."""
    kind = _page_kind(page, javascript=False)
    if kind in _passed:
        return
    html = _SCRIPT.sub("", page.content())
    copy_url = re.sub(r"^(https?://[^/]+).*$", r"\1/__no_javascript_copy__", page.url)
    checker.route(
        copy_url,
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    try:
        checker.goto(copy_url)
        violations = serious_violations(checker)
    finally:
        checker.unroute(copy_url)
    assert not violations, (
        f"Accessibility problems on {page.url} without JavaScript (axe-core):\n"
        f"{describe(violations)}"
    )
    if kind is not None:
        _passed.add(kind)
