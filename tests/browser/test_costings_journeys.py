"""Service costings in a real browser, with axe-core checks on every page: a finance officer
filters the services, opens one, is refused half a block, fixes it, adds a benefit as children
better off per 100, finds the demo's duplicated pairs and downloads them; a practitioner sees
only their own agency's services."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.partnership.demo.loader import demo_load
from childtrust.partnership.models import Agency
from childtrust.resources.demo.costings import costings_demo_load
from childtrust.resources.models import ServiceBenefit, ServiceCosting
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in, summary_value, visit
from tests.browser.workforce_steps import fill_date
from tests.factories import StaffMemberFactory, UserFactory


@pytest.fixture
def demo() -> None:
    demo_load()
    costings_demo_load()


def test_a_finance_officer_keeps_a_costing_and_finds_duplication(page: Page, demo: None) -> None:
    UserFactory.create(username="fin", role=Role.FINANCE_OFFICER)
    sign_in(page, "fin")
    visit(page, "/resources/")
    page.get_by_role("link", name="What services cost and achieve").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What services cost and achieve")
    expect(page.get_by_role("heading", name="40 services")).to_be_visible()

    page.get_by_label("Outcome").select_option(label="Make a positive contribution")
    page.get_by_label("Locality").select_option(label="East")
    page.get_by_role("button", name="Filter").click()
    # Youth Diversion, Youth Clubs, Targeted Youth Support, Youth Council, SEND information.
    expect(page.get_by_role("heading", name="5 services found")).to_be_visible()
    table = page.get_by_role("table", name="5 services found")
    expect(table).to_contain_text("Youth Diversion Scheme")
    expect(table).to_contain_text("Level 3 (good)")

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Agency").select_option(value="police-ppu")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("table")).to_contain_text("Missing expected benefit")

    visit(page, "/resources/services/family-key-work/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Family Key Work")
    expect(summary_value(page, "Cost per child")).to_contain_text("£2,100.00 a year")
    expect(summary_value(page, "Funded in blocks")).to_contain_text("£37,800 a block")
    expect(page.get_by_role("table", name="Children who need it, by locality")).to_contain_text(
        "East"
    )
    page.get_by_role("link", name="Change the cost and capacity").click()
    expect(page.get_by_label("Cost per child", exact=True)).to_have_value("2100.00")
    page.get_by_label("Children one block serves (optional)").fill("")
    page.get_by_role("button", name="Save the cost and capacity").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Enter the children one block serves, or leave the block cost blank too"
    )
    assert page.url.endswith("/costing/")
    assert_accessible(page)
    costing = ServiceCosting.objects.get(service__slug="family-key-work")
    assert costing.block_children == 18  # nothing half-written
    page.get_by_label("Children one block serves (optional)").fill("20")
    page.get_by_label("Cost per child", exact=True).fill("1890")
    page.get_by_role("button", name="Save the cost and capacity").click()
    expect(page.get_by_text("The costing of Family Key Work has been saved.")).to_be_visible()
    expect(summary_value(page, "Cost per child")).to_contain_text("£1,890.00 a year")

    page.get_by_role("link", name="Add an expected benefit").click()
    page.get_by_label("Outcome", exact=True).select_option(label="Enjoy and achieve")
    page.get_by_label("Children better off per 100 supported").fill("4.5")
    page.get_by_label("Level 2: preliminary evidence of improved outcomes (emerging)").check()
    page.get_by_label("Where the figure comes from").fill("Local evaluation 2025")
    fill_date(page, "Date of the figure", datetime.date(2026, 5, 1))
    page.get_by_role("button", name="Save the expected benefit").click()
    benefits = page.get_by_role("table", name="Expected benefit, by outcome")
    expect(benefits).to_contain_text("Enjoy and achieve")
    expect(benefits).to_contain_text("4.5")
    expect(benefits).to_contain_text("Emerging: early studies")
    assert ServiceBenefit.objects.get(
        service__slug="family-key-work", outcome__name="Enjoy and achieve"
    ).benefit_per_child == Decimal("0.0450")
    visit(page, page.url)

    page.get_by_role("link", name="Back to what services cost and achieve").click()
    page.get_by_role("link", name="Find duplicated provision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Duplicated provision")
    # The demo's three pairs, and a fourth: Family Key Work now expects a benefit on enjoy and
    # achieve, as Positive Parenting Groups (another agency, also for families) does, in East.
    expect(page.get_by_role("heading", name="4 candidate pairs", exact=False)).to_be_visible()
    pairs = page.get_by_role("table", name="4 candidate pairs", exact=False)
    expect(pairs).to_contain_text("School-based Counselling")
    expect(pairs).to_contain_text("Family Learning Parenting Courses")
    fourth = (
        pairs.get_by_role("row")
        .filter(has_text="Positive Parenting Groups")
        .filter(has_text="Family Key Work")
    )
    expect(fourth).to_contain_text("Enjoy and achieve")
    visit(page, page.url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the candidates (CSV)").click()
    path = download.value.path()
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Dearer service"
    assert len(rows) == 5


def test_a_practitioner_sees_only_their_own_agencys_services(page: Page, demo: None) -> None:
    user = UserFactory.create(username="pat", role=Role.PRACTITIONER)
    StaffMemberFactory.create(user=user, agency=Agency.objects.get(slug="itchen-families"))
    sign_in(page, "pat")
    visit(page, "/resources/services/")
    expect(page.get_by_role("heading", name="4 services")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Family Key Work")
    expect(page.get_by_role("table")).not_to_contain_text("Health Visiting")
    expect(page.get_by_role("link", name="Find duplicated provision")).to_have_count(0)
    page.get_by_role("link", name="Young Carers Support").click()
    expect(page.get_by_role("link", name="Change the cost and capacity")).to_have_count(0)
    # Removal starts from a "Remove" link to a confirmation page; neither may show.
    expect(page.get_by_role("link", name="Remove", exact=False)).to_have_count(0)
    expect(page.get_by_role("button", name="Remove", exact=False)).to_have_count(0)
    assert_accessible(page)
    response = page.goto("/resources/services/health-visiting/")
    assert response is not None
    assert response.status == 404
