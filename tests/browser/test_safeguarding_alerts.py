"""The alerts in a real browser on a phone 320 px wide, each page and each error state checked
for sideways scrolling and by axe-core: the front door filters the alerts, opens one, and takes
it through acknowledged, actioned (after an empty note is refused) and closed; and adds an alert
rule after its limits are refused. The list, the alert and the rules' list are also crawled by
test_every_page_at_320; these are the states a crawl does not reach (a form's errors, a POST's
answer, a filter)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from childtrust.safeguarding.models import AlertRule, AlertStatus, Rag
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.page_survey import too_wide
from tests.children.factories import ChildFactory
from tests.safeguarding.factories_alerts import AlertFactory, ConcernFactory, front_door_user

PHONE = {"width": 320, "height": 800}


def _looked_at(page: Page) -> None:
    assert too_wide(page) is None
    assert_accessible(page)


def test_the_front_door_takes_an_alert_from_raised_to_closed_on_a_phone(page: Page) -> None:
    child = ChildFactory(given_name="Maisie", family_name="Underwood-Hargreaves")
    concerns = [
        ConcernFactory(child=child, summary="Missed three health visits in a row."),
        ConcernFactory(child=child, summary="Arrived at school without a coat in the snow."),
    ]
    alert = AlertFactory(child=child, rag=Rag.RED, with_concerns=concerns)
    AlertFactory(rag=Rag.AMBER)
    user = front_door_user()
    sign_in(page, user.username)
    page.set_viewport_size(PHONE)

    page.goto("/safeguarding/alerts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alerts")
    page.get_by_label("RAG rating").select_option("red")
    page.get_by_role("button", name="Show alerts").click()
    expect(page.get_by_role("caption")).to_have_text("1 alert")
    _looked_at(page)

    page.get_by_role("link", name=f"Alert {alert.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Alert {alert.pk}")
    expect(page.get_by_text("Missed three health visits in a row.")).to_be_visible()
    _looked_at(page)

    page.get_by_role("link", name="Acknowledge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acknowledge the alert")
    _looked_at(page)
    page.get_by_role("button", name="Acknowledge the alert").click()
    expect(page.get_by_text("The alert is acknowledged.")).to_be_visible()

    page.get_by_role("link", name="Record what was done").click()
    page.get_by_role("button", name="Record what was done").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what was done about the alert"
    )
    _looked_at(page)
    page.get_by_label("What was done").fill("Strategy discussion with police and school.")
    page.get_by_role("button", name="Record what was done").click()

    page.get_by_role("link", name="Close the alert").click()
    page.get_by_label("Why the alert can be closed").fill("Child in need plan in place.")
    page.get_by_role("button", name="Close the alert").click()
    expect(page.get_by_text("The alert is closed.")).to_be_visible()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED


def test_the_front_door_adds_an_alert_rule_after_its_limits_are_refused(page: Page) -> None:
    sign_in(page, front_door_user().username)
    page.set_viewport_size(PHONE)
    page.goto("/safeguarding/alert-rules/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alert rules")
    _looked_at(page)

    page.get_by_role("link", name="Add a rule").click()
    page.get_by_label("Name").fill("Two high concerns from two agencies in a week")
    page.get_by_role("radio", name="Concerns from several agencies").check()
    page.get_by_label("Number of concerns").fill("2")
    page.get_by_label("Number of agencies").fill("3")
    page.get_by_label("Window").fill("400")
    page.get_by_role("radio", name="Red").check()
    page.get_by_label("Time to acknowledge").fill("8")
    page.get_by_role("button", name="Save the rule").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Window must be a whole number from 1 to 365 days")
    _looked_at(page)
    assert not AlertRule.objects.exists()

    page.get_by_label("Window").fill("7")
    page.get_by_role("button", name="Save the rule").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary).to_contain_text(
        "The number of agencies must not be more than the number of concerns"
    )
    page.get_by_label("Number of agencies").fill("2")
    page.get_by_role("button", name="Save the rule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alert rules")
    expect(page.get_by_text("Two high concerns from two agencies in a week").first).to_be_visible()
    assert AlertRule.objects.get().window_days == 7
