"""The auditor's audit log, filtered with its GET form, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from childtrust.accounts import services as account_services
from childtrust.accounts.models import Role
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.factories import UserFactory


def test_auditor_filters_the_audit_log_by_person_and_action(page: Page) -> None:
    practitioner = UserFactory.create(
        username="pat", first_name="Pat", last_name="Jones", role=Role.PRACTITIONER
    )
    account_services.sign_in_record(user=practitioner)
    account_services.sign_out_record(user=practitioner)
    UserFactory(username="ada", first_name="Ada", last_name="Byron", role=Role.AUDITOR)
    sign_in(page, "ada")
    assert_accessible(page)

    page.goto("/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    events = page.get_by_role("table", name="Audit events")
    # pat's sign-in and sign-out, ada's own sign-in, and (newest first) ada reading the log.
    expect(events.locator("tbody tr")).to_have_count(4)
    expect(events.locator("tbody tr").first).to_contain_text("Ada Byron searched the audit log")
    assert_accessible(page)

    page.get_by_label("Person").fill("Pat Jones")
    page.get_by_label("What they did").select_option(label="Signed in")
    page.get_by_role("button", name="Apply filter").click()

    expect(page).to_have_url(re.compile(r"/audit/\?.*person=Pat\+Jones.*&action=sign_in"))
    expect(page.get_by_text("1 event.", exact=True)).to_be_visible()
    rows = events.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Pat Jones signed in")
    # The filter stays filled in, so the person can see what they asked for and change it.
    expect(page.get_by_label("Person")).to_have_value("Pat Jones")
    assert_accessible(page)


def test_practitioner_is_refused_the_audit_log(page: Page) -> None:
    UserFactory(username="pat", role=Role.PRACTITIONER)
    sign_in(page, "pat")

    response = page.goto("/audit/")

    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    assert_accessible(page)
