"""The search benchmark's partnership: 20 agencies, 12 localities, 400 teams, 20,000 services
and 20,000 staff, named and described in the field's words (so that acronyms, word forms and
typos have something to find), written in bulk and then indexed whole. Seeded, so every run
builds the same rows."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, cast

from django.utils.text import slugify

if TYPE_CHECKING:  # the models are imported once Django is set up, in build()
    from childtrust.partnership.models import Agency, Service, StaffMember, Team

AGENCIES = 20
LOCALITIES = 12
TEAMS = 400
SERVICES = 20_000
STAFF = 20_000
BATCH = 2_000

AGENCY_KINDS = ("local_authority", "education", "health", "mental_health", "police", "youth")
PLACES = (
    "North", "South", "East", "West", "Central", "Harbour", "Riverside", "Hillside", "Old Town",
    "Docklands", "Parkway", "Westfield",
)  # fmt: skip
TOPICS = (
    "Health Visiting", "School Nursing", "Family Support", "Early Help", "Parenting",
    "Youth Offending", "Children in Care", "Care Leavers", "Safeguarding", "Speech and Language",
    "Child and Adolescent Mental Health", "Special Educational Needs", "Domestic Abuse",
    "Young Carers", "Substance Misuse", "Breastfeeding", "Portage", "Fostering", "Adoption",
    "Short Breaks", "Educational Psychology", "Attendance", "Youth Work", "Sexual Health",
    "Housing", "Debt Advice", "Bereavement", "Counselling", "Homework", "Play",
)  # fmt: skip
FORMS = (
    "Service", "Team", "Clinic", "Drop-in", "Group", "Hub", "Outreach", "Helpline", "Project",
    "Programme", "Network", "Partnership", "Assessment", "Support", "Club",
)  # fmt: skip
AUDIENCES = (
    "Families with children under five", "Young people aged 11 to 18", "Parents and carers",
    "Children looked after and care leavers", "Children with special educational needs",
    "Pupils at risk of exclusion", "Young people in contact with the police", "Expectant parents",
)  # fmt: skip
SENTENCES = (
    "Referrals come through the multi-agency safeguarding hub or directly from professionals.",
    "Practitioners visit families at home and in community venues.",
    "The team works with health visitors, school nurses and social workers.",
    "Support is offered as early help, before needs become statutory.",
    "Sessions run in term time, with a holiday programme in the summer.",
    "Young people can refer themselves by phone, text or email.",
    "Interpreters are available for families who need them.",
    "The service takes part in team around the family meetings.",
    "Waiting times are published each month on the partnership's website.",
    "Eligibility is assessed at the first appointment.",
)  # fmt: skip
GIVEN = (
    "Priya", "Tom", "Amelia", "Oliver", "Grace", "Jack", "Isla", "Harry", "Mia", "Noah", "Aisha",
    "Mohammed", "Sofia", "Leo", "Chloe", "Daniel", "Emily", "Arjun", "Hannah", "Piotr", "Zara",
    "Kwame", "Siobhan", "Rhys", "Niamh", "Ewan", "Fatima", "Yusuf", "Lily", "Connor",
)  # fmt: skip
FAMILY = (
    "Shah", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
    "Hall", "Wood", "Jackson", "Clarke", "Okafor", "Nowak", "Kaur", "Mensah", "Rees", "Hughes",
    "Edwards", "Bennett", "Murphy", "Khan", "Ali", "Lewis", "Harris", "Martin", "Cooper", "Ward",
)  # fmt: skip
JOBS = (
    "Health visitor", "School nurse", "Social worker", "Senior social worker", "Team manager",
    "Family support worker", "Youth worker", "SENCO", "Designated safeguarding lead",
    "CAMHS clinician", "Educational psychologist", "Independent reviewing officer",
    "Police constable", "Early help practitioner", "Speech and language therapist",
    "Administrator", "Business support officer", "Head of service", "Youth offending officer",
)  # fmt: skip


def build() -> dict[str, int]:
    """Writes the partnership with bulk inserts, then builds the search index; returns how many
    of each record it made."""
    from django.db import transaction

    from childtrust.partnership.models import Agency, Locality, Service, StaffMember, Team

    rng = random.Random(20260930)
    with transaction.atomic():
        agencies = Agency.objects.bulk_create(
            Agency(
                name=f"{place} {kind.replace('_', ' ').title()} Partner {number}",
                slug=f"agency-{number}",
                kind=AGENCY_KINDS[number % len(AGENCY_KINDS)],
                mission="Children safe, healthy and learning.",
            )
            for number, (place, kind) in enumerate(
                zip(PLACES * 2, AGENCY_KINDS * 4, strict=False), start=1
            )
            if number <= AGENCIES
        )
        localities = Locality.objects.bulk_create(
            Locality(name=place, slug=slugify(place)) for place in PLACES[:LOCALITIES]
        )
        teams = Team.objects.bulk_create(
            Team(
                name=f"{rng.choice(PLACES)} {rng.choice(TOPICS)} Team {number}",
                slug=f"team-{number}",
                kind="single_agency",
                agency=agencies[number % len(agencies)],
                locality=localities[number % len(localities)],
                purpose=rng.choice(SENTENCES),
            )
            for number in range(TEAMS)
        )
        for start in range(0, SERVICES, BATCH):
            Service.objects.bulk_create(
                _service(rng, number, agencies) for number in range(start, start + BATCH)
            )
        links = [
            Service.localities.through(service_id=service_id, locality_id=rng.choice(localities).pk)
            for service_id in Service.objects.values_list("pk", flat=True)
        ]
        Service.localities.through.objects.bulk_create(links, batch_size=BATCH)
        for start in range(0, STAFF, BATCH):
            StaffMember.objects.bulk_create(
                _person(rng, number, teams) for number in range(start, start + BATCH)
            )
    return {
        "agencies": len(agencies),
        "localities": len(localities),
        "teams": len(teams),
        "services": SERVICES,
        "staff": STAFF,
    }


def _service(rng: random.Random, number: int, agencies: list[Agency]) -> Service:
    from childtrust.partnership.models import Service

    name = f"{rng.choice(PLACES)} {rng.choice(TOPICS)} {rng.choice(FORMS)} {number}"
    return Service(
        agency=agencies[number % len(agencies)],
        name=name,
        slug=f"service-{number}",
        description=" ".join(rng.sample(SENTENCES, 3)),
        audience=rng.choice(AUDIENCES),
        eligibility=rng.choice(SENTENCES),
        min_age=0,
        max_age=rng.choice((5, 11, 18, 25)),
    )


def _person(rng: random.Random, number: int, teams: list[Team]) -> StaffMember:
    from childtrust.partnership.models import StaffMember

    team = rng.choice(teams)
    return StaffMember(
        given_name=rng.choice(GIVEN),
        family_name=rng.choice(FAMILY),
        email=f"person{number}@example.org",
        job_title=rng.choice(JOBS),
        agency_id=cast(int, team.agency_id),  # every benchmark team has its agency
        team=team,
        is_active=rng.random() > 0.05,
    )
