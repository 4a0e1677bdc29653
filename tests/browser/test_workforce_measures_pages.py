"""The workforce measures page in a real browser: a workforce manager opens it from the Workforce
section, chooses a census year and a grouping with the GET form, reads the values with their
units and "not calculated" in words; the page passes the accessibility check, and reflows at
320 px (its wide tables scroll in their own region, never the page)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from tests.browser.journeys import sign_in, visit
from tests.factories import AgencyFactory, LocalityFactory, TeamFactory, UserFactory
from tests.workforce import factories as wf

D = datetime.date


def _establishment() -> None:
    """Census year 2024: one 1.0 post held all year, one 1.0 post whose 0.5 holder left on
    31 March 2024: in post 1.0, vacant 1.0, leavers 0.5 (turnover 50.0%)."""
    agency = AgencyFactory(name="Northfield Children's Services")
    team = TeamFactory(
        name="Assessment and intervention team with a long name",
        agency=agency,
        locality=LocalityFactory(name="North"),
    )
    wf.HoldingFactory(post=wf.PostFactory(agency=agency, team=team), starts_on=D(2018, 1, 8))
    wf.HoldingFactory(
        post=wf.PostFactory(agency=agency, team=team),
        fte=Decimal("0.50"),
        starts_on=D(2018, 1, 8),
        ends_on=D(2024, 3, 31),
        leaving_reason="resignation",
    )
    UserFactory(username="workforce", role=Role.WORKFORCE_MANAGER)


def test_a_workforce_manager_reads_the_measures_by_team(page: Page) -> None:
    _establishment()
    sign_in(page, "workforce")
    visit(page, "/workforce/")
    page.get_by_role("main").get_by_role("link", name="Workforce measures").click()
    expect(page.get_by_role("heading", name="Workforce measures", level=1)).to_be_visible()
    page.get_by_label("Census year (to 30 September)").select_option("2024")
    page.get_by_label("Each team").check()
    page.get_by_role("button", name="Show measures").click()
    expect(page.get_by_role("heading", name="Measures by team, 30 September 2024")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Assessment and intervention team")
    expect(row.first).to_contain_text("50.0%")
    expect(page.get_by_text("Not calculated: no agency workers").first).to_be_visible()
    visit(page, "/workforce/measures/?year=2024&by=team")


def test_the_measures_page_reflows_at_320_pixels(page: Page) -> None:
    _establishment()
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, "workforce")
    for by in ("partnership", "agency", "team", "locality"):
        path = f"/workforce/measures/?year=2024&by={by}"
        page.goto(path)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{path} scrolls sideways at 320 px"
