"""The navigation as pages show it: the header's account area and search box, the sections in
GOV.UK's service navigation, and on a page in a section its side navigation and breadcrumbs."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from childtrust.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _page(path: str, role: Role = Role.STRATEGIC_LEAD) -> str:
    client = Client()
    client.force_login(UserFactory(role=role, first_name="Ada", last_name="Okafor"))
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _part(page: str, start: str, end: str) -> str:
    """The markup from the first `start` to the next `end`."""
    found = re.search(re.escape(start) + ".*?" + re.escape(end), page, re.DOTALL)
    assert found, start
    return found.group(0)


def test_the_account_area_is_in_the_header_not_among_the_sections() -> None:
    page = _page("/plan/risks/")
    header = _part(page, '<div class="govuk-generic-header">', '<section aria-label="Service')
    sections = _part(page, '<nav aria-label="Menu"', "</nav>")

    assert "Ada Okafor" in header
    assert 'href="/account/">Your account</a>' in header
    assert re.search(r'<form method="post" action="/sign-out/".*?csrfmiddlewaretoken', header, re.S)
    assert "Sign out</button>" in header
    assert "Your account" not in sections
    assert "Sign out" not in sections


def test_the_header_has_a_search_box_that_asks_the_search_page() -> None:
    page = _page("/")
    header = _part(page, '<div class="govuk-generic-header">', '<section aria-label="Service')
    search = _part(header, '<form class="app-header__search"', "</form>")

    assert 'method="get" action="/search/"' in search
    assert '<label class="govuk-visually-hidden" for="header-search">Search</label>' in search
    assert 'id="header-search" name="q"' in search


def test_the_sections_are_in_the_service_navigation_with_the_current_one_marked() -> None:
    sections = _part(_page("/plan/risks/"), '<nav aria-label="Menu"', "</nav>")
    labels = re.findall(
        r'class="govuk-service-navigation__link" href="[^"]*"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)',
        sections,
    )
    assert [label.strip() for label in labels] == [
        "Home",
        "Partnership",
        "People",
        "Voice",
        "Outcomes",
        "Money",
        "Plan",
    ]
    assert 'href="/plan/" aria-current="true"' in sections


def test_a_page_in_a_section_has_its_side_navigation_with_the_page_marked() -> None:
    page = _page("/plan/risks/")
    side = _part(page, '<nav class="app-side-navigation" aria-label="Plan section">', "</nav>")

    assert 'href="/plan/risks/" aria-current="page">Risks</a>' in side
    assert 'href="/plan/board/actions/">Board actions</a>' in side
    assert side.count("aria-current") == 1
    # The side navigation sits before the content, so on a phone it comes above it.
    assert page.index("app-side-navigation") < page.index('id="main-content"')


def test_a_page_below_a_side_navigation_page_marks_that_page_true() -> None:
    page = _page("/plan/board/meetings/new/")
    side = _part(page, '<nav class="app-side-navigation"', "</nav>")
    assert 'href="/plan/board/" aria-current="true">Board meetings</a>' in side


def test_breadcrumbs_lead_from_home_through_the_section_without_linking_the_page() -> None:
    page = _page("/plan/risks/new/")
    crumbs = _part(page, '<nav class="govuk-breadcrumbs" aria-label="Breadcrumb">', "</nav>")

    assert re.findall(r'href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("/", "Home"),
        ("/plan/", "Plan"),
        ("/plan/risks/", "Risks"),
    ]
    assert "/plan/risks/new/" not in crumbs


def test_the_home_page_has_neither_breadcrumbs_nor_side_navigation() -> None:
    page = _page("/")
    assert "govuk-breadcrumbs" not in page
    assert "app-side-navigation" not in page


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_its_sections_side_navigation_and_breadcrumbs(role: Role) -> None:
    page = _page("/outcomes/profile/", role)
    assert 'aria-label="Outcomes section"' in page
    assert 'href="/outcomes/profile/" aria-current="page"' in page
    assert ('href="/outcomes/upload/"' in page) == (
        role in {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
    )
    assert '<nav class="govuk-breadcrumbs"' in page


def test_someone_signed_out_sees_no_sections_account_area_or_search() -> None:
    page = Client().get("/sign-in/").content.decode()
    assert 'aria-label="Menu"' not in page
    assert "Sign out" not in page
    assert "header-search" not in page
