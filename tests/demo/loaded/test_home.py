"""The home page of each demo account, as `childtrust load_demo` leaves the demo: what needs
each person, each item a count linked to a list that shows those items, a page that differs by
role, no item a person may not see, and few queries for everyone's landing page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import User
from childtrust.core.home import NeedItem, needs_of
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.voice.models import MessageStatus, Recipient

pytestmark = pytest.mark.django_db

DEMO_USERS = [
    "practitioner",
    "teammanager",
    "frontdoor",
    "strategiclead",
    "admin",
    "finance",
    "auditor",
    "workforce",
    "hrlead",
    "dataprotection",
]
# The headings and words only some roles may see: a practitioner never sees them.
TEAM_WORDS = ("in your team", "briefing to record", "briefings to record", "vacancy")
PLAN_KEEPERS_WORDS = ("off trajectory", "milestone", "risk", "board action")
SECURITY_WORDS = ("two-factor", "locked out", "audit chain", "not loaded")
MONEY_WORDS = ("budget line", "spend file", "Forecast outturn")
WORKFORCE_MANAGER_WORDS = ("Vacancy rate", "Turnover rate", "in consultation")


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _home(username: str) -> str:
    response = _client(username).get("/")
    assert response.status_code == 200
    return str(response.content.decode())


def _main(page: str) -> str:
    found = re.search(r"<main.*?</main>", page, re.S)
    assert found is not None
    return found.group(0)


def _items(username: str) -> list[NeedItem]:
    needs = needs_of(User.objects.get(username=username))
    return [item for group in needs.groups for item in group.items]


def _item(username: str, words: str) -> NeedItem:
    [item] = [item for item in _items(username) if words in item.words]
    return item


def test_each_roles_home_page_differs() -> None:
    pages = {username: _main(_home(username)) for username in DEMO_USERS}
    roles = {User.objects.get(username=u).role: pages[u] for u in DEMO_USERS}
    assert len(set(roles.values())) == len(roles)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("practitioner", ["messages to confirm", "survey open to you", "restructure that affects"]),
        ("teammanager", ["briefings to record", "in your team have not confirmed", "check-in"]),
        (
            "strategiclead",
            [
                "measures off trajectory",
                "milestones overdue",
                "past their review date",
                "board actions overdue",
                "worse than England",
                "heading for overspend",
                "Forecast outturn",
            ],
        ),
        ("finance", ["heading for overspend", "underspending", "Forecast outturn"]),
        ("workforce", ["Vacancy rate", "Turnover rate", "Agency worker rate", "in consultation"]),
        ("admin", ["without two-factor sign-in", "audit chain"]),
        ("auditor", ["without two-factor sign-in", "audit chain"]),
    ],
)
def test_each_role_sees_what_needs_them(username: str, expected: list[str]) -> None:
    page = _main(_home(username))
    for words in expected:
        assert words in page, words
    assert "Nothing needs you" not in page


@pytest.mark.parametrize("username", ["practitioner", "frontdoor"])
def test_a_practitioner_never_sees_team_plan_money_workforce_or_security_items(
    username: str,
) -> None:
    words = " ".join(item.words for item in _items(username))
    page = _main(_home(username))
    for hidden in (
        *TEAM_WORDS,
        *PLAN_KEEPERS_WORDS,
        *SECURITY_WORDS,
        *MONEY_WORDS,
        *WORKFORCE_MANAGER_WORDS,
    ):
        assert hidden not in words, hidden
        assert hidden not in page, hidden


def test_the_finance_officer_sees_no_plan_workforce_or_security_items() -> None:
    page = _main(_home("finance"))
    for hidden in (*PLAN_KEEPERS_WORDS, *SECURITY_WORDS, *WORKFORCE_MANAGER_WORDS):
        assert hidden not in page, hidden


def test_the_auditor_sees_no_money_or_plan_items() -> None:
    page = _main(_home("auditor"))
    for hidden in (*MONEY_WORDS, *PLAN_KEEPERS_WORDS, "Vacancy rate"):
        assert hidden not in page, hidden


def test_the_count_of_messages_to_confirm_is_the_messages_not_yet_understood() -> None:
    user = User.objects.get(username="practitioner")
    staff = staff_record_of(user)
    expected = Recipient.objects.filter(
        staff=staff, message__status=MessageStatus.PUBLISHED, understood_at__isnull=True
    ).count()
    assert expected > 0
    item = _item("practitioner", "to confirm")
    assert item.count == expected
    assert item.words == f"{expected} message{'s' if expected != 1 else ''} to confirm"
    listed = _client("practitioner").get(item.url).content.decode()
    assert f"{expected} message{'s' if expected != 1 else ''} to confirm" in listed
    assert listed.count("To read and confirm") + listed.count("confirm again") == expected
    assert "Understood</strong>" not in listed


@pytest.mark.parametrize("username", ["practitioner", "teammanager", "strategiclead", "finance"])
def test_every_items_link_opens_a_page_that_lists_it(username: str) -> None:
    client = _client(username)
    for item in _items(username):
        response = client.get(item.url)
        assert response.status_code == 200, item


def test_the_board_actions_link_lists_exactly_the_overdue_actions() -> None:
    item = _item("strategiclead", "board action")
    page = _client("strategiclead").get(item.url).content.decode()
    assert page.count("Overdue by") == item.count


def test_the_workforce_managers_figures_compare_with_england() -> None:
    needs = needs_of(User.objects.get(username="workforce"))
    labels = [figure.label for figure in needs.figures]
    assert [label.split(",")[0] for label in labels] == [
        "Vacancy rate",
        "Turnover rate",
        "Agency worker rate",
    ]
    for figure in needs.figures:
        assert figure.value.endswith("%")
        assert "England's" in figure.comparison


@pytest.mark.parametrize("username", DEMO_USERS)
def test_the_home_page_asks_the_database_few_questions(
    username: str, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    client = _client(username)
    client.get("/")  # the session and caches warmed, as for someone coming back to it
    with django_assert_max_num_queries(40):
        response = client.get("/")
    assert response.status_code == 200
