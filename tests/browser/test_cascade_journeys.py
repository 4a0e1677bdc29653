"""Cascading a message, in a real browser (with axe-core checks on every page): a strategic lead
writes and publishes it, a manager briefs their team, a practitioner confirms it by its check
question and asks a question, and the lead sees the reach and answers."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.partnership import models as p
from childtrust.voice.models import Message, MessageStatus, Recipient
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import open_section, sign_in, summary_value
from tests.browser.workforce_steps import fill_date
from tests.factories import AgencyFactory, StaffMemberFactory, UserFactory


def _staff(username: str, role: str, **fields: object) -> p.StaffMember:
    return StaffMemberFactory.create(
        user=UserFactory.create(username=username, role=role), **fields
    )


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_message_cascades_down_the_line_and_its_reach_is_seen(page: Page) -> None:
    council = AgencyFactory.create(name="City Council", kind=p.AgencyKind.LOCAL_AUTHORITY)
    director = _staff("dee", Role.STRATEGIC_LEAD, agency=council, given_name="Dee")
    manager = _staff("mo", Role.TEAM_MANAGER, agency=council, manager=director, given_name="Mo")
    _staff("pat", Role.PRACTITIONER, agency=council, manager=manager, given_name="Pat")

    # The lead writes the message, with a check question; a first try misses the title.
    sign_in(page, "dee")
    open_section(page, "Voice", "My messages")
    expect(page.get_by_role("heading", level=1)).to_have_text("My messages")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Send and track messages").click()
    assert_accessible(page)
    page.get_by_role("button", name="Write a message").click()
    assert_accessible(page)
    page.get_by_label("A new way of working").check()
    page.get_by_label("Message", exact=True).fill(
        "From April every referral goes through the front door."
    )
    brief_by = timezone.localdate() + timedelta(days=7)
    fill_date(page, "Managers brief their teams by", brief_by)
    page.get_by_label("Question").first.fill("Where does a referral go from April?")
    page.get_by_label("Answers to choose from").first.fill("The front door\nThe locality team")
    page.get_by_label("Which answer is right?").first.select_option("1")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter a title for the message")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title").fill("One front door")
    page.get_by_role("button", name="Save as a draft").click()
    expect(summary_value(page, "For")).to_contain_text("The whole partnership: 2 people today")
    assert_accessible(page)
    page.get_by_role("button", name="Publish the message").click()
    expect(page.get_by_text("has been published to 2 people")).to_be_visible()
    assert Message.objects.get().status == MessageStatus.PUBLISHED
    _sign_out(page)

    # The manager briefs their team.
    sign_in(page, "mo")
    page.goto("/voice/messages/briefings/")
    assert_accessible(page)
    page.get_by_role("link", name="One front door").click()
    assert_accessible(page)
    page.get_by_label("In a team meeting").check()
    page.get_by_role("button", name="Record the briefing").click()
    expect(page.get_by_text("You have recorded briefing your team")).to_be_visible()
    _sign_out(page)

    # The practitioner answers wrongly, reads again, answers right, and asks a question.
    sign_in(page, "pat")
    page.goto("/voice/messages/")
    assert_accessible(page)
    page.get_by_role("link", name="One front door").click()
    assert_accessible(page)
    page.get_by_label("The locality team").check()
    page.get_by_label("I have read and understood this message").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Not quite")).to_be_visible()
    page.get_by_label("The front door").check()
    page.get_by_label("I have read and understood this message").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("you have confirmed that you understood")).to_be_visible()
    page.get_by_role("link", name="One front door").click()
    page.get_by_label("Ask a question about this message").fill("Early help referrals too?")
    page.get_by_role("button", name="Ask your question").click()
    expect(page.get_by_text("Your question has been sent to Dee")).to_be_visible()
    assert Recipient.objects.get(staff__given_name="Pat").understood_at is not None
    _sign_out(page)

    # The lead sees how far it has reached and answers the question for everyone.
    sign_in(page, "dee")
    page.goto("/voice/messages/sent/")
    page.get_by_role("link", name="One front door").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("One front door")
    # Pat is reached; Dee has not yet briefed Mo (and is not among those it went to herself).
    expect(summary_value(page, "Reached")).to_contain_text("1 of 2 people (50%)")
    expect(page.get_by_role("img", name="Share of people reached")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Answer").fill("Yes: every referral, early help included.")
    page.get_by_role("button", name="Publish the answer").click()
    expect(page.get_by_text("Your answer has been published")).to_be_visible()
    assert_accessible(page)
