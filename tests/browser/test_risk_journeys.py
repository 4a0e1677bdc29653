"""The change programme in a real browser, with axe-core checks: a strategic lead adds a risk
(first refused: residual likelihood above inherent), sees it in the register and its heat map,
switches the heat map to inherent scores, and reads the change programme; every other page of
the change programme passes the check and none scrolls sideways at 320 px (the 5x5 table
scrolls in its own region)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.strategy.models import ChangeStage, KotterStage, Objective
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import choose_person, sign_in, visit
from tests.factories import PriorityFactory, StaffMemberFactory, UserFactory
from tests.strategy.factories_change import (
    DecidedDecisionFactory,
    DecisionFactory,
    MeetingFactory,
    PlanFactory,
    RiskFactory,
    rate_every_stage,
)


def _setting() -> Objective:
    UserFactory(username="lena", role=Role.STRATEGIC_LEAD)
    owner = StaffMemberFactory(given_name="Ama", family_name="Boateng", job_title="Head of service")
    plan = PlanFactory(title="Children's Plan")
    objective = Objective.objects.create(plan=plan, title="Healthy teeth", owner=owner)
    objective.priorities.set([PriorityFactory()])
    ChangeStage.objects.create(plan=plan, stage=KotterStage.URGENCY, owner=owner)
    rate_every_stage(MeetingFactory(), rating=2)
    return objective


def _choose(page: Page, group: str, label: str) -> None:
    page.get_by_role("group", name=group).get_by_label(label, exact=True).check()


def test_a_strategic_lead_adds_a_risk_and_sees_it_in_the_register(page: Page) -> None:
    _setting()
    review = timezone.localdate() + datetime.timedelta(days=30)

    sign_in(page, "lena")
    page.goto("/plan/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change programme")
    expect(page.get_by_text("2 out of 5, Beginning").first).to_be_visible()
    expect(page.get_by_text("Rule:").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Risk register").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a risk").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Dentists leave the NHS")
    page.get_by_label("Cause").fill("Contract changes.")
    page.get_by_label("Effect").fill("Fewer children seen.")
    choose_person(page, "Owner", "Ama Boateng")
    _choose(page, "Inherent likelihood (before controls)", "2: Unlikely")
    _choose(page, "Inherent impact (before controls)", "4: Major")
    _choose(page, "Residual likelihood (after controls)", "3: Possible")
    _choose(page, "Residual impact (after controls)", "3: Moderate")
    page.get_by_label("Within 3 months").check()
    date = page.get_by_role("group", name="Review date")
    date.get_by_label("Day").fill(str(review.day))
    date.get_by_label("Month", exact=True).fill(str(review.month))
    date.get_by_label("Year").fill(str(review.year))
    page.get_by_label("Healthy teeth").check()
    page.get_by_role("button", name="Add the risk").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The residual likelihood cannot be higher than the inherent likelihood"
    )
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    _choose(page, "Residual likelihood (after controls)", "2: Unlikely")
    page.get_by_role("button", name="Add the risk").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dentists leave the NHS")
    expect(page.get_by_text("R01 “Dentists leave the NHS” has been added.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the risk register").click()
    expect(page.get_by_role("link", name="R01 Dentists leave the NHS").first).to_be_visible()
    heat_map = page.get_by_role("table", name="Open risks by residual likelihood and impact")
    expect(heat_map).to_contain_text("1 risk, medium")
    page.get_by_role("link", name="Show inherent scores (before controls)").click()
    expect(
        page.get_by_role("table", name="Open risks by inherent likelihood and impact")
    ).to_contain_text("1 risk, medium")


def test_the_change_pages_pass_the_check_and_reflow_at_320_pixels(page: Page) -> None:
    objective = _setting()
    risk = RiskFactory(review_on=timezone.localdate() - datetime.timedelta(days=3))
    risk.objectives.set([objective])
    draft, decided = DecisionFactory(), DecidedDecisionFactory()
    meeting = MeetingFactory()
    sign_in(page, "lena")
    paths = [
        "/plan/change/stages/1/edit/",
        "/plan/change/agents/",
        f"/plan/board/meetings/{meeting.pk}/stages/",
        f"/plan/risks/{risk.pk}/",
        f"/plan/risks/{risk.pk}/edit/",
        f"/plan/risks/{risk.pk}/close/",
        "/plan/decisions/",
        "/plan/decisions/new/",
        f"/plan/decisions/{draft.pk}/",
        f"/plan/decisions/{draft.pk}/edit/",
        f"/plan/decisions/{draft.pk}/decide/",
        f"/plan/decisions/{decided.pk}/",
    ]
    for path in paths:
        visit(page, path)
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ["/plan/change/", "/plan/risks/", "/plan/risks/new/", *paths]:
        page.goto(path)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{path} scrolls sideways at 320 px"
