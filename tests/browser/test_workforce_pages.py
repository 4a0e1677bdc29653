"""Every full page of the workforce section in a real browser, as a workforce manager who works
across every partner sees it with a little of everything recorded: each passes the accessibility
check and none scrolls sideways at 320 px (wide tables scroll in their own region). The journeys
through the establishment, a restructure and the affected person's page, with their error
states, are in test_workforce_journeys.py; the measures page's own is in
test_workforce_measures_pages.py."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from childtrust.accounts.models import Role
from childtrust.workforce import models as w
from tests.browser.journeys import sign_in
from tests.browser.workforce_steps import visit_and_check, warm_up
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    LocalityTeamFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
)
from tests.workforce.factories import (
    AffectedPersonFactory,
    AgencyCoverFactory,
    CaseloadFactory,
    HoldingFactory,
    JobDescriptionFactory,
    LeaverHoldingFactory,
    OtherPostFactory,
    PostFactory,
    RestructureFactory,
    SicknessAbsenceFactory,
    WorkforceRemitFactory,
    WorkforceStatisticFactory,
)

D = datetime.date


@pytest.fixture(autouse=True, scope="module")
def _server_warmed_up(live_server: LiveServer) -> None:
    warm_up(live_server.url)


@dataclass(frozen=True)
class World:
    held: w.Post
    covered: w.Post
    holding: w.Holding
    cover: w.AgencyCover
    ann: int
    remit: w.WorkforceRemit
    restructure: w.Restructure
    pool: w.SelectionPool
    change: w.PostChange
    affected: w.AffectedPerson
    response: w.ConsultationResponse


def _world() -> World:
    """Northgate Council's Duty team: SW1 held by Ann Archer (two versions of its job
    description, a spell of absence, a caseload count), SW2 vacant since its holder resigned,
    covered by an agency worker; Southmoor Health's health visitor in the North locality team.
    A workforce manager limited to the council; England's and one authority's published
    turnover. A proposed restructure at the council with a pool, a post deleted, Ann affected
    with a meeting and a response. Wendy Ward, the workforce manager, is in post at the council."""
    today = timezone.localdate()
    council = AgencyFactory(name="Northgate Council")
    health = AgencyFactory(name="Southmoor Health")
    duty = TeamFactory(name="Duty team", agency=council)
    north = LocalityTeamFactory(
        name="North locality team", slug="north-locality-team", locality=LocalityFactory()
    )
    held = PostFactory(agency=council, team=duty, reference="SW1")
    covered = PostFactory(agency=council, team=duty, reference="SW2")
    visitor = OtherPostFactory(agency=health, team=north, reference="HV1")
    JobDescriptionFactory(post=held, version=1, text="Assesses children's needs.")
    JobDescriptionFactory(
        post=held, version=2, text="Assesses children's needs and families' strengths."
    )
    ann = StaffMemberFactory(agency=council, team=duty, given_name="Ann", family_name="Archer")
    holding = HoldingFactory(post=held, staff=ann)
    LeaverHoldingFactory(post=covered, ends_on=D(2024, 6, 30))
    cover = AgencyCoverFactory(post=covered, worker_name="Lou Locum")
    HoldingFactory(post=visitor)
    SicknessAbsenceFactory(staff=ann)
    CaseloadFactory(staff=ann)
    remit = WorkforceRemitFactory(agency=council)
    WorkforceStatisticFactory()
    WorkforceStatisticFactory(
        geographic_level=w.GeographicLevel.LOCAL_AUTHORITY,
        area_code="E08000026",
        area_name="Coventry",
        value=15.2,
    )
    wendy = UserFactory(
        username="wendy", first_name="Wendy", last_name="Ward", role=Role.WORKFORCE_MANAGER
    )
    StaffMemberFactory(agency=council, user=wendy, given_name="Wendy", family_name="Ward")

    restructure = RestructureFactory(
        title="Duty and family support together",
        agency=council,
        proposed_redundancies=1,
        consultation_starts_on=today,
        consultation_ends_on=today + datetime.timedelta(days=30),
        support_offered="Redeployment and the employee assistance programme.",
    )
    pool = w.SelectionPool.objects.create(restructure=restructure, name="Social workers")
    change = w.PostChange.objects.create(
        restructure=restructure, kind=w.PostChangeKind.DELETE, post=covered, pool=pool
    )
    affected = AffectedPersonFactory(
        restructure=restructure, staff=ann, post=held, pool=pool, at_risk=True
    )
    w.ConsultationMeeting.objects.create(affected=affected, held_on=today, attendees="Ann Archer")
    response = w.ConsultationResponse.objects.create(
        affected=affected, text="Could I work part time?", submitted_at=timezone.now()
    )
    return World(
        held=held,
        covered=covered,
        holding=holding,
        cover=cover,
        ann=ann.pk,
        remit=remit,
        restructure=restructure,
        pool=pool,
        change=change,
        affected=affected,
        response=response,
    )


def _check_each(page: Page, paths: list[str]) -> None:
    sign_in(page, "wendy")
    for path in paths:
        visit_and_check(page, path)


def test_the_establishment_pages_pass_the_check_and_reflow_at_320_pixels(page: Page) -> None:
    world = _world()
    post = f"/workforce/posts/{world.held.pk}"
    covered = f"/workforce/posts/{world.covered.pk}"
    person = f"/workforce/people/{world.ann}"
    _check_each(
        page,
        [
            "/workforce/",
            "/workforce/posts/",
            "/workforce/posts/?social_worker=on&vacant=on",
            "/workforce/posts/new/",
            f"{post}/",
            f"{post}/edit/",
            f"{post}/end/",
            f"{post}/job-description/",
            f"{post}/job-description/compare/?from=1&to=2",
            f"{post}/holders/new/",
            f"{post}/holders/{world.holding.pk}/end/",
            f"{covered}/",
            f"{covered}/cover/new/",
            f"{covered}/cover/{world.cover.pk}/end/",
            "/workforce/my-post/",
            "/workforce/starters-and-leavers/?year=2024",
            f"{person}/absence/",
            f"{person}/absence/new/",
            f"{person}/caseload/",
            "/workforce/locality-teams/",
            "/workforce/locality-teams/north-locality-team/",
            "/workforce/remits/",
            f"/workforce/remits/{world.remit.pk}/clear/",
            "/workforce/establishment/import/",
        ],
    )


def test_the_restructure_pages_pass_the_check_and_reflow_at_320_pixels(page: Page) -> None:
    world = _world()
    r = f"/workforce/restructures/{world.restructure.pk}"
    person = f"{r}/people/{world.affected.pk}"
    _check_each(
        page,
        [
            "/workforce/restructures/",
            "/workforce/restructures/new/",
            f"{r}/",
            f"{r}/edit/",
            f"{r}/first-dismissal/",
            f"{r}/hr1/",
            f"{r}/implement/",
            f"{r}/finish/",
            f"{r}/withdraw/",
            f"{r}/pools/new/",
            f"{r}/pools/{world.pool.pk}/remove/",
            f"{r}/posts/new/delete/",
            f"{r}/posts/new/change/",
            f"{r}/posts/new/change/?post={world.held.pk}",
            f"{r}/posts/new/create/",
            f"{r}/posts/{world.change.pk}/remove/",
            f"{r}/people/new/",
            f"{person}/",
            f"{person}/edit/",
            f"{person}/remove/",
            f"{person}/meetings/new/",
            f"{person}/responses/{world.response.pk}/answer/",
            f"{person}/outcome/",
            f"{r}/launch/",
            f"{r}/wellbeing/",
            "/workforce/my-restructures/",
        ],
    )


def test_the_measures_and_national_statistics_pages_pass_the_check_and_reflow(
    page: Page,
) -> None:
    _world()
    _check_each(
        page,
        [
            "/workforce/measures/",
            "/workforce/national/",
            "/workforce/national/turnover_rate/",
            "/workforce/national/comparators/",
            "/workforce/national/import/",
        ],
    )
