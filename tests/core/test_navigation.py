"""The navigation from the real registry: which sections and pages each role sees, which is
current, and the breadcrumbs the path gives."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from childtrust.accounts.models import Role
from childtrust.core.navigation import Navigation, navigation_for, page_for_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALL_SECTIONS = ["Home", "Partnership", "People", "Children", "Voice", "Outcomes", "Money", "Plan"]
# The Children section holds children's personal data: only those who may find a child see it.
WITHOUT_CHILDREN = {Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER, Role.AUDITOR, Role.WORKFORCE_MANAGER}


def _navigation(path: str, role: str = Role.PRACTITIONER) -> Navigation:
    request = RequestFactory().get(path)
    request.user = UserFactory(role=role)
    return navigation_for(request)


def _side(path: str, role: str = Role.PRACTITIONER) -> list[str]:
    return [link.label for link in _navigation(path, role).side]


def _crumbs(path: str) -> list[tuple[str, str]]:
    return [(link.label, link.href) for link in _navigation(path).breadcrumbs]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_the_sections_in_the_agreed_order_never_more(role: Role) -> None:
    sections = [link.label for link in _navigation("/", role).sections]
    expected = [s for s in ALL_SECTIONS if not (s == "Children" and role in WITHOUT_CHILDREN)]
    assert sections == expected
    assert len(sections) <= 8


def test_account_and_sign_out_are_not_sections() -> None:
    labels = {link.label for link in _navigation("/").sections}
    assert not labels & {"Your account", "Sign out", "Account"}


@pytest.mark.parametrize(
    ("role", "sees_log", "sees_checks"),
    [
        (Role.PRACTITIONER, False, False),
        (Role.AUDITOR, True, True),
        (Role.PARTNERSHIP_ADMIN, False, True),
        (Role.STRATEGIC_LEAD, False, False),
    ],
)
def test_the_partnership_pages_list_the_audit_log_only_for_those_who_may_read_it(
    role: Role, sees_log: bool, sees_checks: bool
) -> None:
    pages = _side("/partnership/", role)
    assert pages[:3] == ["Partner agencies", "Localities and wards", "Teams"]
    assert ("Audit log" in pages) == sees_log
    assert ("Audit log checks" in pages) == sees_checks


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.PRACTITIONER,
            ["Staff directory", "Workforce", "My post", "My restructures", "Restructures"],
        ),
        (
            Role.TEAM_MANAGER,
            [
                "Staff directory",
                "Workforce",
                "My post",
                "My restructures",
                "Establishment",
                "Starters and leavers",
                "Restructures",
            ],
        ),
        (
            Role.WORKFORCE_MANAGER,
            [
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
        ),
    ],
)
def test_the_people_pages_are_those_the_role_may_open(role: Role, expected: list[str]) -> None:
    assert _side("/people/", role) == expected


def test_leaders_see_sending_and_staff_voice_and_practitioners_do_not() -> None:
    assert _side("/voice/surveys/", Role.STRATEGIC_LEAD) == [
        "My messages",
        "Send and track messages",
        "Staff surveys",
        "Feedback",
        "You said, we did",
        "Staff voice",
    ]
    assert _side("/voice/surveys/", Role.PRACTITIONER) == [
        "My messages",
        "Staff surveys",
        "Feedback",
        "You said, we did",
    ]


def test_money_lists_duplication_only_for_those_who_see_every_partner() -> None:
    assert "Duplicated provision" in _side("/resources/", Role.FINANCE_OFFICER)
    assert "Duplicated provision" not in _side("/resources/", Role.PRACTITIONER)


def test_a_path_belongs_to_the_page_whose_path_is_its_longest_whole_segment_start() -> None:
    def label(path: str) -> str | None:
        page = page_for_path(path)
        return page.label if page else None

    assert label("/voice/messages/sent/3/reach/") == "Send and track messages"
    assert label("/voice/messages/briefings/") == "My messages"
    assert label("/plan/board/actions/4/") == "Board actions"
    assert label("/plan/board/meetings/4/") == "Board meetings"
    assert label("/partnership/wards/3/change/") == "Localities and wards"
    assert label("/workforce/establishment/import/") == "Establishment"
    assert label("/") == "Home"
    assert label("/partnerships-elsewhere/") is None
    assert label("/account/") is None


def test_the_section_and_the_page_are_current_page_on_the_page_itself_true_below_it() -> None:
    on_list = _navigation("/voice/surveys/")
    on_survey = _navigation("/voice/surveys/3/")

    assert [(s.label, s.current) for s in on_list.sections if s.current] == [("Voice", "true")]
    assert [(p.label, p.current) for p in on_list.side if p.current] == [("Staff surveys", "page")]
    assert [(p.label, p.current) for p in on_survey.side if p.current] == [
        ("Staff surveys", "true")
    ]


def test_a_sections_landing_page_is_current_page_in_the_header() -> None:
    found = _navigation("/outcomes/")
    assert [(s.label, s.current) for s in found.sections if s.current] == [("Outcomes", "page")]


def test_breadcrumbs_run_from_home_through_the_section_to_the_page_never_linking_it() -> None:
    assert _crumbs("/voice/surveys/3/") == [
        ("Home", "/"),
        ("Voice", "/voice/messages/"),
        ("Staff surveys", "/voice/surveys/"),
    ]
    assert _crumbs("/voice/surveys/") == [("Home", "/"), ("Voice", "/voice/messages/")]
    assert _crumbs("/plan/risks/2/") == [
        ("Home", "/"),
        ("Plan", "/plan/"),
        ("Risks", "/plan/risks/"),
    ]


def test_breadcrumbs_name_no_place_twice_and_none_show_on_the_home_page() -> None:
    # The plan's first page is the section's landing: its objective pages sit under both.
    assert _crumbs("/plan/objectives/3/") == [("Home", "/"), ("Plan", "/plan/")]
    assert _crumbs("/plan/") == [("Home", "/")]
    assert _crumbs("/") == []


def test_breadcrumbs_never_lead_to_a_page_the_reader_may_not_open() -> None:
    # A practitioner refers a child through a page under the front door's queue, not theirs.
    assert ("Front door", "/safeguarding/front-door/") not in _crumbs(
        "/safeguarding/front-door/new/"
    )
    front_door = [
        (link.label, link.href)
        for link in _navigation("/safeguarding/front-door/new/", Role.FRONT_DOOR).breadcrumbs
    ]
    assert front_door[-1] == ("Front door", "/safeguarding/front-door/")


def test_a_page_outside_every_section_has_home_as_its_breadcrumb_and_no_side_navigation() -> None:
    found = _navigation("/account/")
    assert [(link.label, link.href) for link in found.breadcrumbs] == [("Home", "/")]
    assert found.side == []
    assert found.section is None


def test_the_home_page_needs_no_side_navigation() -> None:
    found = _navigation("/")
    assert found.section is not None
    assert found.section.key == "home"
    assert found.side == []
