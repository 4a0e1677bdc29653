"""The home page in a real browser at 320 px, for two roles, with axe-core's check: a
practitioner lands on their messages to confirm and follows the count to the list of them; an
administrator lands on the accounts without two-factor sign-in and the files that did not
load; someone with nothing due is told so. No page scrolls sideways."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.core.models import ImportJob, ImportStatus
from childtrust.voice.models import MessageStatus, Recipient
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.factories import MessageFactory, StaffMemberFactory, UserFactory


def _at_320_without_sideways_scroll(page: Page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wide, f"{page.url} scrolls sideways at 320 px"


def test_a_practitioner_follows_their_messages_to_confirm_at_320_pixels(page: Page) -> None:
    user = UserFactory(username="oscar", role=Role.PRACTITIONER)
    staff = StaffMemberFactory(user=user)
    for understood in (None, None, timezone.now()):
        message = MessageFactory(status=MessageStatus.PUBLISHED)
        Recipient.objects.create(
            message=message, staff=staff, level=1, agency=staff.agency, understood_at=understood
        )
    page.set_viewport_size({"width": 320, "height": 800})

    sign_in(page, "oscar")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")
    link = page.get_by_role("link", name="2 messages to confirm")
    expect(link).to_be_visible()
    _at_320_without_sideways_scroll(page)
    assert_accessible(page)

    link.click()
    expect(page.get_by_text("2 messages to confirm")).to_be_visible()
    expect(page.get_by_text("To read and confirm")).to_have_count(2)
    _at_320_without_sideways_scroll(page)


def test_an_administrator_sees_accounts_and_files_to_act_on_at_320_pixels(page: Page) -> None:
    admin = UserFactory(username="chantelle", role=Role.PARTNERSHIP_ADMIN)
    ImportJob.objects.create(
        kind="outcomes.indicators",
        file_name="indicators-with-a-rather-long-name-2026-27.csv",
        status=ImportStatus.FAILED,
        report={"message": "The load stopped before it ended."},
        created_by=admin,
    )
    page.set_viewport_size({"width": 320, "height": 800})

    sign_in(page, "chantelle")
    expect(page.get_by_role("link", name="1 account without two-factor sign-in")).to_be_visible()
    files = page.get_by_role("link", name="1 file not loaded in the last 30 days")
    expect(files).to_be_visible()
    _at_320_without_sideways_scroll(page)
    assert_accessible(page)

    files.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Files that did not load")
    expect(page.get_by_text("indicators-with-a-rather-long-name-2026-27.csv")).to_be_visible()
    _at_320_without_sideways_scroll(page)
    assert_accessible(page)

    page.goto("/account-checks/?show=without-two-factor")
    expect(page.get_by_text("chantelle", exact=False).first).to_be_visible()
    _at_320_without_sideways_scroll(page)
    assert_accessible(page)


def test_someone_with_nothing_due_is_told_so(page: Page) -> None:
    UserFactory(username="nobody", role=Role.PRACTITIONER)
    page.set_viewport_size({"width": 320, "height": 800})

    sign_in(page, "nobody")
    expect(page.get_by_text("Nothing needs you today.")).to_be_visible()
    _at_320_without_sideways_scroll(page)
