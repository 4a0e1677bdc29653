"""axe-core in the browser: a page fails on any violation whose impact is serious or critical.

A page of ours is checked once per test run, whichever xdist worker meets it first: the journeys
visit the same pages again and again, and axe takes half a second or more each time. The workers
share what has passed through a folder of marker files (see `share_passed_pages_in`). A page is
known by the view that answers its address, whether it shows an error summary (so each page's
error state is checked too, once), and whether JavaScript was on. Anything that is not one of
our pages (a page set from a string, as the tests of the check itself do) is checked every time,
and so is a page that failed its check.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

FAILING_IMPACTS = frozenset({"serious", "critical"})

_axe = Axe()

# What makes pages the same for the check: (view name, shows an error summary, JavaScript on).
PageKind = tuple[str, bool, bool]

# One empty file for each kind of page that has passed, in a folder every worker of the run sees.
_passed_folder: Path | None = None


def share_passed_pages_in(folder: Path) -> None:
    """Record passed kinds of page in `folder`, shared by every worker of the test run."""
    global _passed_folder  # set once per worker, by the browser tests' conftest
    folder.mkdir(parents=True, exist_ok=True)
    _passed_folder = folder


def _marker(kind: PageKind) -> Path:
    assert _passed_folder is not None, "share_passed_pages_in() has not been called"
    return _passed_folder / hashlib.sha256(repr(kind).encode()).hexdigest()


def _has_passed(kind: PageKind | None) -> bool:
    return kind is not None and _marker(kind).exists()


def _record_pass(kind: PageKind | None) -> None:
    if kind is not None:
        _marker(kind).touch()


# axe-core leaves target size (WCAG 2.2's 2.5.8: at least 24 by 24 px, or room around) off by
# default; the service meets WCAG 2.2 AA, so it is on.
_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


# GOV.UK Frontend's conditional reveal puts aria-expanded on the radio or checkbox that reveals
# the question, which ARIA does not list for those roles. GOV.UK keeps it on purpose: screen
# readers announce it and research found no harm (alphagov/govuk-frontend issue 979, a known
# issue). That one finding is let through; any other attribute, element or rule still fails.
_REVEAL_INPUT = re.compile(r'^<input class="govuk-(radios|checkboxes)__input"')


def _is_govuk_conditional_reveal(violation: dict[str, Any]) -> bool:
    return violation["id"] == "aria-allowed-attr" and all(
        _REVEAL_INPUT.match(node["html"])
        and all("aria-expanded" in str(check.get("data")) for check in node["any"] + node["all"])
        for node in violation["nodes"]
    )


def serious_violations(page: Page) -> list[dict[str, Any]]:
    response = _axe.run(page, options=_OPTIONS).response
    return [
        v
        for v in response["violations"]
        if v.get("impact") in FAILING_IMPACTS and not _is_govuk_conditional_reveal(v)
    ]


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


def _page_kind(page: Page, *, javascript: bool) -> PageKind | None:
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
    if _has_passed(kind):
        return
    violations = serious_violations(page)
    assert not violations, (
        f"Accessibility problems on {page.url} (axe-core):\n{describe(violations)}"
    )
    _record_pass(kind)


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)


def assert_accessible_without_javascript(page: Page, checker: Page) -> None:
    """axe-core needs JavaScript (and its timers) to run, so a page rendered with JavaScript
    switched off is checked through a copy: its HTML, without scripts, served on the same origin
    to `checker`, a page in a context with JavaScript on. axe then sees what the person sees.
    Checked once per kind of page without JavaScript, apart from the check with it."""
    kind = _page_kind(page, javascript=False)
    if _has_passed(kind):
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
    _record_pass(kind)
