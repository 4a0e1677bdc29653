"""The plan's pages in a real browser, with axe-core checks: a practitioner reads the plan, with
an overdue milestone said in words, and opens an objective with its milestones' history; a
strategic lead adds an objective and a milestone (a due date outside the plan's period refused
first) and changes its status; every other page of the plan passes the check and reflows at
320 px."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.strategy.models import PlanVersion, StrategicPlan
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import choose_person, open_section, sign_in, visit
from tests.factories import PriorityFactory, StaffMemberFactory, UserFactory
from tests.strategy.plan_setup import objective_with_overdue_milestone


def test_a_practitioner_reads_the_plan_and_an_objective(page: Page) -> None:
    objective_with_overdue_milestone("Brushing clubs in every primary school")
    UserFactory(username="pat", role=Role.PRACTITIONER)

    sign_in(page, "pat")
    open_section(page, "Plan")
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


def _lead_and_framework() -> tuple[str, str]:
    """A strategic lead, a person in post to own things, and a priority to tie objectives to."""
    UserFactory(username="lena", role=Role.STRATEGIC_LEAD)
    owner = StaffMemberFactory(given_name="Ama", family_name="Boateng", job_title="Head of service")
    priority = PriorityFactory(title="Improve children's oral health")
    return str(owner.pk), priority.title


def test_a_strategic_lead_adds_an_objective_and_a_milestone_and_changes_its_status(
    page: Page,
) -> None:
    objective_with_overdue_milestone()
    _owner, priority = _lead_and_framework()
    plan = StrategicPlan.objects.get()

    sign_in(page, "lena")
    page.goto("/plan/")
    page.get_by_role("link", name="Add an objective").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an objective")
    assert_accessible(page)
    page.get_by_label("Title").fill("Fewer school sessions lost to tooth extraction")
    choose_person(page, "Accountable owner", "Ama Boateng")
    page.get_by_label(priority).check()
    page.get_by_role("button", name="Add the objective").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fewer school sessions lost to tooth extraction"
    )
    expect(page.get_by_text("On track").first).to_be_visible()

    page.get_by_role("link", name="Add a milestone").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Supervised brushing in every primary school")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill(str(plan.end_year + 2))
    choose_person(page, "Owner", "Ama Boateng")
    page.get_by_role("button", name="Add the milestone").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The due date must be within the plan's period")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Year").fill(str(plan.start_year + 1))
    page.get_by_role("button", name="Add the milestone").click()
    expect(
        page.get_by_text("“Supervised brushing in every primary school” has been added")
    ).to_be_visible()

    page.get_by_role(
        "link", name="Change status of Supervised brushing in every primary school"
    ).click()
    assert_accessible(page)
    page.get_by_label("Dropped").check()
    page.get_by_role("button", name="Save the status").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the milestone was dropped"
    )
    page.get_by_label("At risk").check()
    page.get_by_label("Note").fill("The school nurses are two short")
    page.get_by_role("button", name="Save the status").click()
    expect(
        page.get_by_text("Not started to At risk: The school nurses are two short")
    ).to_be_visible()
    expect(page.get_by_text("At risk").first).to_be_visible()


def test_the_plans_other_pages_pass_the_check_and_reflow_at_320_pixels(page: Page) -> None:
    objective = objective_with_overdue_milestone()
    _lead_and_framework()
    plan = StrategicPlan.objects.get()
    PlanVersion.objects.create(
        plan=plan, version=1, text="The plan.", adopted_on=plan.starts_on, adopted_by="The Board"
    )
    milestone = objective.milestones.get()
    sign_in(page, "lena")
    paths = [
        "/plan/new/",
        "/plan/edit/",
        "/plan/versions/new/",
        "/plan/versions/1/",
        f"/plan/objectives/{objective.pk}/edit/",
        f"/plan/milestones/{milestone.pk}/edit/",
        f"/plan/milestones/{milestone.pk}/status/",
        "/plan/by-outcome/",
        "/plan/by-agency/",
        "/plan/mine/",
    ]
    for path in paths:
        visit(page, path)
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ["/plan/", f"/plan/objectives/{objective.pk}/", *paths]:
        page.goto(path)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{path} scrolls sideways at 320 px"
