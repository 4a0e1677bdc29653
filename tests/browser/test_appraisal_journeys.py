"""Option appraisals in a real browser, with axe-core checks on every page: a strategic lead
opens an appraisal, adds two options with their years through the table of years, adds a risk,
reads the ranking and the switching values, and records the decision; a practitioner reads the
record but is offered nothing to change; and the whole journey works without JavaScript.

The figures are chosen to be worked out by hand at the Green Book's 3.5%: £2,070 of benefits in
year 1 are worth £2,000 today, £1,035 are worth £1,000."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.resources.models import Appraisal, AppraisalStatus, OptionYear
from tests.browser.accessibility import assert_accessible, assert_accessible_without_javascript
from tests.browser.journeys import sign_in, sign_in_without_javascript, visit
from tests.factories import UserFactory
from tests.resources.factories_appraisal import (
    AppraisalFactory,
    AppraisalOptionFactory,
    OptionYearFactory,
)


def _start(page: Page, title: str) -> None:
    page.get_by_role("link", name="Start an appraisal").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("The question").fill("Should the agencies pool their budgets?")
    page.get_by_label("First year").fill("2027")
    page.get_by_role("button", name="Start the appraisal").click()
    expect(page.get_by_text(f"“{title}” has been opened. Add its options.")).to_be_visible()


def _add_option(
    page: Page, name: str, *, people: str, costs: str, benefits: str, pros: str = ""
) -> None:
    """An option costing `costs` in year 0 and bringing `benefits` in year 1, entered through
    the table of years (a plain form: no script adds or removes rows)."""
    page.get_by_role("link", name="Add an option").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an option")
    page.get_by_label("Name of the option").fill(name)
    page.get_by_label("People benefited").fill(people)
    if pros:
        page.get_by_label("For the option").fill(pros)
    years = page.get_by_role("table", name="Costs and benefits in years 0 to", exact=False)
    expect(years.get_by_role("row").filter(has_text="(2027)")).to_have_count(1)
    page.get_by_label("Costs in year 0", exact=True).fill(costs)
    page.get_by_label("Benefits in year 1", exact=True).fill(benefits)
    page.get_by_label("Optimism bias on costs (%)").fill("0")
    page.get_by_label("Optimism bias on benefits (%)").fill("0")
    page.get_by_role("button", name="Save the option").click()
    expect(page.get_by_text(f"“{name}” has been saved.")).to_be_visible()


def test_a_strategic_lead_appraises_two_options_and_records_the_decision(page: Page) -> None:
    UserFactory.create(username="lead", role=Role.STRATEGIC_LEAD)
    sign_in(page, "lead")
    visit(page, "/resources/")
    page.get_by_role("main").get_by_role("link", name="Option appraisals").click()
    expect(page.get_by_text("No appraisals have been recorded yet.")).to_be_visible()
    assert_accessible(page)

    # Bad input first: nothing is opened without a title.
    page.get_by_role("link", name="Start an appraisal").click()
    page.get_by_label("First year").fill("27")
    page.get_by_role("button", name="Start the appraisal").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a title for the appraisal")
    expect(summary).to_contain_text("Enter the question the appraisal answers")
    assert_accessible(page)
    assert not Appraisal.objects.exists()
    visit(page, "/resources/appraisals/")

    _start(page, "Pool the budgets?")
    assert_accessible(page)
    _add_option(page, "One trust", people="300", costs="1000", benefits="2070", pros="One budget")
    _add_option(page, "Agencies independent", people="500", costs="500", benefits="1,035")
    assert OptionYear.objects.filter(option__name="One trust").count() == 2
    assert_accessible(page)

    # A one-in-two chance of £200 more in year 0: £100 expected, so One trust's NPV is £900.
    page.get_by_role("link", name="Add a risk to One trust").click()
    page.get_by_label("The risk").fill("IT systems take longer to join")
    page.get_by_label("Likelihood").fill("1.5")
    page.get_by_label("Cost if it happens").fill("200")
    page.get_by_role("button", name="Add the risk").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The likelihood cannot be more")
    assert_accessible(page)
    page.get_by_label("Likelihood").fill("0.5")
    page.get_by_label("How it is managed").fill("A joint IT board")
    page.get_by_role("button", name="Add the risk").click()
    expect(
        page.get_by_text("The risk “IT systems take longer to join” has been added to One trust.")
    ).to_be_visible()
    expect(page.get_by_text("an expected cost of £100", exact=False)).to_be_visible()

    results = page.locator("#appraisal-results")
    one_trust = results.get_by_role("row").filter(has_text="One trust")
    expect(one_trust).to_contain_text("£1,100")  # PV costs: £1,000 and the risk's £100
    expect(one_trust).to_contain_text("£2,000")
    expect(one_trust).to_contain_text("£900")
    independent = results.get_by_role("row").filter(has_text="Agencies independent")
    expect(independent).to_contain_text("£500")
    # First by net present value, second by people benefited; and the other way round.
    expect(results.get_by_role("row").nth(1)).to_contain_text("One trust")
    expect(one_trust.get_by_role("cell").nth(-2)).to_have_text("1")
    expect(one_trust.get_by_role("cell").nth(-1)).to_have_text("2")
    expect(
        page.get_by_text("“One trust” has the highest net present value, £900", exact=False)
    ).to_be_visible()
    expect(page.locator("svg.app-chart")).to_have_count(1)

    # The £400 between them: costs up by 36.4% (of £1,100) or benefits down by 20.0%.
    expect(
        page.get_by_text(
            "“One trust” would lose first place to “Agencies independent” only if its costs "
            "rose by 36.4% or if its benefits fell by 20.0%",
            exact=False,
        )
    ).to_be_visible()
    switching = page.locator("#appraisal-switching").get_by_role("row").nth(1)
    expect(switching).to_contain_text("£400")
    expect(switching).to_contain_text("36.4%")
    expect(switching).to_contain_text("20.0%")
    assert_accessible(page)

    page.get_by_role("link", name="Record the decision").click()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the option the partnership chose"
    )
    assert_accessible(page)
    page.get_by_label("One trust").check()
    page.get_by_label("The decision").fill("The board chose one trust on 1 December 2026.")
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text("The decision on “Pool the budgets?” has been recorded.")
    ).to_be_visible()
    expect(page.get_by_text("Decided", exact=True)).to_be_visible()
    expect(page.get_by_text("The partnership chose One trust.")).to_be_visible()
    # A decided record is the record of the decision: nothing more to add or change.
    expect(page.get_by_role("link", name="Add an option")).to_have_count(0)
    expect(page.get_by_role("link", name="Change One trust")).to_have_count(0)
    assert_accessible(page)
    appraisal = Appraisal.objects.get()
    assert appraisal.status == AppraisalStatus.DECIDED
    assert appraisal.chosen_option is not None
    assert appraisal.chosen_option.name == "One trust"
    assert AuditEvent.objects.filter(object_type="resources.appraisal").exists()


@pytest.fixture
def youth_appraisal() -> Appraisal:
    appraisal = AppraisalFactory(title="Where the youth money goes", first_year=2027)
    first = AppraisalOptionFactory(appraisal=appraisal, name="Youth clubs", position=0)
    OptionYearFactory(option=first, year_index=0, costs=Decimal("100"), benefits=Decimal("300"))
    second = AppraisalOptionFactory(appraisal=appraisal, name="Detached work", position=1)
    OptionYearFactory(option=second, year_index=0, costs=Decimal("100"), benefits=Decimal("150"))
    return appraisal


def test_a_practitioner_reads_an_appraisal_but_may_change_nothing(
    page: Page, youth_appraisal: Appraisal
) -> None:
    UserFactory.create(username="pat", role=Role.PRACTITIONER)
    sign_in(page, "pat")
    visit(page, "/resources/appraisals/")
    expect(page.get_by_role("link", name="Start an appraisal")).to_have_count(0)
    page.get_by_role("link", name="Where the youth money goes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where the youth money goes")
    expect(page.locator("#appraisal-results")).to_contain_text("Youth clubs")
    expect(page.locator("#appraisal-switching")).to_be_visible()
    for link in (
        "Change the title, question or first year",
        "Add an option",
        "Record the decision",
        "Change Youth clubs",
        "Add a risk to Youth clubs",
    ):
        expect(page.get_by_role("link", name=link)).to_have_count(0)
    assert_accessible(page)
    response = page.goto(f"/resources/appraisals/{youth_appraisal.pk}/decide/")
    assert response is not None
    assert response.status == 403


def test_appraising_works_without_javascript(
    new_context: CreateContextCallback, page: Page
) -> None:
    UserFactory.create(username="fin", role=Role.FINANCE_OFFICER)
    no_js = sign_in_without_javascript(new_context, "fin")

    no_js.goto("/resources/appraisals/")
    assert no_js.evaluate("document.body.classList.contains('js-enabled')") is False
    assert_accessible_without_javascript(no_js, checker=page)
    _start(no_js, "Pool the budgets?")
    assert_accessible_without_javascript(no_js, checker=page)

    # The table of years, and more rows asked for by a plain link.
    no_js.get_by_role("link", name="Add an option").click()
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Add an option")
    assert_accessible_without_javascript(no_js, checker=page)
    no_js.get_by_role("link", name="Show more years", exact=False).click()
    expect(no_js.get_by_label("Costs in year 14", exact=True)).to_be_visible()
    no_js.get_by_label("Name of the option").fill("One trust")
    no_js.get_by_label("People benefited").fill("300")
    no_js.get_by_label("Costs in year 0", exact=True).fill("1000")
    no_js.get_by_label("Benefits in year 1", exact=True).fill("lots")
    no_js.get_by_role("button", name="Save the option").click()
    expect(no_js.locator(".govuk-error-summary")).to_contain_text("benefits in year 1")
    assert_accessible_without_javascript(no_js, checker=page)
    no_js.get_by_label("Benefits in year 1", exact=True).fill("2070")
    no_js.get_by_role("button", name="Save the option").click()
    expect(no_js.get_by_text("“One trust” has been saved.")).to_be_visible()

    # A second option that loses money: its bar hangs below the line at zero.
    _add_option(no_js, "Agencies independent", people="500", costs="900", benefits="0")
    expect(
        no_js.get_by_role("paragraph").filter(has_text="below the line at zero")
    ).to_contain_text(
        "A bar below the line at zero is an option whose net present value is below zero "
        "(“Agencies independent”)."
    )
    expect(no_js.locator("svg.app-chart rect")).to_have_count(2)
    assert_accessible_without_javascript(no_js, checker=page)

    no_js.get_by_role("link", name="Record the decision").click()
    no_js.get_by_label("One trust").check()
    no_js.get_by_label("The decision").fill("Chosen by the board.")
    no_js.get_by_role("button", name="Record the decision").click()
    expect(
        no_js.get_by_text("The decision on “Pool the budgets?” has been recorded.")
    ).to_be_visible()
    assert_accessible_without_javascript(no_js, checker=page)
    assert Appraisal.objects.get().status == AppraisalStatus.DECIDED
