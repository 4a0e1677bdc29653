"""The demo plan's measures (key results) and its owners' monthly check-ins. Invented, labelled
demonstration figures; loaded after the plan (plan.py), whose five objectives are found here by
their titles.

- Every objective has at least one measure, each with a target for every year of the plan
  (2026-27 to 2030-31) on the right side of its baseline.
- From the outcomes demo: "School sessions missed for tooth extraction under general
  anaesthetic" and "Hospital admissions for mental health conditions (under 18s) per 100,000".
  Their latest figures are for 2023/24, before the plan's first year, so each is judged against
  its baseline: both 95% confidence intervals include it, so both are on trajectory (the
  interval spans the target; they cannot be said to be off).
- From staff voice: the reach of the message "Locality working: one front door for early help"
  (about half of staff confirmed: off trajectory), the pulse survey's involvement score (on
  trajectory) and feedback answered on time (seven in eight: just off trajectory).
- From the workforce: the social worker turnover rate of the whole partnership (lower is better)
  for the objective on mental health admissions, whose priorities include protecting children
  from abuse and neglect, which a stable social work workforce underpins; its figure is the
  latest census the workforce demo holds, judged against the target of the financial year the
  census falls in (a census of 30 September 2026 against the 2026-27 target).
- By hand, with readings dated in 2025-26 and 2026-27 (never after the day the demo is loaded):
  some on trajectory, some off, and one with no figure yet (not yet measured).
- Three check-ins per objective, for the three months before the one the demo is loaded in
  (so the owner can still record this month's), recorded by the owner's sign-in account where
  the owner has one (the `teammanager` and `strategiclead` demo accounts' objectives), else by
  the demo strategic lead's account.

A source not loaded (no outcomes or voice demo) leaves its measure out; the rest still load."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.outcomes.models import Indicator
from childtrust.outcomes.selectors import indicators_by_name
from childtrust.partnership.demo.loader import demo_created_record
from childtrust.partnership.selectors.staff import staff_record_with_username
from childtrust.strategy.models import (
    CheckIn,
    Direction,
    Measure,
    MeasureReading,
    MeasureSource,
    MeasureTarget,
    Objective,
)
from childtrust.strategy.selectors.plan import plan_current
from childtrust.voice.models import Message, Survey, SurveyTheme
from childtrust.voice.selectors.reach import messages_with_reach
from childtrust.voice.selectors.surveys import surveys_for_list
from childtrust.workforce.definitions import WorkforceMeasure

SOURCE = "demo data"
LEAD = "strategiclead"

TOOTH = "Fewer school sessions lost to tooth extraction"
MENTAL = "Fewer under-18 mental health admissions"
SCHOOL = "Every child in school and learning"
HEARD = "Children and young people heard in every service"
EET = "Young people into education, employment or training"

TOOTH_INDICATOR = "School sessions missed for tooth extraction under general anaesthetic"
MENTAL_INDICATOR = "Hospital admissions for mental health conditions (under 18s) per 100,000"
LOCALITY_MESSAGE = "Locality working: one front door for early help"
PULSE_SURVEY = "Pulse: staff through change"

HIGHER, LOWER = Direction.HIGHER, Direction.LOWER


@dataclass(frozen=True)
class DemoMeasure:
    objective: str
    title: str
    unit: str
    direction: str
    baseline: float
    baseline_period: str
    targets: tuple[float, float, float, float, float]  # 2026-27 to 2030-31
    source: str = MeasureSource.MANUAL
    link: str = ""  # the indicator's name, the message's title or the survey's title
    workforce_measure: str = ""
    survey_theme: str = ""
    # Figures by hand: (the date it describes, the value).
    readings: tuple[tuple[datetime.date, float], ...] = field(default_factory=tuple)
    reading_source: str = ""


def _d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


MEASURES: tuple[DemoMeasure, ...] = (
    DemoMeasure(
        TOOTH,
        "School sessions missed for tooth extraction",
        "per 1,000 pupils",
        LOWER,
        3.4,
        "2023/24",
        (3.4, 3.1, 2.8, 2.5, 2.2),
        MeasureSource.INDICATOR,
        TOOTH_INDICATOR,
    ),
    DemoMeasure(
        TOOTH,
        "Two-year reviews with fluoride varnish offered",
        "%",
        HIGHER,
        20,
        "2025-26",
        (70, 90, 95, 95, 95),
        readings=((_d(2026, 3, 31), 24), (_d(2026, 7, 31), 41), (_d(2026, 11, 30), 58)),
        reading_source="Health visiting service's monthly returns (demonstration figures)",
    ),
    DemoMeasure(
        MENTAL,
        "Under-18 hospital admissions for mental health conditions",
        "per 100,000",
        LOWER,
        225.8,
        "2023/24",
        (225.8, 210, 195, 180, 165),
        MeasureSource.INDICATOR,
        MENTAL_INDICATOR,
    ),
    DemoMeasure(
        MENTAL,
        "Urgent referrals answered within 24 hours",
        "%",
        HIGHER,
        62,
        "2025-26",
        (90, 95, 95, 95, 95),
        readings=((_d(2026, 5, 31), 81), (_d(2026, 8, 31), 93), (_d(2026, 11, 30), 96)),
        reading_source="CAMHS single point of access log (demonstration figures)",
    ),
    DemoMeasure(
        MENTAL,
        "Secondary schools with a mental health support team",
        "schools",
        HIGHER,
        6,
        "2025-26",
        (12, 18, 23, 23, 23),
        readings=((_d(2026, 4, 30), 6), (_d(2026, 10, 31), 10)),
        reading_source="Mental health support teams' school list (demonstration figures)",
    ),
    DemoMeasure(
        MENTAL,
        "Social worker turnover rate",
        "%",
        LOWER,
        18.4,
        "census of 30 September 2025",
        (17.0, 15.5, 14.5, 13.5, 12.5),
        MeasureSource.WORKFORCE,
        workforce_measure=WorkforceMeasure.TURNOVER_RATE,
    ),
    DemoMeasure(
        SCHOOL,
        "Pupils persistently absent",
        "%",
        LOWER,
        22.1,
        "2024-25",
        (20.5, 19.0, 17.5, 16.0, 15.0),
        readings=((_d(2026, 3, 31), 21.4), (_d(2026, 7, 31), 20.9), (_d(2026, 10, 31), 19.8)),
        reading_source="Schools' attendance returns, term to date (demonstration figures)",
    ),
    DemoMeasure(
        SCHOOL,
        "Staff who understood the locality working message",
        "%",
        HIGHER,
        0,
        "before the message was sent",
        (80, 90, 90, 90, 90),
        MeasureSource.MESSAGE_REACH,
        LOCALITY_MESSAGE,
    ),
    DemoMeasure(
        HEARD,
        "Staff who feel involved in the changes",
        "%",
        HIGHER,
        35,
        "the survey's first round",
        (45, 55, 60, 65, 70),
        MeasureSource.SURVEY_THEME,
        PULSE_SURVEY,
        survey_theme=SurveyTheme.INVOLVEMENT,
    ),
    DemoMeasure(
        HEARD,
        "Staff feedback answered on time",
        "%",
        HIGHER,
        60,
        "2025-26",
        (90, 92, 95, 95, 95),
        MeasureSource.FEEDBACK_ON_TIME,
    ),
    DemoMeasure(
        HEARD,
        "Young people on the youth council",
        "young people",
        HIGHER,
        12,
        "2025-26",
        (20, 25, 30, 30, 30),
        readings=((_d(2026, 4, 30), 15), (_d(2026, 9, 30), 22)),
        reading_source="Youth Trust's youth council register (demonstration figures)",
    ),
    DemoMeasure(
        EET,
        "16 and 17 year olds not in education, employment or training",
        "%",
        LOWER,
        6.4,
        "2025-26",
        (6.0, 5.6, 5.2, 4.9, 4.5),
        readings=(
            (_d(2026, 3, 31), 6.5),
            (_d(2026, 6, 30), 6.1),
            (_d(2026, 9, 30), 6.3),
            (_d(2026, 11, 30), 6.2),
        ),
        reading_source="Monthly destinations tracking (demonstration figures)",
    ),
    DemoMeasure(
        EET,
        "Care leavers aged 19 to 21 in education, employment or training",
        "%",
        HIGHER,
        52,
        "2025-26",
        (55, 58, 61, 64, 67),
        readings=((_d(2026, 10, 31), 56),),
        reading_source="Leaving care team's quarterly return (demonstration figures)",
    ),
    DemoMeasure(
        EET,
        "Care leavers starting an apprenticeship at the council",
        "apprentices",
        HIGHER,
        2,
        "2025-26",
        (5, 8, 10, 12, 15),
        reading_source="Council apprenticeship scheme (demonstration figures)",
    ),
)


# Each objective's check-ins for the three months before the demo's month, oldest first:
# (confidence 1 to 5, what happened, what is blocking, help needed).
CheckInText = tuple[int, str, str, str]
CHECK_INS: dict[str, tuple[CheckInText, CheckInText, CheckInText]] = {
    TOOTH: (
        (4, "Supervised toothbrushing running in all 31 schools.", "", ""),
        (
            3,
            "Fluoride varnish offered in four localities of six.",
            "Two health visitor vacancies in the west.",
            "",
        ),
        (
            3,
            "Varnish offer up to 58% of two-year reviews; recruitment under way.",
            "Health visitor vacancies.",
            "Agency cover for the west localities until the new starters arrive.",
        ),
    ),
    MENTAL: (
        (3, "Single point of access answering urgent referrals within 24 hours.", "", ""),
        (
            2,
            "The crisis café's lease fell through.",
            "No building for the crisis café.",
            "A partner with premises open in the evenings.",
        ),
        (
            2,
            "Mental health support teams in ten secondary schools; training booked for half.",
            "Crisis café still without a building; trainers for the rest of the schools.",
            "The board's help finding premises for the crisis café.",
        ),
    ),
    SCHOOL: (
        (4, "Attendance support officers in post in all six localities.", "", ""),
        (4, "Early help offers going out weekly to children missing one session in ten.", "", ""),
        (
            3,
            "Persistent absence down to 19.8% this term.",
            "Only half of staff have confirmed they understood the locality working message.",
            "Team managers to brief their teams on locality working.",
        ),
    ),
    HEARD: (
        (3, "The youth council agreed its terms of reference with the board.", "", ""),
        (
            3,
            "Young inspectors trained; the first visits booked.",
            "The children in care council's spring date clashes with exams.",
            "",
        ),
        (
            4,
            "The pulse survey shows more staff feel involved; two young inspector visits done.",
            "Some staff feedback answered late.",
            "",
        ),
    ),
    EET: (
        (3, "Every 16 and 17 year old's destination now tracked each month.", "", ""),
        (
            2,
            "The port and the hospital paused recruiting; one employer signed for internships.",
            "Large employers not recruiting.",
            "Introductions to other employers through the partners.",
        ),
        (
            3,
            "Apprenticeship guarantee for care leavers agreed at the council.",
            "Supported internships: still one employer of three.",
            "Introductions to other employers through the partners.",
        ),
    ),
}


def _objectives() -> dict[str, Objective]:
    plan = plan_current()
    if plan is None:
        return {}
    return {
        objective.title: objective
        for objective in Objective.objects.filter(plan=plan).select_related("owner__user")
    }


def _links() -> tuple[dict[str, Indicator], dict[str, Message], dict[str, Survey]]:
    indicators = {indicator.name: indicator for indicator in indicators_by_name()}
    messages = {
        message.title: message
        for message in messages_with_reach()
        if message.published_at is not None
    }
    surveys = {survey.title: survey for survey in surveys_for_list()}
    return indicators, messages, surveys


def _measure(
    spec: DemoMeasure,
    objective: Objective,
    position: int,
    links: tuple[dict[str, Indicator], dict[str, Message], dict[str, Survey]],
) -> Measure | None:
    """The measure as specified, or None when its source's link was not loaded."""
    indicators, messages, surveys = links
    link: dict[str, object] = {}
    if spec.source == MeasureSource.INDICATOR:
        link = {"indicator": indicators.get(spec.link)}
    elif spec.source == MeasureSource.MESSAGE_REACH:
        link = {"message": messages.get(spec.link)}
    elif spec.source == MeasureSource.SURVEY_THEME:
        link = {"survey": surveys.get(spec.link), "survey_theme": spec.survey_theme}
    elif spec.source == MeasureSource.WORKFORCE:
        link = {"workforce_measure": spec.workforce_measure}
    if any(value is None for value in link.values()):
        return None
    measure = Measure(
        objective=objective,
        title=spec.title,
        unit=spec.unit,
        direction=spec.direction,
        baseline=spec.baseline,
        baseline_period=spec.baseline_period,
        source=spec.source,
        position=position,
        **link,
    )
    measure.full_clean(validate_constraints=False)
    measure.save()
    return measure


def _lead_user() -> User | None:
    lead = staff_record_with_username(LEAD)
    return lead.user if lead else None


def _month_before(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def _check_ins(objectives: dict[str, Objective], lead_user: User | None) -> list[CheckIn]:
    """Three check-ins per objective, for the three months before this one, each recorded on
    the last day of its month by the owner's account (or the strategic lead's)."""
    this_month = timezone.localdate().replace(day=1)
    months = [_month_before(this_month)]
    while len(months) < 3:
        months.append(_month_before(months[-1]))
    months.reverse()  # oldest first, matching CHECK_INS
    made = []
    for title, texts in CHECK_INS.items():
        objective = objectives.get(title)
        if objective is None:
            continue
        owner_user = getattr(objective.owner, "user", None)
        for month, (confidence, happened, blocking, help_needed) in zip(months, texts, strict=True):
            check_in = CheckIn.objects.create(
                objective=objective,
                month=month,
                confidence=confidence,
                happened=f"{happened} (Demonstration note.)",
                blocking=blocking,
                help_needed=help_needed,
                recorded_by=owner_user or lead_user,
            )
            recorded = timezone.make_aware(
                datetime.datetime.combine(_last_day(month), datetime.time(16, 0))
            )
            CheckIn.objects.filter(pk=check_in.pk).update(recorded_at=min(recorded, timezone.now()))
            made.append(check_in)
    return made


def _last_day(month: datetime.date) -> datetime.date:
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def measures_demo_load() -> dict[type[Model], int]:
    """Writes the demo measures with their trajectories and figures by hand, and the owners'
    check-ins, with one audit event per kind of record. Nothing when the demo plan's objectives
    are not there (or measures already are)."""
    objectives = _objectives()
    if not objectives or Measure.objects.filter(objective__in=objectives.values()).exists():
        return {}
    today = timezone.localdate()
    lead_user = _lead_user()
    links = _links()
    plan = next(iter(objectives.values())).plan
    years = range(plan.start_year, plan.end_year + 1)
    measures: list[Measure] = []
    targets: list[MeasureTarget] = []
    readings: list[MeasureReading] = []
    positions: dict[str, int] = {}
    for spec in MEASURES:
        objective = objectives.get(spec.objective)
        if objective is None:
            continue
        position = positions.get(spec.objective, 0)
        measure = _measure(spec, objective, position, links)
        if measure is None:
            continue
        positions[spec.objective] = position + 1
        measures.append(measure)
        targets.extend(
            MeasureTarget(measure=measure, year=year, value=value)
            for year, value in zip(years, spec.targets, strict=True)
        )
        readings.extend(
            MeasureReading(
                measure=measure,
                value=value,
                measured_on=day,
                source=spec.reading_source,
                recorded_by=lead_user,
            )
            for day, value in spec.readings
            if day <= today
        )
    MeasureTarget.objects.bulk_create(targets)
    MeasureReading.objects.bulk_create(readings)
    check_ins = _check_ins(objectives, lead_user)
    created: dict[type[Model], int] = {
        Measure: len(measures),
        MeasureTarget: len(targets),
        MeasureReading: len(readings),
        CheckIn: len(check_ins),
    }
    demo_created_record(created, source=SOURCE)
    return created
