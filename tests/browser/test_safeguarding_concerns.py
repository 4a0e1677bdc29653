"""Operation Encompass in a real browser on a phone 320 px wide, each page and each error state
checked for sideways scrolling and by axe-core: a partnership administrator names a school's
designated safeguarding lead; a police officer records a domestic-abuse concern about a child
at that school (every error at once first), and is told the school will know before the next
school day; the school's lead finds it on their home page and in their notifications, reads
the concern and marks the notification read."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.safeguarding.models import Concern, DesignatedLead, Notification
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import choose_person, sign_in
from tests.browser.page_survey import too_wide
from tests.children.factories import ChildFactory, InvolvementFactory, staff_user
from tests.factories import StaffMemberFactory, UserFactory
from tests.safeguarding.factories_concerns import police_officer, school

PHONE = {"width": 320, "height": 800}


def _looked_at(page: Page) -> None:
    assert too_wide(page) is None
    assert_accessible(page)


def _sign_out(page: Page) -> None:
    page.context.clear_cookies()


def test_a_police_notification_reaches_the_schools_lead_on_a_phone(page: Page) -> None:
    harbour = school("Harbour Primary School", slug="harbour-primary")
    child = ChildFactory(given_name="Ellis", family_name="Marchbank")
    InvolvementFactory(
        child=child, practitioner=StaffMemberFactory(agency=harbour), role="Class teacher"
    )
    lead = staff_user(Role.PRACTITIONER, agency=harbour, given_name="Nia", family_name="Pryce")
    admin = UserFactory(role=Role.PARTNERSHIP_ADMIN)
    officer = police_officer()

    # The administrator names the school's lead.
    sign_in(page, admin.username)
    page.set_viewport_size(PHONE)
    page.goto("/safeguarding/designated-leads/")
    expect(page.get_by_text("police notifications cannot reach this school")).to_be_visible()
    _looked_at(page)
    page.goto("/safeguarding/designated-leads/harbour-primary/")
    choose_person(page, "Designated safeguarding lead", "Nia Pryce")
    choose_person(page, "Deputy (optional)", "Nia Pryce")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("someone other than the lead")
    _looked_at(page)
    page.get_by_label("Deputy (optional)", exact=True).and_(page.locator("input")).fill("")
    page.get_by_label("Deputy (optional)", exact=True).and_(page.locator("input")).blur()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("is saved")).to_be_visible()
    assert DesignatedLead.objects.get(agency=harbour).staff == lead.staff_member
    _sign_out(page)

    # The police officer records the concern.
    sign_in(page, officer.username)
    page.goto(f"/safeguarding/children/{child.reference}/concerns/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a concern")
    _looked_at(page)
    page.get_by_role("button", name="Record the concern").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    for message in ("Choose what kind of concern", "Enter the date", "Enter the time"):
        expect(summary).to_contain_text(message)
    _looked_at(page)
    assert not Concern.objects.exists()

    today = timezone.localdate()
    page.get_by_role("radio", name="Domestic abuse").check()
    page.get_by_role("radio", name="High").check()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Hour").fill("0")
    page.get_by_label("Minute").fill("10")
    page.get_by_label("What was seen or heard").fill(
        "Called to the home: the mother assaulted by her partner; the child was present."
    )
    page.get_by_role("button", name="Record the concern").click()
    expect(page.get_by_role("heading", name="Concern recorded")).to_be_visible()
    expect(page.get_by_text("Harbour Primary School is told")).to_be_visible()
    _looked_at(page)
    page.get_by_role("link", name="View the concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic abuse concern")
    _looked_at(page)
    _sign_out(page)

    # The school's lead is told.
    sign_in(page, lead.username)
    expect(page.get_by_text("1 notification to read")).to_be_visible()
    page.goto("/safeguarding/notifications/")
    _looked_at(page)
    page.get_by_role("link", name=re.compile("Police notification of domestic abuse")).click()
    expect(page.get_by_text("the child was present")).to_be_visible()
    page.goto("/safeguarding/notifications/")
    page.get_by_role("button", name=re.compile("Mark as read")).click()
    expect(page.get_by_text("You have read every notification")).to_be_visible()
    assert Notification.objects.get(recipient=lead).read_at is not None
