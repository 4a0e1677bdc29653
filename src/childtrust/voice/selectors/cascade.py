"""Who a message goes to, and what each person sees of the cascade: the messages sent to them
and the briefings they owe."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import (
    StaffPlacement,
    management_levels,
    staff_placements,
)
from childtrust.voice.models import (
    Acknowledgement,
    CascadeTask,
    CheckQuestion,
    Message,
    MessageCorrection,
    MessageQuestion,
    MessageStatus,
    Recipient,
)
from childtrust.voice.selectors.reach import UNDERSTOOD


@dataclass(frozen=True)
class AudienceMember:
    staff_id: int
    manager_id: int | None  # the nearest active manager above, who briefs them
    level: int
    agency_id: int
    team_id: int | None
    locality_id: int | None

    def recipient_of(
        self,
        message: Message,
        *,
        briefed_at: datetime | None = None,
        understood_at: datetime | None = None,
    ) -> Recipient:
        """The row, not yet saved, that fixes this person as one the message went to, with
        their manager, level and groups as they are now."""
        return Recipient(
            message=message,
            staff_id=self.staff_id,
            manager_id=self.manager_id,
            level=self.level,
            agency_id=self.agency_id,
            team_id=self.team_id,
            locality_id=self.locality_id,
            briefed_at=briefed_at,
            understood_at=understood_at,
        )


def nearest_active_manager(person_id: int, people: Mapping[int, StaffPlacement]) -> int | None:
    """The first person above `person_id` in the line-management chain who is still in post:
    who briefs them on a message, and to whom a late briefing is escalated."""
    person = people.get(person_id)
    current, seen = (person.manager_id if person else None), set()
    while current is not None and current in people and current not in seen:
        if people[current].is_active:
            return current
        seen.add(current)
        current = people[current].manager_id
    return None


def _audience_members(
    chosen: set[int], people: Mapping[int, StaffPlacement], levels: Mapping[int, int]
) -> list[AudienceMember]:
    return [
        AudienceMember(
            pk,
            nearest_active_manager(pk, people),
            levels[pk],
            person.agency_id,
            person.team_id,
            person.locality_id,
        )
        for pk, person in people.items()
        if pk in chosen
    ]


def _named_with_managers(named: Iterable[int], people: Mapping[int, StaffPlacement]) -> set[int]:
    """The named people still in post and the nearest active manager of each: those a message
    about them (a restructure's) goes to, so that their managers hear it too."""
    reached: set[int] = set()
    for pk in named:
        person = people.get(pk)
        if person is None or not person.is_active:
            continue
        reached.add(pk)
        manager = nearest_active_manager(pk, people)
        if manager is not None:
            reached.add(manager)
    return reached


def message_audience(message: Message) -> list[AudienceMember]:
    """Who the message goes to, were it published now: active staff in the whole partnership or
    in any of the chosen agencies, localities (their team's locality) or teams, at one of the
    chosen levels when levels are chosen; and the named people still in post with the nearest
    active manager of each (named people are named: the levels do not narrow them). Never its
    sender: they wrote it, so they are not asked to confirm they understood it (they still
    brief the people they manage who are in the audience). Each is briefed by their own
    nearest active manager. Reads everyone's line management in one query to work out levels
    and the manager who will brief each person."""
    people = {person.staff_id: person for person in staff_placements()}
    levels = management_levels({pk: person.manager_id for pk, person in people.items()})
    agencies = localities = teams = named = set()
    if not message.whole_partnership:
        agencies = set(message.agencies.values_list("pk", flat=True))
        localities = set(message.localities.values_list("pk", flat=True))
        teams = set(message.teams.values_list("pk", flat=True))
        named = set(message.people.values_list("pk", flat=True))
    chosen_levels = set(message.levels or [])
    chosen = {
        pk
        for pk, person in people.items()
        if person.is_active
        and (not chosen_levels or levels[pk] in chosen_levels)
        and (
            message.whole_partnership
            or person.agency_id in agencies
            or person.locality_id in localities
            or person.team_id in teams
        )
    }
    reached = (chosen | _named_with_managers(named, people)) - {message.sender_id}
    return _audience_members(reached, people, levels)


def named_people_audience(staff_ids: Iterable[int]) -> list[AudienceMember]:
    """Who a message for these named people would go to, were it published now (as
    message_audience works it out): those still in post and the nearest active manager of
    each, each with the manager who would brief them. For a page that says beforehand who a
    message will reach (a restructure's launch)."""
    people = {person.staff_id: person for person in staff_placements()}
    levels = management_levels({pk: person.manager_id for pk, person in people.items()})
    return _audience_members(_named_with_managers(staff_ids, people), people, levels)


def message_for_sender(pk: int) -> Message | None:
    """A message as the senders' pages show it: its audience, check questions and corrections
    (whether the user may change it is access.message_author_for_user's to decide)."""
    return (
        Message.objects.select_related("sender")
        .prefetch_related(
            "agencies", "localities", "teams", "people", "check_questions", "corrections"
        )
        .filter(pk=pk)
        .first()
    )


def published_message(pk: int) -> Message | None:
    """A message once published (never a draft), with its sender."""
    return (
        Message.objects.select_related("sender")
        .exclude(status=MessageStatus.DRAFT)
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class MyMessage:
    recipient: Recipient
    confirmed_before: bool  # understood an earlier version: this one changed since

    @property
    def message(self) -> Message:
        return self.recipient.message

    @property
    def understood(self) -> bool:
        return self.recipient.understood_at is not None

    @property
    def status(self) -> tuple[str, str]:
        """A short status and its GOV.UK tag colour."""
        if self.understood:
            return "Understood", "green"
        if self.confirmed_before:
            return "Corrected: confirm again", "orange"
        return "To read and confirm", "blue"


def my_messages(staff: StaffMember) -> list[MyMessage]:
    """The published messages sent to a person, newest version first, with whether they have
    confirmed the current version or confirmed an earlier one; never their own (a message
    published before its sender was left out of its audience still lists them)."""
    earlier = Acknowledgement.objects.filter(
        message=OuterRef("message"),
        staff=OuterRef("staff"),
        answered_correctly=True,
        version__lt=OuterRef("message__version"),
    )
    recipients = (
        Recipient.objects.filter(staff=staff, message__status=MessageStatus.PUBLISHED)
        .exclude(message__sender=staff)
        .select_related("message", "message__sender")
        .annotate(confirmed_before=Exists(earlier))
        .order_by("-message__version_published_at", "-message__pk")
    )
    return [MyMessage(r, r.confirmed_before) for r in recipients]


@dataclass(frozen=True)
class MyMessageDetail:
    summary: MyMessage
    check_questions: list[CheckQuestion]
    answered_questions: list[MessageQuestion]  # for everyone it went to
    my_waiting_questions: list[MessageQuestion]
    tried_this_version: bool  # and answered a check question wrongly
    corrections: list[MessageCorrection]  # oldest first

    @property
    def recipient(self) -> Recipient:
        return self.summary.recipient

    @property
    def message(self) -> Message:
        return self.summary.recipient.message


def message_as_received(message: Message, staff: StaffMember) -> MyMessageDetail:
    """A published message as one of the people it was sent to reads it (whether it was sent
    to them is access.received_message_for_user's to decide): its check questions, the
    questions answered for everyone and their own still waiting, and its corrections."""
    recipient = Recipient.objects.select_related("message", "message__sender").get(
        message=message, staff=staff
    )
    acknowledgements = Acknowledgement.objects.filter(message=message, staff=staff)
    questions = list(message.questions.select_related("answered_by").order_by("created_at", "pk"))
    return MyMessageDetail(
        summary=MyMessage(
            recipient,
            acknowledgements.filter(answered_correctly=True, version__lt=message.version).exists(),
        ),
        check_questions=list(message.check_questions.all()),
        answered_questions=[q for q in questions if q.answered_at is not None],
        my_waiting_questions=[
            q for q in questions if q.answered_at is None and q.asked_by_id == staff.pk
        ],
        tried_this_version=acknowledgements.filter(
            version=message.version, answered_correctly=False
        ).exists(),
        corrections=message_corrections(message),
    )


def message_corrections(message: Message) -> list[MessageCorrection]:
    """A message's corrections, oldest first: the first keeps what was first sent."""
    return list(MessageCorrection.objects.filter(message=message).order_by("version"))


def _cascade_tasks_with_counts() -> QuerySet[CascadeTask]:
    def count(condition: Q) -> Coalesce:
        subquery = (
            Recipient.objects.filter(
                condition, message=OuterRef("message"), manager=OuterRef("manager")
            )
            .order_by()
            .values("manager")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(subquery), 0)

    return CascadeTask.objects.filter(message__status=MessageStatus.PUBLISHED).annotate(
        people_count=count(Q()), understood_count=count(UNDERSTOOD)
    )


@dataclass(frozen=True)
class MyBriefings:
    to_do: list[CascadeTask]
    done: list[CascadeTask]
    escalated_to_me: list[CascadeTask]  # managers below me who have not briefed in time
    today: date


def my_briefings(staff: StaffMember, *, today: date | None = None) -> MyBriefings:
    """A manager's cascade tasks (those to do, soonest first, and those done) and the tasks of
    managers below them escalated to them because they were not done in time."""
    today = today or timezone.localdate()
    mine = list(
        _cascade_tasks_with_counts()
        .filter(manager=staff)
        .select_related("message", "escalated_to")
        .order_by("due_on", "pk")
    )
    escalated = list(
        _cascade_tasks_with_counts()
        .filter(escalated_to=staff, briefed_at__isnull=True)
        .select_related("message", "manager", "manager__team")
        .order_by("due_on", "pk")
    )
    return MyBriefings(
        to_do=[t for t in mine if t.briefed_at is None],
        done=[t for t in mine if t.briefed_at is not None],
        escalated_to_me=escalated,
        today=today,
    )


@dataclass(frozen=True)
class Briefing:
    task: CascadeTask
    people: list[Recipient]  # the direct reports to brief, with whether they have understood


def published_cascade_task(task_id: int) -> CascadeTask | None:
    """A cascade task of a published message, with its message and whom it was escalated to."""
    return (
        CascadeTask.objects.select_related("message", "escalated_to")
        .filter(pk=task_id, message__status=MessageStatus.PUBLISHED)
        .first()
    )


def briefing_of(task: CascadeTask) -> Briefing:
    """A cascade task with the people its manager is to brief (whose task it is to give is
    access.briefing_for_user's to decide)."""
    people = list(
        Recipient.objects.filter(message=task.message, manager_id=task.manager_id)
        .select_related("staff")
        .order_by("staff__family_name", "staff__given_name", "pk")
    )
    return Briefing(task=task, people=people)


def message_audience_description(message: Message) -> str:
    """Who a message is for, in words: 'The whole partnership' or the chosen agencies,
    localities and teams, and the levels when chosen; and how many named people it is for,
    with their managers (counted, not named: a restructure's message says whom it affects, and
    the reach page, which names people, is audited)."""
    if message.whole_partnership:
        return _with_levels("The whole partnership", message.levels)
    groups = [
        (label, [str(item) for item in getattr(message, name).all()])
        for label, name in (
            ("agencies", "agencies"),
            ("localities", "localities"),
            ("teams", "teams"),
        )
    ]
    text = "; ".join(
        f"{label[0].upper()}{label[1:]}: {', '.join(names)}" for label, names in groups if names
    )
    if text:
        text = _with_levels(text, message.levels)
    named = len(message.people.all())
    if named:
        people = (
            "1 named person and their manager"
            if named == 1
            else f"{named:,} named people and their managers"
        )
        text = f"{text}; {people}" if text else people[:1].upper() + people[1:]
    return text


def _with_levels(text: str, levels: list[int]) -> str:
    if not levels:
        return text
    chosen = ", ".join(str(level) for level in levels)
    return f"{text} (management level{'s' if len(levels) > 1 else ''} {chosen} only)"
