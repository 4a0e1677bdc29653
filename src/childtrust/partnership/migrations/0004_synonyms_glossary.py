"""The words of the field the search starts with: the acronyms of design.md's "Words of the
field" and those people in children's services use every day, each with what it means.
Partnership administrators keep the list from here on (/search/synonyms/); going back removes
only these rows, as they were seeded."""

from django.db import migrations

GLOSSARY = (
    # The front door and safeguarding
    ("MASH", "multi-agency safeguarding hub"),
    ("MASH", "front door"),
    ("TAC", "team around the child"),
    ("TAF", "team around the family"),
    ("s17", "child in need"),
    ("s17", "section 17"),
    ("CIN", "child in need"),
    ("s47", "child protection enquiry"),
    ("s47", "section 47"),
    ("ICPC", "initial child protection conference"),
    ("RCPC", "review child protection conference"),
    ("CP", "child protection"),
    ("CP plan", "child protection plan"),
    ("CLA", "child looked after"),
    ("LAC", "looked after child"),
    ("CIC", "children in care"),
    ("children in care", "looked after children"),
    ("IRO", "independent reviewing officer"),
    ("LADO", "local authority designated officer"),
    ("DSL", "designated safeguarding lead"),
    ("LSCP", "local safeguarding children partnership"),
    ("LSCB", "local safeguarding children board"),
    ("MARAC", "multi-agency risk assessment conference"),
    ("MAPPA", "multi-agency public protection arrangements"),
    ("CSE", "child sexual exploitation"),
    ("CCE", "child criminal exploitation"),
    ("DA", "domestic abuse"),
    ("DV", "domestic violence"),
    ("domestic abuse", "domestic violence"),
    ("FGC", "family group conference"),
    ("PLO", "public law outline"),
    ("SGO", "special guardianship order"),
    ("UASC", "unaccompanied asylum seeking children"),
    ("NFA", "no further action"),
    # Early help
    ("EHM", "early help module"),
    ("EHM", "early help"),
    ("EHA", "early help assessment"),
    ("FNP", "family nurse partnership"),
    # Health
    ("HV", "health visitor"),
    ("HV", "health visiting"),
    ("CAMHS", "child and adolescent mental health services"),
    ("CAMHS", "child and adolescent mental health"),
    ("CAMHS", "children's mental health"),
    ("GP", "general practitioner"),
    ("GP", "family doctor"),
    ("NHS", "National Health Service"),
    ("ICB", "integrated care board"),
    ("SALT", "speech and language therapy"),
    ("OT", "occupational therapy"),
    ("ASD", "autism spectrum disorder"),
    ("ADHD", "attention deficit hyperactivity disorder"),
    ("SEMH", "social, emotional and mental health"),
    # Education
    ("SENCO", "special educational needs coordinator"),
    ("SENCO", "special educational needs co-ordinator"),
    ("SEN", "special educational needs"),
    ("SEND", "special educational needs and disabilities"),
    ("EHCP", "education, health and care plan"),
    ("PEP", "personal education plan"),
    ("VSH", "virtual school head"),
    ("PRU", "pupil referral unit"),
    ("AP", "alternative provision"),
    ("UPN", "unique pupil number"),
    ("NEET", "not in education, employment or training"),
    ("DfE", "Department for Education"),
    # Youth justice and police
    ("YOT", "youth offending team"),
    ("YOT", "youth justice service"),
    ("YOS", "youth offending service"),
    ("YJS", "youth justice service"),
    ("youth offending", "youth justice"),
    ("PCSO", "police community support officer"),
    ("DBS", "Disclosure and Barring Service"),
    # Social care and the partnership
    ("SW", "social worker"),
    ("CYP", "children and young people"),
    ("ECM", "Every Child Matters"),
    ("JSNA", "joint strategic needs assessment"),
    ("s75", "section 75 agreement"),
    ("s75", "pooled budget"),
    ("lead member", "cabinet member for children's services"),
    # The workforce
    ("FTE", "full-time equivalent"),
    ("HR1", "advance notification of redundancies"),
    ("collective consultation", "collective redundancies"),
)


def glossary_seed(apps, schema_editor):
    Synonym = apps.get_model("partnership", "Synonym")
    Synonym.objects.bulk_create(Synonym(term=term, meaning=meaning) for term, meaning in GLOSSARY)


def glossary_remove(apps, schema_editor):
    Synonym = apps.get_model("partnership", "Synonym")
    for term, meaning in GLOSSARY:
        Synonym.objects.filter(term=term, meaning=meaning).delete()


class Migration(migrations.Migration):
    dependencies = [("partnership", "0003_search")]

    operations = [migrations.RunPython(glossary_seed, glossary_remove)]
