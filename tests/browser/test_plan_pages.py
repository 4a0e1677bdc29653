"""The plan's pages in a real browser, with axe-core checks: a practitioner reads the plan, with
an overdue milestone said in words, and opens an objective with its milestones' history."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.strategy.models import Milestone, MilestoneStatusChange, Objective, StrategicPlan
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.factories import PriorityFactory, StaffMemberFactory, UserFactory


def _objective() -> Objective:
    year = timezone.localdate().year
    plan = StrategicPlan.objects.create(
        title="Children's Plan", start_year=year - 1, end_year=year + 3
    )
    objective = Objective.objects.create(
        plan=plan, title="Healthy teeth", owner=StaffMemberFactory()
    )
    objective.priorities.set([PriorityFactory()])
    milestone = Milestone.objects.create(
        objective=objective,
        title="Brushing clubs in every primary school",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
        owner=objective.owner,
    )
    MilestoneStatusChange.objects.create(
        milestone=milestone, from_status="not_started", to_status="at_risk", note="Staff short"
    )
    return objective


def test_a_practitioner_reads_the_plan_and_an_objective(page: Page) -> None:
    _objective()
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
    objective = _objective()
    UserFactory(username="pat", role=Role.PRACTITIONER)
    page.set_viewport_size({"width": 320, "height": 800})

    sign_in(page, "pat")
    for path in ("/plan/", f"/plan/objectives/{objective.pk}/"):
        page.goto(path)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{path} scrolls sideways at 320 px"
