"""Your own account in a real browser: changing the password (every problem first, then done),
making an API token (shown once) and revoking it; and the footer's pages, open without signing
in, at 320 px, each checked by axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from childtrust.accounts.models import ApiToken, Role
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.factories import TEST_PASSWORD, UserFactory

NEW_PASSWORD = "a-longer-new-passphrase-7"
FOOTER_LINKS = {
    "Help and contact": "Help and contact",
    "Accessibility statement": "Accessibility statement for",
    "Privacy": "Privacy notice",
    "Cookies": "Cookies",
}


def scrolls_sideways(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


def test_a_practitioner_changes_their_password_after_seeing_every_problem(page: Page) -> None:
    UserFactory(username="sam", role=Role.PRACTITIONER)
    sign_in(page, "sam")
    page.goto("/account/")
    page.get_by_role("link", name="Change your password").click()
    assert_accessible(page)

    page.get_by_label("Current password").fill("not-it")
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Confirm new password").fill("other")
    page.get_by_role("button", name="Change password").click()

    expect(page).to_have_title(re.compile(r"^Error: Change your password"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    for message in (
        "Your current password is not right",
        "This password is too short.",
        "The new passwords do not match",
    ):
        expect(summary).to_contain_text(message)
    assert_accessible(page)

    page.get_by_label("Current password").fill(TEST_PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()

    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_text("signed out everywhere else")).to_be_visible()


def test_a_practitioner_makes_a_token_sees_it_once_and_revokes_it(page: Page) -> None:
    UserFactory(username="sam", role=Role.PRACTITIONER)
    sign_in(page, "sam")
    page.goto("/account/")
    page.get_by_role("link", name="Create an API token").click()

    page.get_by_role("button", name="Create token").click()
    expect(page).to_have_title(re.compile(r"^Error: Create an API token"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the token is for")
    assert_accessible(page)

    page.get_by_label("What is the token for?").fill("School MIS")
    page.get_by_label("Read and write").check()
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Create token").click()

    expect(page.get_by_role("heading", name="API token created")).to_be_visible()
    raw = page.get_by_label("Your token for School MIS").input_value()
    assert raw.startswith("ct_")
    assert_accessible(page)

    page.get_by_role("link", name="Back to your account").click()
    card = page.locator(".govuk-summary-card").filter(has_text="School MIS")
    expect(card).to_contain_text("Read and write")
    expect(page.locator("body")).not_to_contain_text(raw)
    card.get_by_role("link", name=re.compile("Revoke")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke token").click()

    expect(page.get_by_text("is revoked")).to_be_visible()
    expect(page.locator(".govuk-summary-card")).to_have_count(0)
    assert ApiToken.objects.get().revoked_at is not None


@pytest.mark.parametrize(("link", "heading"), FOOTER_LINKS.items())
def test_each_footer_page_opens_from_the_sign_in_page_and_reflows_at_320_px(
    page: Page, link: str, heading: str
) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/sign-in/")

    page.locator("footer").get_by_role("link", name=link, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert not scrolls_sideways(page)
    assert_accessible(page)


def test_the_account_pages_reflow_at_320_px(page: Page) -> None:
    UserFactory(username="sam", role=Role.PRACTITIONER)
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, "sam")

    for path in ("/account/", "/account/password/", "/account/api-tokens/new/", "/help/"):
        page.goto(path)
        assert not scrolls_sideways(page), path
        assert_accessible(page)
