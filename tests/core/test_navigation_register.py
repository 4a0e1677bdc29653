"""Apps add their own pages to the seven sections: each section lists its pages in their
positions, whatever order the apps start in, a section shows when one of its pages does, and a
page names a section that exists."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.test import RequestFactory

from childtrust.accounts.models import User
from childtrust.core import navigation
from childtrust.core.navigation import (
    SECTIONS,
    navigation_for,
    navigation_register,
    section_pages,
    visible_sections,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _everyone(_user: object) -> bool:
    return True


def _nobody(_user: object) -> bool:
    return False


@pytest.fixture
def _only_test_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(navigation, "_PAGES", {})
    navigation_register(
        *section_pages("home", "core", [("Home", "home", "", _everyone)]),
        # "Later" starts first but sits second: the position decides, not the order of starting.
        *section_pages(
            "partnership",
            "partnership",
            [("Later", "vision", "vision", _everyone)],
            first_position=20,
        ),
        *section_pages(
            "partnership",
            "partnership",
            [("Earlier", "agency_list", "partnership", _everyone)],
            first_position=10,
        ),
        *section_pages("money", "audit", [("Hidden", "event_list", "audit", _nobody)]),
    )


def _request(path: str, user: User | AnonymousUser) -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = user
    return request


@pytest.mark.usefixtures("_only_test_pages")
def test_pages_come_in_their_positions_and_only_for_those_allowed() -> None:
    user = UserFactory()
    found = navigation_for(_request("/vision/", user))

    assert [link.label for link in found.sections] == ["Home", "Partnership"]
    assert [(link.label, link.current) for link in found.side] == [
        ("Earlier", ""),
        ("Later", "page"),
    ]
    assert visible_sections(user) == {"core:home", "partnership:agency_list", "partnership:vision"}


@pytest.mark.usefixtures("_only_test_pages")
def test_a_section_with_no_page_the_user_may_open_is_not_shown() -> None:
    found = navigation_for(_request("/", UserFactory()))
    assert "Money" not in [link.label for link in found.sections]


@pytest.mark.usefixtures("_only_test_pages")
def test_an_anonymous_visitor_sees_no_navigation() -> None:
    found = navigation_for(_request("/vision/", AnonymousUser()))
    assert (found.sections, found.side, found.breadcrumbs) == ([], [], [])


def test_a_page_must_name_one_of_the_eight_sections() -> None:
    with pytest.raises(ValueError, match="names no section"):
        navigation_register(*section_pages("nowhere", "core", [("X", "home", "x", _everyone)]))


def test_there_are_eight_sections_named_as_agreed() -> None:
    assert [section.label for section in SECTIONS] == [
        "Home",
        "Partnership",
        "People",
        "Children",
        "Voice",
        "Outcomes",
        "Money",
        "Plan",
    ]


def test_every_app_registers_its_pages_in_its_section_when_it_starts() -> None:
    by_section: dict[str, list[str]] = {}
    for page in navigation.registered_pages():
        by_section.setdefault(page.section, []).append(page.label)

    assert by_section == {
        "home": ["Home"],
        "partnership": [
            "Partner agencies",
            "Localities and wards",
            "Teams",
            "Services directory",
            "Shared vision",
            "Outcomes framework",
            "What each agency commits to",
            "Alignment matrix",
            "Audit log",
            "Audit log checks",
        ],
        "people": [
            "Staff directory",
            "Workforce",
            "My post",
            "My restructures",
            "Establishment",
            "Starters and leavers",
            "Locality teams",
            "Restructures",
            "Workforce measures",
            "National comparison",
            "Remits",
        ],
        "children": [
            "Find a child",
            "Locality caseload",
            "Alerts",
            "Alert rules",
            "Notifications",
            "Designated safeguarding leads",
            "Front door",
            "Statutory clocks",
            "Requests for information",
            "Your teams around children",
            "Records to review",
            "Load records",
            "Break-glass events",
            "Consent overrides",
            "Retention",
        ],
        "voice": [
            "My messages",
            "Send and track messages",
            "Staff surveys",
            "Feedback",
            "You said, we did",
            "Staff voice",
        ],
        "outcomes": ["Indicators", "Partnership profile", "Localities", "Upload indicator data"],
        "money": [
            "Pooled budget",
            "Service costings",
            "Duplicated provision",
            "Allocations",
            "Option appraisals",
        ],
        "plan": [
            "The plan on one page",
            "By outcome",
            "By agency",
            "My objectives",
            "Measures",
            "Change programme",
            "Change agents",
            "Risks",
            "Decisions",
            "Board meetings",
            "Board actions",
        ],
    }
