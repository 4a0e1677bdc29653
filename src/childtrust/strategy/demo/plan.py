"""The demo partnership's strategic plan: the Southampton Children and Young People's Plan,
2026-27 to 2030-31, version 1 adopted by the Children's Trust Board in March 2026, with five
objectives (one per Every Child Matters outcome, each tied to the demo framework's priorities)
and 25 milestones in every status, each with its history. Invented, labelled demonstration data.

- Owners are in senior posts: the heads of Community Health, CAMHS and the Youth Trust, the
  Director of Children's Services (the `strategiclead` demo account) and the early help team
  manager (`teammanager`), so that "my objectives" and check-ins show with the demo accounts.
- Milestones are due a number of days from today (the demo's today, December 2026 when it was
  written), kept inside the plan's period, so that "overdue" means the same whenever the demo is
  loaded: three are overdue (one on track but late, one at risk, one off track).
- Histories run from "not started" to the milestone's status, each change with a note, made by
  the strategic lead a few weeks apart before today. Other parts of the demo (measures, risks,
  board) find the objectives by their titles (TITLES)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Model
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.partnership.demo.loader import DemoLoadRefusedError, demo_created_record
from childtrust.partnership.models import Priority, StaffMember
from childtrust.partnership.selectors.framework import priorities_with_outcome
from childtrust.partnership.selectors.registry import agency_with_slug
from childtrust.partnership.selectors.staff import agency_head, staff_record_with_username
from childtrust.strategy.models import (
    Milestone,
    MilestoneStatus,
    MilestoneStatusChange,
    Objective,
    PlanVersion,
    StrategicPlan,
)

SOURCE = "demo data"
TITLE = "Southampton Children and Young People's Plan"
START_YEAR, END_YEAR = 2026, 2030
ADOPTED_ON = datetime.date(2026, 3, 24)
ADOPTED_BY = "Children's Trust Board"
LEAD = "strategiclead"

TEXT = """Demonstration plan: an invented plan for the childtrust demo, not a real council's.

Our vision: every child and young person in Southampton is healthy, safe, enjoys learning and \
achieves, has a say in the services they use, and leaves school ready for work or further study.

Over the five years from April 2026 the partners of the Children's Trust will work to five \
objectives, one for each Every Child Matters outcome. Each has an accountable owner, milestones \
the board follows at every meeting, and measures with a target for each year of the plan.

1. Fewer school sessions lost to tooth extraction (be healthy).
2. Fewer under-18 mental health admissions (stay safe).
3. Every child in school and learning (enjoy and achieve).
4. Children and young people heard in every service (make a positive contribution).
5. Young people into education, employment or training (achieve economic well-being).

The board reviews this plan each year; a change is adopted as a new version."""

S = MilestoneStatus

# The way each final status is reached, from not started.
PATHS: dict[str, list[MilestoneStatus]] = {
    S.NOT_STARTED: [],
    S.ON_TRACK: [S.ON_TRACK],
    S.AT_RISK: [S.ON_TRACK, S.AT_RISK],
    S.OFF_TRACK: [S.ON_TRACK, S.AT_RISK, S.OFF_TRACK],
    S.DONE: [S.ON_TRACK, S.DONE],
    S.DROPPED: [S.ON_TRACK, S.DROPPED],
}
STEP_NOTES: dict[str, str] = {
    S.ON_TRACK: "Work started; the plan for it agreed with the partners (demonstration note).",
    S.AT_RISK: "Slipping: the partners raised a problem at the last review (demonstration note).",
}


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    due_in_days: int  # from today
    status: str
    note: str = ""  # the last change's note; for a dropped one, the reason
    owner: str = ""  # an agency's slug (its head) or a demo username; "" for the objective's owner


@dataclass(frozen=True)
class DemoObjective:
    title: str
    description: str
    owner: str  # an agency's slug (its head) or a demo username
    priorities: tuple[str, ...]
    agencies: tuple[str, ...]
    milestones: tuple[DemoMilestone, ...]


OBJECTIVES = (
    DemoObjective(
        title="Fewer school sessions lost to tooth extraction",
        description="Tooth decay is the commonest reason young children are admitted to "
        "hospital, and each extraction costs school sessions. Supervised brushing, fluoride "
        "varnish and earlier dental visits, led by the health visiting and school nursing "
        "teams.",
        owner="community-health",
        priorities=("Improve children's oral health",),
        agencies=("community-health", "education-partnership", "childrens-services"),
        milestones=(
            DemoMilestone(
                "Supervised toothbrushing in every infant and primary school in the most "
                "deprived wards",
                -60,
                S.DONE,
                "All 31 schools brushing daily since September.",
            ),
            DemoMilestone(
                "Fluoride varnish offered at every two-year health visitor review",
                -20,
                S.AT_RISK,
                "Two health visitor vacancies: the offer reaches four localities of six.",
            ),
            DemoMilestone("Dental access pathway for children in care", 45, S.ON_TRACK, owner=LEAD),
            DemoMilestone(
                "First dental visit by age one promoted through the family hubs",
                200,
                S.NOT_STARTED,
            ),
            DemoMilestone(
                "Mobile dental van visiting schools",
                -90,
                S.DROPPED,
                "The dental contract changes mean the van cannot be commissioned; its money "
                "moved to supervised brushing.",
            ),
        ),
    ),
    DemoObjective(
        title="Fewer under-18 mental health admissions",
        description="Help earlier and closer to home, so that fewer children and young people "
        "reach a crisis that ends in a hospital admission.",
        owner="camhs",
        priorities=(
            "Protect children from abuse and neglect",
            "Improve children and young people's mental health",
        ),
        agencies=("camhs", "education-partnership", "police-ppu", "harbour-counselling"),
        milestones=(
            DemoMilestone("Mental health support teams in every secondary school", 120, S.ON_TRACK),
            DemoMilestone(
                "Crisis café open in the evenings and at weekends",
                -30,
                S.OFF_TRACK,
                "No building yet: the lease fell through in October.",
            ),
            DemoMilestone(
                "Urgent referrals answered within 24 hours by the single point of access",
                -100,
                S.DONE,
                "Answered within 24 hours for three months running.",
            ),
            DemoMilestone(
                "Self-harm response training for school staff",
                60,
                S.AT_RISK,
                "Trainers booked for half the schools only.",
                owner="education-partnership",
            ),
            DemoMilestone(
                "Joint crisis protocol agreed with the police",
                300,
                S.NOT_STARTED,
                owner="police-ppu",
            ),
        ),
    ),
    DemoObjective(
        title="Every child in school and learning",
        description="Fewer sessions missed, fewer children persistently absent, and every "
        "child ready for school when they start.",
        owner="teammanager",
        priorities=("Improve school attendance", "Improve school readiness"),
        agencies=("education-partnership", "childrens-services", "community-health"),
        milestones=(
            DemoMilestone(
                "Attendance support officer in every locality team",
                -45,
                S.DONE,
                "All six localities staffed.",
            ),
            DemoMilestone(
                "Early help offered to every child missing one session in ten",
                -10,
                S.ON_TRACK,
                "Offers going out weekly; the last schools join in January.",
            ),
            DemoMilestone(
                "School readiness findings of the two-year review shared with early years settings",
                75,
                S.ON_TRACK,
                owner="community-health",
            ),
            DemoMilestone(
                "Breakfast clubs in every primary school",
                150,
                S.AT_RISK,
                "Funding for the last twelve schools not yet agreed.",
                owner="education-partnership",
            ),
            DemoMilestone("Persistent absence down to the England average", 700, S.NOT_STARTED),
        ),
    ),
    DemoObjective(
        title="Children and young people heard in every service",
        description="Children and young people shape the services they use, and are told "
        "what changed because of what they said.",
        owner="youth-trust",
        priorities=("Give children and young people a say in the services they use",),
        agencies=("youth-trust", "childrens-services", "itchen-families"),
        milestones=(
            DemoMilestone(
                "Youth council agrees its terms of reference with the board",
                -150,
                S.DONE,
                "Agreed at the July board.",
            ),
            DemoMilestone("Young inspectors visit five services", 30, S.ON_TRACK),
            DemoMilestone(
                "Children in care council meets the board twice a year",
                90,
                S.AT_RISK,
                "The spring date clashes with exams; a new date is being sought.",
                owner=LEAD,
            ),
            DemoMilestone(
                "Every partner publishes “You said, we did” each year", 400, S.NOT_STARTED
            ),
            DemoMilestone(
                "Online survey of every secondary pupil",
                -60,
                S.DROPPED,
                "Replaced by the schools' own pupil survey, which reaches more pupils; its "
                "results go to the youth council.",
            ),
        ),
    ),
    DemoObjective(
        title="Young people into education, employment or training",
        description="Fewer 16 and 17 year olds not in education, employment or training, and "
        "care leavers supported into work or study.",
        owner=LEAD,
        priorities=(
            "Reduce the number of young people not in education, employment or training",
            "Support care leavers into education, employment or training",
        ),
        agencies=("childrens-services", "youth-trust", "education-partnership"),
        milestones=(
            DemoMilestone(
                "Every 16 and 17 year old's destination tracked each month",
                -120,
                S.DONE,
                "Tracking live; 97% of destinations known.",
            ),
            DemoMilestone(
                "Supported internships with three large employers",
                100,
                S.OFF_TRACK,
                "Only one employer signed; the port and the hospital have paused recruiting.",
            ),
            DemoMilestone(
                "Apprenticeship guarantee for care leavers at the council", 40, S.ON_TRACK
            ),
            DemoMilestone("Post-16 travel bursary", 250, S.NOT_STARTED, owner="youth-trust"),
            DemoMilestone(
                "Young people not in education, employment or training below 5%",
                1000,
                S.NOT_STARTED,
            ),
        ),
    ),
)
TITLES = tuple(objective.title for objective in OBJECTIVES)


class PlanDemoRefusedError(DemoLoadRefusedError):
    pass


def _person(key: str) -> StaffMember:
    """An agency's head (by the agency's slug) or a demo account's staff record."""
    agency = agency_with_slug(key)
    staff = agency_head(agency) if agency else staff_record_with_username(key)
    if staff is None:
        raise PlanDemoRefusedError(f"The demo partnership has no one for “{key}”.")
    return staff


def _priorities(titles: tuple[str, ...]) -> list[Priority]:
    by_title = {priority.title: priority for priority in priorities_with_outcome()}
    missing = [title for title in titles if title not in by_title]
    if missing:
        raise PlanDemoRefusedError(f"The demo framework has no priority “{missing[0]}”.")
    return [by_title[title] for title in titles]


def _due(plan: StrategicPlan, today: datetime.date, days: int) -> datetime.date:
    due = today + datetime.timedelta(days=days)
    return min(max(due, plan.starts_on), plan.ends_on)


def plan_demo_load() -> dict[type[Model], int]:
    """Writes the demo plan, its version, objectives, milestones and their histories, with one
    audit event per kind of record."""
    if StrategicPlan.objects.filter(title=TITLE, start_year=START_YEAR).exists():
        raise PlanDemoRefusedError(f"A plan called “{TITLE}” already exists.")
    today = timezone.localdate()
    lead = staff_record_with_username(LEAD)
    lead_user = lead.user if lead else None
    plan = StrategicPlan.objects.create(title=TITLE, start_year=START_YEAR, end_year=END_YEAR)
    PlanVersion.objects.create(
        plan=plan,
        version=1,
        text=TEXT,
        adopted_on=ADOPTED_ON,
        adopted_by=ADOPTED_BY,
        recorded_by=lead_user,
    )
    milestones = changes = 0
    for position, demo in enumerate(OBJECTIVES):
        owner = _person(demo.owner)
        objective = Objective.objects.create(
            plan=plan,
            title=demo.title,
            description=demo.description,
            owner=owner,
            position=position,
        )
        objective.priorities.set(_priorities(demo.priorities))
        objective.agencies.set(
            [agency for slug in demo.agencies if (agency := agency_with_slug(slug))]
        )
        for item in demo.milestones:
            milestone = Milestone.objects.create(
                objective=objective,
                title=item.title,
                due_on=_due(plan, today, item.due_in_days),
                owner=_person(item.owner) if item.owner else owner,
                status=item.status,
                dropped_reason=item.note if item.status == S.DROPPED else "",
            )
            milestones += 1
            changes += _history(milestone, item, lead_user)
    created: dict[type[Model], int] = {
        StrategicPlan: 1,
        PlanVersion: 1,
        Objective: len(OBJECTIVES),
        Milestone: milestones,
        MilestoneStatusChange: changes,
    }
    demo_created_record(created, source=SOURCE)
    return created


def _history(milestone: Milestone, item: DemoMilestone, changed_by: User | None) -> int:
    """The changes from not started to the milestone's status, three weeks apart, the last a
    week before today."""
    steps = PATHS[item.status]
    before: str = S.NOT_STARTED
    for number, status in enumerate(steps):
        last = number == len(steps) - 1
        note = item.note if last and item.note else STEP_NOTES.get(status, "")
        if not note:
            note = f"Marked {S(status).label.lower()} (demonstration note)."
        change = MilestoneStatusChange.objects.create(
            milestone=milestone,
            from_status=before,
            to_status=status,
            note=note,
            changed_by=changed_by,
        )
        days_ago = 7 + 21 * (len(steps) - 1 - number)
        when = timezone.now() - datetime.timedelta(days=days_ago)
        MilestoneStatusChange.objects.filter(pk=change.pk).update(changed_at=when)
        before = status
    return len(steps)
