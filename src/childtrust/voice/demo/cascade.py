"""The demo's messages, at several stages of their cascade: one every manager has briefed, one
revised to a second version, one stalled with managers past the date, one just published."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from childtrust.core.calendar import add_working_days
from childtrust.voice.demo.loading import DemoLoad
from childtrust.voice.models import (
    Acknowledgement,
    BriefingMethod,
    CascadeTask,
    CheckQuestion,
    Message,
    MessageCorrection,
    MessageKind,
    MessageQuestion,
    MessageStatus,
    Recipient,
)
from childtrust.voice.selectors.cascade import AudienceMember, message_audience


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
    first_body: str = ""  # what was first sent, before the correction that made version 2
    correction_note: str = ""  # what changed and why


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
        "shared with the family's consent, in place of the three forms we use now. The consent "
        "section comes first, and the form does not ask for the family's GP.",
        kind=MessageKind.NEW_WAY_OF_WORKING,
        published_days_ago=31,
        brief_within=8,
        briefing="all",
        understood_share=0.85,
        revised_days_ago=6,
        revised_understood_share=0.45,
        first_body="From the first of next month every agency uses one early help assessment "
        "form, shared with the family's consent, in place of the three forms we use now. The "
        "form asks for the family's GP first, then for their consent.",
        correction_note="The consent section now comes first, and the form no longer asks for "
        "the family's GP: families told us they wanted to agree before anything else was asked.",
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


def messages_demo_load(load: DemoLoad) -> None:
    for spec in MESSAGES:
        _message_load(load, spec)


def _message_load(load: DemoLoad, spec: MessageSpec) -> None:
    published = load.ago(spec.published_days_ago)
    brief_by = add_working_days(timezone.localdate(published), spec.brief_within)
    revised = load.ago(spec.revised_days_ago) if spec.revised_days_ago is not None else None
    [message] = load.insert(
        Message,
        [
            Message(
                sender=load.director,
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
    message.agencies.set([load.agencies[slug] for slug in spec.agencies])
    if revised is not None:
        _correction_load(load, spec, message, revised)
    load.insert(
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
    briefed = _briefings(load, spec, message, audience, published, brief_by)
    understood = _understanding(load, spec, message, audience, briefed, published, revised)
    load.insert(
        Recipient,
        [
            member.recipient_of(
                message,
                briefed_at=briefed.get(member.staff_id),
                understood_at=understood.get(member.staff_id),
            )
            for member in audience
        ],
        relations=("message", "staff", "manager", "agency", "team", "locality"),
    )
    _staff_questions(load, spec, message, audience, published)


def _correction_load(
    load: DemoLoad, spec: MessageSpec, message: Message, corrected: datetime
) -> None:
    """The correction that made version 2, with what was first sent, dated when it was made."""
    [correction] = load.insert(
        MessageCorrection,
        [
            MessageCorrection(
                message=message,
                version=2,
                note=spec.correction_note,
                previous_title=spec.title,
                previous_body=spec.first_body,
                previous_check_questions=[
                    {"prompt": c.prompt, "choices": list(c.choices), "correct_choice": c.correct}
                    for c in spec.checks
                ],
            )
        ],
        relations=("message",),
    )
    MessageCorrection.objects.filter(pk=correction.pk).update(created_at=corrected)


def _briefings(
    load: DemoLoad,
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
    managers = sorted(reports, key=lambda pk: (level.get(pk, load.by_pk[pk].level), pk))
    stalled: set[int] = set()
    if spec.briefing == "stalled":
        team_managers = [pk for pk in managers if level.get(pk, 0) >= 3]
        stalled = set(load.rng.sample(team_managers, spec.stalled_managers))
    briefed = {m.staff_id: published for m in audience if m.manager_id is None}
    # The sender is not among the recipients, but knows the message when it is published.
    briefed.setdefault(message.sender_id, published)
    deadline = load.at(brief_by, 17)
    tasks = []
    for manager in managers:
        task = CascadeTask(message=message, manager_id=manager, due_on=brief_by)
        own = briefed.get(manager, published)
        if spec.briefing != "none" and manager not in stalled and manager in briefed:
            when = load.between(own + timedelta(hours=1), deadline)
            task.briefed_at = when
            task.method = (
                BriefingMethod.ONE_TO_ONE
                if level.get(manager, 3) <= 1
                else BriefingMethod.TEAM_MEETING
            )
            for pk in reports[manager]:
                briefed[pk] = when
        _reminders(load, task, message)
        tasks.append(task)
    load.insert(CascadeTask, tasks, relations=("message", "manager", "escalated_to"))
    return briefed


def _reminders(load: DemoLoad, task: CascadeTask, message: Message) -> None:
    """What the background worker would have done: a reminder two working days before the
    date to a manager who had not briefed by then, an escalation to their own manager two
    working days after it."""
    remind = load.at(add_working_days(task.due_on, -settings.CASCADE_REMINDER_WORKING_DAYS), 7)
    escalate = load.at(add_working_days(task.due_on, settings.CASCADE_ESCALATION_WORKING_DAYS), 7)
    done = task.briefed_at or load.now
    if remind <= min(done, load.now):
        task.reminded_at = remind
    if task.briefed_at is None and escalate <= load.now:
        manager = load.by_pk[task.manager_id].staff
        task.escalated_at = escalate
        task.escalated_to_id = manager.manager_id or message.sender_id


def _understanding(
    load: DemoLoad,
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
    first_version_ends = revised or load.now
    understood: dict[int, datetime] = {}
    acknowledgements = []
    for member in audience:
        was_briefed = member.staff_id in briefed
        share = spec.understood_share if was_briefed else 0.12
        start = briefed.get(member.staff_id, published)
        if load.rng.random() < share:
            when = load.between(start, min(start + timedelta(days=4), first_version_ends))
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
        elif spec.checks and load.rng.random() < 0.05:
            acknowledgements.append(
                Acknowledgement(
                    message=message,
                    staff_id=member.staff_id,
                    version=1,
                    confirmed_at=load.between(start, first_version_ends),
                    answers=wrong,
                    answered_correctly=False,
                )
            )
    if revised is not None:
        # Version 2 asks everyone to confirm again: only those who have are understood.
        understood = {}
        for member in audience:
            if load.rng.random() < spec.revised_understood_share:
                when = load.between(revised, revised + timedelta(days=5))
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
    load.insert(Acknowledgement, acknowledgements, relations=("message", "staff"))
    return understood


def _staff_questions(
    load: DemoLoad,
    spec: MessageSpec,
    message: Message,
    audience: list[AudienceMember],
    published: datetime,
) -> None:
    askers = load.rng.sample(
        [m.staff_id for m in audience if m.manager_id is not None], len(spec.staff_questions)
    )
    questions = []
    for asker, (text, answer) in zip(askers, spec.staff_questions, strict=True):
        question = MessageQuestion(message=message, asked_by_id=asker, text=text)
        if answer:
            question.answer = answer
            question.answered_by = load.director
            question.answered_at = load.between(published, published + timedelta(days=3))
        questions.append(question)
    load.insert(MessageQuestion, questions, relations=("message", "asked_by", "answered_by"))
