"""Measures and check-ins in a real browser, with axe-core checks once per template: an objective's
owner records this month's check-in (first forgetting what happened and how confident they are,
shown in the error summary and the page title) and finds it in the history; a strategic lead
reads the measures, a measure's chart of actual against trajectory with its table, adds a figure
by hand and opens the measure form (its sources' lists always shown under their radios, an
empty form refused with every message); no measures or check-in page scrolls sideways at
320 px."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from childtrust.strategy.models import CheckIn, Direction, Measure, MeasureSource
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.strategy.factories_measures import (
    Setting,
    indicator_with_figures,
    measure,
    plan_with_objective,
    reading,
)


def _with_measures() -> tuple[Setting, Measure, Measure]:
    """The owner's objective with an indicator measure (its interval including the 2026-27
    target) and one by hand, off trajectory, with two figures."""
    setting = plan_with_objective()
    indicator = indicator_with_figures(value=3.4, lower=2.9, upper=3.9, period="2026/27")
    from_indicator = measure(
        setting.objective,
        title="Sessions lost to extractions",
        source=MeasureSource.INDICATOR,
        indicator=indicator,
    )
    by_hand = measure(
        setting.objective,
        title="Schools brushing daily",
        direction=Direction.HIGHER,
        baseline=10,
        targets=(20, 25, 30, 31, 31),
    )
    reading(by_hand, 12, datetime.date(2026, 4, 30))
    reading(by_hand, 15, min(datetime.date(2026, 9, 30), timezone.localdate()))
    return setting, from_indicator, by_hand


def test_an_owner_records_a_check_in_and_finds_it_in_the_history(page: Page) -> None:
    setting, _, _ = _with_measures()
    objective = setting.objective
    this_month = timezone.localdate().replace(day=1)

    sign_in(page, "owner")
    page.goto(f"/plan/objectives/{objective.pk}/")
    page.get_by_role("link", name="Check-ins in full").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-ins")
    expect(page.get_by_text("No check-in has been recorded yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record a check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a check-in")
    # This month is chosen unless changed.
    expect(page.get_by_label(f"{this_month:%B %Y}")).to_be_checked()
    assert_accessible(page)

    page.get_by_role("button", name="Record the check-in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Choose how confident you are")
    expect(summary).to_contain_text("Enter what happened this month")
    assert page.title().startswith("Error: ")
    assert not CheckIn.objects.exists()
    assert_accessible(page)

    summary.get_by_role("link", name="Enter what happened this month").click()
    expect(page.get_by_label("What happened")).to_be_focused()
    page.get_by_label("4: High").check()
    page.get_by_label("What happened").fill("Supervised brushing started in twelve schools.")
    page.get_by_label("What is blocking progress (optional)").fill("Two dental nurse vacancies.")
    page.get_by_role("button", name="Record the check-in").click()

    expect(
        page.get_by_text(f"Your check-in for {this_month:%B %Y} has been recorded.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-ins")
    card = page.locator(".govuk-summary-card").filter(has_text=f"{this_month:%B %Y}")
    expect(card).to_contain_text("4 of 5: High")
    expect(card).to_contain_text("Supervised brushing started in twelve schools.")
    expect(card).to_contain_text("Two dental nurse vacancies.")
    assert not page.title().startswith("Error")
    assert_accessible(page)
    check_in = CheckIn.objects.get()
    assert check_in.recorded_by == setting.owner
    assert check_in.month == this_month


def test_a_lead_reads_a_measure_with_its_chart_and_adds_a_figure(page: Page) -> None:
    setting, from_indicator, by_hand = _with_measures()

    sign_in(page, "lead")
    page.goto("/plan/measures/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Measures")
    # Off trajectory first, said in words.
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("Schools brushing daily")
    expect(rows.first).to_contain_text("Off trajectory")
    assert_accessible(page)

    page.get_by_role("link", name="Sessions lost to extractions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessions lost to extractions")
    expect(page.get_by_text("includes the 2026-27 target", exact=False).first).to_be_visible()
    chart = page.locator("figure svg")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 100
    expect(page.get_by_role("region", name="The chart's figures, in per 1,000")).to_contain_text(
        "2.9 per 1,000 to 3.9 per 1,000"
    )
    assert_accessible(page)

    page.goto(f"/plan/measures/{by_hand.pk}/")
    expect(page.locator("figure svg")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a figure").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("figure")
    assert_accessible(page)
    page.get_by_label("Figure", exact=True).fill("21")
    when = min(datetime.date(2026, 11, 30), timezone.localdate())
    group = page.get_by_role("group", name="Date the figure describes")
    group.get_by_label("Day").fill(str(when.day))
    group.get_by_label("Month").fill(str(when.month))
    group.get_by_label("Year").fill(str(when.year))
    page.get_by_label("Where the figure comes from").fill("School nursing returns")
    page.get_by_role("button").filter(has_text="figure").click()
    expect(page.get_by_text("has been added")).to_be_visible()
    expect(page.get_by_role("cell", name="School nursing returns")).to_be_visible()
    # 21 schools is better than the 2026-27 target of 20: the measure is now on trajectory.
    expect(page.get_by_text("is higher than the 2026-27 target of 20")).to_be_visible()
    assert by_hand.readings.count() == 3

    page.goto(f"/plan/measures/{from_indicator.pk}/edit/")
    expect(page.get_by_label("Target for 2027-28")).to_have_value("3.6")
    assert_accessible(page)
    page.goto(f"/plan/objectives/{setting.objective.pk}/measures/new/")
    expect(page.get_by_label("Target for 2030-31")).to_be_visible()
    assert_accessible(page)
    # Without a choice of source the lists under the radios are still there, and an empty
    # form is refused with every message at once.
    expect(page.get_by_label("Outcome indicator", exact=True)).to_be_visible()
    page.get_by_role("button", name="Add the measure").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the measure's title")
    expect(summary).to_contain_text("Enter the target for 2028-29")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    assert Measure.objects.count() == 2


def test_the_measures_and_check_in_pages_reflow_at_320_pixels(page: Page) -> None:
    setting, from_indicator, by_hand = _with_measures()
    objective = setting.objective
    CheckIn.objects.create(
        objective=objective,
        month=timezone.localdate().replace(day=1),
        confidence=3,
        happened="A long account of what happened this month " * 8,
        blocking="Vacancies",
        recorded_by=setting.owner,
    )
    page.set_viewport_size({"width": 320, "height": 800})

    sign_in(page, "lead")
    for path in (
        "/plan/measures/",
        f"/plan/measures/{from_indicator.pk}/",
        f"/plan/measures/{by_hand.pk}/",
        f"/plan/measures/{by_hand.pk}/figures/new/",
        f"/plan/measures/{by_hand.pk}/edit/",
        f"/plan/objectives/{objective.pk}/measures/new/",
        f"/plan/objectives/{objective.pk}/check-ins/",
        f"/plan/objectives/{objective.pk}/",
    ):
        page.goto(path)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{path} scrolls sideways at 320 px"

    page.context.clear_cookies()
    sign_in(page, "owner")
    path = f"/plan/objectives/{objective.pk}/check-ins/new/"
    page.goto(path)
    page.get_by_role("button", name="Record the check-in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wide, f"{path} with errors scrolls sideways at 320 px"
