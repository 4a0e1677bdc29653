"""Outcomes in a real browser, with axe-core checks on every page: the indicators held, the
partnership profile with its spine charts, an indicator page, a locality, uploading a good file
and a bad one, and a strategic lead changing an indicator's polarity and seeing the judgement
change; and the same keeping of an indicator with JavaScript switched off."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from childtrust.accounts.models import Role
from childtrust.outcomes.demo import outcomes_demo_load
from childtrust.outcomes.models import DataPoint, Indicator, Polarity
from childtrust.partnership.demo.loader import demo_load
from tests.browser.accessibility import assert_accessible, assert_accessible_without_javascript
from tests.browser.journeys import open_section, sign_in, summary_value, visit
from tests.factories import TEST_PASSWORD, UserFactory

MENTAL_HEALTH = "Hospital admissions for mental health conditions (under 18s) per 100,000"
LOCAL_COLUMNS = [
    "indicator",
    "area_code",
    "area_name",
    "area_type",
    "period",
    "count",
    "denominator",
]
EHCP = "Pupils with an education, health and care plan"


@pytest.fixture
def demo() -> None:
    demo_load()
    outcomes_demo_load()


def local_file(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(LOCAL_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def upload(page: Page, name: str, content: bytes) -> None:
    page.get_by_label("The partnership's own counts and denominators").check()
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Upload", exact=True).click()


def test_a_practitioner_reads_the_profile_an_indicator_and_a_locality(
    page: Page, demo: None
) -> None:
    UserFactory.create(username="pat", role=Role.PRACTITIONER)
    sign_in(page, "pat")

    open_section(page, "Outcomes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes")
    expect(page.get_by_role("table", name="7 indicators held")).to_contain_text(MENTAL_HEALTH)
    expect(page.get_by_role("link", name=re.compile(r"^Edit"))).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Partnership profile: every indicator against England").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership profile: Southampton")
    table = page.get_by_role("table", name="Southampton against England")
    expect(table.get_by_role("row")).to_have_count(8)
    expect(table).to_contain_text("Worse than England")
    expect(table.get_by_role("img")).to_have_count(7)
    assert_accessible(page)
    page.get_by_label("Local authority").select_option(label="Portsmouth")
    page.get_by_role("button", name="Show profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership profile: Portsmouth")
    assert_accessible(page)

    page.get_by_role("link", name=MENTAL_HEALTH, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MENTAL_HEALTH)
    expect(summary_value(page, "Polarity")).to_have_text("A low value is good")
    expect(page.get_by_role("link", name=re.compile("Edit this indicator"))).to_have_count(0)
    # The wards by deprivation decile: a chart, its table and the demonstration note.
    expect(
        page.get_by_role("heading", name="Inequality between the most and least deprived wards")
    ).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("by ward deprivation decile"))).to_be_visible()
    deciles = page.get_by_role("region", name="The deprivation deciles' figures")
    expect(deciles.get_by_role("row", name=re.compile(r"^1 \(most deprived\)"))).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("demonstration deciles, not published")
    expect(
        page.get_by_role("table", name=re.compile("compared with England in each period"))
    ).to_contain_text("Worse than England")
    expect(page.get_by_role("main")).to_contain_text("225.7 per 100,000 aged under 18")
    assert_accessible(page)
    # The funnel plot shows one geography at a time, chosen by a link.
    expect(
        page.get_by_role("heading", name="Funnel plot: wards against Southampton")
    ).to_be_visible()
    page.get_by_role("link", name="Localities (3)").click()
    expect(
        page.get_by_role("heading", name="Funnel plot: localities against Southampton")
    ).to_be_visible()
    expect(page.get_by_role("list", name="Key to the funnel plot")).to_contain_text("99.8% limits")

    visit(page, "/outcomes/localities/")
    page.locator("main ul.govuk-list a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("locality")
    expect(page.get_by_role("main")).to_contain_text("Southampton")
    assert_accessible(page)


def test_a_partnership_admin_uploads_a_good_file_and_a_bad_one(page: Page, demo: None) -> None:
    UserFactory.create(username="ada", role=Role.PARTNERSHIP_ADMIN)
    sign_in(page, "ada")
    visit(page, "/outcomes/")
    page.get_by_role("button", name="Upload indicator data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload indicator data")
    assert_accessible(page)

    before = DataPoint.objects.count()
    upload(
        page,
        "bad.csv",
        local_file(
            [
                [EHCP, "LOC-EAST", "East locality", "locality", "2023/24", "412", "10300"],
                [EHCP, "LOC-WEST", "West locality", "locality", "2023/24", "12", "0"],
                [EHCP, "LOC-NORTH", "North locality", "locality", "spring", "5", "900"],
            ]
        ),
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The file bad.csv has 2 problems. Nothing was loaded")
    problems = page.locator("#problems li")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("Line 3: the denominator is 0")
    expect(problems.nth(1)).to_contain_text('Line 4: the time period "spring"')
    assert DataPoint.objects.count() == before
    assert_accessible(page)

    upload(
        page,
        "good.csv",
        local_file(
            [
                [EHCP, "LOC-EAST", "East locality", "locality", "2023/24", "412", "10300"],
                [EHCP, "LOC-WEST", "West locality", "locality", "2023/24", "301", "9800"],
            ]
        ),
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicator data loaded")
    expect(page.locator(".govuk-panel__body")).to_have_text("2 lines from good.csv")
    expect(summary_value(page, "Data points")).to_have_text("2 new, 0 changed, 0 unchanged")
    assert DataPoint.objects.count() == before + 2
    assert_accessible(page)
    page.get_by_role("link", name="See the indicators held").click()
    expect(page.get_by_role("link", name=EHCP, exact=True)).to_be_visible()


def test_a_strategic_lead_changes_the_polarity_and_sees_the_judgement_change(
    page: Page, demo: None
) -> None:
    UserFactory.create(username="lee", role=Role.STRATEGIC_LEAD)
    sign_in(page, "lee")
    visit(page, "/outcomes/")
    page.get_by_role("link", name=MENTAL_HEALTH, exact=True).click()
    latest = (
        page.get_by_role("table", name=re.compile("compared with England in each period"))
        .get_by_role("row")
        .last
    )
    expect(latest).to_contain_text("Worse than England")

    page.get_by_role("link", name=re.compile("Edit this indicator")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MENTAL_HEALTH)
    expect(page.get_by_label("A low value is good")).to_be_checked()
    assert_accessible(page)

    page.get_by_label("Multiplier").fill("0")
    page.get_by_label("A high value is good").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Enter a multiplier between 1 and"))
    ).to_be_visible()
    assert_accessible(page)
    assert Indicator.objects.get(name=MENTAL_HEALTH).polarity == Polarity.LOW_IS_GOOD

    page.get_by_label("Multiplier").fill("100000")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text(f"{MENTAL_HEALTH} has been updated.")).to_be_visible()
    expect(summary_value(page, "Polarity")).to_have_text("A high value is good")
    expect(latest).to_contain_text("Better than England")
    assert_accessible(page)
    assert Indicator.objects.get(name=MENTAL_HEALTH).polarity == Polarity.HIGH_IS_GOOD


def test_keeping_an_indicator_works_without_javascript(
    new_context: CreateContextCallback, page: Page, demo: None
) -> None:
    UserFactory.create(username="lee", role=Role.STRATEGIC_LEAD)
    no_js = new_context(java_script_enabled=False).new_page()
    no_js.set_default_timeout(10_000)
    no_js.goto("/sign-in/")
    no_js.get_by_label("Username").fill("lee")
    no_js.get_by_label("Password").fill(TEST_PASSWORD)
    no_js.get_by_role("button", name="Sign in").click()
    expect(no_js.get_by_text("You are signed in as")).to_be_visible()

    no_js.goto("/outcomes/")
    assert no_js.evaluate("document.body.classList.contains('js-enabled')") is False
    assert_accessible_without_javascript(no_js, checker=page)
    no_js.get_by_role("link", name=f"Edit {MENTAL_HEALTH}").click()
    expect(no_js.get_by_role("heading", level=1)).to_have_text(MENTAL_HEALTH)
    assert_accessible_without_javascript(no_js, checker=page)

    no_js.get_by_label("Framework indicator").select_option(index=1)
    no_js.get_by_label("No judgement of high or low").check()
    no_js.get_by_role("button", name="Save changes").click()
    expect(no_js.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(no_js.locator(".govuk-error-summary")).to_contain_text("measures the priority")
    assert_accessible_without_javascript(no_js, checker=page)
    assert Indicator.objects.get(name=MENTAL_HEALTH).polarity == Polarity.LOW_IS_GOOD

    no_js.get_by_label("Framework indicator").select_option(index=0)
    no_js.get_by_role("button", name="Save changes").click()
    expect(no_js.get_by_text(f"{MENTAL_HEALTH} has been updated.")).to_be_visible()
    latest = (
        no_js.get_by_role("table", name=re.compile("compared with England in each period"))
        .get_by_role("row")
        .last
    )
    expect(latest).to_contain_text("Higher than England")
    assert_accessible_without_javascript(no_js, checker=page)

    no_js.goto("/outcomes/profile/?area=E06000044")
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Partnership profile: Portsmouth")
    assert_accessible_without_javascript(no_js, checker=page)
