"""The partnership registry in a real browser: agencies and their organisation charts, the
services directory, the staff directory, and adding an agency."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from childtrust.accounts.models import Role
from childtrust.partnership.models import AgencyKind, ServiceStatus
from tests.browser.accessibility import assert_accessible
from tests.browser.journeys import open_section, sign_in, summary_value
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    ServiceFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
)


def test_practitioner_reads_an_agency_and_its_organisation_chart(page: Page) -> None:
    health = AgencyFactory(
        name="Northside Health Trust",
        kind=AgencyKind.HEALTH,
        mission="Healthy children in every family.",
    )
    AgencyFactory(name="City Youth Service", kind=AgencyKind.YOUTH, statutory_partner=False)
    ServiceFactory(agency=health, name="Health visiting")
    head = StaffMemberFactory(
        agency=health, given_name="Ruth", family_name="Okafor", job_title="Chief nurse"
    )
    lead = StaffMemberFactory(
        agency=health,
        given_name="Dev",
        family_name="Shah",
        job_title="Health visiting lead",
        manager=head,
    )
    StaffMemberFactory(
        agency=health,
        given_name="Amy",
        family_name="Jones",
        job_title="Health visitor",
        manager=lead,
    )
    UserFactory(username="pat", role=Role.PRACTITIONER)
    sign_in(page, "pat")

    open_section(page, "Partnership")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner agencies")
    agencies = page.get_by_role("table", name="2 agencies")
    expect(agencies.get_by_role("row", name=re.compile("City Youth Service"))).to_contain_text(
        "Youth services"
    )
    expect(page.get_by_role("button", name="Add an agency")).to_have_count(0)
    assert_accessible(page)

    agencies.get_by_role("link", name="Northside Health Trust").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northside Health Trust")
    expect(summary_value(page, "Kind of agency")).to_have_text("Health (NHS)")
    expect(page.get_by_text("Healthy children in every family.")).to_be_visible()
    expect(page.get_by_role("link", name="Health visiting")).to_be_visible()
    expect(page.get_by_text("3 people work for Northside Health Trust.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Organisation chart of Northside Health Trust").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisation chart")
    # Each person's direct reports are nested beneath them.
    top = page.locator(".app-org-chart > li")
    expect(top).to_have_count(1)
    expect(top.locator("> .app-org-chart__person")).to_contain_text("Ruth Okafor, Chief nurse")
    expect(top.locator("> .app-org-chart__person")).to_contain_text("level 1")
    second = top.locator("> ul > li")
    expect(second.locator("> .app-org-chart__person")).to_contain_text("Dev Shah")
    expect(second.locator("> ul > li")).to_contain_text("Amy Jones, Health visitor")
    expect(second.locator("> ul > li")).to_contain_text("level 3")
    assert_accessible(page)


def test_services_directory_is_searched_and_filtered_with_its_form(page: Page) -> None:
    health = AgencyFactory(name="Northside Health Trust")
    youth = AgencyFactory.create(name="City Youth Service", kind=AgencyKind.YOUTH)
    north = LocalityFactory(name="North")
    visiting = ServiceFactory.create(
        agency=health, name="Health visiting", audience="Families with babies", min_age=0, max_age=5
    )
    visiting.localities.add(north)
    ServiceFactory(
        agency=health, name="School nursing", audience="Pupils in school", min_age=5, max_age=19
    )
    ServiceFactory(agency=youth, name="Youth club", audience="Young people", min_age=11, max_age=18)
    ServiceFactory(
        agency=youth,
        name="Holiday youth scheme",
        audience="Young people in the holidays",
        min_age=11,
        max_age=16,
        status=ServiceStatus.TEMPORARILY_CLOSED,
    )
    UserFactory(username="pat")
    sign_in(page, "pat")

    open_section(page, "Partnership", "Services directory")
    expect(page.get_by_role("heading", level=1)).to_have_text("Services directory")
    expect(page.get_by_role("heading", name="4 services")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_label("Search").fill("visiting")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/services/\?q=visiting"))
    expect(page.get_by_role("heading", name="1 service found")).to_be_visible()
    result = page.get_by_role("list", name="1 service found").get_by_role("listitem")
    expect(result).to_contain_text("Health visiting")
    expect(result).to_contain_text("Northside Health Trust")
    expect(result).to_contain_text("Localities: North.")
    assert_accessible(page)

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Agency", exact=True).select_option(label="City Youth Service")
    page.get_by_label("Age of child").fill("12")
    page.get_by_label("Status").select_option(label="Active")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 service found")).to_be_visible()
    expect(page.get_by_role("link", name="Youth club")).to_be_visible()
    expect(page.get_by_role("link", name="Holiday youth scheme")).to_have_count(0)
    expect(page.get_by_label("Agency", exact=True)).to_have_value(youth.slug)
    assert_accessible(page)

    # An age outside the range is explained; the other filters still apply.
    page.get_by_label("Age of child").fill("30")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter the child's age as a whole number from 0 to 25"]
    )
    expect(page.get_by_role("link", name="Youth club")).to_be_visible()
    expect(page.get_by_role("link", name="Health visiting")).to_have_count(0)
    assert_accessible(page)


def test_staff_directory_search_finds_people_by_name_and_level(page: Page) -> None:
    health = AgencyFactory(name="Northside Health Trust")
    team = TeamFactory(name="Health visiting north", agency=health)
    head = StaffMemberFactory(
        agency=health, given_name="Ruth", family_name="Okafor", job_title="Chief nurse"
    )
    StaffMemberFactory(
        agency=health,
        given_name="Amy",
        family_name="Jones",
        job_title="Health visitor",
        team=team,
        manager=head,
    )
    StaffMemberFactory(
        agency=health, given_name="Tom", family_name="Jones", job_title="School nurse", manager=head
    )
    UserFactory(username="pat")
    sign_in(page, "pat")

    open_section(page, "People")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff directory")
    expect(page.get_by_role("table", name="3 people")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_label("Search").fill("Jones")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    people = page.get_by_role("table", name="2 people")
    amy = people.get_by_role("row", name=re.compile("Amy Jones"))
    expect(amy).to_contain_text("Health visiting north")
    expect(amy).to_contain_text("Ruth Okafor")
    expect(people.get_by_role("row", name=re.compile("Tom Jones"))).to_contain_text("School nurse")
    assert_accessible(page)

    page.get_by_role("main").get_by_label("Search").fill("")
    page.get_by_label("Management level").fill("1")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_role("table", name="1 person")).to_contain_text("Ruth Okafor")
    assert_accessible(page)

    page.get_by_role("link", name="Ruth Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ruth Okafor")
    assert_accessible(page)


def test_partnership_administrator_adds_an_agency_after_correcting_the_form(page: Page) -> None:
    UserFactory(username="alex", role=Role.PARTNERSHIP_ADMIN)
    sign_in(page, "alex")
    open_section(page, "Partnership")
    page.get_by_role("button", name="Add an agency").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an agency")
    assert_accessible(page)

    page.get_by_label("Contact email address").fill("not an email")
    page.get_by_role("button", name="Add agency").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the agency's name")
    expect(summary).to_contain_text("Choose the kind of agency")
    expect(page).to_have_title(re.compile(r"^Error: Add an agency \u2013 "))
    assert_accessible(page)
    summary.get_by_role("link", name="Enter the agency's name").click()
    expect(page.get_by_label("Name", exact=True)).to_be_focused()

    page.get_by_label("Name", exact=True).fill("Riverside Family Hub")
    page.get_by_label("Kind of agency").select_option(label="Voluntary and community sector")
    page.get_by_label("Contact email address").fill("hello@riverside.example.org")
    page.get_by_label("Mission").fill("Every family has somewhere to turn.")
    page.get_by_role("button", name="Add agency").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Family Hub")
    expect(page.get_by_text("Riverside Family Hub has been added.")).to_be_visible()
    expect(summary_value(page, "Kind of agency")).to_have_text("Voluntary and community sector")
    expect(page.get_by_text("Every family has somewhere to turn.")).to_be_visible()
    assert_accessible(page)


def test_practitioner_is_refused_the_add_agency_page(page: Page) -> None:
    UserFactory(username="pat", role=Role.PRACTITIONER)
    sign_in(page, "pat")

    response = page.goto("/partnership/agencies/add/")

    assert response is not None
    assert response.status == 403
    expect(page).to_have_title(re.compile("^You cannot see this page"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    assert_accessible(page)
