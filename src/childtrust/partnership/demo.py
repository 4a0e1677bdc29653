"""The demo partnership: invented data for a city like Southampton.

Everything here is made up except the names of the city's wards. Organisations are invented
stand-ins for the kinds of agency a children's trust brings together; every person's name is
drawn from a fixed list of common names, and every address is at example.org.

`build_demo_data()` turns the tables below into plain records, using a seeded random number
generator, so the demo is the same every time and can be checked without a database.
`demo_load()` writes those records in one transaction, in bulk, and records one audit event per
kind of record. It is reached only through `childtrust load_demo`, which runs in demo mode only.

The agencies' missions and visions diverge on purpose: that is the problem the partnership
exists to solve. So does the outcomes framework: one priority has no agency committed to it (a
gap) and several have three or more (overlaps).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import product
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils.text import slugify

from childtrust.accounts.demo import DEMO_ACCOUNTS, DEMO_USERNAMES
from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.partnership.models import (
    Agency,
    AgencyKind,
    Commitment,
    FrameworkIndicator,
    Locality,
    Outcome,
    Priority,
    Service,
    ServiceStatus,
    StaffMember,
    Team,
    TeamKind,
    VisionStatement,
    Ward,
)

SEED = 2004  # the year of the Children Act that asked every area to form a children's trust
SOURCE = "demo data"


# --- The shape of the data ------------------------------------------------------------------


@dataclass(frozen=True)
class LocalitySpec:
    name: str
    description: str
    wards: tuple[str, ...]


@dataclass(frozen=True)
class TeamSpec:
    """A team manager and the practitioners they manage. When `joins` names a multi-agency team,
    they work in that team (and are still line-managed within their own agency)."""

    name: str
    manager_title: str
    practitioner_titles: tuple[str, ...]
    size: int
    purpose: str = ""
    joins: str = ""
    manager_account: str = ""
    practitioner_account: str = ""


@dataclass(frozen=True)
class DivisionSpec:
    head_title: str
    teams: tuple[TeamSpec, ...]


@dataclass(frozen=True)
class AgencySpec:
    slug: str
    name: str
    short_name: str
    kind: AgencyKind
    statutory_partner: bool
    mission: str
    vision: str
    domain: str
    director_title: str
    divisions: tuple[DivisionSpec, ...]
    director_account: str = ""


@dataclass(frozen=True)
class ServiceSpec:
    agency: str
    name: str
    description: str
    audience: str
    eligibility: str
    ages: tuple[int, int] | None
    how_to_access: str
    localities: tuple[str, ...] = ()  # empty: the whole city
    status: ServiceStatus = ServiceStatus.ACTIVE


@dataclass(frozen=True)
class SharedTeamSpec:
    name: str
    kind: TeamKind
    locality: str
    purpose: str


@dataclass(frozen=True)
class PrioritySpec:
    title: str
    description: str
    indicators: tuple[tuple[str, str], ...]  # (name, description)
    commitments: tuple[tuple[str, str], ...]  # (agency slug, contribution)


@dataclass(frozen=True)
class OutcomeSpec:
    name: str
    description: str
    priorities: tuple[PrioritySpec, ...]


@dataclass(frozen=True)
class TeamRecord:
    name: str
    kind: TeamKind
    agency: str  # agency slug; "" for a multi-agency team
    locality: str  # locality name; "" when the team is not tied to one
    purpose: str


@dataclass(frozen=True)
class StaffRecord:
    given_name: str
    family_name: str
    email: str
    job_title: str
    agency: str  # agency slug
    team: str  # team name
    manager_email: str  # "" for the head of the agency
    level: int  # 1 for the head of the agency, 2 for those who report to them, ...
    account: str = ""  # the demo sign-in username linked to this person, if any


@dataclass(frozen=True)
class DemoData:
    localities: tuple[LocalitySpec, ...]
    agencies: tuple[AgencySpec, ...]
    services: tuple[ServiceSpec, ...]
    teams: tuple[TeamRecord, ...]
    staff: tuple[StaffRecord, ...]
    vision_text: str
    vision_adopted_on: date
    vision_adopted_by: str
    outcomes: tuple[OutcomeSpec, ...]


# --- The city -------------------------------------------------------------------------------

# Southampton's wards, grouped into three localities for locality working. Ward codes are left
# blank: the demo does not claim to know them.
LOCALITIES: tuple[LocalitySpec, ...] = (
    LocalitySpec(
        "West",
        "The west of the city, from Redbridge and Millbrook to Shirley and Freemantle.",
        ("Coxford", "Freemantle", "Millbrook", "Redbridge", "Shirley"),
    ),
    LocalitySpec(
        "Central",
        "The city centre, the docks and the university neighbourhoods to the north.",
        ("Banister & Polygon", "Bargate", "Bassett", "Bevois", "Portswood", "Swaythling"),
    ),
    LocalitySpec(
        "East",
        "East of the River Itchen, from Bitterne Park to Woolston and Sholing.",
        ("Bitterne Park", "Harefield", "Peartree", "Sholing", "Thornhill", "Woolston"),
    ),
)

SHARED_TEAMS: tuple[SharedTeamSpec, ...] = (
    *(
        SharedTeamSpec(
            f"{locality.name} Locality Team",
            TeamKind.LOCALITY,
            locality.name,
            f"Early help for families in the {locality.name.lower()} of the city: family "
            "support workers, health visitors and youth workers from several agencies working "
            "from one base, with one shared caseload.",
        )
        for locality in LOCALITIES
    ),
    SharedTeamSpec(
        "Multi-Agency Safeguarding Hub",
        TeamKind.MULTI_AGENCY,
        "",
        "The front door: social workers and police officers screening contacts and referrals "
        "about children together, in one office.",
    ),
)


# --- The partner agencies -------------------------------------------------------------------


def _locality_teams(
    *,
    stem: str,
    manager_title: str,
    practitioner_titles: tuple[str, ...],
    size: int,
    first_account: str = "",
    first_manager_account: str = "",
) -> tuple[TeamSpec, ...]:
    """One group per locality, each working in that locality's multi-agency team."""
    return tuple(
        TeamSpec(
            f"{stem} {locality.name}",
            manager_title,
            practitioner_titles,
            size,
            joins=f"{locality.name} Locality Team",
            manager_account=first_manager_account if index == 0 else "",
            practitioner_account=first_account if index == 0 else "",
        )
        for index, locality in enumerate(LOCALITIES)
    )


AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        slug="childrens-services",
        name="Southampton City Council \N{EN DASH} Children's Services",
        short_name="Children's Services",
        kind=AgencyKind.LOCAL_AUTHORITY,
        statutory_partner=True,
        mission="To meet the council's legal duties to safeguard children in need and to be a "
        "good corporate parent to every child in its care, within the budget the council sets.",
        vision="A city where children are safe from harm, families get help early, and fewer "
        "children need to come into care.",
        domain="childrens-services.example.org",
        director_title="Director of Children's Services",
        director_account="strategiclead",
        divisions=(
            DivisionSpec(
                head_title="Head of early help",
                teams=_locality_teams(
                    stem="Early Help",
                    manager_title="Early help team manager",
                    practitioner_titles=(
                        "Family support worker",
                        "Early help practitioner",
                        "Parenting practitioner",
                    ),
                    size=7,
                    first_account="practitioner",
                    first_manager_account="teammanager",
                ),
            ),
            DivisionSpec(
                head_title="Head of safeguarding and social work",
                teams=(
                    TeamSpec(
                        name="Front Door Social Work",
                        manager_title="MASH team manager",
                        practitioner_titles=(
                            "MASH social worker",
                            "Senior social worker",
                            "Contact officer",
                        ),
                        size=7,
                        joins="Multi-Agency Safeguarding Hub",
                        practitioner_account="frontdoor",
                    ),
                    TeamSpec(
                        name="Assessment and Child Protection",
                        manager_title="Team manager, assessment and child protection",
                        practitioner_titles=(
                            "Social worker",
                            "Senior social worker",
                            "Advanced practitioner",
                        ),
                        size=11,
                        purpose="Child in need assessments, section 47 enquiries and child "
                        "protection plans.",
                    ),
                    TeamSpec(
                        name="Children Looked After",
                        manager_title="Team manager, children looked after",
                        practitioner_titles=(
                            "Social worker",
                            "Senior social worker",
                            "Personal adviser",
                        ),
                        size=8,
                        purpose="Social work for children in care and support for care leavers.",
                    ),
                    TeamSpec(
                        name="Fostering and Adoption",
                        manager_title="Fostering team manager",
                        practitioner_titles=("Supervising social worker", "Family finder"),
                        size=5,
                        purpose="Recruiting, assessing and supporting foster carers and adopters.",
                    ),
                ),
            ),
            DivisionSpec(
                head_title="Head of partnership, performance and quality",
                teams=(
                    TeamSpec(
                        name="Children's Trust Business Unit",
                        manager_title="Children's Trust business manager",
                        practitioner_titles=(
                            "Pooled budget finance officer",
                            "Partnership officer",
                            "Performance analyst",
                            "Commissioning officer",
                        ),
                        size=4,
                        purpose="Supports the Children's Trust Board: the plan, the framework, "
                        "the pooled budget and the partnership's performance reports.",
                        manager_account="admin",
                        practitioner_account="finance",
                    ),
                    TeamSpec(
                        name="Information Governance and Audit",
                        manager_title="Information governance manager",
                        practitioner_titles=("Internal auditor", "Information governance officer"),
                        size=3,
                        purpose="Information sharing agreements, data protection and audit of "
                        "access to children's records.",
                        practitioner_account="auditor",
                    ),
                ),
            ),
        ),
    ),
    AgencySpec(
        slug="education-partnership",
        name="Southampton Schools and Education Partnership",
        short_name="Education Partnership",
        kind=AgencyKind.EDUCATION,
        statutory_partner=True,
        mission="To raise standards in every school so that every pupil makes good progress and "
        "leaves with the qualifications they need.",
        vision="Every school in the city judged good or better, and results above the national "
        "average by 2030.",
        domain="education-partnership.example.org",
        director_title="Executive director of education",
        divisions=(
            DivisionSpec(
                head_title="Head of inclusion",
                teams=(
                    TeamSpec(
                        name="Educational Psychology",
                        manager_title="Principal educational psychologist",
                        practitioner_titles=(
                            "Educational psychologist",
                            "Assistant educational psychologist",
                        ),
                        size=6,
                    ),
                    TeamSpec(
                        name="Education Welfare",
                        manager_title="Education welfare team manager",
                        practitioner_titles=("Education welfare officer", "Attendance officer"),
                        size=8,
                    ),
                ),
            ),
            DivisionSpec(
                head_title="Head of school improvement",
                teams=(
                    TeamSpec(
                        name="Safeguarding in Education",
                        manager_title="Safeguarding in education manager",
                        practitioner_titles=(
                            "Designated safeguarding lead",
                            "Deputy designated safeguarding lead",
                        ),
                        size=10,
                        purpose="The designated safeguarding leads of the city's schools.",
                    ),
                    TeamSpec(
                        name="Special Educational Needs",
                        manager_title="SEN team manager",
                        practitioner_titles=("SEN caseworker", "SENCO adviser"),
                        size=9,
                    ),
                ),
            ),
        ),
    ),
    AgencySpec(
        slug="community-health",
        name="Southampton Community Health NHS Trust",
        short_name="Community Health",
        kind=AgencyKind.HEALTH,
        statutory_partner=True,
        mission="To provide safe, effective community health care for children and families, "
        "close to home.",
        vision="Healthy pregnancies, healthy babies and healthy children, with the gap in health "
        "between the richest and poorest wards closing every year.",
        domain="community-health.example.org",
        director_title="Director of children's community services",
        divisions=(
            DivisionSpec(
                head_title="Head of 0-19 public health nursing",
                teams=(
                    *_locality_teams(
                        stem="Health Visiting",
                        manager_title="Health visiting team leader",
                        practitioner_titles=(
                            "Health visitor",
                            "Community staff nurse",
                            "Community nursery nurse",
                        ),
                        size=8,
                    ),
                    TeamSpec(
                        name="School Nursing",
                        manager_title="School nursing team leader",
                        practitioner_titles=("School nurse", "Community staff nurse"),
                        size=9,
                    ),
                ),
            ),
            DivisionSpec(
                head_title="Head of children's therapies and specialist nursing",
                teams=(
                    TeamSpec(
                        name="Children's Community Nursing",
                        manager_title="Children's community nursing team leader",
                        practitioner_titles=("Children's community nurse",),
                        size=5,
                    ),
                    TeamSpec(
                        name="Speech and Language Therapy",
                        manager_title="Speech and language therapy team lead",
                        practitioner_titles=("Speech and language therapist", "Therapy assistant"),
                        size=6,
                    ),
                    TeamSpec(
                        name="Safeguarding Children Nursing",
                        manager_title="Named nurse for safeguarding children",
                        practitioner_titles=("Specialist safeguarding nurse",),
                        size=3,
                    ),
                ),
            ),
        ),
    ),
    AgencySpec(
        slug="camhs",
        name="Southampton Child and Adolescent Mental Health Service",
        short_name="CAMHS",
        kind=AgencyKind.MENTAL_HEALTH,
        statutory_partner=True,
        mission="To assess and treat children and young people with moderate to severe mental "
        "health difficulties, using therapies that the evidence shows work.",
        vision="Specialist mental health care within four weeks of referral for every young "
        "person who needs it.",
        domain="camhs.example.org",
        director_title="Clinical director, CAMHS",
        divisions=(
            DivisionSpec(
                head_title="Head of getting help",
                teams=(
                    TeamSpec(
                        name="CAMHS Single Point of Access",
                        manager_title="Single point of access team manager",
                        practitioner_titles=(
                            "Mental health practitioner",
                            "Assistant psychologist",
                        ),
                        size=5,
                    ),
                    TeamSpec(
                        name="Mental Health Support Teams in Schools",
                        manager_title="MHST team manager",
                        practitioner_titles=(
                            "Education mental health practitioner",
                            "Senior mental health practitioner",
                        ),
                        size=6,
                    ),
                ),
            ),
            DivisionSpec(
                head_title="Head of getting more help",
                teams=(
                    TeamSpec(
                        name="Community CAMHS",
                        manager_title="Community CAMHS team manager",
                        practitioner_titles=(
                            "Mental health nurse",
                            "Clinical psychologist",
                            "Family therapist",
                            "Consultant child and adolescent psychiatrist",
                        ),
                        size=10,
                    ),
                    TeamSpec(
                        name="Eating Disorders",
                        manager_title="Eating disorders team lead",
                        practitioner_titles=(
                            "Mental health nurse",
                            "Dietitian",
                            "Clinical psychologist",
                        ),
                        size=4,
                    ),
                    TeamSpec(
                        name="Crisis and Home Treatment",
                        manager_title="Crisis team manager",
                        practitioner_titles=("Crisis practitioner", "Mental health nurse"),
                        size=5,
                    ),
                ),
            ),
        ),
    ),
    AgencySpec(
        slug="police-ppu",
        name="Southampton Police \N{EN DASH} Public Protection Unit",
        short_name="Public Protection Unit",
        kind=AgencyKind.POLICE,
        statutory_partner=True,
        mission="To protect vulnerable people, investigate offences against children and bring "
        "offenders to justice.",
        vision="Fewer victims, more offenders brought to justice, and a safer city.",
        domain="police-ppu.example.org",
        director_title="Detective superintendent, public protection",
        divisions=(
            DivisionSpec(
                head_title="Detective chief inspector, child protection",
                teams=(
                    TeamSpec(
                        name="Child Abuse Investigation",
                        manager_title="Detective sergeant",
                        practitioner_titles=("Detective constable", "Investigating officer"),
                        size=8,
                    ),
                    TeamSpec(
                        name="MASH Police Team",
                        manager_title="Police sergeant, MASH",
                        practitioner_titles=("Police constable", "Police researcher"),
                        size=4,
                        joins="Multi-Agency Safeguarding Hub",
                    ),
                ),
            ),
            DivisionSpec(
                head_title="Detective chief inspector, exploitation and domestic abuse",
                teams=(
                    TeamSpec(
                        name="Missing and Exploited Children",
                        manager_title="Detective sergeant",
                        practitioner_titles=("Detective constable", "Missing persons coordinator"),
                        size=5,
                    ),
                    TeamSpec(
                        name="Domestic Abuse Investigation",
                        manager_title="Detective sergeant",
                        practitioner_titles=("Detective constable", "Domestic abuse officer"),
                        size=5,
                    ),
                ),
            ),
        ),
    ),
    AgencySpec(
        slug="youth-trust",
        name="Southampton Youth Trust",
        short_name="Youth Trust",
        kind=AgencyKind.YOUTH,
        statutory_partner=False,
        mission="To give young people aged 11 to 19 places to go, things to do and trusted "
        "adults to talk to, on their own terms.",
        vision="Young people who are confident, connected and heard in the decisions that shape "
        "their city.",
        domain="youth-trust.example.org",
        director_title="Chief executive",
        divisions=(
            DivisionSpec(
                head_title="Head of youth work",
                teams=_locality_teams(
                    stem="Youth Work",
                    manager_title="Youth work team leader",
                    practitioner_titles=(
                        "Youth worker",
                        "Senior youth worker",
                        "Sessional youth worker",
                    ),
                    size=6,
                ),
            ),
            DivisionSpec(
                head_title="Head of targeted youth support",
                teams=(
                    TeamSpec(
                        name="Targeted Youth Support",
                        manager_title="Targeted youth support manager",
                        practitioner_titles=("Targeted youth support worker", "Careers adviser"),
                        size=6,
                    ),
                    TeamSpec(
                        name="Youth Voice",
                        manager_title="Participation manager",
                        practitioner_titles=("Participation worker",),
                        size=2,
                        purpose="The youth council and young people's part in reviewing services.",
                    ),
                ),
            ),
        ),
    ),
    AgencySpec(
        slug="itchen-families",
        name="Itchen Families",
        short_name="Itchen Families",
        kind=AgencyKind.VOLUNTARY,
        statutory_partner=False,
        mission="To walk alongside families through hard times, building on their strengths "
        "rather than their problems.",
        vision="Families who can solve their own problems with the support of their community, "
        "not of services.",
        domain="itchen-families.example.org",
        director_title="Chief executive",
        divisions=(
            DivisionSpec(
                head_title="Head of family services",
                teams=(
                    TeamSpec(
                        name="Family Key Work East",
                        manager_title="Family services manager",
                        practitioner_titles=("Family key worker", "Volunteer coordinator"),
                        size=4,
                        joins="East Locality Team",
                    ),
                    TeamSpec(
                        name="Young Carers",
                        manager_title="Young carers project manager",
                        practitioner_titles=("Young carers worker",),
                        size=4,
                    ),
                    TeamSpec(
                        name="Family Learning",
                        manager_title="Family learning manager",
                        practitioner_titles=("Parenting facilitator",),
                        size=3,
                    ),
                ),
            ),
        ),
    ),
    AgencySpec(
        slug="harbour-counselling",
        name="Harbour Counselling for Young People",
        short_name="Harbour Counselling",
        kind=AgencyKind.VOLUNTARY,
        statutory_partner=False,
        mission="To offer free, confidential counselling to young people aged 11 to 25, without "
        "a referral and without a waiting list.",
        vision="Every young person able to talk to someone about how they feel, whenever they "
        "need to.",
        domain="harbour-counselling.example.org",
        director_title="Chief executive",
        divisions=(
            DivisionSpec(
                head_title="Head of clinical services",
                teams=(
                    TeamSpec(
                        name="School-based Counselling",
                        manager_title="Counselling service manager",
                        practitioner_titles=("Counsellor", "Trainee counsellor"),
                        size=6,
                    ),
                    TeamSpec(
                        name="Drop-in and Online Counselling",
                        manager_title="Drop-in service manager",
                        practitioner_titles=("Counsellor", "Wellbeing practitioner"),
                        size=4,
                    ),
                ),
            ),
        ),
    ),
)


# --- The services directory -----------------------------------------------------------------

SERVICES: tuple[ServiceSpec, ...] = (
    # Children's Services
    ServiceSpec(
        agency="childrens-services",
        name="Early Help Family Support",
        description="A family support worker works with the whole family for up to six months on "
        "what they say matters most: routines, school attendance, money, relationships.",
        audience="Families with children aged 0 to 18 who need more help than universal services "
        "give",
        eligibility="Families living in the city, with their consent. No threshold of need.",
        ages=(0, 18),
        how_to_access="Through the Multi-Agency Safeguarding Hub or any professional.",
    ),
    ServiceSpec(
        agency="childrens-services",
        name="Positive Parenting Groups",
        description="Ten-week group courses for parents on play, praise, boundaries and calm "
        "routines.",
        audience="Parents and carers of children aged 2 to 12",
        eligibility="Open to any parent or carer in the city.",
        ages=(2, 12),
        how_to_access="Ask your health visitor, school or family hub, or refer yourself.",
    ),
    ServiceSpec(
        agency="childrens-services",
        name="Family Hubs",
        description="Drop-in sessions, stay and play, baby clinics, infant feeding support and "
        "advice for families with young children, in each part of the city.",
        audience="Expectant parents and families with children under 5",
        eligibility="Open to all.",
        ages=(0, 5),
        how_to_access="Drop in, or find your nearest hub on the council's website.",
    ),
    ServiceSpec(
        agency="childrens-services",
        name="Multi-Agency Safeguarding Hub",
        description="The single front door for worries about a child's safety or welfare. Social "
        "workers and police screen every contact together and decide on the right response within "
        "one working day.",
        audience="Anyone worried about a child",
        eligibility="Any child living in the city.",
        ages=(0, 17),
        how_to_access="Phone or use the online referral form. In an emergency call 999.",
    ),
    ServiceSpec(
        agency="childrens-services",
        name="Child in Need and Child Protection Social Work",
        description="Assessments under sections 17 and 47 of the Children Act 1989, child in need "
        "plans and child protection plans.",
        audience="Children in need and children at risk of significant harm",
        eligibility="Following a referral accepted by the Multi-Agency Safeguarding Hub.",
        ages=(0, 17),
        how_to_access="Through the Multi-Agency Safeguarding Hub only.",
    ),
    ServiceSpec(
        agency="childrens-services",
        name="Children in Care and Care Leavers",
        description="Social work for children in the council's care, and personal advisers for "
        "care leavers up to the age of 25.",
        audience="Children looked after and care leavers",
        eligibility="Children in the care of the council and young people who have left it.",
        ages=(0, 25),
        how_to_access="Allocated by the service; care leavers can contact their adviser.",
    ),
    ServiceSpec(
        agency="childrens-services",
        name="Fostering and Adoption",
        description="Finding, assessing and supporting foster carers and adoptive families.",
        audience="Children who cannot live with their birth families",
        eligibility="Children in the council's care.",
        ages=(0, 18),
        how_to_access="Allocated by the child's social worker.",
    ),
    ServiceSpec(
        agency="childrens-services",
        name="Short Breaks for Disabled Children",
        description="Day, evening and overnight breaks that give disabled children new "
        "experiences and their families a rest.",
        audience="Disabled children and their families",
        eligibility="Children with a disability that has a substantial effect on daily life.",
        ages=(0, 18),
        how_to_access="Ask for an assessment through the council's disabled children's team.",
    ),
    ServiceSpec(
        agency="childrens-services",
        name="Edge of Care Intensive Support",
        description="Intensive work at home, at any hour, with teenagers at risk of coming into "
        "care.",
        audience="Young people aged 11 to 17 at risk of family breakdown",
        eligibility="Referral by the young person's social worker.",
        ages=(11, 17),
        how_to_access="Through the young person's social worker.",
        status=ServiceStatus.INACTIVE,
    ),
    # Education Partnership
    ServiceSpec(
        agency="education-partnership",
        name="Education Welfare Service",
        description="Support for pupils whose attendance is falling, and for their families and "
        "schools.",
        audience="Pupils of compulsory school age with poor attendance",
        eligibility="Referral by the pupil's school when attendance falls below 90%.",
        ages=(5, 16),
        how_to_access="Schools refer through the attendance portal.",
    ),
    ServiceSpec(
        agency="education-partnership",
        name="Educational Psychology Service",
        description="Assessment and advice for children with learning, social or emotional needs, "
        "and training for school staff.",
        audience="Children and young people with special educational needs",
        eligibility="Through the child's school or an education, health and care needs assessment.",
        ages=(0, 25),
        how_to_access="Through the school's special educational needs coordinator.",
    ),
    ServiceSpec(
        agency="education-partnership",
        name="SEND Information, Advice and Support",
        description="Impartial advice for parents and young people about special educational "
        "needs and disabilities, including education, health and care plans.",
        audience="Parents of children with special educational needs, and young people up to 25",
        eligibility="Open to all.",
        ages=(0, 25),
        how_to_access="Phone, email or drop in; no referral needed.",
    ),
    ServiceSpec(
        agency="education-partnership",
        name="Inclusion Support and Alternative Provision",
        description="Full-time education away from mainstream school for pupils who are excluded "
        "or at risk of exclusion, with a planned return where possible.",
        audience="Pupils excluded or at risk of permanent exclusion",
        eligibility="Placement agreed by the Fair Access Panel.",
        ages=(5, 16),
        how_to_access="Schools apply to the Fair Access Panel.",
    ),
    ServiceSpec(
        agency="education-partnership",
        name="Designated Safeguarding Lead Network",
        description="Termly briefings, supervision and training for schools' designated "
        "safeguarding leads.",
        audience="Designated safeguarding leads in the city's schools and colleges",
        eligibility="Staff of schools and colleges in the city.",
        ages=None,
        how_to_access="Book through the partnership's training calendar.",
    ),
    ServiceSpec(
        agency="education-partnership",
        name="School Breakfast Clubs",
        description="A free, healthy breakfast before school in primary schools in the most "
        "deprived wards.",
        audience="Primary school pupils",
        eligibility="Pupils at participating schools.",
        ages=(4, 11),
        how_to_access="Ask your child's school.",
        localities=("Central", "East"),
    ),
    # Community Health
    ServiceSpec(
        agency="community-health",
        name="Health Visiting",
        description="Five mandated contacts from before birth to age two and a half, with extra "
        "support for families who need it.",
        audience="Expectant parents and families with children under 5",
        eligibility="Every family with a child under 5 registered with a city GP.",
        ages=(0, 5),
        how_to_access="Every family is contacted; you can also call your local team.",
    ),
    ServiceSpec(
        agency="community-health",
        name="School Nursing",
        description="Health checks, drop-ins, immunisations and health advice in schools, and "
        "health assessments for children in care.",
        audience="Children and young people of school age",
        eligibility="Pupils at city schools and children educated at home.",
        ages=(5, 19),
        how_to_access="Drop-in sessions at school, a text messaging service, or referral.",
    ),
    ServiceSpec(
        agency="community-health",
        name="Supervised Toothbrushing in Early Years",
        description="Daily supervised toothbrushing with fluoride toothpaste in nurseries and "
        "reception classes, and free toothbrushes for families.",
        audience="Children aged 3 to 5 in nurseries and reception classes",
        eligibility="Children at participating settings.",
        ages=(3, 5),
        how_to_access="Settings sign up with the oral health team.",
        localities=("Central", "East"),
    ),
    ServiceSpec(
        agency="community-health",
        name="Children's Community Nursing",
        description="Nursing at home for children with long-term, complex or palliative care "
        "needs.",
        audience="Children with complex health needs",
        eligibility="Referral by a hospital consultant or GP.",
        ages=(0, 18),
        how_to_access="Referral by a doctor.",
    ),
    ServiceSpec(
        agency="community-health",
        name="Speech and Language Therapy",
        description="Assessment and therapy for children with speech, language, communication or "
        "swallowing difficulties.",
        audience="Children with speech, language or communication needs",
        eligibility="Referral by a parent, health visitor, school or GP.",
        ages=(0, 18),
        how_to_access="Parents can refer children under 5; schools refer older children.",
    ),
    ServiceSpec(
        agency="community-health",
        name="Family Nurse Partnership",
        description="A specially trained nurse visits young first-time parents from early "
        "pregnancy until the child is two.",
        audience="First-time parents aged 19 and under, and their babies",
        eligibility="First pregnancy, mother aged 19 or under at conception.",
        ages=(0, 2),
        how_to_access="Referral by the midwife.",
    ),
    ServiceSpec(
        agency="community-health",
        name="Healthy Weight Service for Children",
        description="Twelve weeks of family sessions on food, activity and sleep for children "
        "above a healthy weight.",
        audience="Children aged 4 to 16 above a healthy weight, and their families",
        eligibility="Children measured above the 91st centile.",
        ages=(4, 16),
        how_to_access="Referral by a school nurse or GP, or self-referral.",
    ),
    # CAMHS
    ServiceSpec(
        agency="camhs",
        name="CAMHS Single Point of Access",
        description="One number for every referral to mental health services for children: each "
        "is screened within five working days and sent to the right help.",
        audience="Children and young people with mental health difficulties",
        eligibility="Any child registered with a city GP.",
        ages=(0, 18),
        how_to_access="Referral by a GP, school, social worker or parent.",
    ),
    ServiceSpec(
        agency="camhs",
        name="Mental Health Support Teams in Schools",
        description="Early help in school for anxiety, low mood and worries, and support for "
        "schools to build a whole-school approach to wellbeing.",
        audience="Pupils with mild to moderate mental health difficulties",
        eligibility="Pupils at participating schools.",
        ages=(5, 18),
        how_to_access="Through the school's mental health lead.",
    ),
    ServiceSpec(
        agency="camhs",
        name="Community CAMHS",
        description="Assessment and treatment for moderate to severe mental health difficulties: "
        "therapy, family work and medication.",
        audience="Children and young people with moderate to severe mental health difficulties",
        eligibility="Referral accepted by the single point of access.",
        ages=(0, 18),
        how_to_access="Through the CAMHS single point of access.",
    ),
    ServiceSpec(
        agency="camhs",
        name="Eating Disorders Service",
        description="Specialist assessment and family-based treatment for eating disorders.",
        audience="Young people with an eating disorder",
        eligibility="Referral by a GP; urgent cases seen within a week.",
        ages=(8, 18),
        how_to_access="Referral by a GP.",
    ),
    ServiceSpec(
        agency="camhs",
        name="Crisis and Home Treatment",
        description="Same-day assessment and intensive support at home for young people in a "
        "mental health crisis, to avoid admission to hospital.",
        audience="Young people in a mental health crisis",
        eligibility="Referral by the emergency department, a GP or CAMHS.",
        ages=(11, 18),
        how_to_access="Professionals call the crisis line.",
    ),
    ServiceSpec(
        agency="camhs",
        name="Neurodevelopmental Assessment",
        description="Assessment for autism and ADHD.",
        audience="Children and young people who may be autistic or have ADHD",
        eligibility="Referral with evidence from home and school.",
        ages=(5, 18),
        how_to_access="Closed to new referrals while the waiting list is reduced.",
        status=ServiceStatus.TEMPORARILY_CLOSED,
    ),
    # Police
    ServiceSpec(
        agency="police-ppu",
        name="Child Abuse Investigation",
        description="Specialist detectives investigate physical and sexual abuse and neglect of "
        "children.",
        audience="Children who may be victims of abuse",
        eligibility="Any child in the city.",
        ages=(0, 17),
        how_to_access="Through the Multi-Agency Safeguarding Hub, or call 999 in an emergency.",
    ),
    ServiceSpec(
        agency="police-ppu",
        name="Missing and Exploited Children",
        description="Return home interviews with partners, disruption of those who exploit "
        "children, and safety planning for children who go missing.",
        audience="Children who go missing or are at risk of exploitation",
        eligibility="Children reported missing or identified as at risk of exploitation.",
        ages=(10, 17),
        how_to_access="Through the Multi-Agency Safeguarding Hub.",
    ),
    ServiceSpec(
        agency="police-ppu",
        name="Domestic Abuse Notifications to Schools",
        description="When police attend a domestic abuse incident, the child's school is told "
        "before the next school day so that staff can support the child.",
        audience="Children living in homes where domestic abuse happens",
        eligibility="Any child present at an incident police attend.",
        ages=(0, 17),
        how_to_access="Automatic: schools receive notifications through a secure email.",
    ),
    ServiceSpec(
        agency="police-ppu",
        name="Youth Diversion Scheme",
        description="Young people who admit a low-level first offence work with a youth worker "
        "instead of entering the youth justice system.",
        audience="Young people aged 10 to 17 who have committed a low-level first offence",
        eligibility="Decided by the police with the youth justice team.",
        ages=(10, 17),
        how_to_access="Decided by the investigating officer.",
    ),
    # Youth Trust
    ServiceSpec(
        agency="youth-trust",
        name="Youth Clubs and Detached Youth Work",
        description="Evening youth clubs in every locality, and youth workers on the streets and "
        "in parks where young people meet.",
        audience="Young people aged 11 to 19, and up to 25 with special educational needs",
        eligibility="Open to all.",
        ages=(11, 19),
        how_to_access="Drop in: sessions are listed on the Youth Trust's website.",
    ),
    ServiceSpec(
        agency="youth-trust",
        name="Targeted Youth Support",
        description="One-to-one support from a youth worker for young people at risk of exclusion, "
        "exploitation or offending.",
        audience="Young people aged 11 to 19 at risk of poor outcomes",
        eligibility="Referral by a school, social worker, police or parent.",
        ages=(11, 19),
        how_to_access="Referral form on the Youth Trust's website.",
    ),
    ServiceSpec(
        agency="youth-trust",
        name="Careers Information, Advice and Guidance",
        description="Careers advisers help young people not in education, employment or training "
        "back into learning or work.",
        audience="Young people aged 16 to 19 not in education, employment or training",
        eligibility="Young people aged 16 to 19, and up to 25 with an education, health and care "
        "plan.",
        ages=(16, 19),
        how_to_access="Drop in or be referred by a school or college.",
    ),
    ServiceSpec(
        agency="youth-trust",
        name="Youth Council and Participation",
        description="The city's youth council, and young inspectors who review services for "
        "children.",
        audience="Young people aged 11 to 19",
        eligibility="Open to all young people who live or study in the city.",
        ages=(11, 19),
        how_to_access="Apply on the Youth Trust's website.",
    ),
    # Itchen Families
    ServiceSpec(
        agency="itchen-families",
        name="Family Learning Parenting Courses",
        description="Friendly parenting courses in community centres, with a crèche.",
        audience="Parents and carers of children aged 0 to 12",
        eligibility="Open to all; priority for families in the east of the city.",
        ages=(0, 12),
        how_to_access="Refer yourself by phone or online.",
    ),
    ServiceSpec(
        agency="itchen-families",
        name="Young Carers Support",
        description="Assessments, breaks, groups and support at school for children who care for "
        "a family member.",
        audience="Young carers aged 8 to 18",
        eligibility="Children who look after someone in their family who is ill, disabled or "
        "misuses drugs or alcohol.",
        ages=(8, 18),
        how_to_access="Refer yourself, or be referred by a school or professional.",
    ),
    ServiceSpec(
        agency="itchen-families",
        name="Family Key Work",
        description="A key worker who stays with the family, in their home, for as long as it "
        "takes.",
        audience="Families with several needs who find services hard to use",
        eligibility="Families living in the east of the city.",
        ages=(0, 18),
        how_to_access="Referral by the East Locality Team.",
        localities=("East",),
    ),
    ServiceSpec(
        agency="itchen-families",
        name="Holiday Activities and Food",
        description="Free holiday clubs with a hot meal for children who receive free school "
        "meals.",
        audience="Children aged 5 to 16 who receive free school meals",
        eligibility="Children eligible for benefits-related free school meals.",
        ages=(5, 16),
        how_to_access="Book with the code your school sends you.",
        localities=("Central", "East"),
    ),
    # Harbour Counselling
    ServiceSpec(
        agency="harbour-counselling",
        name="School-based Counselling",
        description="Six to twelve sessions of counselling in school time, in a private room at "
        "school.",
        audience="Secondary school pupils",
        eligibility="Pupils at participating secondary schools.",
        ages=(11, 18),
        how_to_access="Ask the school's pastoral team, or refer yourself.",
    ),
    ServiceSpec(
        agency="harbour-counselling",
        name="Drop-in and Online Counselling",
        description="Drop-in counselling at the city centre base and by secure online chat, "
        "evenings and weekends.",
        audience="Young people aged 11 to 25",
        eligibility="Open to all young people in the city.",
        ages=(11, 25),
        how_to_access="Drop in or start a chat on the website: no referral needed.",
        localities=("Central",),
    ),
)


# --- The shared vision and the outcomes framework -------------------------------------------

VISION_TEXT = (
    "Every child and young person in Southampton grows up safe, healthy and happy, and leaves "
    "childhood ready for adult life. The partners will work as one around each child and "
    "family: sharing what we know, helping early, and judging ourselves by whether children "
    "are better off."
)
VISION_ADOPTED_ON = date(2026, 3, 19)
VISION_ADOPTED_BY = "Children's Trust Board"

OUTCOMES: tuple[OutcomeSpec, ...] = (
    OutcomeSpec(
        name="Be healthy",
        description="Physically, mentally and emotionally healthy, with healthy lifestyles.",
        priorities=(
            PrioritySpec(
                title="Improve children's oral health",
                description="Fewer young children with tooth decay, and fewer tooth extractions "
                "under general anaesthetic.",
                indicators=(
                    (
                        "Hospital admissions for dental caries (0 to 5 years)",
                        "Rate per 100,000: tooth extractions under general anaesthetic.",
                    ),
                    (
                        "5 year olds with experience of visibly obvious dental decay",
                        "Percentage, from the national dental epidemiology survey.",
                    ),
                ),
                commitments=(
                    (
                        "community-health",
                        "Supervised toothbrushing in nurseries and reception "
                        "classes; oral health advice at every health visiting contact.",
                    ),
                    (
                        "childrens-services",
                        "Oral health sessions and free toothbrushes in every family hub.",
                    ),
                ),
            ),
            PrioritySpec(
                title="Improve children and young people's mental health",
                description="Help early for anxiety and low mood, and quicker specialist help "
                "when needed.",
                indicators=(
                    (
                        "Hospital admissions as a result of self-harm (10 to 24 years)",
                        "Directly standardised rate per 100,000.",
                    ),
                    (
                        "Young people waiting more than 4 weeks for CAMHS treatment",
                        "Percentage of accepted referrals; local data.",
                    ),
                ),
                commitments=(
                    ("camhs", "Mental health support teams in every secondary school by 2028."),
                    (
                        "education-partnership",
                        "A trained senior mental health lead in every school.",
                    ),
                    ("community-health", "School nurse drop-ins with a wellbeing check."),
                    ("harbour-counselling", "Counselling without a referral or a waiting list."),
                    ("youth-trust", "Youth workers trained in mental health first aid."),
                ),
            ),
            PrioritySpec(
                title="Reduce childhood obesity",
                description="More children at a healthy weight when they start and when they "
                "leave primary school.",
                indicators=(
                    (
                        "Reception: prevalence of obesity (including severe obesity)",
                        "Percentage, from the National Child Measurement Programme.",
                    ),
                    (
                        "Year 6: prevalence of obesity (including severe obesity)",
                        "Percentage, from the National Child Measurement Programme.",
                    ),
                ),
                commitments=(
                    ("community-health", "A healthy weight service for families."),
                    ("education-partnership", "Daily physical activity in every primary school."),
                ),
            ),
        ),
    ),
    OutcomeSpec(
        name="Stay safe",
        description="Safe from maltreatment, neglect, violence, exploitation, bullying and crime.",
        priorities=(
            PrioritySpec(
                title="Protect children from abuse and neglect",
                description="Recognise harm early, act together, and stop it happening again.",
                indicators=(
                    ("Child protection plans: rate per 10,000 children", "Local data."),
                    (
                        "Re-referrals to children's social care within 12 months",
                        "Percentage of referrals.",
                    ),
                ),
                commitments=(
                    ("childrens-services", "Every contact screened within one working day."),
                    ("police-ppu", "Officers in the safeguarding hub every day of the year."),
                    (
                        "community-health",
                        "Named nurses and safeguarding supervision for every "
                        "health visitor and school nurse.",
                    ),
                    (
                        "education-partnership",
                        "A trained designated safeguarding lead in every school.",
                    ),
                ),
            ),
            PrioritySpec(
                title="Keep children safe from exploitation and going missing",
                description="Fewer children going missing, and quicker help for those at risk of "
                "criminal or sexual exploitation.",
                indicators=(
                    (
                        "Children reported missing from home or care",
                        "Episodes per year; local data.",
                    ),
                ),
                commitments=(
                    ("police-ppu", "A missing and exploited children team."),
                    ("childrens-services", "Return home interviews within three days."),
                    ("youth-trust", "Detached youth work where young people are at risk."),
                ),
            ),
            PrioritySpec(
                title="Reduce the harm to children from domestic abuse",
                description="Children who live with domestic abuse are noticed and supported.",
                indicators=(
                    (
                        "Domestic abuse-related incidents and crimes: rate per 1,000",
                        "Police recorded; population aged 16 and over.",
                    ),
                ),
                commitments=(
                    ("police-ppu", "Schools told before the next school day."),
                    ("itchen-families", "Recovery groups for children and mothers."),
                ),
            ),
        ),
    ),
    OutcomeSpec(
        name="Enjoy and achieve",
        description="Ready for school, attending and enjoying school, and achieving well.",
        priorities=(
            PrioritySpec(
                title="Improve school readiness",
                description="More children ready for school at the end of Reception, especially "
                "those from low-income families.",
                indicators=(
                    (
                        "Children achieving a good level of development at the end of Reception",
                        "Percentage.",
                    ),
                    (
                        "Children with free school meal status achieving a good level of "
                        "development at the end of Reception",
                        "Percentage.",
                    ),
                ),
                commitments=(
                    ("childrens-services", "Family hubs in every locality."),
                    ("community-health", "The two-and-a-half year review for every child."),
                    ("education-partnership", "Early years language programmes in nurseries."),
                ),
            ),
            PrioritySpec(
                title="Improve school attendance",
                description="Fewer pupils missing one day in ten or more.",
                indicators=(
                    ("Persistent absence", "Percentage of pupils missing 10% or more of sessions."),
                ),
                commitments=(
                    (
                        "education-partnership",
                        "Education welfare officers working with every school.",
                    ),
                    ("itchen-families", "Morning routines support for families."),
                ),
            ),
        ),
    ),
    OutcomeSpec(
        name="Make a positive contribution",
        description="Taking part in decisions, in the community, and staying out of trouble.",
        priorities=(
            PrioritySpec(
                title="Reduce first-time entrants to the youth justice system",
                description="Fewer young people getting a criminal record for a first, low-level "
                "offence.",
                indicators=(
                    (
                        "First time entrants to the youth justice system",
                        "Rate per 100,000 aged 10 to 17.",
                    ),
                ),
                commitments=(
                    ("police-ppu", "A youth diversion scheme for first offences."),
                    ("youth-trust", "Youth workers for every young person diverted."),
                ),
            ),
            PrioritySpec(
                title="Give children and young people a say in the services they use",
                description="Young people help design and review the services meant for them.",
                indicators=(
                    ("Services reviewed by young inspectors", "Number per year; local data."),
                ),
                commitments=(("youth-trust", "A youth council and a team of young inspectors."),),
            ),
        ),
    ),
    OutcomeSpec(
        name="Achieve economic well-being",
        description="In education, employment or training after school, and free from the effects "
        "of poverty.",
        priorities=(
            PrioritySpec(
                title="Reduce the number of young people not in education, employment or training",
                description="More 16 and 17 year olds in learning or work.",
                indicators=(
                    (
                        "16 to 17 year olds not in education, employment or training (NEET) or "
                        "whose activity is not known",
                        "Percentage.",
                    ),
                ),
                commitments=(
                    ("youth-trust", "Careers advisers for every young person who is NEET."),
                    ("education-partnership", "Tracking every pupil's destination after Year 11."),
                ),
            ),
            PrioritySpec(
                title="Reduce child poverty",
                description="Fewer children growing up in low-income families, and less harm to "
                "those who do.",
                indicators=(
                    ("Children in relative low income families (under 16s)", "Percentage."),
                ),
                commitments=(),  # a gap: no partner has committed to it yet
            ),
            PrioritySpec(
                title="Support care leavers into education, employment or training",
                description="Care leavers have the same chances as other young people.",
                indicators=(
                    (
                        "Care leavers aged 19 to 21 in education, employment or training",
                        "Percentage.",
                    ),
                ),
                commitments=(
                    ("childrens-services", "A personal adviser for every care leaver up to 25."),
                ),
            ),
        ),
    ),
)


# --- Invented people ------------------------------------------------------------------------

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


def build_demo_data(seed: int = SEED) -> DemoData:
    """The whole demo partnership as plain records: the same for the same seed, every time."""
    names = _NamePool(random.Random(seed))
    staff = tuple(person for agency in AGENCIES for person in _agency_staff(agency, names))
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
    )


# --- Loading --------------------------------------------------------------------------------


class DemoLoadRefusedError(Exception):
    """The database already holds records the demo would collide with."""


class PartnershipNotEmptyError(DemoLoadRefusedError):
    pass


def partnership_has_agencies() -> bool:
    return Agency.objects.exists()


ModelT = TypeVar("ModelT", bound=models.Model)


def _checked(objects: list[ModelT], *, relations: Iterable[str] = ()) -> list[ModelT]:
    """Field-level checks (lengths, choices, email addresses, slugs) before a bulk insert.
    Relations, uniqueness and the models' check constraints are left to the database, which
    enforces them on insert: checking them here would cost a query per row."""
    for obj in objects:
        obj.full_clean(exclude=list(relations), validate_unique=False, validate_constraints=False)
    return objects


class _Loader:
    """Writes one DemoData in bulk, remembering what it created so that later records can point
    at earlier ones, and how many of each kind it created."""

    def __init__(self, data: DemoData) -> None:
        self.data = data
        self.created: dict[type[models.Model], int] = {}
        self.localities: dict[str, Locality] = {}
        self.agencies: dict[str, Agency] = {}
        self.teams: dict[str, Team] = {}
        self.users: dict[str, User] = {}

    def _insert(
        self, model: type[ModelT], objects: list[ModelT], *, relations: Iterable[str] = ()
    ) -> list[ModelT]:
        created = model._default_manager.bulk_create(_checked(objects, relations=relations))
        self.created[model] = self.created.get(model, 0) + len(created)
        return created

    def run(self) -> dict[type[models.Model], int]:
        self.load_places()
        self.load_agencies()
        self.load_services()
        self.load_teams()
        self.load_accounts()
        self.load_staff()
        self.load_framework()
        return self.created

    def load_places(self) -> None:
        localities = self._insert(
            Locality,
            [
                Locality(name=spec.name, slug=slugify(spec.name), description=spec.description)
                for spec in self.data.localities
            ],
        )
        self.localities = {locality.name: locality for locality in localities}
        self._insert(
            Ward,
            [
                Ward(name=ward, locality=self.localities[spec.name])
                for spec in self.data.localities
                for ward in spec.wards
            ],
            relations=["locality"],
        )

    def load_agencies(self) -> None:
        directors = {person.agency: person for person in self.data.staff if person.level == 1}
        agencies = self._insert(
            Agency,
            [
                Agency(
                    name=spec.name,
                    short_name=spec.short_name,
                    slug=spec.slug,
                    kind=spec.kind,
                    statutory_partner=spec.statutory_partner,
                    mission=spec.mission,
                    vision=spec.vision,
                    website=f"https://{spec.domain}/",
                    contact_name=f"{directors[spec.slug].given_name} "
                    f"{directors[spec.slug].family_name}, {directors[spec.slug].job_title}",
                    contact_email=f"enquiries@{spec.domain}",
                )
                for spec in self.data.agencies
            ],
        )
        self.agencies = {agency.slug: agency for agency in agencies}

    def load_services(self) -> None:
        domains = {spec.slug: spec.domain for spec in self.data.agencies}
        services = self._insert(
            Service,
            [
                Service(
                    agency=self.agencies[spec.agency],
                    name=spec.name,
                    slug=slugify(spec.name),
                    description=spec.description,
                    audience=spec.audience,
                    eligibility=spec.eligibility,
                    min_age=spec.ages[0] if spec.ages else None,
                    max_age=spec.ages[1] if spec.ages else None,
                    status=spec.status,
                    how_to_access=spec.how_to_access,
                    email=f"{slugify(spec.name)}@{domains[spec.agency]}",
                )
                for spec in self.data.services
            ],
            relations=["agency"],
        )
        every_locality = tuple(self.localities)
        link = Service.localities.through
        link.objects.bulk_create(
            [
                link(service=service, locality=self.localities[name])
                for service, spec in zip(services, self.data.services, strict=True)
                for name in spec.localities or every_locality
            ]
        )

    def load_teams(self) -> None:
        teams = self._insert(
            Team,
            [
                Team(
                    name=record.name,
                    slug=slugify(record.name),
                    kind=record.kind,
                    agency=self.agencies[record.agency] if record.agency else None,
                    locality=self.localities[record.locality] if record.locality else None,
                    purpose=record.purpose,
                )
                for record in self.data.teams
            ],
            relations=["agency", "locality"],
        )
        self.teams = {team.name: team for team in teams}

    def load_accounts(self) -> None:
        people = {person.account: person for person in self.data.staff if person.account}
        # One hash for all the accounts: the demo password is public (demo_accounts prints it), so
        # separate salts would protect nothing, and each Argon2 hash takes a quarter-second.
        password = make_password(settings.DEMO_PASSWORD)
        users = [
            User(
                username=username,
                role=role,
                email=people[username].email,
                first_name=people[username].given_name,
                last_name=people[username].family_name,
                password=password,
            )
            for username, role in DEMO_ACCOUNTS
        ]
        self.users = {user.username: user for user in self._insert(User, users)}

    def load_staff(self) -> None:
        """Level by level, so that every manager exists before the people who report to them."""
        by_email: dict[str, StaffMember] = {}
        for level in sorted({person.level for person in self.data.staff}):
            members = self._insert(
                StaffMember,
                [
                    StaffMember(
                        given_name=person.given_name,
                        family_name=person.family_name,
                        email=person.email,
                        job_title=person.job_title,
                        agency=self.agencies[person.agency],
                        team=self.teams[person.team] if person.team else None,
                        manager=by_email.get(person.manager_email),
                        user=self.users.get(person.account),
                    )
                    for person in self.data.staff
                    if person.level == level
                ],
                relations=["agency", "team", "manager", "user"],
            )
            by_email.update((member.email, member) for member in members)

    def load_framework(self) -> None:
        self._insert(
            VisionStatement,
            [
                VisionStatement(
                    version=1,
                    text=self.data.vision_text,
                    adopted_on=self.data.vision_adopted_on,
                    adopted_by=self.data.vision_adopted_by,
                )
            ],
            relations=["recorded_by"],
        )
        outcomes = self._insert(
            Outcome,
            [
                Outcome(
                    name=spec.name,
                    slug=slugify(spec.name),
                    description=spec.description,
                    position=position,
                )
                for position, spec in enumerate(self.data.outcomes, start=1)
            ],
        )
        pairs = [
            (
                Priority(
                    outcome=outcome,
                    title=priority.title,
                    description=priority.description,
                    position=position,
                ),
                priority,
            )
            for outcome, spec in zip(outcomes, self.data.outcomes, strict=True)
            for position, priority in enumerate(spec.priorities, start=1)
        ]
        priorities = self._insert(
            Priority, [priority for priority, _ in pairs], relations=["outcome"]
        )
        self._insert(
            FrameworkIndicator,
            [
                FrameworkIndicator(priority=priority, name=name, description=description)
                for priority, (_, spec) in zip(priorities, pairs, strict=True)
                for name, description in spec.indicators
            ],
            relations=["priority"],
        )
        self._insert(
            Commitment,
            [
                Commitment(priority=priority, agency=self.agencies[slug], contribution=contribution)
                for priority, (_, spec) in zip(priorities, pairs, strict=True)
                for slug, contribution in spec.commitments
            ],
            relations=["priority", "agency"],
        )


@transaction.atomic
def demo_load() -> dict[type[models.Model], int]:
    """Loads the demo partnership into an empty database, in one transaction, and records one
    audit event per kind of record created. Returns how many of each kind it created.

    Raises PartnershipNotEmptyError when the partnership already has agencies, and
    DemoLoadRefusedError when a demo account's username is taken: the demo data never mixes
    with real records."""
    if partnership_has_agencies():
        raise PartnershipNotEmptyError("The partnership already has agencies.")
    taken = sorted(
        User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True)
    )
    if taken:
        raise DemoLoadRefusedError(
            f"Sign-in accounts with the demo usernames already exist: {', '.join(taken)}."
        )
    created = _Loader(build_demo_data()).run()
    for model, count in created.items():
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type=model._meta.label_lower,
            object_repr=f"{count} {model._meta.verbose_name_plural}",
            details={"count": count, "source": SOURCE},
        )
    return created
