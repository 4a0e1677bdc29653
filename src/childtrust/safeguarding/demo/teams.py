"""The demo's teams around children: about fifteen, each with a lead professional (the
`practitioner` account leads one; their manager, `teammanager`, manages several more through
their team), members from several agencies, an early help assessment, a plan of actions with
owners and due dates (some overdue, some done), reviews, one team stepped up to children's
social care (by a referral to the front door) and one stepped down to early help."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from childtrust.children.selectors.agencies import ChildAgencies
from childtrust.partnership.models import StaffMember
from childtrust.safeguarding.demo.loading import (
    HEALTH,
    PRACTITIONER,
    SCHOOLS,
    TEAM_MANAGER,
    SafeguardingDemo,
)
from childtrust.safeguarding.models import (
    EarlyHelpAssessment,
    PlanAction,
    Referral,
    StepChange,
    StepDirection,
    SupportLevel,
    TeamAroundChild,
    TeamMember,
    TeamReview,
)

ACTIONS = (
    "Arrange a home visit with the family support worker and both parents",
    "Refer the family to the food bank and help them apply for free school meals",
    "Book a review with the school nurse about the child's weight and sleep",
    "Agree a morning routine chart with the child and the parent",
    "Offer a place on the Triple P parenting course starting next month",
    "Check that the child attends the after-school club twice a week",
    "Ask the housing team about the damp in the child's bedroom",
    "Meet the child at school to hear what they want from the plan",
)
DEVELOPMENT = (
    "Meeting most milestones; speech a little behind for their age. Enjoys football and "
    "drawing; finds it hard to settle at night."
)
PARENTS = (
    "Mum is the main carer and loves the children; she is struggling with low mood and money "
    "worries since her partner left. Dad sees the children at weekends."
)
FAMILY = (
    "A two-bedroom flat shared by four; damp in the children's room. Grandmother nearby helps "
    "with the school run. The family are behind with the rent."
)
CHILD_VIEWS = "I want Mum to be less sad and I want to go to the football club with my friend."
PROGRESS = (
    "Attendance is up from 82% to 91%. The parenting course has started; the housing "
    "repairs are still waiting."
)


@dataclass(frozen=True)
class TeamPlan:
    """One team to write: the child, its lead, and what its history holds."""

    child: ChildAgencies
    lead: StaffMember
    started_days_ago: int
    step: str = ""  # "up" or "down"
    referral: Referral | None = None


class TeamWriter:
    def __init__(self, demo: SafeguardingDemo) -> None:
        self.demo = demo
        manager = demo.accounts[TEAM_MANAGER]
        practitioner = self.practitioner = demo.accounts[PRACTITIONER]
        # The team manager's own practitioners, who lead the teams they manage.
        self.managed = [
            p
            for p in demo.staff_by_pk.values()
            if p.manager_id == manager.pk and p.pk != practitioner.pk
        ]

    def lead_for(self, n: int) -> StaffMember:
        """One of the team manager's practitioners (never the `practitioner` account, who
        leads one team: their own lead child's), in turn."""
        return self.managed[n % len(self.managed)]

    def insert(self, plans: list[TeamPlan]) -> list[TeamAroundChild]:
        demo = self.demo
        teams = [
            TeamAroundChild(
                child_id=plan.child.child_id,
                lead_professional=plan.lead,
                level=SupportLevel.SOCIAL_CARE if plan.step == "up" else SupportLevel.EARLY_HELP,
                started_on=demo.days_ago(plan.started_days_ago),
            )
            for plan in plans
        ]
        made = demo.insert(TeamAroundChild, teams)
        members, assessments, actions, reviews, steps = [], [], [], [], []
        for n, (plan, team) in enumerate(zip(plans, made, strict=True)):
            started = team.started_on
            people = self._members(plan)
            members += [
                TeamMember(
                    team=team,
                    staff=person,
                    agency=person.agency,
                    role="Lead professional" if person.pk == plan.lead.pk else person.job_title,
                    joined_on=started,
                )
                for person in people
            ]
            done_on = started + datetime.timedelta(days=demo.rng.randint(10, 25))
            if done_on < demo.today:
                assessments.append(
                    EarlyHelpAssessment(
                        team=team,
                        child_development=DEVELOPMENT,
                        parents_and_carers=PARENTS,
                        family_and_environment=FAMILY,
                        child_views=CHILD_VIEWS if n % 3 else "",
                        completed_on=done_on,
                    )
                )
            actions += self._actions(team, people, n)
            if plan.started_days_ago > 60:
                reviews.append(
                    TeamReview(
                        team=team,
                        held_on=started + datetime.timedelta(days=42),
                        progress=PROGRESS,
                        next_review_on=started + datetime.timedelta(days=42 + 56),
                    )
                )
            if plan.step:
                steps.append(self._step(plan, team))
        demo.insert(TeamMember, members)
        demo.insert(EarlyHelpAssessment, assessments)
        demo.insert(PlanAction, actions)
        demo.insert(TeamReview, reviews)
        demo.insert(StepChange, steps)
        self._leads_in_the_index(made)
        return made

    def _leads_in_the_index(self, teams: list[TeamAroundChild]) -> None:
        """Each team's lead leads in the child index too (as team_start makes them): the team
        manager allocates the child to the practitioner they manage and appoints them, through
        the children's services, in the team manager's name."""
        from childtrust.children.selectors.lead_professional import lead_professional_of
        from childtrust.children.services.involvement import (
            involvement_add,
            lead_professional_appoint,
        )

        manager = self.demo.user(TEAM_MANAGER)
        for team in TeamAroundChild.objects.filter(pk__in=[t.pk for t in teams]).select_related(
            "child", "lead_professional__agency"
        ):
            lead = team.lead_professional
            if lead_professional_of(team.child_id, today=self.demo.today) == lead:
                continue  # the practitioner's own lead child: theirs already
            involvement = involvement_add(
                actor=manager,
                child=team.child,
                agency=lead.agency,
                practitioner=lead,
                role="Lead professional",
                started_on=team.started_on,
                contact=lead.email,
            )
            lead_professional_appoint(actor=manager, involvement=involvement)

    def _members(self, plan: TeamPlan) -> list[StaffMember]:
        """The lead, everyone already working with the child, and people from the school and
        community health where none of theirs is: several agencies in each team."""
        demo = self.demo
        people = {plan.lead.pk: plan.lead}
        for pks in plan.child.involved.values():
            for pk in pks:
                if pk in demo.staff_by_pk:
                    people.setdefault(pk, demo.staff_by_pk[pk])
        agencies = {person.agency.slug for person in people.values()}
        for slug in (SCHOOLS, HEALTH):
            if slug not in agencies:
                person = demo.one_of(slug)
                people.setdefault(person.pk, person)
        return list(people.values())

    def _actions(
        self, team: TeamAroundChild, people: list[StaffMember], n: int
    ) -> list[PlanAction]:
        """Three or four actions: one done, one overdue (the lead's) in every other team, the
        rest due."""
        demo = self.demo
        actions = []
        for k in range(3 + n % 2):
            text = ACTIONS[(n + k) % len(ACTIONS)]
            owner = people[0] if k == 1 else people[k % len(people)]  # the lead's overdue
            if k == 0:
                due = team.started_on + datetime.timedelta(days=14)
                done = min(due, demo.today)
            elif k == 1 and n % 2 == 0:
                due, done = demo.days_ago(demo.rng.randint(3, 20)), None
            else:
                due, done = demo.today + datetime.timedelta(days=demo.rng.randint(5, 40)), None
            due = max(due, team.started_on)
            actions.append(
                PlanAction(team=team, action=text, owner=owner, due_on=due, done_on=done)
            )
        return actions

    def _step(self, plan: TeamPlan, team: TeamAroundChild) -> StepChange:
        referral = plan.referral
        if plan.step == "up":
            assert referral is not None
            on = timezone.localdate(referral.received_at)
            return StepChange(
                team=team,
                direction=StepDirection.UP,
                on=on,
                reason="The family stopped engaging with the plan and the child's attendance "
                "kept falling: a child in need assessment is needed.",
                referral=referral,
            )
        on = self.demo.days_ago(max(1, plan.started_days_ago - 1))
        return StepChange(
            team=team,
            direction=StepDirection.DOWN,
            on=max(on, team.started_on),
            reason="The child in need assessment is complete and the risks have reduced: the "
            "family agreed to carry on with early help.",
            referral=referral,
        )
