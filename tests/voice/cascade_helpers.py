"""A small partnership with a line-management tree four levels deep, for the cascade's tests.

City Council (children's services), North locality:
    Hana Head (level 1)
    ├── Mo Manager (level 2, Duty team)
    │   ├── Tia Lead (level 3, Duty team)
    │   │   ├── Pat Worker (level 4, Duty team)
    │   │   └── Pip Worker (level 4, Duty team)
    │   └── Tom Lead (level 3, Duty team)
    │       └── Pam Worker (level 4, Duty team)
    └── Meg Manager (level 2, Family support team, South locality)
        └── Ted Lead (level 3, Family support team)
            ├── Sam Worker (level 4, Family support team)
            └── Sue Worker (level 4, Family support team)
City Health:
    Hal Chief (level 1) the sender, with one health visitor, Vic Visitor (level 2, no team).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from childtrust.accounts.models import Role, User
from childtrust.partnership.models import Agency, Locality, StaffMember, Team
from childtrust.voice.models import CascadeTask, Message
from childtrust.voice.services.messages import message_publish
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    LocalityTeamFactory,
    MessageFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
)


@dataclass
class Tree:
    council: Agency
    health: Agency
    north: Locality
    south: Locality
    duty: Team
    family: Team
    people: dict[str, StaffMember] = field(default_factory=dict)
    lead_user: User | None = None

    def __getitem__(self, given_name: str) -> StaffMember:
        return self.people[given_name]

    @property
    def sender(self) -> StaffMember:
        return self.people["Hal"]

    @property
    def user(self) -> User:
        assert self.lead_user is not None
        return self.lead_user

    def task_of(self, message: Message, given_name: str) -> CascadeTask:
        return CascadeTask.objects.get(message=message, manager=self.people[given_name])

    def account_of(self, given_name: str) -> User:
        """The person's sign-in account (a practitioner's, made the first time it is asked for):
        who confirms, asks and briefs as them."""
        person = self.people[given_name]
        return person.user if person.user is not None else user_for(person)


def build_tree() -> Tree:
    council = AgencyFactory(name="City Council")
    health = AgencyFactory(name="City Health")
    north = LocalityFactory(name="North")
    south = LocalityFactory(name="South")
    duty = LocalityTeamFactory(name="Duty team", locality=north)
    family = TeamFactory(name="Family support team", agency=council, locality=south)
    tree = Tree(council, health, north, south, duty, family)

    def person(given: str, family_name: str, agency: Agency, **kwargs: object) -> StaffMember:
        tree.people[given] = StaffMemberFactory(
            given_name=given, family_name=family_name, agency=agency, **kwargs
        )
        return tree.people[given]

    head = person("Hana", "Head", council)
    mo = person("Mo", "Manager", council, manager=head, team=duty)
    meg = person("Meg", "Manager", council, manager=head, team=family)
    tia = person("Tia", "Lead", council, manager=mo, team=duty)
    tom = person("Tom", "Lead", council, manager=mo, team=duty)
    ted = person("Ted", "Lead", council, manager=meg, team=family)
    person("Pat", "Worker", council, manager=tia, team=duty)
    person("Pip", "Worker", council, manager=tia, team=duty)
    person("Pam", "Worker", council, manager=tom, team=duty)
    person("Sam", "Worker", council, manager=ted, team=family)
    person("Sue", "Worker", council, manager=ted, team=family)
    hal = person("Hal", "Chief", health)
    person("Vic", "Visitor", health, manager=hal)
    tree.lead_user = UserFactory(username="hal-chief", role=Role.STRATEGIC_LEAD)
    hal.user = tree.lead_user
    hal.save()
    return tree


def publish(tree: Tree, **kwargs: object) -> Message:
    """A message from Hal to the whole partnership (or as `kwargs` say), published."""
    message = MessageFactory(sender=tree.sender, **kwargs)
    return message_publish(actor=tree.user, message=message)


def user_for(person: StaffMember, role: str = Role.PRACTITIONER) -> User:
    """A signed-in account linked to the person's staff record."""
    user = UserFactory(username=f"{person.given_name.lower()}-{person.pk}", role=role)
    person.user = user
    person.save()
    return user
