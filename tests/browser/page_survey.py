"""Finding every page template a person can open, and measuring a page at phone width.

`pages_by_template` crawls as a person would, with Django's test client (in the test's own
process, so it is quick): from the home page it follows every same-site link, one address for
each URL pattern, and keeps the first page each template drew, as the server answered it. A
browser can then show each of those answers (`serve_in`) without asking a server again.
`too_wide` and `small_charts` measure the page open in the browser.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import Resolver404, resolve
from playwright.sync_api import Page, Route

# Not our pages: Django's own admin, the API (JSON and its documentation), static files.
NOT_PAGES = ("/django-admin/", "/api/", "/static/", "/sign-in/", "/sign-out/")

# A URL pattern whose first addresses all answer "not found" or "refused" to this person is
# given up after this many: its objects are not theirs to see.
TRIES_PER_PATTERN = 4

CHART_MIN_WIDTH = 280  # no chart narrower than this on a phone: its marks become unreadable


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        attributes = dict(attrs)
        href = attributes.get("href")
        if href and "download" not in attributes:
            self.hrefs.append(href)


def _same_site_path(base: str, href: str) -> str | None:
    """The path a link leads to on this site (without query or fragment), or None."""
    address = urlsplit(urljoin(base, href))
    if address.scheme not in ("", "http") or address.netloc not in ("", "testserver"):
        return None
    if not address.path.startswith("/") or address.path.startswith(NOT_PAGES):
        return None
    return address.path


def _pattern(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.route}"


@dataclass(frozen=True)
class Answer:
    """A page as the server answered it: what the browser is given for its address."""

    path: str
    headers: dict[str, str]
    body: bytes


def pages_by_template(client: Client, start: str = "/") -> dict[str, Answer]:
    """For each template that draws a whole page this client may open: the first page it drew,
    found by following links from `start`. A page's template is the first one rendered (the
    view's own; base.html and the includes come after it)."""
    found: dict[str, Answer] = {}
    tries: dict[str, int] = {}
    opened: set[str] = set()
    seen = {start}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        pattern = _pattern(path)
        if pattern is None or pattern in opened or tries.get(pattern, 0) >= TRIES_PER_PATTERN:
            continue
        tries[pattern] = tries.get(pattern, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        opened.add(pattern)
        templates = [t.name for t in response.templates if t.name]
        if templates and templates[0] not in found:
            found[templates[0]] = Answer(path, dict(response.items()), response.content)
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            linked = _same_site_path(path, href)
            if linked is not None and linked not in seen:
                seen.add(linked)
                queue.append(linked)
    return found


def serve_in(page: Page, origin: str, answers: list[Answer]) -> None:
    """Let the browser open `answers` at `origin` as the server answered them (with their
    headers, so the content security policy holds), and the static files from where Django's
    staticfiles finds them: no server is asked."""
    by_path = {answer.path: answer for answer in answers}

    def answer(route: Route) -> None:
        path = urlsplit(route.request.url).path
        if path.startswith(settings.STATIC_URL):
            file = finders.find(path.removeprefix(settings.STATIC_URL))
            if isinstance(file, str):
                route.fulfill(path=file)
                return
        elif path in by_path:
            found = by_path[path]
            route.fulfill(status=200, headers=found.headers, body=found.body)
            return
        route.fulfill(status=404, body=b"Not found")

    page.route(f"{origin}/**", answer)


# The element that breaks out past the right edge of the page (its parent fits, it does not;
# the furthest such), and by how much.
_TOO_WIDE = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const edge = root.clientWidth + 0.5;
  let worst = null;
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    const parentRight = element.parentElement.getBoundingClientRect().right;
    if (box.width === 0 || box.right <= edge || parentRight > edge) continue;
    if (worst === null || box.right > worst.right) {
      const name = element.tagName.toLowerCase()
        + (element.id ? "#" + element.id : "")
        + (element.classList.length ? "." + [...element.classList].join(".") : "");
      const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
      worst = {right: box.right, name: name, text: text};
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest: worst};
}"""


def too_wide(page: Page) -> str | None:
    """Why the open page scrolls sideways (its widest element), or None if it does not."""
    found = page.evaluate(_TOO_WIDE)
    if found is None:
        return None
    widest = found["widest"] or {"name": "(none found)", "right": 0, "text": ""}
    return (
        f"{found['scrollWidth']} px wide in a {found['clientWidth']} px window; widest: "
        f"{widest['name']} reaching {widest['right']:.0f} px ({widest['text']!r})"
    )


_CHART_WIDTHS = """() => [...document.querySelectorAll("svg.app-chart")]
  .map((chart) => ({id: chart.getAttribute("aria-labelledby") || "",
                    width: chart.getBoundingClientRect().width}))
  .filter((chart) => chart.width > 0)"""


def small_charts(page: Page) -> list[str]:
    """Each chart on the open page drawn narrower than CHART_MIN_WIDTH."""
    return [
        f"{chart['id'].split(' ')[0]} is {chart['width']:.0f} px wide"
        for chart in page.evaluate(_CHART_WIDTHS)
        if chart["width"] < CHART_MIN_WIDTH
    ]
