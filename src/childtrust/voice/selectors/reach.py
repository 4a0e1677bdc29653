"""How far a message has reached: by level, agency, team and locality, day by day, where the
cascade has stalled, and every message's reach in one query for the lists."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from childtrust.core.calendar import working_days_between
from childtrust.partnership.models import StaffMember
from childtrust.voice.models import CascadeTask, Message, MessageQuestion, Recipient

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
class ReachRow:
    """Reach in one group of recipients (a level, an agency, a team, a locality, or all)."""

    label: str
    total: int
    reached: int
    understood: int
    median_hours: float | None = None  # from publication to reached, over those reached
    key: int | None = None  # the group's id (a level's number); None for "No team" and the like

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
    totals: dict[int | None, list[int]] = {}
    labels: dict[int | None, str] = {}
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
    # Every recipient has a level (1 and below), so a level's key is never None.
    by_level = sorted(
        (
            replace(row, median_hours=medians.get(row.key or 0))
            for row in _grouped(rows, "level", lambda r: f"Level {r['level']}")
        ),
        key=lambda row: row.key or 0,
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
