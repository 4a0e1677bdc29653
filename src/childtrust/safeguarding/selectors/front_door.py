"""Reads for the front door: its queue (by stage, RAG and decision due, with counts), a
referral's steps, and the figures the home page shows. Who may see which is
access/front_door.py's: these take what it allows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.dateformat import format as date_format

from childtrust.accounts.models import User
from childtrust.children.selectors.search import ChildMatch, SearchTerms, children_search
from childtrust.safeguarding.clock_dates import (
    ClockStanding,
    clock_standing,
    screening_target_hours,
)
from childtrust.safeguarding.models import (
    Assessment,
    Clock,
    ClockKind,
    Concern,
    InformationRequest,
    Referral,
    ReferralStage,
)

STAGE_ORDER = [stage for stage, _label in ReferralStage.choices]
# Suggestions for the referral form's child: enough to choose among, few enough to read.
CHILDREN_SUGGESTED = 10
# Fewer letters than this find too many children to be of use (and need no audited search).
SUGGEST_FROM_LETTERS = 2
# The largest key a 64-bit integer column holds (PostgreSQL's bigint, SQLite's INTEGER).
_LARGEST_KEY = 2**63 - 1


@dataclass(frozen=True)
class QueueFilter:
    stage: str = ""
    rag: str = ""
    # "overdue": decisions past their day; "today": due today or overdue.
    due: str = ""


@dataclass(frozen=True)
class QueueRow:
    referral: Referral
    decision_due: datetime.date | None
    standing: ClockStanding | None
    screening_late: bool


@dataclass(frozen=True)
class StageCount:
    stage: str
    label: str
    count: int


def _with_decision_due(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    due = Clock.objects.filter(referral=OuterRef("pk"), kind=ClockKind.DECISION).order_by("pk")
    return referrals.annotate(
        decision_due_on=Subquery(due.values("due_on")[:1]),
        decision_stopped_on=Subquery(due.values("stopped_on")[:1]),
    )


def _screening_late(referral: Referral, now: datetime.datetime) -> bool:
    """Screened (or still waiting) past the local target for its rating; a referral not yet
    rated is judged by the shortest target (red's)."""
    hours = screening_target_hours(referral.rag or "red")
    if hours is None:
        return False
    screened = referral.screened_at or now
    return screened - referral.received_at > datetime.timedelta(hours=hours)


def front_door_queue(
    referrals: QuerySet[Referral], queue_filter: QueueFilter, *, today: datetime.date | None = None
) -> list[QueueRow]:
    """The referrals given, filtered, oldest decision due first; closed ones only on asking."""
    today = today or timezone.localdate()
    now = timezone.now()
    chosen = _with_decision_due(referrals)
    if queue_filter.stage:
        chosen = chosen.filter(stage=queue_filter.stage)
    else:
        chosen = chosen.exclude(stage=ReferralStage.CLOSED)
    if queue_filter.rag:
        chosen = chosen.filter(rag=queue_filter.rag)
    if queue_filter.due in ("today", "overdue"):
        limit = today if queue_filter.due == "today" else today - datetime.timedelta(days=1)
        chosen = chosen.filter(
            clocks__kind=ClockKind.DECISION,
            clocks__due_on__lte=limit,
            clocks__stopped_on__isnull=True,
        )
    rows = []
    for referral in chosen.order_by("decision_due_on", "received_at", "pk"):
        due: datetime.date | None = referral.decision_due_on  # type: ignore[attr-defined]
        running = referral.decision_stopped_on is None  # type: ignore[attr-defined]
        rows.append(
            QueueRow(
                referral=referral,
                decision_due=due,
                standing=clock_standing(due, today) if due is not None and running else None,
                screening_late=referral.stage != ReferralStage.CLOSED
                and _screening_late(referral, now),
            )
        )
    return rows


def stage_counts(referrals: QuerySet[Referral]) -> list[StageCount]:
    counts = dict(referrals.values_list("stage").annotate(n=Count("pk")).order_by())
    return [
        StageCount(stage, label, counts.get(stage, 0)) for stage, label in ReferralStage.choices
    ]


def decisions_due_by(referrals: QuerySet[Referral], today: datetime.date) -> int:
    """Referrals whose decision is due today or earlier and not made."""
    return Clock.objects.filter(
        referral__in=referrals,
        kind=ClockKind.DECISION,
        stopped_on__isnull=True,
        due_on__lte=today,
    ).count()


@dataclass(frozen=True)
class ReferralSteps:
    """A referral's page: its requests, assessments, clocks and the child's meetings."""

    requests: list[InformationRequest]
    assessments: list[Assessment]
    clocks: list[tuple[Clock, ClockStanding | None]]


def referral_steps(referral: Referral, *, today: datetime.date | None = None) -> ReferralSteps:
    today = today or timezone.localdate()
    clocks = list(Clock.objects.filter(child=referral.child).select_related("owner"))
    return ReferralSteps(
        requests=list(
            referral.information_requests.select_related("agency", "answered_by").order_by(
                "agency__name"
            )
        ),
        assessments=list(referral.assessments.select_related("social_worker")),
        clocks=[
            (clock, clock_standing(clock.due_on, today) if clock.stopped_on is None else None)
            for clock in clocks
        ],
    )


def referral_with_id(pk: int) -> Referral | None:
    return Referral.objects.select_related("child", "referrer_agency").filter(pk=pk).first()


def assessment_with_id(pk: int) -> Assessment | None:
    return Assessment.objects.select_related("child", "referral").filter(pk=pk).first()


def concerns_of_child_with_ids(child_id: int, ids: list[int]) -> list[Concern]:
    """The child's concerns among these IDs: a concern of another child is left out just as
    one that does not exist, so that a caller told one is missing learns nothing of either. An
    ID no key can have (below 1, or too large for a 64-bit integer, which SQLite's driver refuses
    with a server error) is one that does not exist, and is not asked for."""
    plausible = [pk for pk in ids if 0 < pk <= _LARGEST_KEY]
    return list(Concern.objects.filter(child_id=child_id, pk__in=plausible).order_by("pk"))


def information_request_with_id(pk: int) -> InformationRequest | None:
    return (
        InformationRequest.objects.select_related("referral__child", "agency").filter(pk=pk).first()
    )


@dataclass(frozen=True)
class ChildSuggestion:
    """A child the referral form suggests: its reference (what the form sends), its name (what
    the box shows once chosen) and what tells it from others of that name."""

    reference: str
    name: str
    about: str


def referral_child_suggestions(user: User, name: str) -> list[ChildSuggestion]:
    """The children the search page would find by this name, closest first: the children
    search itself (children.selectors.search), so the same reader's scope (a shielded child
    never, unless the reader has a relationship, nor told of by reference or count) and one
    audit event a search, with its terms, as the search page writes. The same details as its
    results: name, date of birth, postcode district and reference. (A name still being typed
    is found as the search finds a misspelt one: 'Olivia Smi' finds Olivia Smith.)"""
    typed = name.strip()
    if len(typed) < SUGGEST_FROM_LETTERS:
        return []
    results, _total = children_search(user, SearchTerms(name=typed), limit=CHILDREN_SUGGESTED)
    # results.shielded (the references a reader who may break glass is told of) is left out.
    return [_suggestion(match) for match in results.matches]


def _suggestion(match: ChildMatch) -> ChildSuggestion:
    child = match.child
    born = date_format(child.date_of_birth, "j F Y") if child.date_of_birth else "not known"
    about = f"born {born}"
    if match.postcode_district:
        about += f", {match.postcode_district}"
    return ChildSuggestion(
        reference=child.reference,
        name=f"{child.given_name} {child.family_name}".strip(),
        about=about,
    )
