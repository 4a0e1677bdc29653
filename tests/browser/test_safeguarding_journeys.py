"""Safeguarding's main journeys in a real browser on a phone 320 px wide, each page and each
error state checked for sideways scrolling and by axe-core: a front door officer screens a
referral and decides it; a practitioner records a concern that adds up, with two other
agencies' concerns, to an alert they are told of as the child's lead professional; a lead
professional opens the child's merged chronology, filters it and prints it. The pages a crawl
by links reaches are test_every_page_at_320's; these are the states it does not (a form's
errors, a POST's answer, a filter)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.safeguarding.models import (
    Alert,
    AlertRule,
    Clock,
    ClockKind,
    Concern,
    Rag,
    Referral,
    ReferralDecision,
    ReferralStage,
)
from childtrust.safeguarding.services.alert_rules import alert_rules_defaults_ensure
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.page_survey import too_wide
from tests.children.factories import ChildFactory, InvolvementFactory, staff_user
from tests.factories import AgencyFactory
from tests.safeguarding.factories_chronology import full_history
from tests.safeguarding.factories_concerns import ConcernFactory
from tests.safeguarding.factories_front_door import ReferralFactory

PHONE = {"width": 320, "height": 800}


def _looked_at(page: Page) -> None:
    assert too_wide(page) is None
    assert_accessible(page)


def test_a_front_door_officer_screens_and_decides_a_referral_on_a_phone(page: Page) -> None:
    officer = staff_user(Role.FRONT_DOOR)
    child = ChildFactory(given_name="Maisie", family_name="Thornbury")
    referral = ReferralFactory(child=child)
    sign_in(page, officer.username)
    page.set_viewport_size(PHONE)
    page.goto("/safeguarding/front-door/")
    _looked_at(page)

    page.goto(f"/safeguarding/front-door/{referral.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral {referral.pk}")
    _looked_at(page)
    page.get_by_role("button", name="Save the rating").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a rating")
    _looked_at(page)

    page.get_by_role("radio", name="Amber").check()
    page.get_by_label("Why this rating?").fill("Known to the school and health; no injury seen.")
    page.get_by_role("button", name="Save the rating").click()
    expect(page.get_by_text("Step 3: decide")).to_be_visible()
    referral.refresh_from_db()
    assert (referral.stage, referral.rag) == (ReferralStage.SCREENED, Rag.AMBER)
    _looked_at(page)

    page.get_by_role("button", name="Record the decision").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    _looked_at(page)
    page.get_by_role("radio", name="Child in need assessment (section 17)").check()
    reason = page.get_by_label("Reason for 'Child in need assessment (section 17)'")
    expect(reason).to_be_visible()  # revealed by the choice
    reason.fill("The family needs an assessment of the children's needs.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Step 4: tell the referrer")).to_be_visible()
    _looked_at(page)
    referral.refresh_from_db()
    assert referral.stage == ReferralStage.DECIDED
    assert referral.decision == ReferralDecision.CHILD_IN_NEED
    assessment_clock = Clock.objects.get(child=child, kind=ClockKind.ASSESSMENT)
    assert assessment_clock.stopped_on is None

    page.get_by_label("How was the referrer told?").fill("By phone")
    page.get_by_role("button", name="Record that they were told").click()
    expect(page.get_by_text("Referrer told")).to_be_visible()
    assert Referral.objects.get(pk=referral.pk).stage == ReferralStage.CLOSED
    _looked_at(page)


def test_a_practitioners_concern_adds_up_to_an_alert_they_are_told_of(page: Page) -> None:
    alert_rules_defaults_ensure()
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory(given_name="Callum", family_name="Ashdown")
    InvolvementFactory(child=child, practitioner=user.staff_member, is_lead_professional=True)
    school, health = AgencyFactory(), AgencyFactory()
    for agency, days in ((school, 20), (health, 6)):
        ConcernFactory(
            child=child, agency=agency, occurred_at=timezone.now() - timedelta(days=days)
        )
    sign_in(page, user.username)
    page.set_viewport_size(PHONE)
    page.goto(f"/safeguarding/children/{child.reference}/concerns/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a concern")
    _looked_at(page)

    page.get_by_role("button", name="Record the concern").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what kind of concern")
    _looked_at(page)
    assert Concern.objects.filter(child=child).count() == 2  # nothing half-written

    today = timezone.localdate()
    page.get_by_role("radio", name="Neglect").check()
    page.get_by_role("radio", name="Medium").check()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Hour").fill("0")
    page.get_by_label("Minute").fill("5")
    page.get_by_label("What was seen or heard").fill(
        "Home visit: no food in the house and the heating off; the child was cold."
    )
    page.get_by_role("button", name="Record the concern").click()
    expect(page.get_by_role("heading", name="Concern recorded")).to_be_visible()
    _looked_at(page)

    rule = AlertRule.objects.get(name="Three concerns from two agencies in 90 days")
    [alert] = Alert.objects.filter(child=child, rule=rule)
    assert alert.concerns.count() == 3
    page.goto("/safeguarding/notifications/")
    expect(page.get_by_text(f"Alert {alert.pk}").first).to_be_visible()
    _looked_at(page)


def test_a_lead_professional_opens_filters_and_prints_the_chronology(page: Page) -> None:
    user = staff_user(Role.PRACTITIONER)
    history = full_history(ChildFactory(given_name="Ruby", family_name="Penhallow"))
    InvolvementFactory(
        child=history.child, practitioner=user.staff_member, is_lead_professional=True
    )
    sign_in(page, user.username)
    page.set_viewport_size(PHONE)
    page.goto(f"/safeguarding/children/{history.child.reference}/chronology/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding chronology")
    _looked_at(page)
    # The police's restricted concern: who holds it and whom to contact, not what it says.
    expect(page.get_by_text("Disclosed in confidence")).to_have_count(0)

    page.get_by_text("Filter", exact=True).click()
    page.get_by_label("Significant entries only").check()
    page.get_by_role("button", name="Apply filter").click()
    expect(page.get_by_text(re.compile(r"entr(y|ies) match the filter"))).to_be_visible()
    _looked_at(page)

    page.get_by_role("link", name="Printable version").click()
    _looked_at(page)
