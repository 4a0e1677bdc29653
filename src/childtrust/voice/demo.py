"""The demo partnership's staff voice: messages at several stages of their cascade, two rounds
of the pulse survey with results and a trend, and feedback with responses.

Everything is invented. It is written on top of the demo partnership (childtrust.partnership.demo)
by `childtrust load_demo`, in bulk and straight into the tables, as the partnership's own demo
is: going through the services would write one audit event per row. One audit event is
recorded per kind of record instead. The records follow the rules the services keep:

- a published message fixes its recipients (`message_audience`: active staff in its audience,
  with the manager who briefs them, their level, agency, team and the team's locality); heads of
  agencies are briefed when it is published, and every manager with recipients among their
  direct reports has a cascade task due on the message's date;
- a recipient is reached once briefed or once they confirmed they understood (answering every
  check question right); a new version asks everyone to confirm again;
- a survey response carries only the groups its author belonged to, never the person, and is
  written in an order unrelated to the record of who answered;
- feedback goes to the head of the agency it is about, or to the head of the local authority's
  children's services, with a target 10 working days after it was raised (the setting);
  anonymous feedback names no one.

Dates are set relative to the moment of loading (a message "published three weeks ago"), so the
demo always shows a cascade under way. Given the same moment and seed the data is the same.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.calendar import add_working_days, is_working_day
from childtrust.partnership.models import Agency, AgencyKind, StaffMember
from childtrust.partnership.selectors.staff import staff_levels
from childtrust.voice.models import (
    Acknowledgement,
    BriefingMethod,
    CascadeTask,
    CheckQuestion,
    Feedback,
    FeedbackKind,
    FeedbackReach,
    FeedbackStatus,
    Message,
    MessageKind,
    MessageQuestion,
    MessageStatus,
    QuestionKind,
    Recipient,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
    SurveyTheme,
)
from childtrust.voice.selectors import (
    AudienceMember,
    feedback_agency_head,
    feedback_partnership_agency,
    message_audience,
)
from childtrust.voice.survey_templates import STAFF_THROUGH_CHANGE

SEED = 2005  # the year the first children's trusts began work
SOURCE = "demo data"


class VoiceDemoRefusedError(Exception):
    """Staff voice already has records, or the partnership has no one to send or answer."""


# --- Messages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckSpec:
    prompt: str
    choices: tuple[str, ...]
    correct: int


@dataclass(frozen=True)
class MessageSpec:
    """A message and how far its cascade has gone. `briefing` is "all" (every manager has
    briefed), "stalled" (all but `stalled_managers` team managers, who are past the date) or
    "none" (just published)."""

    title: str
    body: str
    kind: MessageKind
    published_days_ago: float
    brief_within: int  # working days from publication to the date to brief by
    briefing: str
    understood_share: float  # of those briefed, how many confirmed they understood
    checks: tuple[CheckSpec, ...]
    staff_questions: tuple[tuple[str, str], ...]  # (question, answer; "" while unanswered)
    agencies: tuple[str, ...] = ()  # agency slugs; none means the whole partnership
    stalled_managers: int = 0
    revised_days_ago: float | None = None  # when version 2 was published
    revised_understood_share: float = 0.0


MESSAGES: tuple[MessageSpec, ...] = (
    MessageSpec(
        title="Our shared vision for the city's children",
        body="The Children's Trust Board has adopted one vision for every partner: every child "
        "in the city safe, healthy and happy, with help early when a family needs it. Over the "
        "next five years each agency will set its own plans against the five outcomes we share. "
        "Please talk with your team about what the vision means for your work.",
        kind=MessageKind.VISION,
        published_days_ago=48,
        brief_within=10,
        briefing="all",
        understood_share=0.9,
        checks=(
            CheckSpec(
                "Who does the shared vision apply to?",
                ("Every partner agency", "Children's Services only", "Schools only"),
                0,
            ),
        ),
        staff_questions=(
            (
                "Does our agency still keep its own mission statement?",
                "Yes. Each agency keeps its own mission; the shared vision is what we all work "
                "towards together.",
            ),
            (
                "Where can I read the outcomes framework?",
                "Under Vision in the menu: the framework lists each outcome, its priorities and "
                "which agencies have committed to them.",
            ),
        ),
    ),
    MessageSpec(
        title="Early help assessment: the new form",
        body="From the first of next month every agency uses one early help assessment form, "
        "shared with the family's consent, in place of the three forms we use now. Version 2: "
        "the consent section now comes first, and the form no longer asks for the family's GP.",
        kind=MessageKind.NEW_WAY_OF_WORKING,
        published_days_ago=31,
        brief_within=8,
        briefing="all",
        understood_share=0.85,
        revised_days_ago=6,
        revised_understood_share=0.45,
        checks=(
            CheckSpec(
                "What must you record first on the new form?",
                ("The family's consent", "The family's GP", "The referrer's name"),
                0,
            ),
            CheckSpec(
                "How many early help forms will there be?",
                ("One", "Two", "Three"),
                0,
            ),
        ),
        staff_questions=(
            (
                "Can we still use the old form for families we already support?",
                "Yes, until their next review; use the new form from then on.",
            ),
        ),
    ),
    MessageSpec(
        title="Locality working: one front door for early help",
        body="Requests for early help now go to the locality team for the family's area, not to "
        "each agency separately. The locality team decides within three working days who will "
        "be the family's lead professional. Managers: please brief your teams by the date shown.",
        kind=MessageKind.NEW_WAY_OF_WORKING,
        published_days_ago=20,
        brief_within=7,
        briefing="stalled",
        stalled_managers=6,
        understood_share=0.6,
        checks=(
            CheckSpec(
                "Where does a request for early help go now?",
                ("The locality team for the family's area", "Each agency separately"),
                0,
            ),
        ),
        staff_questions=(
            (
                "Does this change how schools refer to the MASH?",
                "No. Safeguarding concerns still go to the MASH; only requests for early help "
                "go to the locality team.",
            ),
            ("What happens if a family lives on the border of two localities?", ""),
            ("Will the locality teams take referrals at weekends?", ""),
        ),
    ),
    MessageSpec(
        title="Changes to the MASH rota from next month",
        body="From next month the MASH will be staffed until 8pm on weekdays, with a social "
        "worker and a police officer on each late shift. Rotas are with team managers.",
        kind=MessageKind.CHANGE_UPDATE,
        published_days_ago=0.1,
        brief_within=5,
        briefing="none",
        understood_share=0.0,
        agencies=("childrens-services", "police-ppu"),
        checks=(),
        staff_questions=(("Will late shifts be paid at the enhanced rate?", ""),),
    ),
)


# --- The pulse survey --------------------------------------------------------------------------

SURVEY_TITLE = STAFF_THROUGH_CHANGE.name
SURVEY_REPEAT_DAYS = 90
SURVEY_ROUND_DAYS = 14
ROUND_OPENED_DAYS_AGO = (120, 30)  # 90 days apart, each closed after 14 days
ROUND_RESPONSES = (168, 203)  # of about 300 staff: some small groups fall below the minimum

# Weights of the answers 1 (strongly disagree) to 5 (strongly agree), by theme and round. Round 2
# is a little better on involvement and on the clarity of the vision, after the messages and the
# feedback loop; workload and uncertainty stay where they were.
SCORE_WEIGHTS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    SurveyTheme.CLARITY: ((5, 15, 25, 40, 15), (3, 10, 20, 46, 21)),
    SurveyTheme.EXPECTATIONS: ((4, 12, 22, 45, 17), (4, 12, 21, 45, 18)),
    SurveyTheme.INVOLVEMENT: ((12, 28, 25, 27, 8), (8, 21, 24, 36, 11)),
    SurveyTheme.CONFIDENCE: ((8, 20, 30, 32, 10), (7, 19, 30, 33, 11)),
    SurveyTheme.WORKLOAD: ((15, 30, 25, 24, 6), (15, 31, 24, 24, 6)),
    SurveyTheme.WELLBEING: ((6, 16, 28, 38, 12), (6, 15, 29, 38, 12)),
    SurveyTheme.UNCERTAINTY: ((12, 26, 30, 25, 7), (12, 25, 31, 25, 7)),
}
# How likely staff of an agency kind are to answer, against 1 for the rest.
RESPONSE_WEIGHTS: dict[str, float] = {AgencyKind.VOLUNTARY: 0.35}
FREE_TEXT_SHARE = 0.3
FREE_TEXT_ANSWERS = (
    "Knowing who to call in the other agencies.",
    "Fewer forms, and one place to record what we know about a family.",
    "Time in team meetings to talk about the changes.",
    "Hearing about changes before they happen, not after.",
    "A named contact in the locality team.",
    "Protected time for training on the new assessment.",
    "Being asked what works before things are changed.",
    "Clear answers about jobs and where we will be based.",
    "More joint visits with health visitors.",
    "Managers who have the time to listen.",
)


# --- Feedback ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackSpec:
    kind: FeedbackKind
    subject: str
    text: str
    about: str  # agency slug; "" for the partnership as a whole
    days_ago: int  # raised this many calendar days ago (on the working day at or before)
    anonymous: bool = False
    raised_by_account: str = ""  # a demo sign-in whose staff record raised it
    response: str = ""  # empty while open
    respond_after: int = 0  # working days from raising to the response
    published: bool = True


FEEDBACK: tuple[FeedbackSpec, ...] = (
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "Locality team meetings clash with the school run",
        "Our locality team meeting starts at 8.30, when several of us are taking children to "
        "school. Could it start at 10 instead?",
        "childrens-services",
        50,
        raised_by_account="practitioner",
        response="From next month locality team meetings start at 10am, and the notes go round "
        "the same day for anyone who cannot come.",
        respond_after=6,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Too many forms for the same family",
        "I fill in three different early help forms for one family, and the family is asked the "
        "same questions three times.",
        "",
        44,
        anonymous=True,
        response="You are right. From next month there is one early help assessment for every "
        "agency, shared with the family's consent (see the message 'Early help assessment: the "
        "new form').",
        respond_after=8,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Health visitors were not told about the new front door",
        "Several health visitors in the west heard about the locality front door from families "
        "before we heard about it from our managers.",
        "community-health",
        40,
        response="We are sorry. Every health visiting team has now been briefed, and from now "
        "on messages about the change reach team leaders before they are announced.",
        respond_after=13,
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "Share case notes across agencies",
        "It would save time if the locality team could see the notes other agencies hold about "
        "a family we all support.",
        "",
        35,
        response="The partnership is building one child index that links each agency's records, "
        "with the family's consent and strict rules on who sees what. Locality teams will be "
        "the first to use it.",
        respond_after=4,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Parking at the Central locality base",
        "There is nowhere to park at the Central base, so home visits start late.",
        "childrens-services",
        30,
        response="We have arranged six permits at the council car park next door; ask your team "
        "manager for one.",
        respond_after=9,
        published=False,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Worry about jobs in the restructure",
        "People in my team are worried that bringing services together means losing jobs. "
        "Nobody has said anything either way.",
        "",
        28,
        anonymous=True,
        response="No one will lose their job because services are joined up in localities. "
        "Some people will work from a different base; your manager will talk with you before "
        "anything changes.",
        respond_after=3,
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "Training on the new assessment form",
        "Designated safeguarding leads in schools would like training on the new early help "
        "assessment before it starts.",
        "education-partnership",
        21,
        response="Four training sessions for designated safeguarding leads are booked for the "
        "next two weeks; places are on the Education Partnership's training pages.",
        respond_after=7,
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "Invite the voluntary sector to locality meetings",
        "Our family support workers know many of the same families but are not invited to the "
        "locality team meetings.",
        "itchen-families",
        18,
        response="Voluntary sector key workers are now invited to every locality team meeting, "
        "starting this month.",
        respond_after=5,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Night-time cover at the MASH",
        "After 5pm police officers at the MASH have no social worker to talk to about a child.",
        "police-ppu",
        26,
        anonymous=True,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Caseloads in the East locality",
        "Early help caseloads in the East have risen by a third since the locality front door "
        "opened, and no one has been added to the team.",
        "childrens-services",
        22,
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "CAMHS waiting times for schools",
        "Schools would find it easier to support pupils if they knew how long the CAMHS wait is "
        "in each locality.",
        "camhs",
        9,
        raised_by_account="teammanager",
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "A who's who for each locality team",
        "A page listing who works in each locality team, from every agency, with a photo and "
        "how to reach them.",
        "",
        3,
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "Interpreters for families at the front door",
        "Families who do not speak English wait longer at the front door while we find an "
        "interpreter. Could the MASH have a telephone interpreting line?",
        "childrens-services",
        1,
        anonymous=True,
    ),
)
READ_SHARE_PER_WEEK = 0.06  # of staff, for each week a response has been published
READ_SHARE_MAX = 0.55


# --- Loading -----------------------------------------------------------------------------------


ModelT = TypeVar("ModelT", bound=models.Model)


def _checked(objects: list[ModelT], *, relations: tuple[str, ...] = ()) -> list[ModelT]:
    """Field-level checks (lengths, choices) before a bulk insert; relations, uniqueness and
    constraints are left to the database, which enforces them on insert."""
    for obj in objects:
        obj.full_clean(exclude=list(relations), validate_unique=False, validate_constraints=False)
    return objects


@dataclass
class _Person:
    staff: StaffMember
    level: int


class _Loader:
    def __init__(self, *, now: datetime, seed: int) -> None:
        self.now = now.astimezone(UTC)
        self.today = timezone.localdate(now)
        self.rng = random.Random(seed)  # noqa: S311 (invented data, not security)
        self.created: dict[type[models.Model], int] = defaultdict(int)
        self.agencies = {agency.slug: agency for agency in Agency.objects.all()}
        levels = staff_levels()
        self.people = [
            _Person(staff, levels[staff.pk])
            for staff in StaffMember.objects.filter(is_active=True)
            .select_related("team", "user")
            .order_by("pk")
        ]
        self.by_pk = {person.staff.pk: person for person in self.people}
        partnership = feedback_partnership_agency()
        director = feedback_agency_head(partnership) if partnership else None
        if director is None:
            raise VoiceDemoRefusedError(
                "The demo partnership has no head of the local authority's children's services "
                "to send messages and answer feedback."
            )
        self.director = director

    def _insert(
        self, model: type[ModelT], objects: list[ModelT], *, relations: tuple[str, ...] = ()
    ) -> list[ModelT]:
        created = model._default_manager.bulk_create(
            _checked(objects, relations=relations), batch_size=2000
        )
        self.created[model] += len(created)
        return created

    # Moments

    def _at(self, day: date, hour: float) -> datetime:
        """That day at that hour of the clock in the partnership's time zone (so 14.5 is half
        past two, summer time or not), in UTC."""
        minutes = round(hour * 60)
        local = datetime.combine(
            day, time(minutes // 60, minutes % 60), timezone.get_current_timezone()
        )
        return local.astimezone(UTC)

    def _ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def _between(self, start: datetime, end: datetime) -> datetime:
        """A moment from `start` to `end`, never after now."""
        # In UTC: adding to a local time across a change of the clocks would be an hour out.
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        end = max(start, min(end, self.now))
        return start + (end - start) * self.rng.random()

    def _working_day_at_or_before(self, day: date) -> date:
        while not is_working_day(day):
            day -= timedelta(days=1)
        return day

    def run(self) -> dict[type[models.Model], int]:
        for spec in MESSAGES:
            self.load_message(spec)
        self.load_survey()
        self.load_feedback()
        return dict(self.created)

    # Messages

    def load_message(self, spec: MessageSpec) -> None:
        published = self._ago(spec.published_days_ago)
        brief_by = add_working_days(timezone.localdate(published), spec.brief_within)
        revised = self._ago(spec.revised_days_ago) if spec.revised_days_ago is not None else None
        [message] = self._insert(
            Message,
            [
                Message(
                    sender=self.director,
                    title=spec.title,
                    body=spec.body,
                    kind=spec.kind,
                    status=MessageStatus.PUBLISHED,
                    version=2 if revised else 1,
                    whole_partnership=not spec.agencies,
                    brief_by=brief_by,
                    published_at=published,
                    version_published_at=revised or published,
                )
            ],
            relations=("sender",),
        )
        message.agencies.set([self.agencies[slug] for slug in spec.agencies])
        self._insert(
            CheckQuestion,
            [
                CheckQuestion(
                    message=message,
                    prompt=check.prompt,
                    choices=list(check.choices),
                    correct_choice=check.correct,
                    position=position,
                )
                for position, check in enumerate(spec.checks, start=1)
            ],
            relations=("message",),
        )
        audience = message_audience(message)
        briefed = self._briefings(spec, message, audience, published, brief_by)
        understood = self._understanding(spec, message, audience, briefed, published, revised)
        self._insert(
            Recipient,
            [
                Recipient(
                    message=message,
                    staff_id=member.staff_id,
                    manager_id=member.manager_id,
                    level=member.level,
                    agency_id=member.agency_id,
                    team_id=member.team_id,
                    locality_id=member.locality_id,
                    briefed_at=briefed.get(member.staff_id),
                    understood_at=understood.get(member.staff_id),
                )
                for member in audience
            ],
            relations=("message", "staff", "manager", "agency", "team", "locality"),
        )
        self._staff_questions(spec, message, audience, published)

    def _briefings(
        self,
        spec: MessageSpec,
        message: Message,
        audience: list[AudienceMember],
        published: datetime,
        brief_by: date,
    ) -> dict[int, datetime]:
        """When each recipient was briefed, and each manager's cascade task. Heads of agencies
        are briefed when the message is published; each manager briefs their direct reports
        some hours after being briefed themselves, most by the date."""
        reports: dict[int, list[int]] = defaultdict(list)
        for member in audience:
            if member.manager_id is not None:
                reports[member.manager_id].append(member.staff_id)
        level = {member.staff_id: member.level for member in audience}
        managers = sorted(reports, key=lambda pk: (level.get(pk, self.by_pk[pk].level), pk))
        stalled: set[int] = set()
        if spec.briefing == "stalled":
            team_managers = [pk for pk in managers if level.get(pk, 0) >= 3]
            stalled = set(self.rng.sample(team_managers, spec.stalled_managers))
        briefed = {m.staff_id: published for m in audience if m.manager_id is None}
        deadline = self._at(brief_by, 17)
        tasks = []
        for manager in managers:
            task = CascadeTask(message=message, manager_id=manager, due_on=brief_by)
            own = briefed.get(manager, published)
            if spec.briefing != "none" and manager not in stalled and manager in briefed:
                when = self._between(own + timedelta(hours=1), deadline)
                task.briefed_at = when
                task.method = (
                    BriefingMethod.ONE_TO_ONE
                    if level.get(manager, 3) <= 1
                    else BriefingMethod.TEAM_MEETING
                )
                for pk in reports[manager]:
                    briefed[pk] = when
            self._reminders(task, message)
            tasks.append(task)
        self._insert(CascadeTask, tasks, relations=("message", "manager", "escalated_to"))
        return briefed

    def _reminders(self, task: CascadeTask, message: Message) -> None:
        """What the background worker would have done: a reminder two working days before the
        date to a manager who had not briefed by then, an escalation to their own manager two
        working days after it."""
        remind = self._at(add_working_days(task.due_on, -settings.CASCADE_REMINDER_WORKING_DAYS), 7)
        escalate = self._at(
            add_working_days(task.due_on, settings.CASCADE_ESCALATION_WORKING_DAYS), 7
        )
        done = task.briefed_at or self.now
        if remind <= min(done, self.now):
            task.reminded_at = remind
        if task.briefed_at is None and escalate <= self.now:
            manager = self.by_pk[task.manager_id].staff
            task.escalated_at = escalate
            task.escalated_to_id = manager.manager_id or message.sender_id

    def _understanding(
        self,
        spec: MessageSpec,
        message: Message,
        audience: list[AudienceMember],
        briefed: dict[int, datetime],
        published: datetime,
        revised: datetime | None,
    ) -> dict[int, datetime]:
        """Who confirmed they understood (the current version), with an acknowledgement for
        each version confirmed and a few wrong answers on the way."""
        correct = [check.correct for check in spec.checks]
        wrong = [(check.correct + 1) % len(check.choices) for check in spec.checks]
        first_version_ends = revised or self.now
        understood: dict[int, datetime] = {}
        acknowledgements = []
        for member in audience:
            was_briefed = member.staff_id in briefed
            share = spec.understood_share if was_briefed else 0.12
            start = briefed.get(member.staff_id, published)
            if self.rng.random() < share:
                when = self._between(start, min(start + timedelta(days=4), first_version_ends))
                understood[member.staff_id] = when
                acknowledgements.append(
                    Acknowledgement(
                        message=message,
                        staff_id=member.staff_id,
                        version=1,
                        confirmed_at=when,
                        answers=correct,
                    )
                )
            elif spec.checks and self.rng.random() < 0.05:
                acknowledgements.append(
                    Acknowledgement(
                        message=message,
                        staff_id=member.staff_id,
                        version=1,
                        confirmed_at=self._between(start, first_version_ends),
                        answers=wrong,
                        answered_correctly=False,
                    )
                )
        if revised is not None:
            # Version 2 asks everyone to confirm again: only those who have are understood.
            understood = {}
            for member in audience:
                if self.rng.random() < spec.revised_understood_share:
                    when = self._between(revised, revised + timedelta(days=5))
                    understood[member.staff_id] = when
                    acknowledgements.append(
                        Acknowledgement(
                            message=message,
                            staff_id=member.staff_id,
                            version=2,
                            confirmed_at=when,
                            answers=correct,
                        )
                    )
        self._insert(Acknowledgement, acknowledgements, relations=("message", "staff"))
        return understood

    def _staff_questions(
        self,
        spec: MessageSpec,
        message: Message,
        audience: list[AudienceMember],
        published: datetime,
    ) -> None:
        askers = self.rng.sample(
            [m.staff_id for m in audience if m.manager_id is not None], len(spec.staff_questions)
        )
        questions = []
        for asker, (text, answer) in zip(askers, spec.staff_questions, strict=True):
            question = MessageQuestion(message=message, asked_by_id=asker, text=text)
            if answer:
                question.answer = answer
                question.answered_by = self.director
                question.answered_at = self._between(published, published + timedelta(days=3))
            questions.append(question)
        self._insert(MessageQuestion, questions, relations=("message", "asked_by", "answered_by"))

    # The pulse survey

    def load_survey(self) -> None:
        [survey] = self._insert(
            Survey,
            [
                Survey(
                    title=SURVEY_TITLE,
                    introduction=STAFF_THROUGH_CHANGE.introduction,
                    template=STAFF_THROUGH_CHANGE.key,
                    repeat_every_days=SURVEY_REPEAT_DAYS,
                    round_length_days=SURVEY_ROUND_DAYS,
                )
            ],
        )
        questions = self._insert(
            SurveyQuestion,
            [
                SurveyQuestion(
                    survey=survey,
                    text=question.text,
                    kind=question.kind,
                    theme=question.theme or "",
                    position=position,
                )
                for position, question in enumerate(STAFF_THROUGH_CHANGE.questions, start=1)
            ],
            relations=("survey",),
        )
        rounds = self._insert(
            SurveyRound,
            [
                SurveyRound(
                    survey=survey,
                    number=number,
                    opens_on=self.today - timedelta(days=days_ago),
                    closes_on=self.today - timedelta(days=days_ago - SURVEY_ROUND_DAYS + 1),
                    invited=len(self.people),
                )
                for number, days_ago in enumerate(ROUND_OPENED_DAYS_AGO, start=1)
            ],
            relations=("survey",),
        )
        for index, (survey_round, count) in enumerate(zip(rounds, ROUND_RESPONSES, strict=True)):
            self._survey_answers(survey_round, questions, count, index)

    def _survey_answers(
        self, survey_round: SurveyRound, questions: list[SurveyQuestion], count: int, index: int
    ) -> None:
        """`count` people answer: a participation each (that they answered), and responses
        under random ids, in an unrelated order, that carry only their agency, level and
        locality."""
        answering = self._respondents(count)
        self._insert(
            SurveyParticipation,
            [
                SurveyParticipation(round=survey_round, staff=person.staff)
                for person in sorted(answering, key=lambda person: person.staff.pk)
            ],
            relations=("round", "staff"),
        )
        groups = [
            (
                person.staff.agency_id,
                person.level,
                person.staff.team.locality_id if person.staff.team else None,
            )
            for person in answering
        ]
        self.rng.shuffle(groups)
        responses = self._insert(
            SurveyResponse,
            [
                SurveyResponse(
                    id=self._random_id(),
                    round=survey_round,
                    agency_id=agency,
                    level=level,
                    locality_id=locality,
                )
                for agency, level, locality in groups
            ],
            relations=("round", "agency", "locality"),
        )
        answers = []
        for question in questions:
            if question.kind == QuestionKind.LIKERT:
                scores = self._scores(SCORE_WEIGHTS[question.theme][index], len(responses))
                answers += [
                    SurveyAnswer(
                        id=self._random_id(), response=response, question=question, score=score
                    )
                    for response, score in zip(responses, scores, strict=True)
                ]
                continue
            answers += [
                SurveyAnswer(
                    id=self._random_id(),
                    response=response,
                    question=question,
                    text=self.rng.choice(FREE_TEXT_ANSWERS),
                )
                for response in responses
                if self.rng.random() < FREE_TEXT_SHARE
            ]
        self._insert(SurveyAnswer, answers, relations=("response", "question"))

    def _random_id(self) -> int:
        """Responses and answers are stored under random ids, as the survey service stores
        them (decision 5), so that the order of rows says nothing about who answered when."""
        return self.rng.randrange(1, 2**62)

    def _respondents(self, count: int) -> list[_Person]:
        """`count` people, drawn at random but fewer from the small voluntary agencies (who
        find time for surveys hardest), so that their results fall below the minimum group
        size and are not shown (Efraimidis and Spirakis' weighted sampling)."""
        kinds = {agency.pk: agency.kind for agency in self.agencies.values()}
        keyed = [
            (
                self.rng.random() ** (1 / RESPONSE_WEIGHTS.get(kinds[person.staff.agency_id], 1.0)),
                person.staff.pk,
                person,
            )
            for person in self.people
        ]
        keyed.sort(key=lambda item: (item[0], item[1]), reverse=True)
        return [person for _, _, person in keyed[:count]]

    def _scores(self, weights: tuple[int, ...], count: int) -> list[int]:
        """`count` answers from 1 to 5 in the proportions of `weights` (largest remainders
        rounded up), shuffled: so each theme's share agreeing is the one intended, not one
        blurred by the luck of the draw."""
        total = sum(weights)
        exact = [weight * count / total for weight in weights]
        counts = [int(value) for value in exact]
        by_remainder = sorted(range(5), key=lambda i: (counts[i] - exact[i], i))
        for i in by_remainder[: count - sum(counts)]:
            counts[i] += 1
        scores = [score for score, n in zip(range(1, 6), counts, strict=True) for _ in range(n)]
        self.rng.shuffle(scores)
        return scores

    # Feedback

    def load_feedback(self) -> None:
        accounts = {
            person.staff.user.username: person.staff
            for person in self.people
            if person.staff.user is not None
        }
        feedback = []
        for spec in FEEDBACK:
            agency = self.agencies[spec.about] if spec.about else None
            owner = feedback_agency_head(agency) if agency else self.director
            if owner is None:
                raise VoiceDemoRefusedError(f"{agency} has no head to answer feedback.")
            raised_on = self._working_day_at_or_before(self.today - timedelta(days=spec.days_ago))
            item = Feedback(
                kind=spec.kind,
                subject=spec.subject,
                text=spec.text,
                agency=agency,
                owner=owner,
                raised_on=raised_on,
                respond_by=add_working_days(raised_on, settings.FEEDBACK_RESPONSE_WORKING_DAYS),
                raised_by=None if spec.anonymous else self._raiser(spec, agency, owner, accounts),
            )
            if spec.response:
                answered_on = add_working_days(raised_on, spec.respond_after)
                item.status = FeedbackStatus.RESPONDED
                item.response = spec.response
                item.responded_at = min(self._at(answered_on, 14.5), self.now)
                item.published = spec.published
            feedback.append(item)
        created = self._insert(Feedback, feedback, relations=("raised_by", "agency", "owner"))
        self._feedback_reach(created)

    def _raiser(
        self,
        spec: FeedbackSpec,
        agency: Agency | None,
        owner: StaffMember,
        accounts: dict[str, StaffMember],
    ) -> StaffMember:
        if spec.raised_by_account:
            return accounts[spec.raised_by_account]
        candidates = [
            person.staff
            for person in self.people
            if person.level >= 3
            and person.staff.pk != owner.pk
            and (agency is None or person.staff.agency_id == agency.pk)
        ]
        return self.rng.choice(candidates)

    def _feedback_reach(self, feedback: list[Feedback]) -> None:
        reads = []
        for item in feedback:
            if not item.published or item.responded_at is None:
                continue
            weeks = (self.now - item.responded_at).days / 7
            share = min(READ_SHARE_MAX, READ_SHARE_PER_WEEK * (1 + weeks))
            readers = self.rng.sample(self.people, round(share * len(self.people)))
            reads += [
                FeedbackReach(
                    feedback=item,
                    staff=person.staff,
                    read_at=self._between(item.responded_at, self.now),
                )
                for person in readers
            ]
        self._insert(FeedbackReach, reads, relations=("feedback", "staff"))


def voice_has_records() -> bool:
    return Message.objects.exists() or Survey.objects.exists() or Feedback.objects.exists()


@transaction.atomic
def voice_demo_load(
    *, now: datetime | None = None, seed: int = SEED
) -> dict[type[models.Model], int]:
    """Loads the demo's staff voice on top of the demo partnership, in one transaction, and
    records one audit event per kind of record created. Returns how many of each it created.
    Raises VoiceDemoRefusedError when staff voice already has records."""
    if voice_has_records():
        raise VoiceDemoRefusedError("Staff voice already has messages, surveys or feedback.")
    created = _Loader(now=now or timezone.now(), seed=seed).run()
    for model, count in created.items():
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type=model._meta.label_lower,
            object_repr=f"{count} {model._meta.verbose_name_plural}",
            details={"count": count, "source": SOURCE},
        )
    return created
