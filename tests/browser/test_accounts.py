"""Signing in, the home page, the account page and signing out, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from childtrust.accounts.models import Role
from tests.browser.accessibility import assert_accessible, assert_accessible_without_javascript
from tests.browser.journeys import sign_in, summary_value
from tests.factories import TEST_PASSWORD, UserFactory


def assert_govuk_styles_applied(page: Page) -> None:
    # The GOV.UK width container is 960px wide only when /static/childtrust.css has loaded.
    max_width = page.locator(".govuk-width-container").first.evaluate(
        "element => getComputedStyle(element).maxWidth"
    )
    assert max_width == "960px", "the GOV.UK stylesheet did not apply"


def test_signing_in_with_username_and_password_opens_the_home_page(page: Page) -> None:
    UserFactory(username="alex", first_name="Alex", last_name="Smith", role=Role.PRACTITIONER)

    with page.expect_response(re.compile(r"/static/childtrust\.css$")) as stylesheet:
        page.goto("/")
    assert stylesheet.value.status == 200
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page).to_have_title(re.compile("^Sign in \u2013 "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_govuk_styles_applied(page)
    assert_accessible(page)

    page.get_by_label("Username").fill("alex")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")
    expect(page.get_by_text("You are signed in as Alex Smith (Practitioner).")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Services directory")).to_be_visible()
    # A practitioner is not offered the audit log.
    expect(page.get_by_role("link", name="Audit log")).to_have_count(0)
    assert_govuk_styles_applied(page)
    assert_accessible(page)


def test_wrong_password_shows_the_error_summary_and_moves_focus_to_it(page: Page) -> None:
    UserFactory(username="alex")
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("alex")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password.")
    expect(page).to_have_title(re.compile("^Error: Sign in \u2013 "))
    # The password is not sent back to the page.
    expect(page.get_by_label("Password")).to_have_value("")
    assert_accessible(page)


def test_empty_sign_in_names_each_missing_field_and_links_to_it(page: Page) -> None:
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Enter your username", "Enter your password"])
    expect(page.locator("#id_username-error")).to_have_text("Error: Enter your username")
    assert_accessible(page)

    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password")).to_be_focused()


def test_account_page_shows_who_is_signed_in(page: Page) -> None:
    UserFactory(username="sam", first_name="Sam", last_name="Patel", role=Role.TEAM_MANAGER)
    sign_in(page, "sam")

    page.get_by_role("navigation", name="Account").get_by_role("link", name="Your account").click()

    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(summary_value(page, "Name")).to_have_text("Sam Patel")
    expect(summary_value(page, "Username")).to_have_text("sam")
    expect(summary_value(page, "Role")).to_have_text("Team manager")
    assert_accessible(page)


def test_signing_out_ends_the_session(page: Page) -> None:
    UserFactory(username="alex")
    sign_in(page, "alex")

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert_accessible(page)
    page.goto("/account/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/account/$"))


def test_whole_sign_in_journey_works_without_javascript(
    new_context: CreateContextCallback, page: Page
) -> None:
    UserFactory(username="alex", first_name="Alex", last_name="Smith")
    no_js = new_context(java_script_enabled=False).new_page()
    no_js.set_default_timeout(10_000)

    no_js.goto("/")
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert no_js.evaluate("document.body.classList.contains('js-enabled')") is False
    assert_govuk_styles_applied(no_js)
    assert_accessible_without_javascript(no_js, checker=page)

    no_js.get_by_label("Username").fill("alex")
    no_js.get_by_label("Password").fill("not-the-password")
    no_js.get_by_role("button", name="Sign in").click()
    expect(no_js.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct username and password."
    )
    assert_accessible_without_javascript(no_js, checker=page)

    no_js.get_by_label("Password").fill(TEST_PASSWORD)
    no_js.get_by_role("button", name="Sign in").click()
    expect(no_js.get_by_text("You are signed in as Alex Smith")).to_be_visible()
    assert_accessible_without_javascript(no_js, checker=page)

    no_js.get_by_role("link", name="Your account").click()
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Your account")
    assert_accessible_without_javascript(no_js, checker=page)

    no_js.get_by_role("button", name="Sign out").click()
    expect(no_js.get_by_text("You have signed out.")).to_be_visible()
    assert_accessible_without_javascript(no_js, checker=page)
    no_js.goto("/account/")
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Sign in")
