"""The pooled budget in a real browser, with axe-core checks on every page: a finance officer
reads the demo year, records a month's spend on a line and uploads a spend file with a bad line;
a practitioner sees only their own agency's lines."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.partnership.demo.loader import demo_load
from childtrust.partnership.models import Agency, AgencyKind, StaffMember
from childtrust.resources.demo.budget import budget_demo_load
from childtrust.resources.demo.costings import costings_demo_load
from childtrust.resources.models import MonthlySpend
from tests.browser.journeys import sign_in, summary_value, visit
from tests.factories import StaffMemberFactory, UserFactory


@pytest.fixture
def demo() -> None:
    demo_load()
    costings_demo_load()
    budget_demo_load()


def _user(role: Role, agency: Agency) -> str:
    user = UserFactory(role=role)
    StaffMemberFactory(user=user, agency=agency)
    return user.username


def test_a_finance_officer_reads_the_year_records_spend_and_uploads_a_file(
    page: Page, demo: None
) -> None:
    council = Agency.objects.get(kind=AgencyKind.LOCAL_AUTHORITY)
    sign_in(page, _user(Role.FINANCE_OFFICER, council))

    visit(page, "/resources/")
    page.get_by_role("link", name="The pooled budget for 2026-27").click()
    expect(page.get_by_role("heading", name="Budget 2026-27", level=1)).to_be_visible()
    visit(page, "/resources/budget/2026-27/")
    expect(summary_value(page, "Heading for overspend")).to_contain_text(
        "Crisis and Home Treatment"
    )
    expect(page.locator("svg.app-chart")).to_be_visible()
    expect(page.locator("#lines").get_by_text("Heading for overspend")).to_have_count(2)
    expect(page.locator("#lines").get_by_text("Underspending")).to_have_count(1)

    page.locator("#lines").get_by_role("link", name="Family Hubs").click()
    expect(page.get_by_role("heading", name="Family Hubs")).to_be_visible()
    page.get_by_label("Month", exact=True).select_option(label="November 2026")
    page.get_by_label("Spend", exact=True).fill("£58,000")
    page.get_by_role("button", name="Record the spend").click()
    expect(
        page.get_by_text("Spend of £58,000 for November 2026 has been recorded.")
    ).to_be_visible()
    visit(page, page.url)
    assert MonthlySpend.objects.filter(line__service__slug="family-hubs").count() == 8

    visit(page, "/resources/budget/2026-27/spend/upload/")
    page.get_by_label("Upload a file").set_input_files(
        files=[
            {
                "name": "spend.csv",
                "mimeType": "text/csv",
                "buffer": b"Service,Month,Amount\nfamily-hubs,2026-10,1\nnobody,2026-10,2\n",
            }
        ]
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("Line 3: no service is called")).to_be_visible()
    visit(page, page.url)


def test_a_practitioner_sees_only_their_agencys_lines(page: Page, demo: None) -> None:
    youth = StaffMember.objects.filter(agency__short_name="Youth Trust").first()
    assert youth is not None
    sign_in(page, _user(Role.PRACTITIONER, youth.agency))

    visit(page, "/resources/budget/2026-27/")

    lines = page.locator("#lines tbody tr")
    expect(lines).to_have_count(4)
    expect(page.get_by_text("Children in Care and Care Leavers")).to_have_count(0)
    expect(page.get_by_role("link", name="Add a budget line")).to_have_count(0)
