"""Staff voice: selectors. Sections: cascade, surveys, feedback and the leaders' page."""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.calendar import working_days_between
from childtrust.core.permissions import Capability, has_capability
from childtrust.partnership.models import Agency, AgencyKind, Locality, StaffMember
from childtrust.partnership.selectors.staff import management_levels
from childtrust.voice.models import (
    Acknowledgement,
    CascadeTask,
    CheckQuestion,
    Feedback,
    FeedbackStatus,
    Message,
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

# --- Cascade -----------------------------------------------------------------------------------
# Reach is counted in the database (grouped counts, a window for medians), never by looping over
# recipients in Python, so that a message to twenty thousand people is measured in a fraction of
# a second. A recipient is reached once briefed or once they confirmed they understood, at the
# earlier of the two; understood once they confirmed the current version.

REACHED = Q(briefed_at__isnull=False) | Q(understood_at__isnull=False)
UNDERSTOOD = Q(understood_at__isnull=False)
# The earlier of the two times, written out because SQLite's MIN() and PostgreSQL's LEAST()
# disagree about NULL.
REACHED_AT = Case(
    When(briefed_at__isnull=True, then=F("understood_at")),
    When(understood_at__isnull=True, then=F("briefed_at")),
    When(briefed_at__lte=F("understood_at"), then=F("briefed_at")),
    default=F("understood_at"),
    output_field=DateTimeField(),
)


class _HoursSince(Func):
    """Whole hours from a fixed moment to a time, worked out by the database itself: Django's
    own date functions run in Python, row by row, on SQLite, which is too slow for reach over
    time on twenty thousand people."""

    template = "FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600)::integer"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, expression: Any, since: datetime) -> None:
        super().__init__(expression, Value(since, output_field=DateTimeField()))

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST((julianday(%(expressions)s)) * 24 AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


@dataclass(frozen=True)
class AudienceMember:
    staff_id: int
    manager_id: int | None  # the nearest active manager above, who briefs them
    level: int
    agency_id: int
    team_id: int | None
    locality_id: int | None


def message_audience(message: Message) -> list[AudienceMember]:
    """Who the message goes to, were it published now: active staff in the whole partnership or
    in any of the chosen agencies, localities (their team's locality) or teams, and at one of
    the chosen levels when levels are chosen. Reads everyone's line management in one query to
    work out levels and the manager who will brief each person."""
    people = {
        row[0]: row
        for row in StaffMember.objects.values_list(
            "pk", "manager_id", "is_active", "agency_id", "team_id", "team__locality_id"
        )
    }
    levels = management_levels({pk: row[1] for pk, row in people.items()})
    agencies = localities = teams = set()
    if not message.whole_partnership:
        agencies = set(message.agencies.values_list("pk", flat=True))
        localities = set(message.localities.values_list("pk", flat=True))
        teams = set(message.teams.values_list("pk", flat=True))
    chosen_levels = set(message.levels or [])

    def briefing_manager(pk: int) -> int | None:
        current, seen = people[pk][1], set()
        while current is not None and current in people and current not in seen:
            if people[current][2]:
                return current
            seen.add(current)
            current = people[current][1]
        return None

    return [
        AudienceMember(pk, briefing_manager(pk), levels[pk], agency_id, team_id, locality_id)
        for pk, _, active, agency_id, team_id, locality_id in people.values()
        if active
        and (not chosen_levels or levels[pk] in chosen_levels)
        and (
            message.whole_partnership
            or agency_id in agencies
            or locality_id in localities
            or team_id in teams
        )
    ]


@dataclass(frozen=True)
class ReachRow:
    """Reach in one group of recipients (a level, an agency, a team, a locality, or all)."""

    label: str
    total: int
    reached: int
    understood: int
    median_hours: float | None = None  # from publication to reached, over those reached
    key: Any = None  # the group's id (a level's number)

    @staticmethod
    def _percent(part: int, whole: int) -> str:
        return f"{100 * part / whole:.0f}%" if whole else "No one"

    @property
    def reached_share(self) -> float:
        return self.reached / self.total if self.total else 0.0

    @property
    def understood_share(self) -> float:
        return self.understood / self.total if self.total else 0.0

    @property
    def reached_percent(self) -> str:
        return self._percent(self.reached, self.total)

    @property
    def understood_percent(self) -> str:
        return self._percent(self.understood, self.total)

    @property
    def unreached(self) -> int:
        return self.total - self.reached

    @property
    def median_text(self) -> str:
        hours = self.median_hours
        if hours is None:
            return "Not yet reached"
        if hours < 1:
            return "Under an hour"
        if hours < 48:
            return f"{hours:.0f} hour{'' if round(hours) == 1 else 's'}"
        return f"{hours / 24:.1f} days"


@dataclass(frozen=True)
class ReachDay:
    day_number: int  # 0 is the day it was published
    day: date
    reached_that_day: int
    reached_so_far: int
    share: float  # reached so far, of everyone it went to

    @property
    def percent(self) -> str:
        return f"{100 * self.share:.0f}%"


@dataclass(frozen=True)
class Stall:
    """A manager past the date who has not briefed, and the direct reports it leaves unreached
    (each manager briefs on their own: no one waits for the manager above)."""

    task: CascadeTask
    working_days_late: int
    unreached: list[StaffMember]

    @property
    def manager(self) -> StaffMember:
        return self.task.manager


@dataclass(frozen=True)
class MessageReach:
    message: Message
    overall: ReachRow
    by_level: list[ReachRow]
    by_agency: list[ReachRow]
    by_team: list[ReachRow]
    by_locality: list[ReachRow]
    over_time: list[ReachDay]
    stalls: list[Stall]
    questions: list[MessageQuestion]

    @property
    def people_shown(self) -> int:
        """How many people the page names (for the audit event)."""
        return (
            len(self.stalls)
            + sum(len(s.unreached) for s in self.stalls)
            + len({q.asked_by_id for q in self.questions})
        )


def _grouped(
    rows: list[dict[str, Any]], key: str, label: Callable[[dict[str, Any]], str]
) -> list[ReachRow]:
    totals: dict[Any, list[int]] = {}
    labels: dict[Any, str] = {}
    for row in rows:
        counts = totals.setdefault(row[key], [0, 0, 0])
        counts[0] += row["total"]
        counts[1] += row["reached"]
        counts[2] += row["understood"]
        labels[row[key]] = label(row)
    return sorted(
        (ReachRow(labels[k], c[0], c[1], c[2], key=k) for k, c in totals.items()),
        key=lambda r: (r.label.startswith("No "), r.label.lower()),
    )


def _median_hours_by_level(message: Message) -> dict[int, float]:
    """The median time from publication to reached, per level, over those reached: the
    middle one or two of each level's sorted times, picked by a window function."""
    published = message.published_at
    if published is None:
        return {}
    middle = (
        Recipient.objects.filter(message=message)
        .filter(REACHED)
        .annotate(reached_at=REACHED_AT)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("level")], order_by=F("reached_at").asc()),
            count=Window(Count("pk"), partition_by=[F("level")]),
        )
        .filter(position__gte=(F("count") + 1) / 2, position__lte=(F("count") + 2) / 2)
        .values_list("level", "reached_at")
    )
    times: dict[int, list[float]] = defaultdict(list)
    for level, reached_at in middle:
        times[level].append(max((reached_at - published).total_seconds(), 0.0) / 3600)
    return {level: sum(values) / len(values) for level, values in times.items()}


def _reach_over_time(message: Message, total: int, today: date) -> list[ReachDay]:
    """The share reached so far at the end of each day since publication, through today. The
    database counts people reached in each hour since the local midnight before publication;
    local midnights fall on whole hours from it (the clocks change by an hour), so each hour
    belongs to one local day."""
    if message.published_at is None or not total:
        return []
    first_day = timezone.localdate(message.published_at)
    # In UTC, so that adding hours adds real hours rather than moving the wall clock.
    midnight = timezone.make_aware(datetime.combine(first_day, time.min)).astimezone(UTC)
    per_day: dict[date, int] = defaultdict(int)
    for hour, reached in (
        Recipient.objects.filter(message=message)
        .filter(REACHED)
        .annotate(hour=_HoursSince(REACHED_AT, midnight))
        .values("hour")
        .annotate(reached=Count("pk"))
        .order_by()
        .values_list("hour", "reached")
    ):
        day = timezone.localdate(midnight + timedelta(hours=hour))
        # Anyone reached before the day of publication (a clock set wrong) counts on day 0.
        per_day[max(day, first_day)] += reached
    last_day = max([today, *per_day])
    days, so_far = [], 0
    for number in range((last_day - first_day).days + 1):
        day = first_day + timedelta(days=number)
        so_far += per_day.get(day, 0)
        days.append(ReachDay(number, day, per_day.get(day, 0), so_far, so_far / total))
    return days


def _stalls(message: Message, today: date) -> list[Stall]:
    stalled = CascadeTask.objects.filter(message=message, briefed_at__isnull=True, due_on__lt=today)
    tasks = list(
        stalled.select_related("manager", "manager__agency", "manager__team", "escalated_to")
        .only(
            "message_id",
            "due_on",
            "reminded_at",
            "escalated_at",
            *(f"manager__{name}" for name in ("given_name", "family_name", "job_title")),
            "manager__agency__name",
            "manager__team__name",
            "escalated_to__given_name",
            "escalated_to__family_name",
        )
        .order_by("due_on", "manager__family_name", "manager__given_name", "pk")
    )
    if not tasks:
        return []
    unreached: dict[int, list[StaffMember]] = defaultdict(list)
    for recipient in (
        Recipient.objects.filter(message=message, manager_id__in=stalled.values("manager_id"))
        .exclude(REACHED)
        .select_related("staff")
        .only("manager_id", "staff__given_name", "staff__family_name", "staff__job_title")
        .order_by("staff__family_name", "staff__given_name", "pk")
    ):
        unreached[recipient.manager_id or 0].append(recipient.staff)
    late = {due_on: working_days_between(due_on, today) for due_on in {t.due_on for t in tasks}}
    return [Stall(task, late[task.due_on], unreached[task.manager_id]) for task in tasks]


def message_reach(message: Message, *, today: date | None = None) -> MessageReach:
    """Everything the reach page shows, in a fixed handful of queries whatever the size of the
    audience: counts by level, agency, team and locality from one grouped query; the median time
    to reach each level; reach day by day; where the cascade has stalled and whom that leaves
    unreached; the questions asked."""
    today = today or timezone.localdate()
    rows = list(
        Recipient.objects.filter(message=message)
        .values(
            "level",
            "agency_id",
            "agency__name",
            "team_id",
            "team__name",
            "locality_id",
            "locality__name",
        )
        .annotate(
            total=Count("pk"),
            reached=Count("pk", filter=REACHED),
            understood=Count("pk", filter=UNDERSTOOD),
        )
        .order_by()
    )
    medians = _median_hours_by_level(message)
    by_level = sorted(
        (
            replace(row, median_hours=medians.get(row.key))
            for row in _grouped(rows, "level", lambda r: f"Level {r['level']}")
        ),
        key=lambda row: row.key,
    )
    overall = ReachRow(
        "Everyone",
        sum(r["total"] for r in rows),
        sum(r["reached"] for r in rows),
        sum(r["understood"] for r in rows),
    )
    return MessageReach(
        message=message,
        overall=overall,
        by_level=by_level,
        by_agency=_grouped(rows, "agency_id", lambda r: r["agency__name"]),
        by_team=_grouped(rows, "team_id", lambda r: r["team__name"] or "No team"),
        by_locality=_grouped(rows, "locality_id", lambda r: r["locality__name"] or "No locality"),
        over_time=_reach_over_time(message, overall.total, today),
        stalls=_stalls(message, today),
        questions=list(
            message.questions.select_related("asked_by", "answered_by").order_by("created_at", "pk")
        ),
    )


def message_reach_for_user(
    *, user: Any, message: Message, today: date | None = None
) -> MessageReach:
    """The reach page's data for someone who may see it. It names people (managers who have not
    briefed, whom that leaves unreached, who asked what), so each view is audited."""
    if not (
        has_capability(user, Capability.SEND_MESSAGES)
        or has_capability(user, Capability.VIEW_STAFF_VOICE)
    ):
        raise PermissionDenied
    reach = message_reach(message, today=today)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=message,
        details={"page": "message reach", "people_shown": reach.people_shown},
    )
    return reach


def messages_with_reach() -> QuerySet[Message]:
    """Every message, drafts first then the newest, each with its reach in one query: people
    it went to, reached and understood; managers past the date who have not briefed; questions
    waiting for an answer."""
    today = timezone.localdate()
    stalled = (
        CascadeTask.objects.filter(
            message=OuterRef("pk"), briefed_at__isnull=True, due_on__lt=today
        )
        .order_by()
        .values("message")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waiting = (
        MessageQuestion.objects.filter(message=OuterRef("pk"), answered_at__isnull=True)
        .order_by()
        .values("message")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Message.objects.select_related("sender")
        .annotate(
            recipient_count=Count("recipients"),
            reached_count=Count(
                "recipients",
                filter=Q(recipients__briefed_at__isnull=False)
                | Q(recipients__understood_at__isnull=False),
            ),
            understood_count=Count("recipients", filter=Q(recipients__understood_at__isnull=False)),
            stalled_count=Coalesce(Subquery(stalled), 0),
            unanswered_count=Coalesce(Subquery(waiting), 0),
        )
        .order_by(F("published_at").desc(nulls_first=True), "-created_at", "-pk")
    )


def message_for_sender(pk: int) -> Message:
    return get_object_or_404(
        Message.objects.select_related("sender").prefetch_related(
            "agencies", "localities", "teams", "check_questions"
        ),
        pk=pk,
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
            return "Changed: confirm again", "orange"
        return "To read and confirm", "blue"


def my_messages(staff: StaffMember) -> list[MyMessage]:
    """The published messages sent to a person, newest version first, with whether they have
    confirmed the current version or confirmed an earlier one."""
    earlier = Acknowledgement.objects.filter(
        message=OuterRef("message"),
        staff=OuterRef("staff"),
        answered_correctly=True,
        version__lt=OuterRef("message__version"),
    )
    recipients = (
        Recipient.objects.filter(staff=staff, message__status=MessageStatus.PUBLISHED)
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

    @property
    def recipient(self) -> Recipient:
        return self.summary.recipient

    @property
    def message(self) -> Message:
        return self.summary.recipient.message


def my_message(staff: StaffMember, message_id: int) -> MyMessageDetail:
    """A message sent to this person (404 otherwise), with its check questions and the
    questions answered for everyone."""
    recipient = get_object_or_404(
        Recipient.objects.select_related("message", "message__sender"),
        staff=staff,
        message_id=message_id,
        message__status=MessageStatus.PUBLISHED,
    )
    message = recipient.message
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
    )


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


def my_briefing(staff: StaffMember, task_id: int) -> Briefing:
    """One of a manager's own cascade tasks (404 for anyone else's), with the people to brief."""
    task = get_object_or_404(
        CascadeTask.objects.select_related("message", "escalated_to"),
        pk=task_id,
        manager=staff,
        message__status=MessageStatus.PUBLISHED,
    )
    people = list(
        Recipient.objects.filter(message=task.message, manager=staff)
        .select_related("staff")
        .order_by("staff__family_name", "staff__given_name", "pk")
    )
    return Briefing(task=task, people=people)


def message_audience_description(message: Message) -> str:
    """Who a message is for, in words: 'The whole partnership' or the chosen agencies,
    localities and teams, and the levels when chosen."""
    if message.whole_partnership:
        text = "The whole partnership"
    else:
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
    if message.levels:
        levels = ", ".join(str(level) for level in message.levels)
        text += f" (management level{'s' if len(message.levels) > 1 else ''} {levels} only)"
    return text


# --- Pulse surveys -----------------------------------------------------------------------------
# Results are anonymous: they are counted over groups of at least SURVEY_MINIMUM_GROUP_SIZE
# responses (`suppressed_groups` hides the rest, and any group that would let a hidden one be
# worked out by subtraction), free text is shown only for the whole round, and nothing here
# returns one person's response. A round's results appear once it has closed, so that watching
# the figures move while it is open cannot show what the latest person answered.

AGREE_SCORES = frozenset({4, 5})
READY_AVERAGE_PERCENT = 70
READY_LOWEST_PERCENT = 50
GETTING_READY_AVERAGE_PERCENT = 50

# What agreeing with a theme's statements says, to finish "Most staff ...".
THEME_PHRASES: dict[str, str] = {
    SurveyTheme.CLARITY: "understand the vision",
    SurveyTheme.EXPECTATIONS: "know what is expected of them",
    SurveyTheme.INVOLVEMENT: "feel involved in the change",
    SurveyTheme.CONFIDENCE: "have confidence in leaders",
    SurveyTheme.WORKLOAD: "find their workload manageable",
    SurveyTheme.WELLBEING: "feel they are coping well with the change",
    SurveyTheme.UNCERTAINTY: "feel settled about what the change means for them",
}

GroupKey = TypeVar("GroupKey", bound=Hashable)


def survey_minimum_group_size() -> int:
    return max(1, int(settings.SURVEY_MINIMUM_GROUP_SIZE))


def suppressed_groups(counts: Mapping[GroupKey, int], *, total: int, minimum: int) -> set[GroupKey]:
    """The groups of one breakdown (by agency, say) whose results must not be shown, given each
    group's number of responses and the round's total (which also counts responses whose group
    is not known).

    1. When the total is below `minimum`, every group: the overall result is not shown either.
    2. Every group with fewer than `minimum` responses.
    3. Complementary suppression: the responses not shown (those of the hidden groups and those
       of no known group) can be worked out as the total less the shown groups. While they are
       more than none but fewer than `minimum`, hide the smallest group still shown (the first
       given, on a tie) as well, and look again.

    So every shown group has at least `minimum` responses, and the total less the shown groups
    is either nothing or at least `minimum`: no hidden group can be recovered by subtraction."""
    if any(count < 0 for count in counts.values()):
        raise ValueError("A group cannot have a negative number of responses")
    unknown = total - sum(counts.values())
    if unknown < 0:
        raise ValueError("The groups add up to more than the total")
    if total < minimum:
        return set(counts)
    hidden = {key for key, count in counts.items() if count < minimum}
    hidden_total = unknown + sum(counts[key] for key in hidden)
    for key in sorted(counts, key=counts.__getitem__):
        if hidden_total == 0 or hidden_total >= minimum:
            break
        if key not in hidden:
            hidden.add(key)
            hidden_total += counts[key]
    return hidden


@dataclass(frozen=True)
class ThemeScore:
    theme: str
    label: str
    mean: float  # from 1 (strongly disagree) to 5 (strongly agree)
    agree_share: float  # the share of answers that agree or strongly agree
    answers: int

    @property
    def agree_percent(self) -> int:
        return round(self.agree_share * 100)


def _themes_asked(questions: Iterable[SurveyQuestion]) -> list[str]:
    asked = {q.theme for q in questions if q.kind == QuestionKind.LIKERT and q.theme}
    return [theme for theme in SurveyTheme.values if theme in asked]


def theme_scores(
    scores: Iterable[tuple[str, int]], themes: Sequence[str]
) -> tuple[ThemeScore, ...]:
    """Each theme's mean score and share agreeing over (theme, score) answers, in `themes`
    order; a theme with no answers is left out."""
    by_theme: dict[str, list[int]] = defaultdict(list)
    for theme, score in scores:
        by_theme[theme].append(score)
    return tuple(
        ThemeScore(
            theme=theme,
            label=SurveyTheme(theme).label,
            mean=sum(values) / len(values),
            agree_share=sum(1 for value in values if value in AGREE_SCORES) / len(values),
            answers=len(values),
        )
        for theme in themes
        if (values := by_theme.get(theme))
    )


@dataclass(frozen=True)
class GroupResult:
    label: str
    shown: bool
    responses: int | None  # None when the group is not shown
    themes: tuple[ThemeScore, ...]


@dataclass(frozen=True)
class Breakdown:
    name: str  # agency, level or locality
    title: str
    group_heading: str
    groups: tuple[GroupResult, ...]


@dataclass(frozen=True)
class FreeTextAnswers:
    question: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class RoundResults:
    survey_round: SurveyRound
    minimum: int
    responses: int
    invited: int
    is_closed: bool
    overall_shown: bool  # the round has closed with at least `minimum` responses
    themes: tuple[tuple[str, str], ...]  # (theme, label) for each theme the survey asks about
    overall: tuple[ThemeScore, ...]
    breakdowns: tuple[Breakdown, ...]
    free_text: tuple[FreeTextAnswers, ...]

    @property
    def response_percent(self) -> int | None:
        """Responses as a share of the staff invited; given for the whole round only, where the
        number invited is known and large."""
        return round(100 * self.responses / self.invited) if self.invited else None


ResponseScores = dict[int, list[tuple[str, int]]]


def _round_scores(survey_round: SurveyRound) -> ResponseScores:
    scores: ResponseScores = defaultdict(list)
    answers = SurveyAnswer.objects.filter(
        response__round=survey_round, question__kind=QuestionKind.LIKERT, score__isnull=False
    ).values_list("response_id", "question__theme", "score")
    for response_id, theme, score in answers:
        if score is not None:
            scores[response_id].append((theme, score))
    return scores


def _breakdown(
    *,
    name: str,
    title: str,
    group_heading: str,
    members: Mapping[int, Hashable | None],
    labels: Mapping[Any, str],
    scores: ResponseScores,
    themes: Sequence[str],
    minimum: int,
) -> Breakdown:
    """One breakdown of a round's responses; `members` maps each response to its group (None
    when not known), `labels` gives each group's name in the order to show them."""
    counts = Counter(key for key in members.values() if key is not None)
    hidden = suppressed_groups(counts, total=len(members), minimum=minimum)
    groups = []
    for key, label in labels.items():
        if key not in counts:
            continue
        if key in hidden:
            groups.append(GroupResult(label=label, shown=False, responses=None, themes=()))
            continue
        answers = chain.from_iterable(
            scores.get(response, []) for response, group in members.items() if group == key
        )
        groups.append(
            GroupResult(
                label=label, shown=True, responses=counts[key], themes=theme_scores(answers, themes)
            )
        )
    return Breakdown(name=name, title=title, group_heading=group_heading, groups=tuple(groups))


def _stable_shuffle_key(survey_round: SurveyRound, answer_pk: int) -> str:
    return hashlib.sha256(f"{survey_round.pk}:{answer_pk}".encode()).hexdigest()


def _free_text(
    survey_round: SurveyRound, questions: Sequence[SurveyQuestion]
) -> tuple[FreeTextAnswers, ...]:
    """Free-text answers for the whole round, in an order that is random (it says nothing of who
    answered when) but the same on every visit."""
    answers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = (
        SurveyAnswer.objects.filter(
            response__round=survey_round, question__kind=QuestionKind.FREE_TEXT
        )
        .exclude(text="")
        .values_list("pk", "question_id", "text")
    )
    for pk, question_pk, text in rows:
        answers[question_pk].append((_stable_shuffle_key(survey_round, pk), text))
    return tuple(
        FreeTextAnswers(
            question=question.text,
            answers=tuple(text for _, text in sorted(answers.get(question.pk, []))),
        )
        for question in questions
        if question.kind == QuestionKind.FREE_TEXT
    )


def survey_round_results(survey_round: SurveyRound, *, today: date | None = None) -> RoundResults:
    """A round's results, overall and by agency, level and locality, with every group below the
    minimum size (and any that would reveal one) left out; see `suppressed_groups`."""
    today = today or timezone.localdate()
    minimum = survey_minimum_group_size()
    questions = list(survey_round.survey.questions.all())
    themes = _themes_asked(questions)
    groups = {
        pk: (agency, level, locality)
        for pk, agency, level, locality in SurveyResponse.objects.filter(
            round=survey_round
        ).values_list("pk", "agency_id", "level", "locality_id")
    }
    is_closed = survey_round.closes_on < today
    overall_shown = is_closed and len(groups) >= minimum
    results = RoundResults(
        survey_round=survey_round,
        minimum=minimum,
        responses=len(groups),
        invited=survey_round.invited,
        is_closed=is_closed,
        overall_shown=overall_shown,
        themes=tuple((theme, SurveyTheme(theme).label) for theme in themes),
        overall=(),
        breakdowns=(),
        free_text=(),
    )
    if not overall_shown:
        return results
    scores = _round_scores(survey_round)
    agency_ids = {agency for agency, _, _ in groups.values() if agency is not None}
    locality_ids = {locality for _, _, locality in groups.values() if locality is not None}
    levels = sorted({level for _, level, _ in groups.values() if level is not None})

    def breakdown(
        name: str, title: str, heading: str, position: int, labels: Mapping[Any, str]
    ) -> Breakdown:
        return _breakdown(
            name=name,
            title=title,
            group_heading=heading,
            members={pk: group[position] for pk, group in groups.items()},
            labels=labels,
            scores=scores,
            themes=themes,
            minimum=minimum,
        )

    agencies = Agency.objects.filter(pk__in=agency_ids).order_by("name")
    localities = Locality.objects.filter(pk__in=locality_ids).order_by("name")
    return replace(
        results,
        overall=theme_scores(chain.from_iterable(scores.values()), themes),
        breakdowns=(
            breakdown("agency", "By agency", "Agency", 0, dict(agencies.values_list("pk", "name"))),
            breakdown(
                "level",
                "By management level",
                "Level",
                1,
                {level: f"Level {level}" for level in levels},
            ),
            breakdown(
                "locality",
                "By locality",
                "Locality",
                2,
                dict(localities.values_list("pk", "name")),
            ),
        ),
        free_text=_free_text(survey_round, questions),
    )


# Trends over repeats and change readiness


@dataclass(frozen=True)
class TrendCell:
    percent: int | None  # the share agreeing; None when the round's results are not shown
    change: int | None  # points up (or down) on the last round shown before it

    @property
    def change_size(self) -> int:
        return abs(self.change or 0)


@dataclass(frozen=True)
class ThemeTrend:
    theme: str
    label: str
    cells: tuple[TrendCell, ...]  # one for each round in SurveyTrends.rounds
    sentence: str


@dataclass(frozen=True)
class TrendRound:
    survey_round: SurveyRound
    responses: int
    shown: bool
    scores: tuple[ThemeScore, ...]


@dataclass(frozen=True)
class Readiness:
    survey_round: SurveyRound
    rating: str
    average_percent: int
    summary: str
    change: str


@dataclass(frozen=True)
class SurveyTrends:
    minimum: int
    rounds: tuple[TrendRound, ...]  # the closed rounds, oldest first
    themes: tuple[ThemeTrend, ...]
    readiness: Readiness | None  # from the latest round with results shown


def _theme_sentence(label: str, points: Sequence[tuple[int, int]]) -> str:
    """One sentence on a theme's share agreeing over the rounds shown, as (round, percent)."""
    if not points:
        return f"{label}: no round has enough responses to show yet."
    (first_round, first), (last_round, last) = points[0], points[-1]
    if len(points) == 1:
        return f"{label}: {first}% agreed in round {first_round}, the only round shown so far."
    if first == last:
        return (
            f"{label}: {first}% agreed in round {first_round} and the same in round {last_round}."
        )
    direction = "rose" if last > first else "fell"
    return (
        f"{label}: agreement {direction} from {first}% in round {first_round} "
        f"to {last}% in round {last_round}."
    )


def _theme_trends(rounds: Sequence[TrendRound], themes: Sequence[str]) -> tuple[ThemeTrend, ...]:
    trends = []
    for theme in themes:
        cells: list[TrendCell] = []
        points: list[tuple[int, int]] = []
        for trend_round in rounds:
            score = next((s for s in trend_round.scores if s.theme == theme), None)
            if score is None:
                cells.append(TrendCell(percent=None, change=None))
                continue
            previous = points[-1][1] if points else None
            percent = score.agree_percent
            cells.append(
                TrendCell(percent=percent, change=None if previous is None else percent - previous)
            )
            points.append((trend_round.survey_round.number, percent))
        label = SurveyTheme(theme).label
        trends.append(
            ThemeTrend(
                theme=theme,
                label=label,
                cells=tuple(cells),
                sentence=_theme_sentence(label, points),
            )
        )
    return tuple(trends)


def _how_many(percent: int) -> str:
    if percent > 50:
        return "Most staff"
    if percent == 50:
        return "Half of staff"
    return "Fewer than half of staff"


def readiness_summary(scores: Sequence[ThemeScore]) -> str:
    """One plain sentence: the theme most staff agree with, and the one fewest agree with."""
    if not scores:
        return ""
    best = max(scores, key=lambda s: s.agree_percent)  # the first theme on a tie
    worst = min(scores, key=lambda s: s.agree_percent)
    opening = f"{_how_many(best.agree_percent)} {THEME_PHRASES[best.theme]}"
    if worst.agree_percent == best.agree_percent:
        if len(scores) == 1:
            return f"{opening} ({best.agree_percent}% agree)."
        return f"{opening} ({best.agree_percent}% agree), and the same share on every theme."
    joint = "and fewer still" if best.agree_percent < 50 else "but fewer"
    return (
        f"{opening} ({best.agree_percent}% agree) {joint} {THEME_PHRASES[worst.theme]} "
        f"({worst.agree_percent}%)."
    )


def readiness_change(scores: Sequence[ThemeScore], previous: TrendRound | None) -> str:
    """How agreement moved since the round shown before: the biggest rise and the biggest fall."""
    if previous is None:
        return ""
    before = {s.theme: s.agree_percent for s in previous.scores}
    changes = [(s.agree_percent - before[s.theme], s) for s in scores if s.theme in before]
    number = previous.survey_round.number
    rises = [c for c in changes if c[0] > 0]
    falls = [c for c in changes if c[0] < 0]
    if not rises and not falls:
        return f"Agreement is the same on every theme as in round {number}."
    parts = []
    if rises:
        points, score = max(rises, key=lambda c: c[0])
        parts.append(f"rose most on {score.label.lower()} (up {points} points)")
    if falls:
        points, score = min(falls, key=lambda c: c[0])
        parts.append(f"fell most on {score.label.lower()} (down {-points} points)")
    return f"Since round {number}, agreement " + " and ".join(parts) + "."


def readiness_rating(scores: Sequence[ThemeScore]) -> tuple[str, int]:
    """The rating and the average share agreeing, each theme counting equally: ready at an
    average of 70% or more with no theme below 50%; getting ready at an average of 50% or more;
    otherwise not ready yet. The thresholds are the partnership's choice, shown on the page."""
    average = round(sum(s.agree_percent for s in scores) / len(scores)) if scores else 0
    lowest = min((s.agree_percent for s in scores), default=0)
    if average >= READY_AVERAGE_PERCENT and lowest >= READY_LOWEST_PERCENT:
        return "Ready", average
    if average >= GETTING_READY_AVERAGE_PERCENT:
        return "Getting ready", average
    return "Not ready yet", average


def _readiness(rounds: Sequence[TrendRound]) -> Readiness | None:
    shown = [r for r in rounds if r.shown and r.scores]
    if not shown:
        return None
    latest = shown[-1]
    rating, average = readiness_rating(latest.scores)
    return Readiness(
        survey_round=latest.survey_round,
        rating=rating,
        average_percent=average,
        summary=readiness_summary(latest.scores),
        change=readiness_change(latest.scores, shown[-2] if len(shown) > 1 else None),
    )


def survey_trends(survey: Survey, *, today: date | None = None) -> SurveyTrends:
    """Each theme's share agreeing over the survey's closed rounds (a round below the minimum
    size shows nothing), and change readiness from the latest round shown."""
    today = today or timezone.localdate()
    minimum = survey_minimum_group_size()
    themes = _themes_asked(survey.questions.all())
    closed = list(
        survey.rounds.filter(closes_on__lt=today)
        .annotate(response_count=Count("responses"))
        .order_by("number")
    )
    shown_ids = [r.pk for r in closed if r.response_count >= minimum]
    answers: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for round_id, theme, score in SurveyAnswer.objects.filter(
        response__round__in=shown_ids, question__kind=QuestionKind.LIKERT, score__isnull=False
    ).values_list("response__round_id", "question__theme", "score"):
        if score is not None:
            answers[round_id].append((theme, score))
    rounds = tuple(
        TrendRound(
            survey_round=r,
            responses=r.response_count,
            shown=r.pk in shown_ids,
            scores=theme_scores(answers[r.pk], themes) if r.pk in shown_ids else (),
        )
        for r in closed
    )
    return SurveyTrends(
        minimum=minimum,
        rounds=rounds,
        themes=_theme_trends(rounds, themes),
        readiness=_readiness(rounds),
    )


# Lists


def surveys_for_list() -> QuerySet[Survey]:
    return Survey.objects.annotate(
        round_count=Count("rounds"), latest_round_closes=Max("rounds__closes_on")
    ).order_by("title", "pk")


def survey_rounds_with_counts(survey: Survey) -> QuerySet[SurveyRound]:
    return survey.rounds.annotate(response_count=Count("responses")).order_by("-number")


def survey_rounds_to_answer(staff: StaffMember, *, today: date | None = None) -> list[SurveyRound]:
    """The rounds open today that the person has not answered, closing soonest first."""
    today = today or timezone.localdate()
    return list(
        SurveyRound.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .exclude(participations__staff=staff)
        .select_related("survey")
        .order_by("closes_on", "pk")
    )


def survey_active_staff_count() -> int:
    """Everyone a new round invites: the staff still working in the partnership."""
    return StaffMember.objects.filter(is_active=True).count()


def survey_round_is_open(survey_round: SurveyRound, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return survey_round.opens_on <= today <= survey_round.closes_on


def survey_has_answered(survey_round: SurveyRound, staff: StaffMember) -> bool:
    return SurveyParticipation.objects.filter(round=survey_round, staff=staff).exists()


# --- Feedback and the leaders' page ------------------------------------------------------------
# Feedback is routed to the head of the agency it is about; feedback about the partnership as a
# whole goes to the head of the local authority's children's services (the Director of
# Children's Services, who leads the partnership under the Children Act 2004). Targets are
# counted in working days through childtrust.core.calendar.


def feedback_agency_head(agency: Agency) -> StaffMember | None:
    """The head of an agency: its active member of staff with no manager (the one recorded
    first, should the agency have more than one)."""
    return (
        StaffMember.objects.filter(agency=agency, is_active=True, manager__isnull=True)
        .select_related("agency")
        .order_by("pk")
        .first()
    )


def feedback_partnership_agency() -> Agency | None:
    """The agency whose head answers feedback about the partnership as a whole: the local
    authority's children's services (the first by name, should there be more than one)."""
    return Agency.objects.filter(kind=AgencyKind.LOCAL_AUTHORITY).order_by("name", "pk").first()


def feedback_staff_member(user: Any) -> StaffMember | None:
    """The active staff record of a signed-in user, or None: only staff raise feedback."""
    if user is None or not user.is_authenticated:
        return None
    return StaffMember.objects.filter(user=user, is_active=True).select_related("agency").first()


@dataclass(frozen=True)
class FeedbackDue:
    """Open feedback with the working days left before its target (negative once past it)."""

    feedback: Feedback
    working_days_left: int

    @property
    def past_target(self) -> bool:
        return self.working_days_left < 0

    @property
    def working_days_over(self) -> int:
        return max(0, -self.working_days_left)


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def _feedback_with_people() -> QuerySet[Feedback]:
    return Feedback.objects.select_related("owner", "owner__agency", "agency", "raised_by")


def _due(feedback: Iterable[Feedback], today: date) -> list[FeedbackDue]:
    return [FeedbackDue(item, working_days_between(today, item.respond_by)) for item in feedback]


def feedback_to_answer(owner: StaffMember, *, today: date | None = None) -> list[FeedbackDue]:
    """The owner's open feedback, the one due soonest first."""
    open_feedback = _feedback_with_people().filter(owner=owner, status=FeedbackStatus.OPEN)
    return _due(open_feedback.order_by("respond_by", "pk"), _today(today))


def feedback_answered_by(owner: StaffMember, *, limit: int = 20) -> list[Feedback]:
    """The owner's most recent responses."""
    answered = _feedback_with_people().filter(owner=owner, status=FeedbackStatus.RESPONDED)
    return list(answered.order_by("-responded_at", "-pk")[:limit])


def feedback_for_owner(owner: StaffMember, pk: int) -> Feedback:
    """One piece of feedback for its owner to answer: 404 when there is none, PermissionDenied
    when it is someone else's to answer."""
    feedback = get_object_or_404(_feedback_with_people(), pk=pk)
    if feedback.owner_id != owner.pk:
        raise PermissionDenied
    return feedback


def feedback_raised_by(staff: StaffMember) -> list[Feedback]:
    """Feedback the person put their name to, newest first. Anonymous feedback keeps no link to
    anyone, so it is not here."""
    return list(_feedback_with_people().filter(raised_by=staff).order_by("-raised_on", "-pk"))


def feedback_published() -> QuerySet[Feedback]:
    """'You said, we did': published responses, newest first, each with how many staff have
    read it (`reach_count`)."""
    return (
        Feedback.objects.filter(published=True)
        .select_related("agency")
        .annotate(reach_count=Count("reach"))
        .order_by("-responded_at", "-pk")
    )


def feedback_published_one(pk: int) -> Feedback | None:
    return feedback_published().filter(pk=pk).first()


def feedback_open_past_target(*, today: date | None = None) -> list[FeedbackDue]:
    """Open feedback whose target date has passed, the longest overdue first, with its owner."""
    today = _today(today)
    overdue = _feedback_with_people().filter(status=FeedbackStatus.OPEN, respond_by__lt=today)
    return _due(overdue.order_by("respond_by", "pk"), today)


def feedback_working_days_to_respond(feedback: Feedback) -> int | None:
    if feedback.responded_at is None:
        return None
    return working_days_between(feedback.raised_on, timezone.localdate(feedback.responded_at))


@dataclass(frozen=True)
class FeedbackResponseTimes:
    """How quickly owners respond: the median working days from raising to response, how many
    responses met their target, and the open feedback already past it."""

    responded: int
    within_target: int
    median_working_days: float | None
    open_count: int
    open_past_target: list[FeedbackDue]

    @property
    def share_within_target(self) -> float | None:
        return 100 * self.within_target / self.responded if self.responded else None


def feedback_response_times(*, today: date | None = None) -> FeedbackResponseTimes:
    """Response times over all responded feedback, in two queries plus the overdue list."""
    rows = Feedback.objects.filter(status=FeedbackStatus.RESPONDED, responded_at__isnull=False)
    days: list[int] = []
    within = 0
    for raised_on, respond_by, responded_at in rows.values_list(
        "raised_on", "respond_by", "responded_at"
    ):
        responded_on = timezone.localdate(responded_at)
        days.append(working_days_between(raised_on, responded_on))
        within += responded_on <= respond_by
    return FeedbackResponseTimes(
        responded=len(days),
        within_target=within,
        median_working_days=statistics.median(days) if days else None,
        open_count=Feedback.objects.filter(status=FeedbackStatus.OPEN).count(),
        open_past_target=feedback_open_past_target(today=today),
    )


@dataclass(frozen=True)
class FeedbackReachRow:
    feedback: Feedback
    reached: int
    staff: int

    @property
    def share(self) -> float | None:
        return 100 * self.reached / self.staff if self.staff else None


def feedback_reach_by_response() -> list[FeedbackReachRow]:
    """For each published response, how many staff have read it, out of all active staff."""
    staff = StaffMember.objects.filter(is_active=True).count()
    return [
        FeedbackReachRow(feedback=item, reached=getattr(item, "reach_count", 0), staff=staff)
        for item in feedback_published()
    ]


# The leaders' page: one page of the staff side of the change, drawn from the cascade's and the
# surveys' own selectors so that it shows the same figures as their pages.

LEADERS_RECENT_MESSAGES = 5


@dataclass(frozen=True)
class LeadersMessage:
    """A recent message and its reach, from `messages_with_reach`."""

    message: Message
    recipients: int
    reached: int
    understood: int
    stalled_managers: int

    @property
    def reached_percent(self) -> float | None:
        return 100 * self.reached / self.recipients if self.recipients else None

    @property
    def understood_percent(self) -> float | None:
        return 100 * self.understood / self.recipients if self.recipients else None


@dataclass(frozen=True)
class LeadersSurvey:
    survey: Survey
    trends: SurveyTrends


@dataclass(frozen=True)
class LeadersOverview:
    messages: list[LeadersMessage]
    surveys: list[LeadersSurvey]
    feedback: FeedbackResponseTimes


def leaders_recent_messages(*, limit: int = LEADERS_RECENT_MESSAGES) -> list[LeadersMessage]:
    """The most recently published messages with their reach, in one query."""
    recent = messages_with_reach().filter(status=MessageStatus.PUBLISHED)[:limit]
    return [
        LeadersMessage(
            message=message,
            recipients=getattr(message, "recipient_count", 0),
            reached=getattr(message, "reached_count", 0),
            understood=getattr(message, "understood_count", 0),
            stalled_managers=getattr(message, "stalled_count", 0),
        )
        for message in recent
    ]


def leaders_survey_trends(*, today: date | None = None) -> list[LeadersSurvey]:
    """Every survey with a closed round, with its trends (results of rounds below the minimum
    group size are not shown: `survey_trends` applies the rule)."""
    today = _today(today)
    surveys = Survey.objects.filter(rounds__closes_on__lt=today).distinct().order_by("title", "pk")
    return [LeadersSurvey(survey, survey_trends(survey, today=today)) for survey in surveys]


def leaders_overview(*, today: date | None = None) -> LeadersOverview:
    today = _today(today)
    return LeadersOverview(
        messages=leaders_recent_messages(),
        surveys=leaders_survey_trends(today=today),
        feedback=feedback_response_times(today=today),
    )
