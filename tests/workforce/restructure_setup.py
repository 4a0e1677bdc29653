"""A small agency for the restructures' tests, worked out by hand, and the people who act on it.

Northgate Council has two teams of its own and there is a multi-agency locality team:

    post  team     FTE   profession        holder
    SW1   Team A   1.00  social worker     Ann Archer (1.00), managed by Mia Moss
    SW2   Team A   1.00  social worker     Bob Baker (1.00)
    HV1   Team B   0.50  health visitor    Cat Cole (0.50)
    FS1   Team B   1.00  family support    vacant

so its establishment is Team A 2 posts 2.00 FTE, Team B 2 posts 1.50 FTE: 4 posts, 3.50 FTE.

The restructure "Locality working" proposes 1 redundancy and has a pool ("Social workers"), one
post it creates (a 1.00 senior social worker in the locality team) and one person affected:
Ann, at risk, in the pool, who has responded once.

The actors: a practitioner of the agency who is not affected, the affected person (Ann), their
line manager (Mia, a team manager), a workforce manager with no remit, one limited to the agency
and one limited to another, and an auditor."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.partnership.models import Agency, StaffMember, Team
from childtrust.workforce import models as w
from tests.factories import (
    AgencyFactory,
    LocalityTeamFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
)
from tests.workforce.factories import (
    AffectedPersonFactory,
    HoldingFactory,
    OtherPostFactory,
    PostFactory,
    RestructureFactory,
    WorkforceManagerFactory,
    WorkforceRemitFactory,
)

ACTORS = (
    "practitioner",
    "affected",
    "their_manager",
    "workforce_manager",
    "remit_in",
    "remit_out",
    "auditor",
)
MANAGERS = frozenset({"workforce_manager", "remit_in"})
SEE_ALL = frozenset({"workforce_manager", "remit_in", "auditor"})
SEE_RESTRUCTURE = SEE_ALL | {"affected", "their_manager"}
STARTED = datetime.date(2018, 1, 8)


def linked_user(role: str, staff: StaffMember) -> User:
    user = UserFactory(role=role)
    staff.user = user
    staff.save()
    return user


@dataclass
class World:
    agency: Agency
    other_agency: Agency
    team_a: Team
    team_b: Team
    locality_team: Team
    posts: dict[str, w.Post]
    staff: dict[str, StaffMember]
    restructure: w.Restructure
    pool: w.SelectionPool
    created: w.PostChange
    affected: w.AffectedPerson
    response: w.ConsultationResponse
    users: dict[str, User] = field(default_factory=dict)

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()


def build_world(**restructure_fields: Any) -> World:
    agency = AgencyFactory(name="Northgate Council", slug="northgate-council")
    other_agency = AgencyFactory(name="Southmoor Health", slug="southmoor-health")
    team_a = TeamFactory(name="Team A", slug="team-a", agency=agency)
    team_b = TeamFactory(name="Team B", slug="team-b", agency=agency)
    locality_team = LocalityTeamFactory(name="North locality team", slug="north-locality")
    posts = {
        "SW1": PostFactory(agency=agency, reference="SW1", team=team_a),
        "SW2": PostFactory(agency=agency, reference="SW2", team=team_a),
        "HV1": OtherPostFactory(agency=agency, reference="HV1", team=team_b, fte=Decimal("0.50")),
        "FS1": OtherPostFactory(
            agency=agency,
            reference="FS1",
            team=team_b,
            job_title="Family support worker",
            profession=w.Profession.FAMILY_SUPPORT,
        ),
    }
    mia = StaffMemberFactory(agency=agency, team=team_a, given_name="Mia", family_name="Moss")
    staff = {
        "mia": mia,
        "ann": StaffMemberFactory(
            agency=agency, team=team_a, manager=mia, given_name="Ann", family_name="Archer"
        ),
        "bob": StaffMemberFactory(
            agency=agency, team=team_a, manager=mia, given_name="Bob", family_name="Baker"
        ),
        "cat": StaffMemberFactory(agency=agency, team=team_b, given_name="Cat", family_name="Cole"),
        "dan": StaffMemberFactory(agency=agency, team=team_b, given_name="Dan", family_name="Dale"),
    }
    for name, post, fte in (
        ("ann", "SW1", "1.00"),
        ("bob", "SW2", "1.00"),
        ("cat", "HV1", "0.50"),
    ):
        HoldingFactory(post=posts[post], staff=staff[name], fte=Decimal(fte), starts_on=STARTED)
    fields = {"title": "Locality working", "proposed_redundancies": 1} | restructure_fields
    restructure = RestructureFactory(agency=agency, **fields)
    pool = w.SelectionPool.objects.create(restructure=restructure, name="Social workers")
    created = w.PostChange.objects.create(
        restructure=restructure,
        kind=w.PostChangeKind.CREATE,
        job_title="Senior social worker",
        grade="Grade 9",
        fte=Decimal("1.00"),
        team=locality_team,
        profession=w.Profession.SOCIAL_WORKER,
        social_worker=True,
        job_description="Leads the locality team's social work.",
        pool=pool,
    )
    affected = AffectedPersonFactory(
        restructure=restructure,
        staff=staff["ann"],
        post=posts["SW1"],
        pool=pool,
        at_risk=True,
        proposal="Your post is deleted; you may apply for the senior social worker post.",
    )
    response = w.ConsultationResponse.objects.create(
        affected=affected, text="I would like to apply.", submitted_at=timezone.now()
    )
    world = World(
        agency=agency,
        other_agency=other_agency,
        team_a=team_a,
        team_b=team_b,
        locality_team=locality_team,
        posts=posts,
        staff=staff,
        restructure=restructure,
        pool=pool,
        created=created,
        affected=affected,
        response=response,
    )
    return world


def actor(world: World, kind: str) -> User:
    """The user of that kind (see ACTORS), made once per world."""
    if kind in world.users:
        return world.users[kind]
    if kind == "practitioner":
        user = linked_user(Role.PRACTITIONER, world.staff["dan"])
    elif kind == "affected":
        user = linked_user(Role.PRACTITIONER, world.staff["ann"])
    elif kind == "their_manager":
        user = linked_user(Role.TEAM_MANAGER, world.staff["mia"])
    elif kind == "workforce_manager":
        user = WorkforceManagerFactory()
    elif kind == "remit_in":
        user = WorkforceRemitFactory(agency=world.agency).user
    elif kind == "remit_out":
        user = WorkforceRemitFactory(agency=world.other_agency).user
    elif kind == "auditor":
        user = UserFactory(role=Role.AUDITOR)
    else:
        raise ValueError(kind)
    world.users[kind] = user
    return user


def refreshed(record: Any) -> Any:
    record.refresh_from_db()
    return record
