"""Feedback on the change and the leaders' page, in a real browser (with axe-core checks)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.partnership import models as p
from childtrust.voice.models import Feedback, Message, MessageStatus, Recipient
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import open_section, sign_in, summary_value
from tests.factories import (
    AgencyFactory,
    FeedbackFactory,
    PublishedFeedbackFactory,
    StaffMemberFactory,
    UserFactory,
)


def _staff(username: str, role: str, **fields: object) -> p.StaffMember:
    return StaffMemberFactory.create(
        user=UserFactory.create(username=username, role=role), **fields
    )


def test_staff_raise_feedback_anonymously_and_the_owner_answers_it_for_everyone(
    page: Page,
) -> None:
    council = AgencyFactory.create(name="City Council", kind=p.AgencyKind.LOCAL_AUTHORITY)
    director = _staff(
        "dee", Role.STRATEGIC_LEAD, agency=council, job_title="Director of Children's Services"
    )
    _staff("pat", Role.PRACTITIONER, agency=council, manager=director)

    sign_in(page, "pat")
    open_section(page, "Voice", "Feedback")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback on the change")
    assert_accessible(page)
    page.get_by_role("button", name="Give feedback").click()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter a subject")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("A concern").check()
    page.get_by_label("Subject").fill("Too many forms for one family")
    page.get_by_label("Your suggestion or concern").fill("We ask families the same questions.")
    page.get_by_label("No, send it anonymously").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(
        page.get_by_role("heading", name="Your anonymous feedback has been sent")
    ).to_be_visible()
    assert_accessible(page)
    assert Feedback.objects.get().raised_by is None
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "dee")
    page.goto("/voice/feedback/to-answer/")
    assert_accessible(page)
    page.get_by_role("link", name="Too many forms for one family").click()
    expect(summary_value(page, "From")).to_contain_text("Anonymous")
    page.get_by_label("Your response").fill("One shared assessment from next month.")
    page.get_by_label("Yes, publish it for all staff").check()
    page.get_by_role("button", name="Send response").click()
    expect(page.get_by_text("Your response to 'Too many forms for one family'")).to_be_visible()

    page.goto("/voice/feedback/you-said-we-did/")
    assert_accessible(page)
    page.get_by_role("link", name="Too many forms for one family").click()
    expect(page.get_by_text("One shared assessment from next month.")).to_be_visible()
    expect(page.get_by_text("Read by 1 member of staff.")).to_be_visible()
    assert_accessible(page)


def test_the_leaders_page_reads_well_with_everything_on_it(page: Page) -> None:
    owner = StaffMemberFactory.create(job_title="Chief nurse")
    FeedbackFactory.create(owner=owner, subject="Overdue one", raised_on=date(2025, 1, 6))
    PublishedFeedbackFactory.create(subject="Answered one")
    now = timezone.now()
    message = Message.objects.create(
        sender=owner,
        title="Locality working",
        body="Early help requests go to the locality team.",
        status=MessageStatus.PUBLISHED,
        brief_by=date(2025, 1, 20),
        published_at=now,
        version_published_at=now,
    )
    Recipient.objects.create(
        message=message, staff=owner, level=1, agency=owner.agency, briefed_at=now
    )
    UserFactory.create(username="lee", role=Role.STRATEGIC_LEAD)
    sign_in(page, "lee")
    open_section(page, "Voice", "Staff voice")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff voice")
    expect(page.get_by_role("table", name="Open feedback past its target")).to_contain_text(
        "Overdue one"
    )
    expect(page.get_by_role("img", name="Share of people reached")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Response times and the reach of 'You said, we did'").click()
    expect(page.get_by_role("table", name="Reach of published responses")).to_contain_text(
        "Answered one"
    )
    assert_accessible(page)


def test_someone_not_linked_to_staff_is_told_why_and_led_to_you_said_we_did(page: Page) -> None:
    PublishedFeedbackFactory.create(subject="Quieter rooms for supervision")
    UserFactory.create(username="ada", role=Role.AUDITOR)

    sign_in(page, "ada")
    open_section(page, "Voice", "Feedback")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot raise or answer feedback")
    expect(page.get_by_text("Your account is not linked to a staff record")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Read 'You said, we did'").click()
    expect(page.get_by_role("link", name="Quieter rooms for supervision")).to_be_visible()
