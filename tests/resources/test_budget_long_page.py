"""The year's budget page is long (issue 14): a contents list to its sections, its budget lines
filtered by service, partner and status, and 25 lines to a page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.partnership.models import Agency
from childtrust.resources.models import FinancialYear
from childtrust.resources.views.budget import LINES_PAGE_SIZE
from tests.factories import AgencyFactory, ServiceFactory, StaffMemberFactory, UserFactory
from tests.resources.factories_budget import (
    BudgetLineFactory,
    ContributionFactory,
    FinancialYearFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("resources:budget_year", kwargs={"label": "2026-27"})


@pytest.fixture
def year() -> FinancialYear:
    """30 lines: 20 of Health's (the first five below their statutory minimum), 10 of Youth's."""
    year = FinancialYearFactory()
    health = AgencyFactory(name="Health", slug="health")
    youth = AgencyFactory(name="Youth", slug="youth")
    for n in range(20):
        BudgetLineFactory(
            year=year,
            service=ServiceFactory(agency=health, name=f"Health visiting {n:02}"),
            budget=Decimal("100000"),
            statutory_minimum=Decimal("150000") if n < 5 else Decimal("0"),
            statutory_basis="Children Act 1989" if n < 5 else "",
        )
    for n in range(10):
        BudgetLineFactory(
            year=year,
            service=ServiceFactory(agency=youth, name=f"Youth club {n:02}"),
            budget=Decimal("50000"),
        )
    ContributionFactory(year=year, agency=health, amount=Decimal("2000000"))
    return year


@pytest.fixture
def auditor() -> Client:
    client = Client()
    client.force_login(UserFactory(role=Role.AUDITOR))
    return client


def lines_shown(page: str) -> list[str]:
    table = page.split('id="lines"')[1].split("</table>")[0]
    return re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>', table)


def test_a_contents_list_links_each_section_shown(year: FinancialYear, auditor: Client) -> None:
    page = auditor.get(URL).content.decode()

    contents = page.split('aria-labelledby="contents-list-title"')[1].split("</nav>")[0]
    anchors = re.findall(r'href="#([^"]+)">([^<]+)</a>', contents)
    assert anchors == [
        ("budget-summary", "Summary"),
        ("budget-partners", "By partner"),
        ("budget-lines", "Budget lines"),
        ("budget-statutory", "Statutory minimums"),
        ("budget-contributions", "Contributions"),
    ]
    for anchor, _words in anchors:
        assert f'id="{anchor}"' in page
    # No ring-fenced money this year: not in the contents, nor on the page.
    assert "budget-ring-fences" not in page


def test_lines_are_shown_25_to_a_page_keeping_the_filter(
    year: FinancialYear, auditor: Client
) -> None:
    assert LINES_PAGE_SIZE == 25
    first = auditor.get(URL).content.decode()
    assert len(lines_shown(first)) == 25
    assert "30 lines: 1 to 25 shown." in first
    assert "Page 1 of 2" in first

    second = auditor.get(URL + "?page=2").content.decode()
    assert len(lines_shown(second)) == 5

    filtered = auditor.get(URL + "?partner=health").content.decode()
    assert "20 of 30 lines match the filter." in filtered
    assert "Page 1 of 2" not in filtered


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("service=club+03", ["Youth club 03"]),
        (
            "service=VISITING+1",
            [f"Health visiting 1{n}" for n in range(10)] + ["Health visiting 01"],
        ),
        ("partner=youth&service=club", [f"Youth club {n:02}" for n in range(10)]),
        ("status=below_minimum", [f"Health visiting {n:02}" for n in range(5)]),
        ("status=no_spend&partner=youth&service=09", ["Youth club 09"]),
        ("status=overspend", []),
    ],
)
def test_the_filter_narrows_the_lines(
    year: FinancialYear, auditor: Client, query: str, expected: list[str]
) -> None:
    page = auditor.get(f"{URL}?{query}").content.decode()
    if expected:
        assert sorted(lines_shown(page)) == sorted(expected)
    else:
        assert "No budget lines match this filter." in page
    # The year's totals stay the whole year's.
    assert "£2,500,000 across 30 services" in page


def test_a_bad_filter_says_what_is_wrong_and_shows_every_line(
    year: FinancialYear, auditor: Client
) -> None:
    page = auditor.get(URL + "?partner=nobody").content.decode()
    assert "<title>Error: " in page
    assert "Choose a partner from the list" in page
    assert "30 lines: 1 to 25 shown." in page


def test_a_partner_sees_only_their_own_partner_in_the_filter(year: FinancialYear) -> None:
    user = UserFactory(role=Role.PRACTITIONER)
    StaffMemberFactory(user=user, agency=Agency.objects.get(slug="youth"))
    client = Client()
    client.force_login(user)
    page = client.get(URL).content.decode()
    partner = page.split('name="partner"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)"', partner) == ["", "youth"]
