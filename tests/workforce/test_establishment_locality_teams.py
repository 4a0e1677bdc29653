"""The multi-agency locality teams: who sees them (those who see all the workforce), each
team's members by employing agency with their posts, FTE and time in the team (a move between
the team's posts does not restart it), its vacancies, and the expected professions it has no
one working in (a vacant post does not count; an agency worker covering one does). Also the
remits page and the Workforce front page's links."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.workforce.models import Profession, WorkforceRemit
from childtrust.workforce.selectors.locality_teams import (
    expected_professions_words,
    locality_team_figures,
    time_in_words,
)
from tests.factories import AgencyFactory, LocalityTeamFactory, StaffMemberFactory, UserFactory
from tests.workforce.establishment_setup import ACTORS, actor_for, linked_user
from tests.workforce.factories import (
    AgencyCoverFactory,
    HoldingFactory,
    PostFactory,
    WorkforceManagerFactory,
    WorkforceRemitFactory,
)

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return str(response.content.decode())


def north_team() -> dict[str, Any]:
    """A locality team of three agencies: a council social worker (who moved between two of the
    team's posts, in the team since 1 April 2019), a health visitor, a CAMHS post covered by a
    locum, a vacant family support post and no education welfare post at all."""
    team = LocalityTeamFactory(name="North locality team", slug="north")
    council, health, camhs = (
        AgencyFactory(name="Council"),
        AgencyFactory(name="NHS"),
        AgencyFactory(name="CAMHS trust"),
    )
    first = PostFactory(agency=council, team=team, reference="SW1")
    second = PostFactory(agency=council, team=team, reference="SW2")
    social_worker = StaffMemberFactory(agency=council, given_name="Sam", family_name="Ward")
    HoldingFactory(
        post=first,
        staff=social_worker,
        starts_on=datetime.date(2019, 4, 1),
        ends_on=datetime.date(2021, 6, 30),
    )
    HoldingFactory(
        post=second, staff=social_worker, fte=Decimal("0.80"), starts_on=datetime.date(2021, 7, 1)
    )
    visitor_post = PostFactory(
        agency=health,
        team=team,
        reference="HV1",
        profession=Profession.HEALTH_VISITOR,
        social_worker=False,
    )
    visitor = HoldingFactory(
        post=visitor_post, fte=Decimal("0.60"), starts_on=datetime.date(2024, 1, 8)
    )
    camhs_post = PostFactory(
        agency=camhs, team=team, reference="C1", profession=Profession.CAMHS, social_worker=False
    )
    AgencyCoverFactory(post=camhs_post, worker_name="Lee Locum")
    PostFactory(
        agency=council,
        team=team,
        reference="FS1",
        profession=Profession.FAMILY_SUPPORT,
        social_worker=False,
    )
    return {"team": team, "social_worker": social_worker, "visitor": visitor, "council": council}


def test_missing_professions_are_worked_out_from_who_works_in_the_teams_posts() -> None:
    north_team()
    LocalityTeamFactory(name="South locality team")

    north, south = locality_team_figures(timezone.localdate())

    assert [p.value for p in north.missing] == ["family_support", "education_welfare"]
    assert north.missing_described == [
        "Family support worker (a funded post is vacant)",
        "Education welfare officer (no post)",
    ]
    assert (north.posts, north.people) == (5, 2)
    # Vacant: SW1 1.00 (its holder moved to SW2), SW2 0.20, HV1 0.40, C1 1.00 (covered by a
    # locum, still vacant), FS1 1.00.
    assert (north.funded_fte, north.in_post_fte, north.vacant_fte, north.cover_fte) == (
        Decimal("5.00"),
        Decimal("1.40"),
        Decimal("3.60"),
        Decimal("1.00"),
    )
    assert len(south.missing) == 5


def test_the_expected_professions_are_named() -> None:
    assert expected_professions_words() == (
        "social worker, health visitor, CAMHS worker, family support worker and education "
        "welfare officer"
    )


@pytest.mark.parametrize(
    ("since", "day", "words"),
    [
        (datetime.date(2019, 4, 1), datetime.date(2025, 6, 16), "6 years 2 months"),
        (datetime.date(2024, 1, 8), datetime.date(2024, 2, 7), "less than a month"),
        (datetime.date(2024, 1, 8), datetime.date(2024, 2, 8), "1 month"),
        (datetime.date(2023, 6, 16), datetime.date(2024, 6, 16), "1 year"),
    ],
)
def test_time_in_the_team_in_words(since: datetime.date, day: datetime.date, words: str) -> None:
    assert time_in_words(since, day) == words


def test_a_locality_teams_page_shows_members_by_agency_since_they_joined_the_team() -> None:
    north_team()

    page = text(client_of(WorkforceManagerFactory()).get("/workforce/locality-teams/north/"))

    assert "Council: 1 person, 0.80 FTE" in page
    assert "NHS: 1 person, 0.60 FTE" in page
    assert "since 1 April 2019" in page  # a move between the team's posts keeps the count
    assert "since 8 January 2024" in page
    assert "Family support worker (a funded post is vacant)" in page
    assert "Education welfare officer (no post)" in page
    assert "FS1" in page
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="partnership.team")
    assert event.details == {"page": "locality team", "members_shown": 2}


@pytest.mark.parametrize("kind", ACTORS)
def test_who_sees_the_locality_teams(kind: str) -> None:
    made = north_team()
    post = made["team"].posts.get(reference="SW2")
    client = client_of(actor_for(kind, post))

    index = client.get("/workforce/locality-teams/")
    team = client.get("/workforce/locality-teams/north/")

    allowed = kind in {"workforce_manager", "remit_in", "remit_out", "auditor"}
    assert (index.status_code, team.status_code) == ((200, 200) if allowed else (403, 403))
    if allowed:
        assert "Missing:" in text(index)
        page = text(team)
        assert ("Sam Ward" in page) == (kind != "remit_out")
        assert ("NHS: 1 person" in page) == (kind in {"workforce_manager", "auditor"})
        # The vacancies too are only the posts the reader may see: CAMHS's C1 is vacant and
        # held by no one, so it shows only under the vacancies, to those who see every agency.
        assert ("(C1)" in page) == (kind in {"workforce_manager", "auditor"})
        assert ("(FS1)" in page) == (kind != "remit_out")
    assert client.get("/workforce/locality-teams/nowhere/").status_code == (404 if allowed else 403)


# --- Remits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "remitted", "allowed"),
    [
        (Role.WORKFORCE_MANAGER, False, True),
        (Role.PARTNERSHIP_ADMIN, False, True),
        (Role.WORKFORCE_MANAGER, True, False),
        (Role.AUDITOR, False, False),
        (Role.TEAM_MANAGER, False, False),
        (Role.PRACTITIONER, False, False),
    ],
)
def test_who_reaches_the_remits_pages(role: str, remitted: bool, allowed: bool) -> None:
    actor = WorkforceRemitFactory().user if remitted else UserFactory(role=role)
    remit = WorkforceRemitFactory()
    client = client_of(actor)

    assert client.get("/workforce/remits/").status_code == (200 if allowed else 403)
    assert client.get(f"/workforce/remits/{remit.pk}/clear/").status_code == (
        200 if allowed else 403
    )
    if not allowed:
        assert client.post(f"/workforce/remits/{remit.pk}/clear/").status_code == 403
        assert WorkforceRemit.objects.filter(pk=remit.pk).exists()


def test_a_remit_set_and_lifted_on_its_pages_with_bad_input_shown() -> None:
    manager = WorkforceManagerFactory(username="hrlead")
    agency = AgencyFactory(name="Hospital trust")
    client = client_of(WorkforceManagerFactory())

    bad = client.post("/workforce/remits/", {"username": "nobody", "agency": ""})
    practitioner = UserFactory(
        username="pat", role=Role.PRACTITIONER, first_name="Pat", last_name="Lee"
    )
    not_manager = client.post("/workforce/remits/", {"username": "pat", "agency": str(agency.pk)})
    good = client.post("/workforce/remits/", {"username": "hrlead", "agency": str(agency.pk)})
    listed = text(client.get("/workforce/remits/"))
    remit = WorkforceRemit.objects.get(user=manager)
    lifted = client.post(f"/workforce/remits/{remit.pk}/clear/")

    assert "No active account has the username nobody" in text(bad)
    assert "Choose the agency to limit them to" in text(bad)
    assert text(bad).count("<title>Error: ") == 1
    assert f"{practitioner.get_full_name()} is not a workforce manager" in text(not_manager)
    assert good.status_code == 302
    assert "Hospital trust" in listed
    assert lifted.status_code == 302
    assert not WorkforceRemit.objects.exists()


# --- The front page's links ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (Role.PRACTITIONER, {"My post"}),
        (Role.TEAM_MANAGER, {"My post", "Establishment", "Starters and leavers"}),
        (
            Role.AUDITOR,
            {"My post", "Establishment", "Starters and leavers", "Multi-agency locality teams"},
        ),
        (
            Role.WORKFORCE_MANAGER,
            {
                "My post",
                "Establishment",
                "Starters and leavers",
                "Multi-agency locality teams",
                "Add a post",
                "Workforce managers' remits",
            },
        ),
    ],
)
def test_the_front_page_links_to_what_the_reader_may_open(role: str, links: set[str]) -> None:
    user = linked_user(role, StaffMemberFactory())
    page = text(client_of(user).get("/workforce/"))

    for label in (
        "My post",
        "Establishment",
        "Starters and leavers",
        "Multi-agency locality teams",
        "Add a post",
        "Workforce managers' remits",
    ):
        assert (f">{label}</a>" in page) == (label in links), label
