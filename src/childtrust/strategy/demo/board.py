"""The demo partnership board: three meetings in 2026 (June, September, November) chaired by an
invented lead member for children's services, with the agency heads present, agendas about the
plan's objectives, the risk register, the founding appraisal, the demo allocation run and the
staff survey; actions owned by demo staff (the `strategiclead` and `teammanager` accounts'
records among them), some done, some open and some overdue whatever day the demo is loaded;
the June minutes approved in September, the September minutes approved in November, the
November minutes a draft; and the board's ratings of Kotter's eight stages at each meeting,
rising over the year. Every name and figure is invented: demonstration data.

The other parts of the demo are looked up by title (the plan's objectives, as plan.py names
them) or taken as the lists give them (risks by reference, the newest survey round); a part not
loaded leaves its agenda item about nothing in particular. The decision log's founding decision
(area C's, linked to the founding appraisal) is tied to the June meeting when it exists."""

from __future__ import annotations

import datetime

from django.db.models import Model
from django.utils import timezone

from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.registry import agencies_for_list
from childtrust.partnership.selectors.staff import (
    agency_head,
    staff_in_post,
    staff_record_with_username,
)
from childtrust.strategy.models import (
    ActionStatus,
    AgendaItem,
    AgendaSubject,
    BoardAction,
    BoardMeeting,
    Decision,
    KotterStage,
    Minutes,
    MinutesStatus,
    Objective,
    Risk,
    StageRating,
)
from childtrust.strategy.selectors import board as board_selectors

CHAIR = "Councillor Morgan Demo, lead member for children's services (demonstration name)"
OTHERS = (
    "Councillor Sam Example, opposition spokesperson for children (demonstration name)\n"
    "Priya Sample, chair of the young people's advisory group (demonstration name)"
)
LOCATION = "Civic Centre, Southampton"
MEETING_DATES = (
    datetime.date(2026, 6, 17),
    datetime.date(2026, 9, 16),
    datetime.date(2026, 11, 18),
)

OBJECTIVE_TITLES = (
    "Fewer school sessions lost to tooth extraction",
    "Fewer under-18 mental health admissions",
    "Every child in school and learning",
)

# The board's rating of each stage (1 to 5) at each of the three meetings, rising over the
# year, and the evidence it recorded.
RATINGS: dict[KotterStage, tuple[tuple[int, str], ...]] = {
    KotterStage.URGENCY: (
        (
            3,
            "The outcomes profile showed tooth extractions and mental health admissions worse "
            "than England; partners agreed the case for change.",
        ),
        (
            4,
            "Every agency's leadership team has discussed the profile; heads report staff "
            "asking what will change.",
        ),
        (
            4,
            "Urgency holds: the board asked for the mental health admissions figures at every "
            "meeting.",
        ),
    ),
    KotterStage.COALITION: (
        (2, "The board has met once; health and police attended, schools not yet represented."),
        (3, "Schools and the voluntary sector joined; stage owners named for all eight stages."),
        (4, "All statutory partners attend and each owns at least one objective."),
    ),
    KotterStage.VISION: (
        (2, "The shared vision was adopted; the plan's objectives were still in draft."),
        (3, "The plan 2026-27 to 2030-31 was adopted with five objectives, one per outcome."),
        (
            4,
            "Each objective has measures with a trajectory; few gaps left in the alignment matrix.",
        ),
    ),
    KotterStage.ENLIST: (
        (1, "The first cascade message had not yet gone out."),
        (2, "The vision cascade reached about half of staff within a fortnight."),
        (3, "The staff survey's clarity and involvement scores rose since the first round."),
    ),
    KotterStage.BARRIERS: (
        (1, "No route yet for staff to raise barriers."),
        (2, "Staff feedback opened; most answered within the target time."),
        (
            2,
            "Some feedback still waits past its target date; information sharing between "
            "agencies remains a barrier.",
        ),
    ),
    KotterStage.WINS: (
        (1, "Too early: no milestones due yet."),
        (2, "Supervised toothbrushing started in the first ten schools."),
        (3, "Several milestones done and two measures improving against their baseline."),
    ),
    KotterStage.ACCELERATION: (
        (1, "Not started."),
        (1, "Not started: the board will look again once the first wins are secured."),
        (2, "The pooled budget's allocation moved money to the services with the best evidence."),
    ),
    KotterStage.INSTITUTE: (
        (1, "Not started."),
        (1, "Not started."),
        (1, "Not started: the trust's governance is still being settled."),
    ),
}


def _staff() -> dict[str, StaffMember]:
    """The people the board's demo names: the two demo accounts' records and the agency heads."""
    people: dict[str, StaffMember] = {}
    for username in ("strategiclead", "teammanager"):
        record = staff_record_with_username(username)
        if record is not None:
            people[username] = record
    heads = [head for agency in agencies_for_list() if (head := agency_head(agency))]
    fallback = list(staff_in_post()[:4])
    for index, head in enumerate(heads or fallback):
        people[f"head{index}"] = head
    people.setdefault("strategiclead", (heads or fallback)[0])
    people.setdefault("teammanager", (heads or fallback)[-1])
    return people


def _objectives() -> list[Objective | None]:
    found = {o.title: o for o in board_selectors.objective_choices()}
    return [found.get(title) for title in OBJECTIVE_TITLES]


def _item(
    meeting: BoardMeeting, position: int, title: str, notes: str = "", **about: Model | None
) -> AgendaItem:
    """An agenda item about the thing given, or about nothing when it was not loaded."""
    subject, link = AgendaSubject.NONE, {}
    for field, value in about.items():
        if value is not None:
            subject, link = AgendaSubject(field), {field: value}
    return AgendaItem.objects.create(
        meeting=meeting, position=position, title=title, subject=subject, notes=notes, **link
    )


def _due(meeting: BoardMeeting, days_from_today: int) -> datetime.date:
    """A due date relative to the day the demo is loaded, never before its meeting."""
    due = timezone.localdate() + datetime.timedelta(days=days_from_today)
    return max(due, meeting.held_on + datetime.timedelta(days=7))


def board_demo_load() -> dict[type[Model], int]:
    if BoardMeeting.objects.exists():
        return {}
    people = _staff()
    heads = [person for key, person in people.items() if key.startswith("head")]
    meetings = []
    for held_on in MEETING_DATES:
        meeting = BoardMeeting.objects.create(
            title="Partnership board",
            held_on=held_on,
            location=LOCATION,
            chair=CHAIR,
            others_present=OTHERS,
        )
        meeting.present.set({p.pk: p for p in [people["strategiclead"], *heads]}.values())
        meetings.append(meeting)
    june, september, november = meetings

    oral, mental, school = _objectives()
    risks: list[Risk | None] = [*board_selectors.risk_choices()[:2], None, None][:2]
    appraisal = board_selectors.appraisal_choices().order_by("pk").first()
    run = board_selectors.allocation_run_choices().first()
    rounds = board_selectors.survey_round_choices()
    survey_round = rounds[0] if rounds else None

    items = [
        _item(june, 1, "Welcome, apologies and terms of reference"),
        _item(
            june,
            2,
            "The founding decision: agencies independent or one trust",
            "The option appraisal's figures (demonstration figures).",
            appraisal=appraisal,
        ),
        _item(june, 3, "Oral health: the plan's first objective", objective=oral),
        _item(september, 1, "Minutes of the meeting of 17 June 2026"),
        _item(
            september,
            2,
            "Pooled budget allocation 2026-27",
            "The proposed allocation (demonstration figures).",
            allocation_run=run,
        ),
        _item(september, 3, "Under-18 mental health admissions", objective=mental),
        _item(september, 4, "Risk register: the highest risks", risk=risks[0]),
        _item(november, 1, "Minutes of the meeting of 16 September 2026"),
        _item(november, 2, "What staff told us: the pulse survey", survey_round=survey_round),
        _item(november, 3, "School attendance", objective=school),
        _item(november, 4, "Workforce risk and its controls", risk=risks[1]),
    ]

    lead, manager = people["strategiclead"], people["teammanager"]
    other = heads[1] if len(heads) > 1 else lead
    third = heads[2] if len(heads) > 2 else manager
    actions = [
        BoardAction(
            meeting=june,
            agenda_item=items[0],
            description="Publish the board's terms of reference on the partnership's website.",
            owner=lead,
            due_on=datetime.date(2026, 7, 31),
            status=ActionStatus.DONE,
            done_on=datetime.date(2026, 7, 20),
            update="Published on 20 July.",
        ),
        BoardAction(
            meeting=june,
            agenda_item=items[2],
            description="Start supervised toothbrushing in the first ten primary schools.",
            owner=manager,
            due_on=datetime.date(2026, 9, 30),
            status=ActionStatus.DONE,
            done_on=datetime.date(2026, 9, 28),
            update="Ten schools started in September (demonstration figures).",
        ),
        BoardAction(
            meeting=september,
            agenda_item=items[4],
            description="Report how the allocation changes services in each locality.",
            owner=other,
            due_on=_due(september, -12),
            update="Figures collected from two of three localities.",
        ),
        BoardAction(
            meeting=september,
            agenda_item=items[5],
            description="Bring a plan to cut waiting times for children's mental health services.",
            owner=lead,
            due_on=_due(september, -5),
        ),
        BoardAction(
            meeting=november,
            agenda_item=items[8],
            description="Share the survey results with every team and report back what they said.",
            owner=manager,
            due_on=_due(november, 21),
        ),
        BoardAction(
            meeting=november,
            agenda_item=items[10],
            description="Review the controls on the workforce risk with human resources leads.",
            owner=third,
            due_on=_due(november, 45),
        ),
        BoardAction(
            meeting=november,
            agenda_item=items[9],
            description="Write to every head teacher with their school's attendance figures.",
            owner=other,
            due_on=_due(november, 10),
            status=ActionStatus.DONE,
            done_on=min(timezone.localdate(), november.held_on + datetime.timedelta(days=6)),
        ),
    ]
    for action in actions:
        action.full_clean()
    BoardAction.objects.bulk_create(actions)

    approver = lead.user
    minutes = [
        Minutes(
            meeting=june,
            text=_minutes_text(june, "agreed its terms of reference and the founding decision"),
            status=MinutesStatus.APPROVED,
            approved_at=september,
            approved_by=approver,
        ),
        Minutes(
            meeting=september,
            text=_minutes_text(september, "discussed the allocation and mental health"),
            status=MinutesStatus.APPROVED,
            approved_at=november,
            approved_by=approver,
        ),
        Minutes(
            meeting=november,
            text=_minutes_text(november, "heard what staff said in the pulse survey"),
        ),
    ]
    Minutes.objects.bulk_create(minutes)

    ratings = [
        StageRating(
            meeting=meeting,
            stage=stage,
            rating=per_meeting[index][0],
            evidence=per_meeting[index][1],
            recorded_by=approver,
        )
        for stage, per_meeting in RATINGS.items()
        for index, meeting in enumerate(meetings)
    ]
    StageRating.objects.bulk_create(ratings)

    # The founding decision (the decision log's, linked to the founding appraisal) was taken
    # at the June meeting.
    if appraisal is not None:
        Decision.objects.filter(appraisal=appraisal, meeting__isnull=True).update(meeting=june)

    return {
        BoardMeeting: len(meetings),
        AgendaItem: len(items),
        BoardAction: len(actions),
        Minutes: len(minutes),
        StageRating: len(ratings),
    }


def _minutes_text(meeting: BoardMeeting, what: str) -> str:
    return (
        f"Demonstration minutes. The partnership board met on "
        f"{meeting.held_on.day} {meeting.held_on:%B %Y} at {LOCATION}, chaired by the lead "
        f"member for children's services. The board {what}, and agreed the actions listed. "
        "Every name and figure in these minutes is invented."
    )
