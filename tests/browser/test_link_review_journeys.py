"""Clerical review in a real browser: the front door opens the records to review, reads a
pair and its evidence on a phone 320 px wide (nothing scrolls sideways but the tables' own
regions), and records that the records are not of one child."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.children.models import ReviewStatus
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.page_survey import small_charts, too_wide
from tests.children.factories import AgencyRecordFactory, staff_user
from tests.children.factories_review import LinkReviewFactory


def test_the_front_door_rejects_a_pair_on_a_phone(page: Page) -> None:
    reviewer = staff_user(Role.FRONT_DOOR)
    review = LinkReviewFactory(
        record=AgencyRecordFactory(given_name="Oliver", family_name="Hughes-Llewellyn"),
        other=AgencyRecordFactory(given_name="Olivia", family_name="Hughes-Llewellyn"),
    )
    sign_in(page, reviewer.username)
    page.goto("/children/link-reviews/")
    page.set_viewport_size({"width": 320, "height": 800})
    expect(page.get_by_role("heading", level=1)).to_have_text("Records to review: 1 pair")
    assert too_wide(page) is None
    assert_accessible(page)

    page.get_by_role("link", name=f"Review pair {review.pk}").click()
    expect(page.locator("#evidence-sentence")).to_contain_text("The family names agree exactly")
    assert too_wide(page) is None
    assert small_charts(page) == []
    assert_accessible(page)

    page.get_by_label("No, not the same child").check()
    page.get_by_label("Note").fill("Oliver and Olivia are twins")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Recorded: not the same child.")).to_be_visible()
    review.refresh_from_db()
    assert review.status == ReviewStatus.REJECTED
