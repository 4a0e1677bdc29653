"""The plan's pages in a real browser, with axe-core checks: a practitioner reads the plan, with
an overdue milestone said in words, and opens an objective with its milestones' history."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.factories import UserFactory
from tests.strategy.plan_setup import objective_with_overdue_milestone


def test_a_practitioner_reads_the_plan_and_an_objective(page: Page) -> None:
    objective_with_overdue_milestone("Brushing clubs in every primary school")
    UserFactory(username="pat", role=Role.PRACTITIONER)

    sign_in(page, "pat")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Children's Plan")
    expect(page.get_by_text("Overdue by 2 days").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Healthy teeth").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Healthy teeth")
    expect(page.get_by_text("Staff short")).to_be_visible()
    assert_accessible(page)


def test_the_plan_pages_reflow_at_320_pixels(page: Page) -> None:
    objective = objective_with_overdue_milestone()
    UserFactory(username="pat", role=Role.PRACTITIONER)
    page.set_viewport_size({"width": 320, "height": 800})

    sign_in(page, "pat")
    for path in ("/plan/", f"/plan/objectives/{objective.pk}/"):
        page.goto(path)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{path} scrolls sideways at 320 px"
