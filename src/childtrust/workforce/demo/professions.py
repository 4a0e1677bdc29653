"""What a demo post is, from its job title and where it sits: its profession, whether it is a
children's social care social worker post (counted by the national measures), its grade on the
agency's pay scale, and its job description (one short text per profession, not per person)."""

from __future__ import annotations

from childtrust.partnership.models import AgencyKind
from childtrust.workforce.models import Profession

#: The local authority's social work teams: their practitioners who are social workers, and
#: their managers, hold social worker posts (registered with Social Work England).
SOCIAL_WORK_TEAMS = (
    "Multi-Agency Safeguarding Hub",
    "Assessment and Child Protection",
    "Children Looked After",
    "Fostering and Adoption",
)
SOCIAL_WORK_HEAD = "Head of safeguarding and social work"
SOCIAL_WORKER_TITLES = ("social worker", "advanced practitioner")
SOCIAL_WORK_MANAGER_TITLES = (
    "mash team manager",
    "team manager, assessment",
    "team manager, children looked after",
    "fostering team manager",
    SOCIAL_WORK_HEAD.lower(),
)

#: Words in a job title and the profession they mean, the first match winning (so that an
#: educational psychologist is not a CAMHS clinical psychologist).
_BY_WORDS: tuple[tuple[tuple[str, ...], Profession], ...] = (
    (("educational psychologist",), Profession.EDUCATIONAL_PSYCHOLOGIST),
    (("health visit",), Profession.HEALTH_VISITOR),
    (("school nurs",), Profession.SCHOOL_NURSE),
    (
        (
            "mental health",
            "camhs",
            "single point of access",
            "psycholog",
            "psychiatrist",
            "family therapist",
            "crisis",
            "eating disorders",
            "mhst",
            "dietitian",
        ),
        Profession.CAMHS,
    ),
    (("education welfare", "attendance officer"), Profession.EDUCATION_WELFARE),
    (("safeguarding lead", "senco"), Profession.TEACHER),
    (("detective", "police", "constable", "sergeant", "investigating officer"), Profession.POLICE),
    (("missing persons", "domestic abuse officer"), Profession.POLICE),
    (("youth work", "youth support", "participation"), Profession.YOUTH_WORKER),
    (
        (
            "family support",
            "early help",
            "parenting",
            "family key worker",
            "family services",
            "young carers",
            "family learning",
        ),
        Profession.FAMILY_SUPPORT,
    ),
    (
        (
            "officer",
            "analyst",
            "auditor",
            "business manager",
            "information governance",
            "researcher",
            "coordinator",
            "hr business partner",
            "workforce manager",
        ),
        Profession.BUSINESS_SUPPORT,
    ),
)


def is_social_worker_post(job_title: str, team_name: str, agency_kind: str) -> bool:
    """A children's social care social worker post: the local authority's social workers,
    advanced practitioners and social work managers."""
    if agency_kind != AgencyKind.LOCAL_AUTHORITY:
        return False
    title = job_title.lower()
    if any(words in title for words in SOCIAL_WORK_MANAGER_TITLES):
        return True
    return team_name in SOCIAL_WORK_TEAMS and any(w in title for w in SOCIAL_WORKER_TITLES)


def profession_of(job_title: str, team_name: str, agency_kind: str) -> Profession:
    """The profession a job title means (social worker posts by where they sit)."""
    title = job_title.lower()
    if is_social_worker_post(job_title, team_name, agency_kind):
        if any(words in title for words in SOCIAL_WORK_MANAGER_TITLES):
            return Profession.SOCIAL_WORK_MANAGER
        return Profession.SOCIAL_WORKER
    if "contact officer" in title:
        return Profession.BUSINESS_SUPPORT
    for words, profession in _BY_WORDS:
        if any(word in title for word in words):
            return profession
    return Profession.OTHER


def _leads(title: str, level: int) -> bool:
    words = ("manager", "leader", "team lead", "head", "director", "principal", "sergeant", "named")
    return level <= 3 or any(word in title for word in words)


def _health_grade(title: str, level: int, leads: bool) -> str:
    """NHS Agenda for Change bands (consultants apart)."""
    if "psychiatrist" in title:
        return "Consultant"
    if level == 2:
        return "Band 8c"
    if leads:
        return "Band 8a" if "psycholog" in title else "Band 7"
    if "assistant" in title or "nursery nurse" in title:
        return "Band 4"
    if "staff nurse" in title:
        return "Band 5"
    return "Band 7" if "psycholog" in title or "therapist" in title else "Band 6"


def _police_grade(title: str) -> str:
    for rank in ("chief inspector", "sergeant", "constable"):
        if rank in title:
            return f"Detective {rank}" if "detective" in title else f"Police {rank}"
    return "Police staff grade E"


def _council_grade(title: str, level: int, leads: bool) -> str:
    """The council's and the education partnership's grades (Soulbury for psychologists)."""
    if "psycholog" in title:
        return "Soulbury 8" if leads else "Soulbury 4"
    if level == 2:
        return "Grade 15"
    if leads:
        return "Grade 12"
    for words, grade in (
        ("advanced", "Grade 11"),
        ("senior", "Grade 10"),
        ("social worker", "Grade 9"),
        ("officer", "Grade 7"),
        ("worker", "Grade 7"),
    ):
        if words in title:
            return grade
    return "Grade 8"


HEADS_GRADES = {
    AgencyKind.LOCAL_AUTHORITY: "Chief officer",
    AgencyKind.HEALTH: "Band 9",
    AgencyKind.MENTAL_HEALTH: "Consultant",
    AgencyKind.POLICE: "Detective superintendent",
}


def grade_of(job_title: str, agency_kind: str, level: int) -> str:
    """The grade on the agency's own pay scale: council grades, NHS Agenda for Change bands,
    police ranks and staff grades, Soulbury for educational psychologists, the voluntary
    sector's own scales. Invented but of the usual kind."""
    title = job_title.lower()
    leads = _leads(title, level)
    if level == 1:
        return HEADS_GRADES.get(AgencyKind(agency_kind), "Chief executive")
    if agency_kind in (AgencyKind.HEALTH, AgencyKind.MENTAL_HEALTH):
        return _health_grade(title, level, leads)
    if agency_kind == AgencyKind.POLICE:
        return _police_grade(title)
    if agency_kind in (AgencyKind.LOCAL_AUTHORITY, AgencyKind.EDUCATION):
        return _council_grade(title, level, leads)
    return "Scale D" if leads else "Scale B"


#: One short job description per profession (a manager's adds the leading of the team).
JOB_DESCRIPTIONS: dict[Profession, str] = {
    Profession.SOCIAL_WORKER: (
        "Holds a caseload of children in need, children subject to a child protection plan "
        "and children in care. Assesses need and risk, plans with families and other "
        "agencies, and records the work in the child's file. Registered with Social Work "
        "England; takes part in supervision each month and keeps up continuing professional "
        "development."
    ),
    Profession.SOCIAL_WORK_MANAGER: (
        "Leads a team of registered social workers: allocates cases, gives supervision each "
        "month, signs off assessments and plans, and chairs strategy discussions. Registered "
        "with Social Work England. Answers for the quality and timeliness of the team's work."
    ),
    Profession.FAMILY_SUPPORT: (
        "Works with families who need early help, in their homes and in the community: "
        "parenting, routines, school attendance and getting to other services. Leads or "
        "contributes to early help assessments and plans, and recognises and passes on "
        "safeguarding concerns."
    ),
    Profession.HEALTH_VISITOR: (
        "A specialist community public health nurse delivering the Healthy Child Programme to "
        "families with children under five: the mandated contacts, growth and development "
        "reviews, infant feeding and perinatal mental health. Registered with the Nursing and "
        "Midwifery Council."
    ),
    Profession.SCHOOL_NURSE: (
        "Delivers the Healthy Child Programme to children and young people of school age: "
        "health reviews, drop-ins, immunisations, and health plans for children with "
        "medical needs in school. Registered with the Nursing and Midwifery Council."
    ),
    Profession.CAMHS: (
        "Assesses and treats children and young people with moderate to severe mental health "
        "difficulties, using therapies the evidence supports, with their families, schools "
        "and the other agencies involved. Holds a caseload and keeps clinical records."
    ),
    Profession.EDUCATION_WELFARE: (
        "Works with pupils, families and schools to improve attendance: home visits, "
        "attendance meetings and plans, and the local authority's legal duties on attendance "
        "and children missing education."
    ),
    Profession.EDUCATIONAL_PSYCHOLOGIST: (
        "Assesses children's learning and development and advises schools and families, "
        "including statutory advice for education, health and care needs assessments. "
        "Registered with the Health and Care Professions Council."
    ),
    Profession.TEACHER: (
        "A qualified teacher leading safeguarding or special educational needs in schools: "
        "advises staff, keeps records of concerns and works with children's social care and "
        "the other agencies."
    ),
    Profession.POLICE: (
        "Investigates offences against children and protects vulnerable people, working with "
        "children's social care and the other agencies through strategy discussions, joint "
        "visits and the safeguarding hub."
    ),
    Profession.YOUTH_WORKER: (
        "Plans and runs youth work sessions and one-to-one support for young people aged 11 "
        "to 19, in centres, schools and on the street, building trusted relationships and "
        "helping young people be heard."
    ),
    Profession.BUSINESS_SUPPORT: (
        "Supports the service's work with information, analysis, administration or "
        "coordination, to deadlines, keeping records accurate and personal data secure."
    ),
    Profession.OTHER: (
        "Provides the service's specialist work with children, young people and families, "
        "within the standards of their profession, and works with the other agencies of the "
        "partnership."
    ),
}

MANAGER_ADDS = (
    " Leads and supervises the team, manages its resources, and answers for the quality of "
    "its work."
)


def job_description(profession: Profession, job_title: str, level: int) -> str:
    """The profession's text, with the leading of a team for those who lead one."""
    text = JOB_DESCRIPTIONS[profession]
    if profession != Profession.SOCIAL_WORK_MANAGER and _leads(job_title.lower(), level):
        text += MANAGER_ADDS
    return text
