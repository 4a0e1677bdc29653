"""The demo's services directory: what each partner offers, to whom and where."""

from __future__ import annotations

from childtrust.partnership.demo.specs import ServiceSpec
from childtrust.partnership.models import ServiceStatus

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
