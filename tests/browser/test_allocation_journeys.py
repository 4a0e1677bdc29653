"""Allocations in a real browser, with axe-core checks on every page, on the small partnership
of tests/resources/factories_allocation.py (worked out by hand there): a finance officer runs an
allocation, reads the result (charts, marginal values, the ±10% table, the founding
alternatives) and proposes it; a run that no allocation can satisfy is explained in words; a
practitioner sees only their own agency's lines; the whole run works without JavaScript; and a
run in the background shows its progress, then its result."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from childtrust.accounts.models import Role
from childtrust.partnership.models import Agency
from childtrust.resources.models import (
    AllocationRun,
    AllocationStage,
    AllocationStatus,
    BudgetLine,
)
from childtrust.resources.services.allocation import (
    allocation_queue,
    allocation_queued_run_work,
    allocation_run,
)
from tests.browser.accessibility import assert_accessible, assert_accessible_without_javascript
from tests.browser.journeys import sign_in, sign_in_without_javascript, summary_value, visit
from tests.factories import StaffMemberFactory, UserFactory
from tests.resources.factories_allocation import SmallPartnership, small_partnership
from tests.resources.factories_budget import budget_keeper


@pytest.fixture
def world() -> SmallPartnership:
    return small_partnership()


def _user(role: Role, agency: Agency) -> str:
    user = UserFactory(role=role)
    StaffMemberFactory(user=user, agency=agency)
    return str(user.username)


def _run_from_the_form(page: Page, name: str, floor: str = "15") -> None:
    page.get_by_label("Financial year").select_option(label="2026-27")
    page.get_by_label("Name (optional)").fill(name)
    page.get_by_label("Locality floor (%)").fill(floor)
    expect(page.get_by_label("Fund posts and contracts in whole blocks")).to_be_checked()
    page.get_by_role("button", name="Run the allocation").click()


def test_a_finance_officer_runs_reads_and_proposes_an_allocation(
    page: Page, world: SmallPartnership
) -> None:
    sign_in(page, _user(Role.FINANCE_OFFICER, world.council))
    visit(page, "/resources/")
    page.get_by_role("link", name="Allocations", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocations")
    expect(page.get_by_text("No allocation has been run for 2026-27.")).to_be_visible()
    assert_accessible(page)

    # Bad input first: a floor no three localities can each be given.
    _run_from_the_form(page, "December board", floor="40")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The locality floor is given to each of the 3 localities, so it can be at most 33.33%"
    )
    assert_accessible(page)
    assert not AllocationRun.objects.exists()

    _run_from_the_form(page, "December board")
    expect(page.get_by_text("“December board” has been run: the result is below.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("December board")
    expect(page.get_by_text("Meets every constraint", exact=True)).to_be_visible()
    expect(summary_value(page, "Budget to allocate")).to_have_text("£100,000")
    expect(summary_value(page, "Locality floor")).to_contain_text("15%")

    # Health visiting: £20,000 now, £45,000 proposed (worked out by hand in the factories).
    health_visiting = (
        page.locator("#by-service").get_by_role("row").filter(has_text="Health visiting (Health)")
    )
    expect(health_visiting).to_contain_text("£45,000")
    expect(health_visiting).to_contain_text("+£25,000")
    expect(page.locator("#by-service")).to_contain_text("Family support (Council)")
    expect(
        page.get_by_text("Youth club is left out of the allocation", exact=False)
    ).to_be_visible()

    # Two charts, each with its sentence and a table of the same figures.
    expect(page.locator("svg.app-chart")).to_have_count(2)
    expect(
        page.get_by_text("The chart shows the children each locality", exact=False)
    ).to_be_visible()
    expect(page.locator("#by-locality")).to_contain_text("West")
    expect(page.locator("#by-outcome")).to_contain_text("Be healthy")
    expect(page.locator("#by-outcome")).to_contain_text("Stay safe")

    expect(page.get_by_role("heading", name="What one more pound is worth")).to_be_visible()
    expect(page.locator("#marginal-values li").first).to_contain_text("would help")

    sensitivity = page.locator("#sensitivity")
    expect(sensitivity.get_by_role("row").filter(has_text="Budget cut by 10%")).to_contain_text(
        "£90,000"
    )
    expect(sensitivity.get_by_role("row").filter(has_text="Budget raised by 10%")).to_contain_text(
        "£110,000"
    )

    expect(page.get_by_role("heading", name="The founding alternatives")).to_be_visible()
    expect(page.get_by_text("Independent agencies", exact=False).first).to_be_visible()
    expect(page.get_by_text("One trust", exact=False).first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Propose this allocation").click()
    expect(
        page.get_by_text("“December board” is now the proposed allocation for 2026-27.")
    ).to_be_visible()
    expect(page.get_by_text("Proposed to the board")).to_be_visible()
    expect(page.get_by_role("button", name="Propose this allocation")).to_have_count(0)
    assert_accessible(page)
    run = AllocationRun.objects.get()
    assert run.proposed
    assert run.status == AllocationStatus.OPTIMAL

    page.get_by_role("link", name="The founding alternatives on the data held now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Independent agencies or one trust")
    expect(page.get_by_text("The founding alternatives, 2026-27")).to_be_visible()
    expect(
        page.get_by_text("the settings of the proposed allocation “December board”", exact=False)
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to allocations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocations")
    assert_accessible(page)
    runs = page.get_by_role("table", name="Allocations run for 2026-27, newest first")
    expect(runs.get_by_role("row").filter(has_text="December board")).to_contain_text("Proposed")


def test_an_allocation_no_plan_can_meet_is_explained_in_words(
    page: Page, world: SmallPartnership
) -> None:
    # Health visiting must be given £500,000 by law, out of a budget of £100,000.
    BudgetLine.objects.filter(service=world.health_visiting).update(
        statutory_minimum=Decimal("500000")
    )
    sign_in(page, _user(Role.FINANCE_OFFICER, world.council))
    visit(page, "/resources/allocation/")
    _run_from_the_form(page, "Impossible")

    expect(
        page.get_by_text(
            "“Impossible” has been run, but no allocation meets every constraint. "
            "The reasons are below."
        )
    ).to_be_visible()
    expect(page.get_by_text("No allocation meets every constraint", exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name="Why no allocation meets every constraint")
    ).to_be_visible()
    conflicts = page.locator("#conflicts")
    expect(conflicts).to_contain_text("Health visiting")
    expect(conflicts).not_to_contain_text("The optimiser gave no reason.")
    for solver_word in ("infeasible", "HiGHS", "Traceback", "status"):
        expect(page.locator("main")).not_to_contain_text(solver_word)
    expect(page.get_by_role("button", name="Propose this allocation")).to_have_count(0)
    expect(page.locator("#by-service")).to_have_count(0)
    assert_accessible(page)
    assert AllocationRun.objects.get().status == AllocationStatus.INFEASIBLE


def test_a_practitioner_sees_only_their_own_agencys_lines(
    page: Page, world: SmallPartnership
) -> None:
    allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="Board paper",
        locality_floor_share=Decimal("0.15"),
        whole_blocks=True,
    )
    sign_in(page, _user(Role.PRACTITIONER, world.health))
    visit(page, "/resources/allocation/")
    expect(page.get_by_role("heading", name="Run a new allocation")).to_have_count(0)
    expect(page.get_by_role("button", name="Run the allocation")).to_have_count(0)
    page.get_by_role("link", name="Board paper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board paper")

    lines = page.locator("#by-service")
    expect(lines).to_contain_text("Health visiting (Health)")
    expect(lines).not_to_contain_text("Family support")
    expect(page.locator("#own-lines")).to_contain_text(
        "You see the services of your own agency only (1 other service not shown)"
    )
    # The partnership's totals are everyone's to see.
    expect(summary_value(page, "Children reached")).to_contain_text("110")
    expect(page.get_by_role("button", name="Propose this allocation")).to_have_count(0)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the allocation's lines", exact=False).click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "Health visiting" in text
    assert "Family support" not in text


def test_running_and_proposing_an_allocation_works_without_javascript(
    new_context: CreateContextCallback, page: Page, world: SmallPartnership
) -> None:
    username = _user(Role.STRATEGIC_LEAD, world.council)
    no_js = sign_in_without_javascript(new_context, username)

    no_js.goto("/resources/allocation/")
    assert no_js.evaluate("document.body.classList.contains('js-enabled')") is False
    assert_accessible_without_javascript(no_js, checker=page)

    no_js.get_by_label("Locality floor (%)").fill("150")
    no_js.get_by_role("button", name="Run the allocation").click()
    expect(no_js.locator(".govuk-error-summary")).to_contain_text(
        "The locality floor must be 100% or less"
    )
    assert not AllocationRun.objects.exists()
    assert_accessible_without_javascript(no_js, checker=page)

    no_js.get_by_label("Locality floor (%)").fill("10")
    no_js.get_by_label("Fund posts and contracts in whole blocks").uncheck()
    no_js.get_by_role("button", name="Run the allocation").click()
    expect(no_js.get_by_text("has been run: the result is below.", exact=False)).to_be_visible()
    expect(summary_value(no_js, "Posts and contracts")).to_have_text("May be funded in part")
    expect(no_js.locator("svg.app-chart")).to_have_count(2)
    expect(no_js.locator("#sensitivity")).to_contain_text("Budget raised by 10%")
    assert_accessible_without_javascript(no_js, checker=page)

    no_js.get_by_role("button", name="Propose this allocation").click()
    expect(
        no_js.get_by_text("is now the proposed allocation for 2026-27.", exact=False)
    ).to_be_visible()
    assert_accessible_without_javascript(no_js, checker=page)
    run = AllocationRun.objects.get()
    assert run.proposed
    assert run.whole_blocks is False


def test_a_run_in_the_background_shows_its_progress_and_then_its_result(
    page: Page, world: SmallPartnership
) -> None:
    """The waiting page checks by itself (progress.js): the stage changes in place, and the page
    shows the result once the work is done, with no refresh of the whole page in between."""
    run = allocation_queue(
        actor=budget_keeper(),
        year=world.year,
        name="Overnight run",
        locality_floor_share=Decimal("0.15"),
        whole_blocks=True,
    )
    AllocationRun.objects.filter(pk=run.pk).update(
        status=AllocationStatus.RUNNING, stage=AllocationStage.SOLVING
    )
    sign_in(page, _user(Role.FINANCE_OFFICER, world.council))
    visit(page, f"/resources/allocation/{run.pk}/")
    expect(page.get_by_text("Being worked out", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Check progress")).to_be_visible()
    assert_accessible(page)

    AllocationRun.objects.filter(pk=run.pk).update(stage=AllocationStage.SENSITIVITY)
    expect(page.locator("#run-stage")).to_contain_text(
        "solving with the budget cut and raised by 10%", timeout=10_000
    )

    assert allocation_queued_run_work(run_id=run.pk) is None  # already taken: it is running
    AllocationRun.objects.filter(pk=run.pk).update(status=AllocationStatus.QUEUED)
    allocation_queued_run_work(run_id=run.pk)
    expect(page.get_by_text("Meets every constraint", exact=True)).to_be_visible(timeout=10_000)
    expect(page.get_by_role("link", name="Check progress")).to_have_count(0)
