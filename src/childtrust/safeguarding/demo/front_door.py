"""The demo's front door: referrals at each stage (received, screened, gathering information,
decided each way, closed with the referrer told), their clocks on time, near breach and breached
on the demo's day, a strategy discussion with its initial conference due, a child protection
plan made at an initial conference with its first review due, and an older plan between
reviews. Each child passed to social care has its social worker involved in the child index
(recorded through the children's service, as the front door would). Each clock's dates are the
front door's own (safeguarding.clock_dates, through core.calendar), so the demo's clocks stand
as the service's would."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from childtrust.children.selectors.agencies import ChildAgencies
from childtrust.children.services.involvement import involvement_add, involvement_end
from childtrust.core.calendar import add_working_days, is_working_day
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.registry import services_for_detail
from childtrust.safeguarding.clock_dates import (
    FIRST_REVIEW_MONTHS,
    REVIEW_MONTHS,
    assessment_due,
    decision_due,
    initial_conference_due,
    months_after,
)
from childtrust.safeguarding.demo.loading import FRONT_DOOR, SOCIAL_CARE, SafeguardingDemo
from childtrust.safeguarding.models import (
    Assessment,
    AssessmentKind,
    ChildProtectionPlan,
    Clock,
    ClockKind,
    Conference,
    ConferenceKind,
    Rag,
    Referral,
    ReferralDecision,
    ReferralKind,
    ReferralStage,
    StrategyDiscussion,
)

D = ReferralDecision
#: The partnership's service whose social workers assess and protect (partnership.demo).
SOCIAL_WORK_SERVICE = "Child in Need and Child Protection Social Work"
#: Who referred, by the agency they work for, and why (invented, like every child here).
REFERRERS = {
    "education-partnership": (
        "Mrs Helen Okafor, class teacher",
        "The child has come to school hungry and unkempt most days this half term and flinched "
        "when a teacher raised her voice.",
    ),
    "community-health": (
        "Sam Whitfield, health visitor",
        "Repeated missed health appointments and a home visit where the children were alone "
        "with no adult for over an hour.",
    ),
    "police-ppu": (
        "PC Daniel Reeve, public protection unit",
        "Third domestic abuse call-out to the address in two months; the children were at "
        "home each time.",
    ),
    "youth-trust": (
        "Priya Nair, youth worker",
        "The young person has been going missing at weekends and has new older friends who "
        "collect them in cars.",
    ),
    "childrens-services": (
        "Early help family support worker",
        "Support has not made a difference: the parent has stopped engaging and the child's "
        "attendance keeps falling.",
    ),
}
DECISION_REASONS = {
    D.NO_FURTHER_ACTION: "Checks with the school and health visitor found no unmet needs; the "
    "family has support from relatives.",
    D.EARLY_HELP: "Needs are below the threshold for social care: the family agreed to a team "
    "around the child with a lead professional.",
    D.CHILD_IN_NEED: "The family needs an assessment of the child's needs and the parents' "
    "capacity to meet them (section 17).",
    D.CHILD_PROTECTION: "Reasonable cause to suspect the child is suffering significant harm: "
    "a section 47 enquiry and a strategy discussion.",
}


@dataclass(frozen=True)
class Case:
    """One referral in the demo: how long ago it arrived (in working days), how far it has
    gone, and what came of it."""

    name: str
    received: int  # working days before today
    stage: str
    decision: str = ""
    decided: int | None = None  # working days before today
    told: bool = False
    rag: str = ""
    assessment_done: bool = False
    referrer: str = ""  # the referring agency's slug, where it must be that one


#: A referral at each stage, with clocks in each state on the demo's day.
CASES = (
    Case("received", 0, ReferralStage.RECEIVED),
    Case("screened", 0, ReferralStage.SCREENED, rag=Rag.RED),
    Case("breached", 3, ReferralStage.SCREENED, rag=Rag.AMBER),
    Case("gathering", 1, ReferralStage.SCREENED, rag=Rag.AMBER),  # asked of agencies later
    Case("nfa", 14, ReferralStage.CLOSED, D.NO_FURTHER_ACTION, 13, told=True, rag=Rag.GREEN),
    Case("early_help", 22, ReferralStage.CLOSED, D.EARLY_HELP, 21, told=True, rag=Rag.GREEN),
    # The Team Around the Child's step up (by its lead professional, in early help).
    Case(
        "s17_on_time",
        11,
        ReferralStage.DECIDED,
        D.CHILD_IN_NEED,
        10,
        rag=Rag.AMBER,
        referrer=SOCIAL_CARE,
    ),
    Case("s17_near", 45, ReferralStage.CLOSED, D.CHILD_IN_NEED, 44, told=True, rag=Rag.AMBER),
    Case("s17_breached", 50, ReferralStage.CLOSED, D.CHILD_IN_NEED, 49, told=True, rag=Rag.AMBER),
    Case(
        "s17_done",
        70,
        ReferralStage.CLOSED,
        D.CHILD_IN_NEED,
        69,
        told=True,
        rag=Rag.GREEN,
        assessment_done=True,
    ),
    Case("s47", 7, ReferralStage.DECIDED, D.CHILD_PROTECTION, 6, rag=Rag.RED),
    Case("cp_plan", 0, ReferralStage.CLOSED, D.CHILD_PROTECTION, 0, told=True, rag=Rag.RED),
    Case("cp_review", 0, ReferralStage.CLOSED, D.CHILD_PROTECTION, 0, told=True, rag=Rag.RED),
)
CASE_NAMES = tuple(case.name for case in CASES)


class FrontDoorWriter:
    """Writes the cases' referrals, assessments, meetings, plans and clocks in bulk."""

    def __init__(self, demo: SafeguardingDemo, children: dict[str, ChildAgencies]) -> None:
        self.demo = demo
        self.children = children
        self.front_door = demo.accounts[FRONT_DOOR]
        social_care = demo.staff_by_agency[SOCIAL_CARE]
        # Social workers with a manager above them (so a breached clock can go up the line).
        self.social_workers: list[StaffMember] = [
            p
            for p in social_care
            if p.manager_id is not None and "social worker" in p.job_title.lower()
        ] or [p for p in social_care if p.manager_id is not None]
        self.referrals: dict[str, Referral] = {}
        self.clocks: list[Clock] = []

    def _day(self, working_days_ago: int) -> datetime.date:
        return self.demo.working_days_ago(working_days_ago)

    def _clock(
        self,
        child_id: int,
        kind: str,
        started: datetime.date,
        due: datetime.date,
        owner: StaffMember,
        *,
        referral: Referral | None = None,
        stopped: datetime.date | None = None,
    ) -> None:
        self.clocks.append(
            Clock(
                child_id=child_id,
                kind=kind,
                referral=referral,
                started_on=started,
                due_on=due,
                stopped_on=stopped,
                owner=owner,
            )
        )

    def referrals_insert(self) -> dict[str, Referral]:
        demo = self.demo
        referrals = []
        for n, case in enumerate(CASES):
            child = self.children[case.name]
            received_on = self._received_on(case)
            slugs = sorted(
                demo.slug_of[a] for a in child.agency_ids if demo.slug_of[a] in REFERRERS
            )
            slug = case.referrer or (slugs[n % len(slugs)] if slugs else "education-partnership")
            name, reason = REFERRERS[slug]
            received_at = demo.at(received_on, 9 + n % 6, 10 * (n % 6))
            if received_at > demo.now:
                received_at = demo.now - datetime.timedelta(minutes=40 + n)
            referral = Referral(
                child_id=child.child_id,
                kind=ReferralKind.CONTACT
                if case.stage == ReferralStage.RECEIVED
                else ReferralKind.REFERRAL,
                received_at=received_at,
                referrer_name=name,
                referrer_agency=demo.agencies[slug],
                referrer_email=f"referrals@{slug}.example.org",
                reason=reason,
                stage=case.stage,
                rag=case.rag,
            )
            if case.rag:
                referral.screened_by = self.front_door
                referral.screened_at = received_at + datetime.timedelta(minutes=50)
                referral.screening_note = (
                    "Rated on what the referrer said and what the index shows."
                )
            if case.decision:
                decided_on = self._decided_on(case, received_on)
                referral.decision = case.decision
                referral.decision_reason = DECISION_REASONS[ReferralDecision(case.decision)]
                referral.decided_by = self.front_door
                referral.decided_at = max(
                    referral.screened_at or received_at, demo.at(decided_on, 15, 30)
                )
                if referral.decided_at > demo.now:
                    referral.decided_at = demo.now - datetime.timedelta(minutes=10)
            if case.told:
                assert referral.decided_at is not None
                referral.referrer_told_at = referral.decided_at + datetime.timedelta(hours=1)
                referral.referrer_told_how = "By phone, and confirmed by email"
            referrals.append(referral)
        made = demo.insert(Referral, referrals)
        self.referrals = dict(zip(CASE_NAMES, made, strict=True))
        return self.referrals

    def _received_on(self, case: Case) -> datetime.date:
        if case.name == "cp_plan":  # an initial conference about three months ago
            return self._plan_dates()[0]
        if case.name == "cp_review":
            return self._review_dates()[0]
        return self._day(case.received)

    def _decided_on(self, case: Case, received_on: datetime.date) -> datetime.date:
        if case.decided is None or case.name in {"cp_plan", "cp_review"}:
            return received_on
        return self._day(case.decided)

    def _plan_dates(self) -> tuple[datetime.date, datetime.date, datetime.date]:
        """Received (and decided), strategy discussion, initial conference: the first review,
        three months after the conference, falls due in the next few working days."""
        held = months_after(self.demo.today, -FIRST_REVIEW_MONTHS) + datetime.timedelta(days=2)
        while not is_working_day(held):
            held += datetime.timedelta(days=1)
        discussed = add_working_days(held, -10)
        return add_working_days(discussed, -1), discussed, held

    def _review_dates(self) -> tuple[datetime.date, datetime.date, datetime.date, datetime.date]:
        """Received, strategy discussion, initial conference eight months ago, and the first
        review (the plan continued), whose next review is on time."""
        held = add_working_days(months_after(self.demo.today, -8), 1)
        discussed = add_working_days(held, -12)
        reviewed = add_working_days(months_after(held, FIRST_REVIEW_MONTHS), -3)
        return add_working_days(discussed, -1), discussed, held, reviewed

    def work_insert(self) -> None:
        """What each decision started: assessments, a strategy discussion, conferences, plans;
        and every clock, running or stopped."""
        demo = self.demo
        assessments = []
        for case in CASES:
            referral = self.referrals[case.name]
            child_id = referral.child_id
            received_on = timezone.localdate(referral.received_at)
            decided_on = timezone.localdate(referral.decided_at) if referral.decided_at else None
            self._clock(
                child_id,
                ClockKind.DECISION,
                received_on,
                decision_due(received_on),
                self.front_door,
                referral=referral,
                stopped=decided_on,
            )
            if decided_on is None or case.decision not in {D.CHILD_IN_NEED, D.CHILD_PROTECTION}:
                continue
            worker = demo.rng.choice(self.social_workers)
            due = assessment_due(decided_on)
            done = None
            if case.assessment_done or case.name in {"cp_plan", "cp_review"}:
                done = add_working_days(decided_on, demo.rng.randint(20, 40))
                done = min(done, demo.today)
            assessments.append(
                Assessment(
                    child_id=child_id,
                    referral=referral,
                    kind=AssessmentKind.CHILD_IN_NEED
                    if case.decision == D.CHILD_IN_NEED
                    else AssessmentKind.CHILD_PROTECTION,
                    started_on=decided_on,
                    social_worker=worker,
                    completed_on=done,
                    outcome="Assessment complete: a child in need plan agreed with the family."
                    if done
                    else "",
                )
            )
            self._clock(
                child_id,
                ClockKind.ASSESSMENT,
                decided_on,
                due,
                worker,
                referral=referral,
                stopped=done,
            )
        self._social_workers_involved(demo.insert(Assessment, assessments))
        self._protection_insert()
        demo.insert(Clock, self.clocks)

    def _social_workers_involved(self, assessments: list[Assessment]) -> None:
        """Each child the front door passed to social care has the social worker assessing them
        among those involved, as the child index shows every partner: recorded by the front door
        (which allocates the work) through the child index's own service, from the day the
        assessment started. A child protection case keeps its social worker through the
        strategy discussion, the conference and the plan; a child in need assessment completed,
        the family stepped down to early help, ends the involvement on the day it completed."""
        front_door = self.demo.user(FRONT_DOOR)
        service = (
            services_for_detail()
            .filter(agency=self.demo.agencies[SOCIAL_CARE], name=SOCIAL_WORK_SERVICE)
            .first()
        )
        for assessment in (
            Assessment.objects.filter(pk__in=[a.pk for a in assessments])
            .select_related("child", "social_worker__agency")
            .order_by("pk")
        ):
            worker = assessment.social_worker
            assert worker is not None  # every demo assessment names its social worker
            involvement = involvement_add(
                actor=front_door,
                child=assessment.child,
                agency=worker.agency,
                practitioner=worker,
                role=worker.job_title,
                started_on=assessment.started_on,
                service=service,
                contact=worker.email,
            )
            if assessment.kind == AssessmentKind.CHILD_IN_NEED and assessment.completed_on:
                involvement_end(
                    actor=front_door, involvement=involvement, ended_on=assessment.completed_on
                )

    def _protection_insert(self) -> None:
        """The strategy discussions (one with its initial conference due), the conferences and
        the child protection plans."""
        demo = self.demo
        s47 = self.referrals["s47"]
        _received, plan_discussed, plan_held = self._plan_dates()
        _r, review_discussed, review_held, reviewed = self._review_dates()
        discussed = {
            "s47": add_working_days(timezone.localdate(s47.decided_at), 1)
            if s47.decided_at
            else demo.today,
            "cp_plan": plan_discussed,
            "cp_review": review_discussed,
        }
        discussions = []
        for name, held_on in discussed.items():
            referral = self.referrals[name]
            discussions.append(
                StrategyDiscussion(
                    child_id=referral.child_id,
                    referral=referral,
                    held_on=held_on,
                    outcome="Agreed a section 47 enquiry by children's social care with the "
                    "police; an initial child protection conference to be held.",
                    proceed_to_conference=True,
                )
            )
        made = demo.insert(StrategyDiscussion, discussions)
        agencies = [
            demo.agencies[slug] for slug in ("childrens-services", "police-ppu", "community-health")
        ]
        for discussion in made:
            discussion.agencies.set(agencies)
        owner = self.front_door
        self._clock(
            s47.child_id,
            ClockKind.INITIAL_CONFERENCE,
            discussed["s47"],
            initial_conference_due(discussed["s47"]),
            owner,
            referral=s47,
        )
        conferences, plans = [], []
        for name, held_on, category in (
            ("cp_plan", plan_held, "neglect"),
            ("cp_review", review_held, "emotional"),
        ):
            referral = self.referrals[name]
            discussed_on = discussed[name]
            self._clock(
                referral.child_id,
                ClockKind.INITIAL_CONFERENCE,
                discussed_on,
                initial_conference_due(discussed_on),
                owner,
                referral=referral,
                stopped=held_on,
            )
            conferences.append(
                Conference(
                    child_id=referral.child_id,
                    kind=ConferenceKind.INITIAL,
                    held_on=held_on,
                    plan_made=True,
                    notes="The conference agreed a child protection plan; the core group "
                    "meets every four weeks.",
                )
            )
            plans.append(
                ChildProtectionPlan(
                    child_id=referral.child_id, category=category, started_on=held_on
                )
            )
        plan_child = self.referrals["cp_plan"].child_id
        self._clock(
            plan_child,
            ClockKind.FIRST_REVIEW,
            plan_held,
            months_after(plan_held, FIRST_REVIEW_MONTHS),
            owner,
        )
        review_child = self.referrals["cp_review"].child_id
        self._clock(
            review_child,
            ClockKind.FIRST_REVIEW,
            review_held,
            months_after(review_held, FIRST_REVIEW_MONTHS),
            owner,
            stopped=reviewed,
        )
        conferences.append(
            Conference(
                child_id=review_child,
                kind=ConferenceKind.REVIEW,
                held_on=reviewed,
                plan_made=True,
                notes="Some progress: school attendance better, the home still cold and damp. "
                "The plan continues.",
            )
        )
        self._clock(
            review_child, ClockKind.REVIEW, reviewed, months_after(reviewed, REVIEW_MONTHS), owner
        )
        demo.insert(Conference, conferences)
        demo.insert(ChildProtectionPlan, plans)
