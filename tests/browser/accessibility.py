"""axe-core in the browser: a page fails on any violation whose impact is serious or critical."""

from __future__ import annotations

import re
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

FAILING_IMPACTS = frozenset({"serious", "critical"})

_axe = Axe()


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


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now and fail listing each serious or critical problem."""
    violations = serious_violations(page)
    assert not violations, (
        f"Accessibility problems on {page.url} (axe-core):\n{describe(violations)}"
    )


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)


def assert_accessible_without_javascript(page: Page, checker: Page) -> None:
    """axe-core needs JavaScript (and its timers) to run, so a page rendered with JavaScript
    switched off is checked through a copy: its HTML, without scripts, served on the same origin
    to `checker`, a page in a context with JavaScript on. axe then sees what the person sees."""
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
