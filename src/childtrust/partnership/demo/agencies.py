"""The demo's partner agencies: each with its own mission and vision (diverging on purpose),
its divisions and teams, and the demo accounts that sign in as some of their people."""

from __future__ import annotations

from childtrust.partnership.demo.city import LOCALITIES
from childtrust.partnership.demo.specs import AgencySpec, DivisionSpec, TeamSpec
from childtrust.partnership.models import AgencyKind


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
                        manager_account="dataprotection",
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
                        practitioner_account="schoollead",
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
