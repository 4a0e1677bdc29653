"""No page answers 500 for an id or a page number out of any range: every page of the service
is asked, as each of a few roles, with ids past a 64-bit integer and with page numbers that are
huge, negative or not numbers at all."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from childtrust.accounts.models import Role

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
PAGE_NUMBERS = [HUGE, "-1", "0", "abc", "1e9", ""]
ROLES = [Role.PARTNERSHIP_ADMIN, Role.STRATEGIC_LEAD, Role.PRACTITIONER]
# Not the service's own pages: Django's admin site and the API (tests/api/test_bounds.py).
OTHER_PREFIXES = ("django-admin/", "api/")


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def _pages() -> list[str]:
    pages = set()
    for route in _routes(get_resolver().url_patterns):
        if route.startswith(OTHER_PREFIXES) or route.startswith("^"):
            continue
        path = re.sub(r"<int:[^>]+>", HUGE, route)
        path = re.sub(r"<(?:slug|str|path):[^>]+>", "nothing-here", path)
        pages.add("/" + path)
    return sorted(pages)


PAGES = _pages()
WITH_IDS = [page for page in PAGES if HUGE in page]
LISTS = [page for page in PAGES if HUGE not in page and "nothing-here" not in page]


def test_the_service_has_pages_with_ids_and_lists_to_ask() -> None:
    assert len(WITH_IDS) >= 20
    assert {"/outcomes/", "/people/", "/audit/"} <= set(LISTS)


def _server_errors(client: Client, paths: list[str]) -> list[tuple[str, int]]:
    answers = [(path, client.get(path).status_code) for path in paths]
    return [(path, status) for path, status in answers if status >= 500]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_answers_500_for_an_id_past_a_64_bit_integer(
    role: str, client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    client.raise_request_exception = False

    assert _server_errors(client, WITH_IDS) == []


@pytest.mark.parametrize("role", ROLES)
def test_no_list_answers_500_for_a_page_number_out_of_range_or_not_a_number(
    role: str, client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    client.raise_request_exception = False

    paths = [f"{path}?page={number}" for path in LISTS for number in PAGE_NUMBERS]
    assert _server_errors(client, paths) == []


@pytest.mark.parametrize("role", ROLES)
def test_no_page_answers_500_for_a_nul_character_in_its_address(
    role: str, client_for: Callable[[str], Client]
) -> None:
    """PostgreSQL can neither store nor compare text holding one: refused before any page."""
    client = client_for(role)
    client.raise_request_exception = False

    answers = [client.get(f"{path}?q=a%00b&page=%00") for path in LISTS]
    answers.append(client.get("/people/a%00b/"))

    assert {response.status_code for response in answers} == {400}
    assert "cannot be used (NUL, code 0)" in answers[0].content.decode()
