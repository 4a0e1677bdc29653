"""The demo plan's change programme: an owner for each of Kotter's eight stages (senior staff:
the `strategiclead` account's Director of Children's Services, agency heads, the `teammanager`
account), a register of twelve risks spread across the heat map (three past their review date,
one closed, most linked to the demo objectives by title), and a decision log of five decisions:
the plan's adoption, the founding decision for one children's trust (linked to the founding
appraisal, and tied by the board demo to its June meeting), two more decided and one draft.
Invented, labelled demonstration data. The board demo, loaded next, makes the meetings and the
board's ratings of the stages; this loader makes no meeting.

Review dates are a number of days from the day the demo is loaded, so that "review overdue"
means the same whenever it is loaded; decisions carry the fixed dates of 2026 the board demo's
meetings are held on."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Model
from django.utils import timezone

from childtrust.partnership.demo.loader import DemoLoadRefusedError, demo_created_record
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.registry import agency_with_slug
from childtrust.partnership.selectors.staff import agency_head, staff_record_with_username
from childtrust.resources.demo.appraisal import TITLE as FOUNDING_APPRAISAL
from childtrust.resources.selectors.appraisal import appraisals_list
from childtrust.strategy.demo.plan import TITLES
from childtrust.strategy.models import (
    ChangeStage,
    Decision,
    DecisionStatus,
    KotterStage,
    Proximity,
    Risk,
    RiskStatus,
)
from childtrust.strategy.selectors.plan import plan_current

SOURCE = "demo data"
BOARD = "Children's Trust Board"
TEETH, MENTAL_HEALTH, SCHOOL, HEARD, NEET = TITLES

# Each stage's owner: an agency's slug (its head) or a demo account's username.
STAGE_OWNERS: dict[KotterStage, str] = {
    KotterStage.URGENCY: "strategiclead",
    KotterStage.COALITION: "strategiclead",
    KotterStage.VISION: "childrens-services",
    KotterStage.ENLIST: "community-health",
    KotterStage.BARRIERS: "teammanager",
    KotterStage.WINS: "education-partnership",
    KotterStage.ACCELERATION: "camhs",
    KotterStage.INSTITUTE: "youth-trust",
}


@dataclass(frozen=True)
class DemoRisk:
    title: str
    cause: str
    effect: str
    owner: str
    inherent: tuple[int, int]  # likelihood, impact
    residual: tuple[int, int]
    controls: str
    actions: str
    proximity: Proximity
    review_in_days: int  # from the day the demo is loaded; negative is past review
    objectives: tuple[str, ...] = ()
    closed: bool = False


RISKS = (
    DemoRisk(
        "Health visitor vacancies stay high",
        "Pay and caseloads behind neighbouring areas; a third of posts are vacant.",
        "Fewer mandated contacts and supervised brushing sessions; oral health slips.",
        "community-health",
        (5, 4),
        (4, 4),
        "Agency cover for the worst-hit localities; a recruitment campaign.",
        "Ask the board to back a retention payment.",
        Proximity.NEAR,
        -12,
        (TEETH,),
    ),
    DemoRisk(
        "CAMHS waiting times rise with referrals",
        "Referrals up by a quarter since 2024 without new money.",
        "More young people reach crisis and are admitted.",
        "camhs",
        (4, 5),
        (4, 4),
        "Single point of access triage; the schools' mental health support teams.",
        "Pool the crisis budgets with the ICB (decision log).",
        Proximity.NEAR,
        20,
        (MENTAL_HEALTH,),
    ),
    DemoRisk(
        "Schools leave the attendance support offer",
        "Academies' own attendance services overlap with the locality teams.",
        "Persistent absence falls less than the plan's trajectory.",
        "education-partnership",
        (3, 4),
        (2, 3),
        "Agreement with the academy trusts on who does what.",
        "Review the agreement each term.",
        Proximity.MEDIUM,
        45,
        (SCHOOL,),
    ),
    DemoRisk(
        "Partners' budgets cut before the pooled budget is agreed",
        "Each partner sets its budget on its own timetable.",
        "Less money in the pool than the plan was costed on.",
        "strategiclead",
        (4, 4),
        (3, 4),
        "Section 75 agreement drafted; partners' finance leads meet monthly.",
        "Put the pooled budget to each partner's budget meeting.",
        Proximity.MEDIUM,
        -30,
        (TEETH, MENTAL_HEALTH, SCHOOL, HEARD, NEET),
    ),
    DemoRisk(
        "Young people's voice reaches only the usual groups",
        "Participation runs through the youth council alone.",
        "Services change without hearing those who use them most.",
        "youth-trust",
        (3, 3),
        (2, 2),
        "Participation workers in each locality.",
        "",
        Proximity.FAR,
        90,
        (HEARD,),
    ),
    DemoRisk(
        "Fewer apprenticeships as employers cut back",
        "Local employers' recruitment slows.",
        "More 16 and 17 year olds not in education, employment or training.",
        "youth-trust",
        (3, 4),
        (3, 3),
        "Council's own apprenticeship pledge.",
        "Ask the business board for twenty more places.",
        Proximity.MEDIUM,
        60,
        (NEET,),
    ),
    DemoRisk(
        "Staff do not see what the plan means for them",
        "The plan was written by senior leaders; the cascade stalls below team managers.",
        "Little change in practice; the survey's clarity score stays low.",
        "teammanager",
        (4, 3),
        (2, 3),
        "Briefings cascaded through line managers with confirmation.",
        "Team managers brief again after each board.",
        Proximity.NEAR,
        -4,
    ),
    DemoRisk(
        "Information sharing holds up early help",
        "Partners unsure of the lawful basis to share without consent.",
        "Families wait for help while partners check.",
        "police-ppu",
        (3, 5),
        (2, 4),
        "Information sharing agreement and the seven golden rules training.",
        "",
        Proximity.MEDIUM,
        30,
        (MENTAL_HEALTH,),
    ),
    DemoRisk(
        "Dental practices stop taking NHS child patients",
        "National contract changes.",
        "Fewer children seen before decay needs extraction.",
        "community-health",
        (2, 4),
        (2, 3),
        "Community dental service prioritises the most deprived wards.",
        "",
        Proximity.FAR,
        120,
        (TEETH,),
    ),
    DemoRisk(
        "Board members change after the May elections",
        "The lead member and two cabinet members stand for re-election.",
        "The board's direction stalls while new members are briefed.",
        "strategiclead",
        (2, 2),
        (1, 2),
        "Induction pack for new members.",
        "",
        Proximity.FAR,
        150,
    ),
    DemoRisk(
        "Outcome indicators published late",
        "National publication timetables slip.",
        "The board judges progress on year-old figures.",
        "childrens-services",
        (2, 1),
        (1, 1),
        "Local figures from partners' own systems in the meantime.",
        "",
        Proximity.MEDIUM,
        75,
    ),
    DemoRisk(
        "The one-trust decision is challenged",
        "A partner's governing body did not agree the founding decision.",
        "The trust's start is delayed.",
        "strategiclead",
        (3, 4),
        (1, 3),
        "Every governing body has since agreed; the risk has passed.",
        "",
        Proximity.NEAR,
        -60,
        closed=True,
    ),
)


@dataclass(frozen=True)
class DemoDecision:
    title: str
    decision: str
    decided_on: datetime.date
    evidence: str
    founding: bool = False
    draft: bool = False


DECISIONS = (
    DemoDecision(
        "Adopt the Children and Young People's Plan 2026-27 to 2030-31",
        "The board adopted version 1 of the plan with its five objectives.",
        datetime.date(2026, 3, 24),
        "The joint strategic needs assessment, the outcome profile and the partners' "
        "commitments to the outcomes framework.",
    ),
    DemoDecision(
        "Form one children's trust",
        "The partners form one children's trust with a pooled budget under a section 75 "
        "agreement, rather than working as independent agencies.",
        datetime.date(2026, 6, 17),
        "The option appraisal of agencies independent or one trust: the trust had the higher "
        "net present value and benefits more children.",
        founding=True,
    ),
    DemoDecision(
        "Pool the crisis mental health budgets with the ICB",
        "The council and the integrated care board pool their crisis budgets for under-18s "
        "from April 2027.",
        datetime.date(2026, 9, 16),
        "CAMHS waiting times and admissions against the plan's trajectory (risk R02).",
    ),
    DemoDecision(
        "Supervised toothbrushing in every primary school",
        "Extend supervised toothbrushing from the twenty most deprived schools to every "
        "primary school from January 2027.",
        datetime.date(2026, 11, 18),
        "Tooth extraction admissions worse than England; the pilot schools' results.",
    ),
    DemoDecision(
        "Fund breakfast clubs in the last twelve primary schools",
        "To be decided: fund breakfast clubs in the twelve primary schools without one.",
        datetime.date(2027, 1, 20),
        "Attendance in schools with and without breakfast clubs; the costing to follow.",
        draft=True,
    ),
)


class ChangeDemoRefusedError(DemoLoadRefusedError):
    pass


def _person(key: str) -> StaffMember:
    agency = agency_with_slug(key)
    staff = agency_head(agency) if agency else staff_record_with_username(key)
    if staff is None:
        raise ChangeDemoRefusedError(f"The demo partnership has no one for “{key}”.")
    return staff


def _demo(text: str) -> str:
    return f"{text} (Demonstration data.)"


def change_demo_load() -> dict[type[Model], int]:
    """Writes the stage owners, the risk register and the decision log, with one audit event
    per kind of record."""
    plan = plan_current()
    if plan is None:
        raise ChangeDemoRefusedError("The demo plan must be loaded before its change programme.")
    if Risk.objects.exists() or Decision.objects.exists():
        raise ChangeDemoRefusedError("The risk register or the decision log already has entries.")
    today = timezone.localdate()
    stages = ChangeStage.objects.bulk_create(
        ChangeStage(plan=plan, stage=stage, owner=_person(key))
        for stage, key in STAGE_OWNERS.items()
    )
    objectives = {objective.title: objective for objective in plan.objectives.all()}
    risks = []
    for number, demo in enumerate(RISKS, start=1):
        risk = Risk.objects.create(
            reference=f"R{number:02d}",
            title=demo.title,
            cause=_demo(demo.cause),
            effect=demo.effect,
            owner=_person(demo.owner),
            inherent_likelihood=demo.inherent[0],
            inherent_impact=demo.inherent[1],
            residual_likelihood=demo.residual[0],
            residual_impact=demo.residual[1],
            controls=demo.controls,
            actions=demo.actions,
            proximity=demo.proximity,
            review_on=today + datetime.timedelta(days=demo.review_in_days),
            status=RiskStatus.CLOSED if demo.closed else RiskStatus.OPEN,
        )
        risk.objectives.set([objectives[title] for title in demo.objectives])
        risks.append(risk)
    founding = appraisals_list().filter(title=FOUNDING_APPRAISAL).first()
    decisions = Decision.objects.bulk_create(
        Decision(
            title=demo.title,
            decision=_demo(demo.decision),
            decided_by=BOARD,
            decided_on=demo.decided_on,
            evidence=demo.evidence,
            appraisal=founding if demo.founding else None,
            status=DecisionStatus.DRAFT if demo.draft else DecisionStatus.DECIDED,
            locked_at=None
            if demo.draft
            else timezone.make_aware(datetime.datetime.combine(demo.decided_on, datetime.time(17))),
        )
        for demo in DECISIONS
    )
    created: dict[type[Model], int] = {
        ChangeStage: len(stages),
        Risk: len(risks),
        Decision: len(decisions),
    }
    demo_created_record(created, source=SOURCE)
    return created
