"""One date format on every page (issue 14): the demo's pages, as each of several roles sees
them, show dates as "2 December 2026" and times as "2 December 2026 at 3:04pm": no ISO dates,
no 2/12/2026, no "Dec", no 24-hour clock, and counts of a thousand or more with a separator.

Each page is read as a person reads it: its text, without the markup, the inputs' values (a
date input holds 2, 12 and 2026) or the scripts."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from childtrust.accounts.models import User

pytestmark = pytest.mark.django_db

# The pages each role lands on and the section pages they open; from each, the links to the
# pages of one record (one of each kind) are followed too.
START_PAGES = {
    "strategiclead": [
        "/",
        "/plan/",
        "/plan/measures/",
        "/plan/risks/",
        "/plan/decisions/",
        "/plan/board/",
        "/plan/board/actions/",
        "/plan/change/",
        "/outcomes/",
        "/resources/",
        "/resources/allocation/",
        "/resources/appraisals/",
        "/voice/messages/sent/",
        "/voice/surveys/",
        "/voice/feedback/",
        "/voice/leaders/",
        "/vision/",
    ],
    "auditor": ["/", "/audit/", "/audit/checks/", "/resources/budget/2026-27/"],
    "teammanager": ["/", "/voice/messages/", "/voice/feedback/", "/plan/mine/"],
    "workforce": ["/", "/workforce/", "/workforce/restructures/", "/workforce/posts/"],
    "admin": ["/", "/partnership/", "/services/", "/people/"],
}
# A record's page: its address ends in a number (or a slug, for the registry's pages).
RECORD_PAGE = re.compile(r'href="(/(?:plan|voice|resources|workforce|outcomes)/[a-z/-]*\d+/)"')
SKIP = re.compile(r"download|\.csv|\.pdf|/edit/|/new/|/pack/")

WRONG_FORMATS = {
    "an ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "a date with slashes": re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    "a short month": re.compile(
        r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b(?!\w)"
    ),
    "a 24-hour time": re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b(?!\s?[ap]m)"),
    "a.m. or p.m.": re.compile(r"\b[ap]\.m\."),
    # Not a year (1900 to 2099), a reference such as HR1/2026, nor a part of a code or a name.
    "a number of 10,000 or more without a thousands separator": re.compile(
        r"(?<![\w/#.,£-])(?!(?:19|20)\d{2}\b)\d{5,}(?![\w/.,-])"
    ),
}


def visible_text(html: str) -> str:
    """What a person reads: no scripts, styles, form controls' values or markup."""
    html = re.sub(r"(?is)<(script|style|select|textarea|svg)\b.*?</\1>", " ", html)
    html = re.sub(r"(?is)<input\b[^>]*>", " ", html)
    html = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(html))


def wrong_formats(text: str) -> list[str]:
    found = []
    for what, pattern in WRONG_FORMATS.items():
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 40) : match.end() + 40]
            found.append(f"{what}: …{context}…")
    return found


def pages_of(client: Client, starts: list[str]) -> dict[str, str]:
    """Each start page and one page of each kind of record it links to: {path: html}."""
    pages: dict[str, str] = {}
    kinds: set[str] = set()
    for path in starts:
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        html = response.content.decode()
        pages[path] = html
        for link in RECORD_PAGE.findall(html):
            kind = re.sub(r"\d+", "N", link)
            if kind in kinds or SKIP.search(link) or link in pages:
                continue
            kinds.add(kind)
            linked = client.get(link)
            if linked.status_code == 200 and "text/html" in linked["Content-Type"]:
                pages[link] = linked.content.decode()
    return pages


@pytest.mark.parametrize("username", sorted(START_PAGES))
def test_every_page_writes_dates_times_and_numbers_one_way(username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))

    problems = [
        f"{path}: {problem}"
        for path, html in pages_of(client, START_PAGES[username]).items()
        for problem in wrong_formats(visible_text(html))
    ]

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Published 2026-12-02", True),
        ("Due 02/12/2026", True),
        ("Due 2 Dec 2026", True),
        ("Sent 2 December 2026, 15:04", True),
        ("Sent 2 December 2026 at 3:04 p.m.", True),
        ("4566 answers", False),  # under 10,000: spot-checked by eye, not here
        ("45660 answers", True),
        ("Sent 2 December 2026 at 3:04pm", False),
        ("2 May 2026", False),
        ("Budget 2026-27, £65,241,000, 12,000 people, HR1/2026/SOU/0412", False),
    ],
)
def test_the_check_finds_each_wrong_format_and_passes_the_right_one(text: str, wrong: bool) -> None:
    assert bool(wrong_formats(text)) == wrong
