"""The pages issue 11 added, in a real browser with axe-core checks: a published message corrected
by its author and read with its correction, the audit log's checks as an auditor sees them (a
failed one included), and a large upload's job page while it runs and once it has ended."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.audit.integrity import ChainReport
from childtrust.audit.services import audit_verification_store
from childtrust.core.models import ImportJob, ImportStatus
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import sign_in
from tests.factories import UserFactory
from tests.voice.cascade_helpers import build_tree, publish


def test_the_author_corrects_a_published_message_and_its_readers_see_what_changed(
    page: Page,
) -> None:
    tree = build_tree()
    message = publish(
        tree, title="One front door", body="From April every referral goes to the front door."
    )
    reader = tree.account_of("Pat")

    sign_in(page, tree.user.username)
    page.goto(f"/voice/messages/sent/{message.pk}/")
    page.get_by_role("link", name="Correct the message").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Correct")
    assert_accessible(page)
    # Without saying what changed and why, nothing goes out.
    page.get_by_role("button", name="Send the correction").click()
    expect(page.get_by_role("link", name="Say what changed and why")).to_be_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Message", exact=True).fill("From May every referral goes to the front door.")
    page.get_by_label("What changed and why").fill("The date was wrong: it opens in May.")
    page.get_by_role("button", name="Send the correction").click()
    expect(page.get_by_text("The date was wrong: it opens in May.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, reader.username)
    page.goto(f"/voice/messages/{message.pk}/")
    expect(page.get_by_role("region", name="Corrected")).to_contain_text("it opens in May")
    first_sent = page.get_by_text("From April every referral goes to the front door.")
    expect(first_sent).to_be_hidden()
    page.get_by_text("Show what was first sent").click()
    expect(first_sent).to_be_visible()
    assert_accessible(page)


def test_an_auditor_sees_the_audit_logs_checks_and_a_failed_one_stands_out(page: Page) -> None:
    audit_verification_store(report=ChainReport(ok=True, events_checked=120))
    audit_verification_store(
        report=ChainReport(
            ok=False,
            events_checked=130,
            first_broken_sequence=131,
            problem="the log ends at #130 but the checkpoint of 02:00 recorded #140",
        )
    )
    UserFactory(username="ada", role=Role.AUDITOR)

    sign_in(page, "ada")
    page.goto("/audit/")
    expect(page.get_by_role("alert")).to_contain_text("The audit log failed its check")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="audit log checks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log checks")
    checks = page.get_by_role("table", name="Recent checks")
    expect(checks.locator("tbody tr")).to_have_count(2)
    expect(checks.locator("tbody tr").first).to_contain_text("Failed")
    expect(checks.locator("tbody tr").first).to_contain_text("recorded #140")
    assert_accessible(page)


def test_a_large_uploads_page_shows_its_progress_and_then_its_report(page: Page) -> None:
    lead = UserFactory(username="lee", role=Role.STRATEGIC_LEAD)
    running = ImportJob.objects.create(
        kind="outcomes.fingertips",
        file_name="profile.csv",
        status=ImportStatus.CHECKING,
        rows_checked=120_000,
        bytes_read=60,
        bytes_total=100,
        created_by=lead,
    )
    failed = ImportJob.objects.create(
        kind="outcomes.fingertips",
        file_name="broken.csv",
        status=ImportStatus.FAILED,
        created_by=lead,
        report={
            "message": "Nothing was loaded: fix these lines and upload the file again.",
            "facts": [],
            "problems": ["Line 3: the period '0000' is not a year between 1900 and 2100."],
            "problem_count": 1,
        },
    )

    sign_in(page, "lee")
    page.goto(f"/outcomes/upload/{running.pk}/")
    expect(page.get_by_text("Checked 120,000 of about 200,000 rows")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/outcomes/upload/{failed.pk}/")
    expect(page.get_by_text("the period '0000' is not a year")).to_be_visible()
    assert_accessible(page)
