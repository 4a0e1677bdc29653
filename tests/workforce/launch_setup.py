"""A small line-management tree and a proposed restructure, for launching it.

City Council:
    Hana Head (level 1)
    ├── Mo Manager (level 2)
    │   ├── Pat Worker (level 3)  affected
    │   ├── Pip Worker (level 3)  affected
    │   ├── Lee Leaver (level 3)  affected, no longer in post
    │   └── Vic Visitor (level 3) not affected
    ├── Meg Manager (level 2)
    │   └── Tia Lead (level 3, no longer in post)
    │       └── Sam Worker (level 4)  affected: briefed by Meg, the nearest in post
    └── Wyn Workforce (level 2) the workforce manager who launches it
Other Agency: Ola Other, who heads it.

So launching reaches Pat, Pip and Sam (the affected in post) and their managers Mo and Meg: five
people. Mo and Meg brief them, and Hana briefs Mo and Meg: three managers with a briefing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.partnership.models import Agency, StaffMember
from childtrust.workforce import models as w
from tests.factories import AgencyFactory, StaffMemberFactory, UserFactory
from tests.workforce.factories import (
    AffectedPersonFactory,
    RestructureFactory,
    WorkforceRemitFactory,
)

TODAY = timezone.localdate()
BRIEF_BY = TODAY + datetime.timedelta(days=10)
AFFECTED = ("Pat", "Pip", "Lee", "Sam")


@dataclass
class World:
    council: Agency
    other: Agency
    restructure: w.Restructure
    people: dict[str, StaffMember] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, given_name: str) -> StaffMember:
        return self.people[given_name]

    @property
    def launcher(self) -> User:
        return self.users["Wyn"]

    def account_of(self, given_name: str, role: str = Role.PRACTITIONER) -> User:
        """The person's sign-in account, made the first time it is asked for."""
        if given_name not in self.users:
            person = self.people[given_name]
            user = UserFactory(username=f"{given_name.lower()}-{person.pk}", role=role)
            person.user = user
            person.save()
            self.users[given_name] = user
        return self.users[given_name]


def build_world(*, affected: tuple[str, ...] = AFFECTED) -> World:
    council = AgencyFactory(name="City Council")
    other = AgencyFactory(name="Other Agency")
    restructure = RestructureFactory(
        title="Duty and family support together",
        reason="Duty and family support become one locality team.",
        agency=council,
        consultation_starts_on=TODAY,
        consultation_ends_on=TODAY + datetime.timedelta(days=44),
        decision_on=TODAY + datetime.timedelta(days=50),
        how_to_respond="Write to the consultation mailbox or tell us at your meeting.",
        support_offered="Redeployment and the employee assistance programme (0800 000 000).",
    )
    world = World(council, other, restructure)

    def person(given: str, family: str, agency: Agency = council, **kwargs: object) -> None:
        world.people[given] = StaffMemberFactory(
            given_name=given, family_name=family, agency=agency, **kwargs
        )

    person("Hana", "Head")
    person("Mo", "Manager", manager=world["Hana"])
    person("Meg", "Manager", manager=world["Hana"])
    person("Wyn", "Workforce", manager=world["Hana"])
    person("Pat", "Worker", manager=world["Mo"])
    person("Pip", "Worker", manager=world["Mo"])
    person("Lee", "Leaver", manager=world["Mo"], is_active=False)
    person("Vic", "Visitor", manager=world["Mo"])
    person("Tia", "Lead", manager=world["Meg"], is_active=False)
    person("Sam", "Worker", manager=world["Tia"])
    person("Ola", "Other", agency=other)
    world.account_of("Wyn", Role.WORKFORCE_MANAGER)
    for name in affected:
        AffectedPersonFactory(restructure=restructure, staff=world[name])
    return world


def remit_manager(world: World, *, inside: bool) -> User:
    """A workforce manager limited to the council (inside) or to the other agency, linked to a
    staff record in post."""
    agency = world.council if inside else world.other
    remit = WorkforceRemitFactory(agency=agency)
    StaffMemberFactory(agency=agency, user=remit.user)
    return remit.user
