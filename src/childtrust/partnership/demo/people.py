"""The demo's invented people, and the whole demo partnership as plain records
(`build_demo_data`): the same for the same seed, every time. Besides the 300 people in post, the
45 who left in the last three years (`FORMER_STAFF`, loaded as no longer in post: the workforce
demo's leavers), and the two workforce managers' accounts given to people in post
(`WORKFORCE_ACCOUNT_HOLDERS`)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import product

from childtrust.partnership.demo.agencies import AGENCIES
from childtrust.partnership.demo.city import LOCALITIES, SHARED_TEAMS
from childtrust.partnership.demo.directory import SERVICES
from childtrust.partnership.demo.framework import (
    OUTCOMES,
    VISION_ADOPTED_BY,
    VISION_ADOPTED_ON,
    VISION_TEXT,
)
from childtrust.partnership.demo.specs import (
    AgencySpec,
    DemoData,
    StaffRecord,
    TeamRecord,
    TeamSpec,
)
from childtrust.partnership.models import TeamKind

SEED = 2004  # the year of the Children Act that asked every area to form a children's trust

GIVEN_NAMES: tuple[str, ...] = (
    "Aisha", "Amelia", "Anna", "Bethan", "Chantelle", "Chloe", "Claire", "Ella", "Emily", "Fatima",
    "Freya", "Gemma", "Grace", "Hannah", "Helen", "Isla", "Joanna", "Karen", "Kirsty", "Laura",
    "Lily", "Lisa", "Maryam", "Mia", "Michelle", "Natalia", "Niamh", "Olivia", "Priya", "Rachel",
    "Ruth", "Sarah", "Shanice", "Siobhan", "Sophia", "Zara", "Zofia", "Andrew", "Arjun", "Callum",
    "Connor", "Daniel", "Darren", "Gareth", "George", "Harry", "Ibrahim", "Jack", "James", "Kwame",
    "Leo", "Marcus", "Mark", "Mohammed", "Noah", "Oliver", "Oscar", "Paul", "Piotr", "Rhys",
    "Rohan", "Samuel", "Stephen", "Thomas", "Tomasz", "Tunde",
)  # fmt: skip

FAMILY_NAMES: tuple[str, ...] = (
    "Adeyemi", "Ahmed", "Allen", "Baker", "Barker", "Begum", "Bell", "Bennett", "Brown",
    "Campbell", "Chapman", "Clarke", "Cooper", "Davies", "Doyle", "Edwards", "Ellis", "Evans",
    "Fox", "Fraser", "Grant", "Green", "Hall", "Harris", "Hill", "Holmes", "Hughes", "Hunt",
    "Hussain", "Jackson", "Johnson", "Jones", "Kaur", "Kelly", "Khan", "King", "Knight",
    "Kowalczyk", "Lee", "Lewis", "Lloyd", "Marsh", "Mensah", "Mills", "Mitchell", "Moore",
    "Morris", "Murphy", "Nowak", "O'Brien", "Okafor", "Palmer", "Parker", "Patel", "Powell",
    "Price", "Rees", "Reid", "Roberts", "Robinson", "Shah", "Shaw", "Singh", "Smith", "Stewart",
    "Taylor", "Thompson", "Turner", "Walker", "Ward", "Webb", "White", "Williams", "Wilson",
    "Wood", "Wright", "Young",
)  # fmt: skip


def _email_part(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


class _NamePool:
    """Every invented person gets a different name, drawn in a shuffled but fixed order."""

    def __init__(self, rng: random.Random) -> None:
        pairs = list(product(GIVEN_NAMES, FAMILY_NAMES))
        rng.shuffle(pairs)
        self._pairs: Iterator[tuple[str, str]] = iter(pairs)

    def person(
        self,
        agency: AgencySpec,
        job_title: str,
        team: str,
        manager: StaffRecord | None,
        account: str = "",
    ) -> StaffRecord:
        given, family = next(self._pairs)
        return StaffRecord(
            given_name=given,
            family_name=family,
            email=f"{_email_part(given)}.{_email_part(family)}@{agency.domain}",
            job_title=job_title,
            agency=agency.slug,
            team=team,
            manager_email=manager.email if manager else "",
            level=manager.level + 1 if manager else 1,
            account=account,
        )


def leadership_team_name(agency: AgencySpec) -> str:
    return f"{agency.short_name} Leadership Team"


def _team_staff(
    team: TeamSpec, agency: AgencySpec, head: StaffRecord, names: _NamePool
) -> Iterator[StaffRecord]:
    team_name = team.joins or team.name
    manager = names.person(agency, team.manager_title, team_name, head, team.manager_account)
    yield manager
    for index in range(team.size):
        title = team.practitioner_titles[index % len(team.practitioner_titles)]
        account = team.practitioner_account if index == 0 else ""
        yield names.person(agency, title, team_name, manager, account)


def _agency_staff(agency: AgencySpec, names: _NamePool) -> Iterator[StaffRecord]:
    """Director, heads of service, team managers, practitioners: four levels of line management,
    all within the agency."""
    leadership = leadership_team_name(agency)
    director = names.person(
        agency, agency.director_title, leadership, None, agency.director_account
    )
    yield director
    for division in agency.divisions:
        head = names.person(agency, division.head_title, leadership, director)
        yield head
        for team in division.teams:
            yield from _team_staff(team, agency, head, names)


def _teams() -> Iterator[TeamRecord]:
    for shared in SHARED_TEAMS:
        yield TeamRecord(shared.name, shared.kind, "", shared.locality, shared.purpose)
    for agency in AGENCIES:
        yield TeamRecord(
            leadership_team_name(agency),
            TeamKind.SINGLE_AGENCY,
            agency.slug,
            "",
            f"The senior leaders of {agency.name}.",
        )
        for division in agency.divisions:
            for team in division.teams:
                if not team.joins:
                    yield TeamRecord(
                        team.name, TeamKind.SINGLE_AGENCY, agency.slug, "", team.purpose
                    )


# --- The workforce managers ------------------------------------------------------------------


@dataclass(frozen=True)
class _AccountHolder:
    """An invented person given a demo account and a job the agencies' tables do not have: the
    last person with `job_title` in `team` of `agency` takes `new_title` (and, with
    `to_leadership`, joins their agency's leadership team, reporting to its head)."""

    account: str
    agency: str
    team: str
    job_title: str
    new_title: str
    to_leadership: bool = False


#: The strategic workforce manager works across the partnership from the Children's Trust
#: Business Unit; the health trust's HR business partner (a workforce manager limited to the
#: trust) sits in the trust's leadership team.
WORKFORCE_ACCOUNT_HOLDERS: tuple[_AccountHolder, ...] = (
    _AccountHolder(
        "workforce",
        "childrens-services",
        "Children's Trust Business Unit",
        "Partnership officer",
        "Strategic workforce manager",
    ),
    _AccountHolder(
        "hrlead",
        "community-health",
        "School Nursing",
        "School nurse",
        "HR business partner, children's community services",
        to_leadership=True,
    ),
)


def _with_workforce_accounts(staff: tuple[StaffRecord, ...]) -> tuple[StaffRecord, ...]:
    people = list(staff)
    agencies = {agency.slug: agency for agency in AGENCIES}
    for holder in WORKFORCE_ACCOUNT_HOLDERS:
        index = max(
            i
            for i, person in enumerate(people)
            if (person.agency, person.team, person.job_title)
            == (holder.agency, holder.team, holder.job_title)
        )
        person = replace(people[index], job_title=holder.new_title, account=holder.account)
        if holder.to_leadership:
            head = next(p for p in people if p.agency == holder.agency and p.level == 1)
            person = replace(
                person,
                team=leadership_team_name(agencies[holder.agency]),
                manager_email=head.email,
                level=2,
            )
        people[index] = person
    return tuple(people)


# --- Former staff ----------------------------------------------------------------------------

#: Who left each team in the last three years, by job title (teams as the agencies' tables name
#: them). Children's social care's social workers leave at about the national rate, 16% a year:
#: the workforce's demo (childtrust.workforce.demo) gives each the post they left, when and why.
FORMER_STAFF: dict[str, tuple[str, ...]] = {
    "Assessment and Child Protection": (
        "Social worker", "Senior social worker", "Social worker", "Social worker",
        "Advanced practitioner", "Social worker", "Senior social worker",
    ),
    "Children Looked After": ("Social worker", "Senior social worker", "Social worker"),
    "Front Door Social Work": ("MASH social worker", "MASH social worker", "Senior social worker"),
    "Fostering and Adoption": ("Supervising social worker", "Supervising social worker"),
    "Early Help West": ("Family support worker",),
    "Early Help Central": ("Early help practitioner",),
    "Early Help East": ("Parenting practitioner",),
    "Children's Trust Business Unit": ("Performance analyst",),
    "Educational Psychology": ("Educational psychologist",),
    "Education Welfare": ("Attendance officer",),
    "Safeguarding in Education": ("Designated safeguarding lead",),
    "Special Educational Needs": ("SEN caseworker", "SEN caseworker"),
    "Health Visiting West": ("Health visitor",),
    "Health Visiting Central": ("Health visitor",),
    "Health Visiting East": ("Health visitor",),
    "School Nursing": ("School nurse",),
    "Speech and Language Therapy": ("Speech and language therapist",),
    "CAMHS Single Point of Access": ("Mental health practitioner",),
    "Mental Health Support Teams in Schools": ("Education mental health practitioner",),
    "Community CAMHS": ("Mental health nurse", "Clinical psychologist"),
    "Crisis and Home Treatment": ("Crisis practitioner",),
    "Child Abuse Investigation": ("Detective constable",),
    "Missing and Exploited Children": ("Detective constable",),
    "Youth Work West": ("Youth worker",),
    "Youth Work Central": ("Sessional youth worker",),
    "Youth Work East": ("Youth worker",),
    "Targeted Youth Support": ("Targeted youth support worker",),
    "Family Key Work East": ("Family key worker",),
    "Young Carers": ("Young carers worker",),
    "School-based Counselling": ("Counsellor", "Trainee counsellor"),
    "Drop-in and Online Counselling": ("Wellbeing practitioner",),
}  # fmt: skip


def _former_staff(staff: tuple[StaffRecord, ...], names: _NamePool) -> Iterator[StaffRecord]:
    """Each leaver in the team they left, managed by its team manager (still in post). Drawn
    after everyone in post, so that the people in post keep their names."""
    for agency in AGENCIES:
        for division in agency.divisions:
            for team in division.teams:
                team_name = team.joins or team.name
                manager = next(
                    person
                    for person in staff
                    if (person.agency, person.team, person.job_title)
                    == (agency.slug, team_name, team.manager_title)
                )
                for title in FORMER_STAFF.get(team.name, ()):
                    yield names.person(agency, title, team_name, manager)


def build_demo_data(seed: int = SEED) -> DemoData:
    """The whole demo partnership as plain records: the same for the same seed, every time."""
    names = _NamePool(random.Random(seed))  # noqa: S311 (invented names, not security)
    staff = tuple(person for agency in AGENCIES for person in _agency_staff(agency, names))
    former = tuple(_former_staff(staff, names))
    staff = _with_workforce_accounts(staff)
    return DemoData(
        localities=LOCALITIES,
        agencies=AGENCIES,
        services=SERVICES,
        teams=tuple(_teams()),
        staff=staff,
        vision_text=VISION_TEXT,
        vision_adopted_on=VISION_ADOPTED_ON,
        vision_adopted_by=VISION_ADOPTED_BY,
        outcomes=OUTCOMES,
        former_staff=former,
    )
