"""The demo's concerns and designated safeguarding leads: the schools' lead (the `schoollead`
account, with a deputy from the same team), and a few hundred concerns over the last 18 months
from the agencies that know each child, worded as their staff would write them (invented, like
every child here). Some are written to add up to each alert rule; one is a police notification
of domestic abuse last night about a child at the schools' lead's school; a few are restricted
to the agency that recorded them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from childtrust.children.selectors.agencies import ChildAgencies
from childtrust.partnership.models import AgencyKind
from childtrust.safeguarding.demo.loading import (
    CAMHS,
    HEALTH,
    POLICE,
    SCHOOL_LEAD,
    SCHOOLS,
    SOCIAL_CARE,
    YOUTH,
    SafeguardingDemo,
)
from childtrust.safeguarding.models import (
    AlertRule,
    Concern,
    ConcernCategory,
    ConcernSensitivity,
    DesignatedLead,
    RuleKind,
    Severity,
)

C = ConcernCategory
#: Concerns over the last 18 months: each background child has one to three.
HISTORY_DAYS = 548
BACKGROUND_CHILDREN = 260
#: What each agency most often records (a category repeated is more likely).
CATEGORIES_OF = {
    POLICE: (C.DOMESTIC_ABUSE, C.DOMESTIC_ABUSE, C.DOMESTIC_ABUSE, C.MISSING, C.EXPLOITATION),
    SCHOOLS: (C.SCHOOL_ABSENCE, C.SCHOOL_ABSENCE, C.NEGLECT, C.EMOTIONAL, C.PHYSICAL),
    HEALTH: (C.HEALTH, C.HEALTH, C.NEGLECT, C.PHYSICAL, C.EMOTIONAL),
    SOCIAL_CARE: (C.NEGLECT, C.NEGLECT, C.EMOTIONAL, C.DOMESTIC_ABUSE, C.OTHER),
    YOUTH: (C.EXPLOITATION, C.EMOTIONAL, C.MISSING, C.EMOTIONAL, C.OTHER),
    CAMHS: (C.EMOTIONAL, C.HEALTH),
}
#: Who is likeliest to see each category first (for a concern written to meet a rule).
AGENCY_FOR = {
    C.DOMESTIC_ABUSE: POLICE,
    C.MISSING: POLICE,
    C.EXPLOITATION: YOUTH,
    C.SCHOOL_ABSENCE: SCHOOLS,
    C.HEALTH: HEALTH,
    C.NEGLECT: HEALTH,
    C.PHYSICAL: SCHOOLS,
    C.EMOTIONAL: SCHOOLS,
    C.SEXUAL: SOCIAL_CARE,
    C.OTHER: SOCIAL_CARE,
}
SUMMARIES = {
    C.NEGLECT: (
        "Came to school in the same clothes all week and said there was no food at home.",
        "Home visit: no working heating, little food in the cupboards, the baby's nappy not "
        "changed for some hours.",
        "Missed two immunisation appointments and the family did not answer the follow-up.",
        "Head lice untreated for several weeks; often hungry at breakfast club.",
    ),
    C.PHYSICAL: (
        "A bruise on the upper arm in the shape of fingertips; said they had fallen over.",
        "A burn on the back of the hand that the parent could not explain.",
        "Said at school that their dad had hit them with a belt at the weekend.",
    ),
    C.EMOTIONAL: (
        "Very withdrawn in class and said nobody at home talks to them.",
        "Parent heard shouting at the child in the playground, calling them worthless.",
        "Talked about wanting to hurt themselves; seen by the school's mental health lead.",
        "Anxious about going home and asked to stay late at the youth club every night.",
    ),
    C.SEXUAL: (
        "Disclosed to a teacher that an older relative had touched them; the school followed "
        "its procedure and called the front door.",
    ),
    C.DOMESTIC_ABUSE: (
        "Police called to the home at night after a neighbour heard a fight between the "
        "adults; the child was in the house.",
        "Mother disclosed that her partner controls the money and has threatened her; the "
        "children were present.",
        "A breach of a non-molestation order at the family home; the child saw the incident.",
    ),
    C.MISSING: (
        "Reported missing overnight; found the next afternoon at a friend's address in "
        "another part of the city.",
        "Missing from home for six hours; returned by police from the city centre late at night.",
        "Did not come home after school; found at a train station with older young people.",
    ),
    C.SCHOOL_ABSENCE: (
        "Attendance has fallen to 71% this term with no explanation from home.",
        "Absent for eight school days in a row; no answer at the door on a home visit.",
        "Regularly late and missing Mondays; the parent says the child is often unwell.",
    ),
    C.HEALTH: (
        "Weight has fallen below the second centile; the family missed two clinic reviews.",
        "Dental decay needing extraction under anaesthetic; several appointments missed.",
        "Asthma poorly controlled: inhalers not collected from the pharmacy for months.",
    ),
    C.EXPLOITATION: (
        "Seen with large amounts of cash and a second phone; new older friends with cars.",
        "Youth workers worried about county lines: the young person travels to other towns "
        "and will not say why.",
    ),
    C.OTHER: (
        "Family recently evicted and moving between relatives; the child's schooling is disrupted.",
        "Parent's mental health has worsened and there is no other adult at home to help.",
    ),
}
RESTRICTED_SUMMARY = (
    "Seen by the sexual health clinic; details held by the clinic and shared only with the "
    "young person's consent."
)
ENCOMPASS_SUMMARY = (
    "Operation Encompass: police attended a domestic abuse incident at the child's home at "
    "about 11pm. The child was present and saw the adults fighting. Please make sure a trusted "
    "adult is available to the child at school today."
)
SEVERITY_ORDER = (Severity.LOW, Severity.MEDIUM, Severity.HIGH)


def designated_leads_insert(demo: SafeguardingDemo) -> list[DesignatedLead]:
    """The schools' designated safeguarding lead (the `schoollead` account) and a deputy from
    the same team, for each education agency; the lead is the account's agency's."""
    lead = demo.accounts[SCHOOL_LEAD]
    leads = []
    for slug, agency in sorted(demo.agencies.items()):
        if agency.kind != AgencyKind.EDUCATION:
            continue
        staff = demo.staff_by_agency.get(slug, [])
        team = [p for p in staff if lead.team_id is not None and p.team_id == lead.team_id]
        main = lead if lead.agency_id == agency.pk else (team or staff)[0]
        deputy = next((p for p in team or staff if p.pk != main.pk), None)
        leads.append(DesignatedLead(agency=agency, staff=main, deputy=deputy))
    return demo.insert(DesignatedLead, leads)


class ConcernWriter:
    """Builds the demo's concerns, each from an agency that knows the child, recorded by a
    practitioner of that agency working with the child where there is one."""

    def __init__(self, demo: SafeguardingDemo) -> None:
        self.demo = demo
        self.concerns: list[Concern] = []

    def add(
        self,
        child: ChildAgencies,
        slug: str,
        category: str,
        *,
        when: datetime.datetime,
        severity: str | None = None,
        summary: str = "",
        significant: bool = False,
        sensitivity: str = ConcernSensitivity.NONE,
    ) -> Concern:
        demo = self.demo
        agency = demo.agencies[slug]
        involved = child.involved.get(agency.pk)
        staff = demo.staff_by_pk.get(involved[0]) if involved else None
        severity = severity or demo.rng.choice(
            (Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH)
        )
        concern = Concern(
            child_id=child.child_id,
            agency=agency,
            recorded_by_staff=staff or demo.one_of(slug),
            category=category,
            severity=severity,
            occurred_at=when,
            summary=summary or demo.rng.choice(SUMMARIES[ConcernCategory(category)]),
            significant=significant or severity == Severity.HIGH,
            sensitivity=sensitivity,
        )
        self.concerns.append(concern)
        return concern

    def moment(self, days_ago: int) -> datetime.datetime:
        """A time of day an agency would see something, `days_ago` days before today."""
        day = self.demo.days_ago(days_ago)
        return self.demo.at(day, self.demo.rng.randint(8, 21), self.demo.rng.choice((0, 15, 30)))

    def background(self, children: Sequence[ChildAgencies]) -> None:
        """One to three concerns each, spread over 18 months, from the agencies that know the
        child (the engine decides which of them add up)."""
        for child in children:
            slugs = sorted(
                self.demo.slug_of[a] for a in child.agency_ids if self.demo.slug_of[a] != CAMHS
            )
            for _ in range(self.demo.rng.choice((1, 1, 2, 2, 3))):
                slug = self.demo.rng.choice(slugs)
                category = self.demo.rng.choice(CATEGORIES_OF[slug])
                self.add(
                    child, slug, category, when=self.moment(self.demo.rng.randint(1, HISTORY_DAYS))
                )

    def meeting_rule(self, rule: AlertRule, child: ChildAgencies) -> None:
        """Concerns about the child that add up to the rule, well inside its window: from as
        many of the agencies that know the child as the rule asks, each of a category the
        rule counts (the agency's own kind of concern where the rule counts every kind)."""
        demo = self.demo
        counted = [ConcernCategory(c) for c in rule.categories]
        lowest = (
            SEVERITY_ORDER.index(Severity(rule.minimum_severity)) if rule.minimum_severity else 0
        )
        severity = SEVERITY_ORDER[max(lowest, 1)]
        known = sorted(demo.slug_of[a] for a in child.agency_ids if demo.slug_of[a] != CAMHS)
        agencies = known[: max(1, rule.minimum_agencies)]
        wanted = max(1, rule.minimum_concerns)
        span = max(2, min(rule.window_days, 90) // 2)
        for n in range(wanted):
            if rule.kind == RuleKind.REPEATED_CATEGORY and counted:
                category = counted[0]
                slug = AGENCY_FOR[category]
                slug = slug if demo.agencies[slug].pk in child.agency_ids else known[0]
            else:
                slug = agencies[n % len(agencies)]
                own = [c for c in CATEGORIES_OF[slug] if not counted or c in counted]
                category = own[0] if own else counted[n % len(counted)]
            self.add(
                child, slug, category, when=self.moment(1 + (n * span) // wanted), severity=severity
            )

    def encompass(self, child: ChildAgencies) -> Concern:
        """The police's notification of a domestic abuse incident at the child's home last
        night, about 11pm, for the school to hear of before the school day."""
        yesterday = self.demo.days_ago(1)
        return self.add(
            child,
            POLICE,
            C.DOMESTIC_ABUSE,
            when=self.demo.at(yesterday, 23, 5),
            severity=Severity.HIGH,
            summary=ENCOMPASS_SUMMARY,
            significant=True,
        )

    def restricted(self, child: ChildAgencies) -> Concern:
        return self.add(
            child,
            HEALTH,
            C.HEALTH,
            when=self.moment(self.demo.rng.randint(5, 200)),
            severity=Severity.MEDIUM,
            summary=RESTRICTED_SUMMARY,
            sensitivity=ConcernSensitivity.RESTRICTED,
        )

    def insert(self) -> list[Concern]:
        return self.demo.insert(Concern, self.concerns)
