"""The workforce in a real browser, with axe-core checks and the 320 px check on every page met:

- the establishment: a workforce manager filters the posts to vacant social worker posts, opens
  one, adds a holder (first refused: an FTE of 1.50), changes the job description with a reason
  and compares the two versions (the change said in words, not by colour alone); a team manager
  sees only their team's posts; a practitioner reads "My post";
- a restructure: a workforce manager reads the legal dates explained (the collective duty, with
  20 proposed redundancies), plans a first dismissal too early (refused with the law's warning
  until it is acknowledged with a reason), and launches it;
- the affected person's page: the person opens it from "Restructures affecting you", reads what
  is proposed, the timeline, the meetings and the support, and responds (first refused: empty);
  another practitioner is refused it.

The remaining workforce pages are in test_workforce_pages.py."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from pytest_playwright.pytest_playwright import CreateContextCallback

from childtrust.accounts.models import Role
from childtrust.workforce import models as w
from tests.browser.journeys import choose_person, sign_in, summary_value
from tests.browser.workforce_steps import (
    check,
    day_words,
    fill_date,
    refused_with,
    status_of,
    warm_up,
)
from tests.factories import AgencyFactory, StaffMemberFactory, TeamFactory, UserFactory
from tests.workforce.factories import (
    AffectedPersonFactory,
    HoldingFactory,
    JobDescriptionFactory,
    OtherPostFactory,
    PostFactory,
    RestructureFactory,
)

D = datetime.date


@pytest.fixture(autouse=True, scope="module")
def _server_warmed_up(live_server: LiveServer) -> None:
    warm_up(live_server.url)


# --- The establishment ---------------------------------------------------------------------------


def _establishment() -> dict[str, w.Post]:
    """Northgate Council: the Duty team's social worker post held by Ann Archer (managed by Mia
    Moss, the team's manager) and its vacant advanced practitioner post (a social worker post
    with a job description); the Family support team's vacant health visitor post. Bob Baker
    is in post at the council and holds nothing yet."""
    council = AgencyFactory(name="Northgate Council")
    duty = TeamFactory(name="Duty team", agency=council)
    family = TeamFactory(name="Family support team", agency=council)
    posts = {
        "held": PostFactory(agency=council, team=duty, reference="SW1"),
        "vacant": PostFactory(
            agency=council, team=duty, reference="SW2", job_title="Advanced practitioner"
        ),
        "other": OtherPostFactory(agency=council, team=family, reference="HV1"),
    }
    JobDescriptionFactory(
        post=posts["vacant"],
        version=1,
        text="Holds a caseload of children in need.\nSupervises students.",
    )
    JobDescriptionFactory(post=posts["held"], version=1, text="Assesses children's needs.")
    mia = StaffMemberFactory(
        agency=council, team=duty, given_name="Mia", family_name="Moss", job_title="Team manager"
    )
    ann = StaffMemberFactory(
        agency=council,
        team=duty,
        manager=mia,
        given_name="Ann",
        family_name="Archer",
        job_title="Social worker",
    )
    StaffMemberFactory(
        agency=council, given_name="Bob", family_name="Baker", job_title="Social worker"
    )
    HoldingFactory(post=posts["held"], staff=ann, starts_on=D(2018, 1, 8))
    UserFactory(username="wendy", first_name="Wendy", last_name="Ward", role=Role.WORKFORCE_MANAGER)
    mia.user = UserFactory(username="mia", role=Role.TEAM_MANAGER)
    mia.save()
    ann.user = UserFactory(username="ann", role=Role.PRACTITIONER)
    ann.save()
    return posts


def test_a_workforce_manager_fills_a_vacancy_and_changes_its_job_description(page: Page) -> None:
    posts = _establishment()
    vacant = posts["vacant"]
    starts = timezone.localdate() - datetime.timedelta(days=7)

    sign_in(page, "wendy")
    page.goto("/workforce/")
    check(page)
    page.get_by_role("main").get_by_role("link", name="Establishment", exact=True).click()
    expect(page.get_by_role("heading", name="Establishment", level=1)).to_be_visible()
    expect(page.get_by_text("3 posts, by agency and reference")).to_be_visible()
    check(page)

    page.get_by_label("Social worker posts only").check()
    page.get_by_label("Posts with a vacancy only").check()
    page.get_by_role("button", name="Filter").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("1.00 FTE vacant")
    expect(table.get_by_role("link")).to_have_text(["Advanced practitioner"])
    check(page)

    page.get_by_role("link", name="Advanced practitioner").click()
    expect(page.get_by_role("heading", name="Advanced practitioner", level=1)).to_be_visible()
    expect(summary_value(page, "Vacant today")).to_have_text("1.00 FTE vacant")
    expect(page.get_by_text("No one holds or has held this post.")).to_be_visible()
    check(page)

    # A holder: first with an FTE no one person can hold in one post.
    page.get_by_role("link", name="Add a holder").click()
    check(page)
    choose_person(page, "Member of staff", "Bob Baker")
    page.get_by_label("Contracted FTE in this post").fill("1.5")
    fill_date(page, "Start date", starts)
    page.get_by_label("They joined the agency with this post (a starter)").check()
    page.get_by_role("button", name="Add the holder").click()
    refused_with(
        page, "The FTE for one person in one post cannot be more than 1.00; 1.50 was given"
    )
    expect(page.locator("#id_fte-error")).to_contain_text("cannot be more than 1.00")
    assert not w.Holding.objects.filter(post=vacant).exists()
    check(page)

    page.get_by_label("Contracted FTE in this post").fill("0.60")
    page.get_by_role("button", name="Add the holder").click()
    expect(page.get_by_text("Bob Baker has been added as a holder of the post.")).to_be_visible()
    holders = page.get_by_role("table", name="Who holds and held the post, current holders first")
    expect(holders.get_by_role("row").filter(has_text="Bob Baker").locator("td")).to_contain_text(
        ["0.60 FTE", day_words(starts), "Still in post"]
    )
    expect(summary_value(page, "Vacant today")).to_have_text("0.40 FTE vacant")
    holding = w.Holding.objects.get(post=vacant)
    assert (holding.fte, holding.starts_on, holding.joined_agency) == (
        Decimal("0.60"),
        starts,
        True,
    )

    # The job description: a new version with why, then the two compared.
    page.get_by_role("link", name="Change the job description").click()
    check(page)
    page.get_by_label("Job description").fill(
        "Holds a caseload of children in need.\nSupervises newly qualified social workers."
    )
    page.get_by_label("Why has it changed?").fill("The team takes newly qualified staff")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Version 2 of the job description has been saved.")).to_be_visible()
    expect(page.get_by_text("Supervises newly qualified social workers.")).to_be_visible()
    check(page)

    page.get_by_role("link", name="Compare version 2 with version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Job description: version 1 and version 2 compared"
    )
    expect(
        page.get_by_text("Version 2 adds 1 line and removes 1 line of version 1.")
    ).to_be_visible()
    expect(page.get_by_text("The team takes newly qualified staff")).to_be_visible()
    lines = page.get_by_role("table", name="The text, line by line").locator("tbody tr")
    # Each line's change is a word in its own column, and the changed words say so to a
    # screen reader too: the struck-through and underlined text is not the only sign.
    expect(lines.locator("td:first-child")).to_have_text(["Unchanged", "Removed", "Added"])
    expect(lines.nth(1).locator("del")).to_have_text("removed text: students.")
    expect(lines.nth(2).locator("ins")).to_have_text("added text: newly qualified social workers.")
    check(page)


def test_a_team_manager_sees_only_their_teams_posts(page: Page) -> None:
    posts = _establishment()
    sign_in(page, "mia")
    page.goto("/workforce/")
    page.get_by_role("main").get_by_role("link", name="Establishment", exact=True).click()
    expect(page.get_by_text("2 posts, by agency and reference")).to_be_visible()
    links = page.get_by_role("table").get_by_role("link")
    expect(links).to_have_text(["Social worker", "Advanced practitioner"])
    expect(page.get_by_role("table")).not_to_contain_text("Health visitor")
    expect(page.get_by_role("link", name="Add a post")).to_have_count(0)
    check(page)

    links.first.click()
    expect(page.get_by_role("heading", name="Social worker", level=1)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Ann Archer")).to_contain_text("1.00 FTE")
    expect(page.get_by_role("link", name="Add a holder")).to_have_count(0)
    check(page)
    assert status_of(page, f"/workforce/posts/{posts['other'].pk}/") == 404


def test_a_practitioner_reads_their_own_post(page: Page) -> None:
    posts = _establishment()
    sign_in(page, "ann")
    page.goto("/workforce/")
    expect(page.get_by_role("link", name="Establishment", exact=True)).to_have_count(0)
    check(page)
    page.get_by_role("main").get_by_role("link", name="My post").click()
    expect(page.get_by_role("heading", name="My post", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Social worker", level=2)).to_be_visible()
    expect(summary_value(page, "Post")).to_have_text("SW1, Grade 8")
    expect(summary_value(page, "Your contracted FTE")).to_have_text(
        "1.00 FTE of the post's 1.00 FTE"
    )
    expect(summary_value(page, "In the post since")).to_have_text("8 January 2018")
    expect(page.get_by_text("Assesses children's needs.")).to_be_visible()
    check(page)
    # Their own post's page shows their own holding only; another post is not theirs to see.
    page.get_by_role("link", name="SW1").click()
    expect(page.get_by_text("You can see your own holding of this post only.")).to_be_visible()
    check(page)
    assert status_of(page, f"/workforce/posts/{posts['vacant'].pk}/") == 404


# --- A restructure -------------------------------------------------------------------------------


def _restructure(today: datetime.date) -> w.Restructure:
    """A proposed restructure at Northgate Council of 20 proposed redundancies (20 people
    affected), consultation starting today, HR1 not sent: the collective duty applies, so the
    first dismissal may take effect 30 days from today at the earliest. Wendy Ward, the
    workforce manager, is in post at the council (the launch message goes out in her name)."""
    council = AgencyFactory(name="Northgate Council")
    restructure = RestructureFactory(
        title="Duty and family support together",
        reason="Duty and family support become one locality team.",
        agency=council,
        proposed_redundancies=20,
        consultation_starts_on=today,
        consultation_ends_on=today + datetime.timedelta(days=44),
        decision_on=today + datetime.timedelta(days=50),
        how_to_respond="Write to the consultation mailbox or tell us at your meeting.",
        support_offered="Redeployment and the employee assistance programme.",
    )
    for _ in range(20):
        AffectedPersonFactory(restructure=restructure, at_risk=True)
    wendy = UserFactory(
        username="wendy", first_name="Wendy", last_name="Ward", role=Role.WORKFORCE_MANAGER
    )
    StaffMemberFactory(
        agency=council, user=wendy, given_name="Wendy", family_name="Ward", job_title="HR lead"
    )
    return restructure


def test_a_workforce_manager_plans_a_restructure_within_the_law_and_launches_it(
    page: Page,
) -> None:
    today = timezone.localdate()
    restructure = _restructure(today)
    earliest = today + datetime.timedelta(days=30)
    too_early = today + datetime.timedelta(days=10)

    sign_in(page, "wendy")
    page.goto("/workforce/")
    page.get_by_role("link", name="All restructures").click()
    check(page)
    page.get_by_role("link", name="Duty and family support together").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Duty and family support together")
    expect(summary_value(page, "People affected")).to_have_text(
        "20 people, 20 at risk of redundancy"
    )
    law = page.locator(".govuk-inset-text").filter(has_text="The collective duty applies")
    expect(law).to_contain_text(
        "This restructure proposes 20 redundancies at Northgate Council, 20 or more."
    )
    expect(law).to_contain_text(
        "must begin at least 30 days before the first dismissal takes effect, and the "
        "Secretary of State must be notified on form HR1 by the same deadline"
    )
    expect(law).to_contain_text(
        f"The first dismissal may take effect on {day_words(earliest)} at the earliest: 30 days "
        f"after consultation's start on {day_words(today)}"
    )
    expect(summary_value(page, "Earliest first dismissal the law allows")).to_contain_text(
        day_words(earliest)
    )
    expect(summary_value(page, "Planned first dismissal")).to_contain_text("Not set")
    check(page)

    # A planned first dismissal earlier than the law allows: refused with the warning until it
    # is acknowledged with a reason.
    page.get_by_role("link", name="Plan the first dismissal").click()
    check(page)
    fill_date(page, "Planned first dismissal", too_early)
    page.get_by_role("button", name="Set the date").click()
    warning = (
        f"The planned first dismissal on {day_words(too_early)} is 20 days earlier than the law "
        f"allows: it may take effect on {day_words(earliest)} at the earliest"
    )
    refused_with(page, warning)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the first dismissal must take effect earlier than the law allows"
    )
    restructure.refresh_from_db()
    assert restructure.first_dismissal_on is None
    check(page)

    page.get_by_label("I know this day is earlier than the law allows and it must stay").check()
    page.get_by_label("Why must it be earlier than the law allows?").fill(
        "The service's funding ends that month."
    )
    page.get_by_role("button", name="Set the date").click()
    expect(page.get_by_text("The planned first dismissal has been set.")).to_be_visible()
    shown = page.locator(".govuk-warning-text").filter(has_text=warning)
    expect(shown).to_contain_text(
        "Acknowledged by Wendy Ward: “The service's funding ends that month.”"
    )
    check(page)
    restructure.refresh_from_db()
    assert restructure.first_dismissal_on == too_early
    assert restructure.early_dismissal_acknowledged_by is not None

    # The launch: who will receive what, then the message and the wellbeing round.
    page.get_by_role("link", name="Launch the restructure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Launch “Duty and family support together”"
    )
    expect(summary_value(page, "The message")).to_contain_text("goes to 20 people")
    check(page)
    page.get_by_role("button", name="Launch the restructure").click()
    expect(
        page.get_by_text(
            "“Duty and family support together” has been launched: its message has gone to "
            "20 people and its wellbeing round is open."
        )
    ).to_be_visible()
    expect(page.get_by_text("In consultation", exact=True)).to_be_visible()
    check(page)
    page.get_by_role("link", name="Results beside the partnership").click()
    expect(page.get_by_role("heading", name="How those affected are")).to_be_visible()
    check(page)


# --- The affected person's page ------------------------------------------------------------------


def _consultation(today: datetime.date) -> w.AffectedPerson:
    """A restructure in consultation at Northgate Council affecting Pat Worker (at risk, in the
    pool of social workers, one meeting held); Vic Visitor works there and is not affected."""
    council = AgencyFactory(name="Northgate Council")
    restructure = RestructureFactory(
        title="Duty and family support together",
        agency=council,
        status=w.RestructureStatus.CONSULTATION,
        proposed_redundancies=1,
        consultation_starts_on=today - datetime.timedelta(days=5),
        consultation_ends_on=today + datetime.timedelta(days=25),
        how_to_respond="Write here, or tell us at your meeting.",
        support_offered="Career coaching with the council's learning team.",
    )
    pool = w.SelectionPool.objects.create(restructure=restructure, name="Social workers")
    pat = StaffMemberFactory(agency=council, given_name="Pat", family_name="Worker")
    post = PostFactory(agency=council, reference="SW7")
    HoldingFactory(post=post, staff=pat)
    affected = AffectedPersonFactory(
        restructure=restructure,
        staff=pat,
        post=post,
        pool=pool,
        at_risk=True,
        proposal="Your post is deleted; you may apply for the senior social worker post.",
    )
    w.ConsultationMeeting.objects.create(
        affected=affected,
        held_on=today - datetime.timedelta(days=2),
        attendees="Pat Worker, Hana Head and a union representative",
        notes="Pat asked about the new post's grade.",
    )
    pat.user = UserFactory(username="pat", role=Role.PRACTITIONER)
    pat.save()
    StaffMemberFactory(
        agency=council,
        given_name="Vic",
        family_name="Visitor",
        user=UserFactory(username="vic", role=Role.PRACTITIONER),
    )
    return affected


def test_the_affected_person_reads_their_page_and_responds(
    page: Page, new_context: CreateContextCallback
) -> None:
    today = timezone.localdate()
    affected = _consultation(today)
    held = today - datetime.timedelta(days=2)

    sign_in(page, "pat")
    page.goto("/workforce/")
    page.get_by_role("link", name="Restructures affecting you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Restructures affecting you")
    check(page)
    page.get_by_role("link", name="Duty and family support together").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What the restructure means for you")
    expect(page.locator(".govuk-inset-text").first).to_have_text(
        "Your post is deleted; you may apply for the senior social worker post."
    )
    expect(summary_value(page, "At risk of redundancy")).to_have_text("Yes")
    expect(summary_value(page, "Selection pool")).to_have_text("Social workers")
    expect(summary_value(page, "Consultation ends")).to_contain_text(
        day_words(today + datetime.timedelta(days=25))
    )
    expect(
        page.get_by_role("heading", name=f"Individual consultation meeting, {day_words(held)}")
    ).to_be_visible()
    expect(page.get_by_text("Pat asked about the new post's grade.")).to_be_visible()
    expect(page.get_by_text("Career coaching with the council's learning team.")).to_be_visible()
    expect(page.get_by_role("heading", name="Employee assistance programme")).to_be_visible()
    expect(page.get_by_text("No responses yet.")).to_be_visible()
    check(page)

    # A response: first empty.
    page.get_by_role("button", name="Send your response").click()
    refused_with(page, "Enter your response")
    assert not w.ConsultationResponse.objects.exists()
    check(page)
    page.get_by_label("Your response").fill("Could the senior post be offered part time?")
    page.get_by_role("button", name="Send your response").click()
    expect(
        page.get_by_text("Your response has been sent. You will see the answer here.")
    ).to_be_visible()
    card = page.locator(".govuk-summary-card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading")).to_have_text(f"Response sent on {day_words(today)}")
    expect(card).to_contain_text("Could the senior post be offered part time?")
    expect(card).to_contain_text("Not answered yet")
    check(page)
    assert w.ConsultationResponse.objects.get().affected == affected

    # Another practitioner at the same agency may not read it, nor the restructure.
    other = new_context().new_page()
    other.set_default_timeout(10_000)
    sign_in(other, "vic")
    person = f"/workforce/restructures/{affected.restructure_id}/people/{affected.pk}/"
    for path in (person, f"/workforce/restructures/{affected.restructure_id}/"):
        assert status_of(other, path) == 404, path
    expect(other.get_by_text("Could the senior post be offered part time?")).to_have_count(0)
    other.goto("/workforce/my-restructures/")
    expect(other.get_by_text("No restructure affects you.")).to_be_visible()
