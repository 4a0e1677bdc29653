"""The shared vision, the outcomes framework and the alignment matrix in a real browser."""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import open_section, sign_in, summary_value
from tests.factories import (
    AgencyFactory,
    CommitmentFactory,
    FrameworkIndicatorFactory,
    OutcomeFactory,
    PriorityFactory,
    UserFactory,
    VisionStatementFactory,
)


def test_practitioner_reads_the_vision_framework_and_alignment_matrix(page: Page) -> None:
    VisionStatementFactory(
        version=1, text="Children in the city do well.", adopted_on=datetime.date(2023, 4, 1)
    )
    VisionStatementFactory(
        version=2,
        text="Every child in the city safe, healthy and happy.",
        adopted_on=datetime.date(2025, 4, 1),
        adopted_by="Children's Trust Board",
    )
    healthy = OutcomeFactory(name="Be healthy", position=1)
    safe = OutcomeFactory(name="Stay safe", position=2)
    teeth = PriorityFactory(outcome=healthy, title="Fewer children with tooth decay")
    FrameworkIndicatorFactory(priority=teeth, name="Five-year-olds with visible tooth decay")
    repeat = PriorityFactory(outcome=safe, title="Fewer repeat referrals", position=1)
    PriorityFactory(outcome=safe, title="Safer roads near schools", position=2)
    health = AgencyFactory(name="Northside Health Trust")
    police = AgencyFactory(name="City Police")
    youth = AgencyFactory(name="City Youth Service")
    CommitmentFactory(agency=health, priority=teeth)
    for agency in (health, police, youth):
        CommitmentFactory(agency=agency, priority=repeat)
    UserFactory(username="pat", role=Role.PRACTITIONER)
    sign_in(page, "pat")

    open_section(page, "Partnership", "Shared vision")
    expect(page.get_by_role("heading", level=1)).to_have_text("Our shared vision")
    expect(page.locator("blockquote")).to_have_text(
        "Every child in the city safe, healthy and happy."
    )
    expect(summary_value(page, "Version")).to_have_text("2")
    expect(summary_value(page, "Adopted on")).to_have_text("1 April 2025")
    # Only strategic leads and partnership administrators record a new version.
    expect(page.get_by_role("button", name="Record a new version")).to_have_count(0)
    earlier = page.get_by_text("Version 1, adopted 1 April 2023")
    expect(page.get_by_text("Children in the city do well.")).to_be_hidden()
    earlier.click()
    expect(page.get_by_text("Children in the city do well.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Outcomes framework").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes framework")
    expect(
        page.get_by_role("navigation", name="Outcomes", exact=True).get_by_role("listitem")
    ).to_have_text(["Be healthy", "Stay safe"])
    expect(page.get_by_role("heading", level=2, name="Be healthy")).to_be_visible()
    expect(page.get_by_role("heading", level=3)).to_have_text(
        ["Fewer children with tooth decay", "Fewer repeat referrals", "Safer roads near schools"]
    )
    expect(page.get_by_text("Five-year-olds with visible tooth decay")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Alignment matrix: gaps and overlaps").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alignment matrix")
    expect(summary_value(page, "Gaps: no agency contributes")).to_have_text("1 priority")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "No agency contributes to 1 priority."
    )
    matrix = page.get_by_role("table", name="Agencies' commitments to each priority")
    repeat_row = matrix.get_by_role("row", name=re.compile("^Fewer repeat referrals"))
    expect(repeat_row).to_contain_text("Shared by 3 agencies")
    expect(repeat_row).to_contain_text("Work overlaps")
    roads_row = matrix.get_by_role("row", name=re.compile("^Safer roads near schools"))
    expect(roads_row).to_contain_text("Gap: no agency contributes")
    expect(roads_row.get_by_text("Not committed")).to_have_count(3)
    assert_accessible(page)
