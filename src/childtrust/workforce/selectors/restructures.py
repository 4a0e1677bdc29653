"""Reads of restructures: a restructure with its parts for its page, what the law asks of it
(consultation_law, counting every other proposal at the same establishment), the choices its
forms offer (the agency's staff and live posts, its pools), the people it affects (read only
through the `*_for_user` functions of workforce/access.py, which check and audit), and what
became of them, counted without names."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from childtrust.partnership.models import Agency, StaffMember
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.workforce.models import (
    AffectedOutcome,
    AffectedPerson,
    ConsultationMeeting,
    ConsultationResponse,
    Holding,
    Post,
    PostChange,
    Restructure,
    RestructureStatus,
    SelectionPool,
)
from childtrust.workforce.selectors.consultation_law import Assessment, Proposal, assess

# A restructure over (finished or withdrawn) is judged on its recorded dates alone; a live one
# counts what has not happened yet from today (consultation_law.earliest_first_dismissal).
OVER = (RestructureStatus.FINISHED, RestructureStatus.WITHDRAWN)
# What may still change: its parts until it is put in place, people until it is finished.
PLANNING = (RestructureStatus.PROPOSED, RestructureStatus.CONSULTATION)


def restructure_with_everything(pk: int) -> Restructure | None:
    """A restructure with its agency, pools and post changes (their posts, teams, localities,
    pools), for its page. Its people are read through access.affected_people_for_user."""
    return (
        Restructure.objects.select_related("agency", "early_dismissal_acknowledged_by")
        .prefetch_related(
            Prefetch("pools", queryset=SelectionPool.objects.annotate(people=Count("members"))),
            Prefetch(
                "post_changes",
                queryset=PostChange.objects.select_related(
                    "post", "post__team", "team", "locality", "pool"
                ).order_by("kind", "pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def restructure_locked(restructure: Restructure) -> Restructure:
    """Reads the restructure's status again under a row lock, held to the end of the caller's
    transaction, onto the caller's object: two managers putting it in place at once cannot both
    do it. For services only."""
    restructure.status = (
        Restructure.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=restructure.pk)
    )
    return restructure


def restructures_listed(restructures: QuerySet[Restructure]) -> QuerySet[Restructure]:
    """Restructures (those the reader may see, from access.restructures_visible_to) with their
    agency and how many people each affects, newest first."""
    return restructures.select_related("agency").annotate(people=Count("affected_people"))


# --- The law -----------------------------------------------------------------------------------


def proposal_of(restructure: Restructure) -> Proposal:
    return Proposal(
        key=restructure.pk or 0,
        title=restructure.title,
        redundancies=restructure.proposed_redundancies,
        first_dismissal_on=restructure.first_dismissal_on,
    )


def other_proposals_at(restructure: Restructure) -> list[Proposal]:
    """Every other restructure at the same establishment (agency) that is not withdrawn."""
    others = Restructure.objects.filter(agency_id=restructure.agency_id).exclude(
        status=RestructureStatus.WITHDRAWN
    )
    if restructure.pk:
        others = others.exclude(pk=restructure.pk)
    return [
        Proposal(key=pk, title=title, redundancies=count, first_dismissal_on=day)
        for pk, title, count, day in others.values_list(
            "pk", "title", "proposed_redundancies", "first_dismissal_on"
        )
    ]


def restructure_assessment(restructure: Restructure, today: datetime.date) -> Assessment:
    """What the law asks of the restructure as it stands in memory (a service asks about the
    values it is about to save): the collective duty, counting the other proposals at its
    agency, the minimum consultation, the HR1 deadline, the earliest first dismissal and the
    warning. A withdrawn restructure proposes no dismissals."""
    target = proposal_of(restructure)
    if restructure.status == RestructureStatus.WITHDRAWN:
        target = Proposal(target.key, target.title, 0, target.first_dismissal_on)
    return assess(
        target=target,
        others=other_proposals_at(restructure),
        agency=restructure.agency.name,
        consultation_starts_on=restructure.consultation_starts_on,
        hr1_notified_on=restructure.hr1_notified_on,
        today=None if restructure.status in OVER else today,
    )


def early_dismissal_acknowledged(restructure: Restructure) -> bool:
    """Whether a planned first dismissal earlier than the law allows was acknowledged with a
    reason (restructures' services ask for both)."""
    return bool(restructure.early_dismissal_reason) and (
        restructure.early_dismissal_acknowledged_by_id is not None
    )


# --- Choices for the forms ---------------------------------------------------------------------


def live_posts_of(agency: Agency | int, on: datetime.date) -> QuerySet[Post]:
    """The agency's posts funded on the day, with their team, by reference."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (
        Post.objects.filter(agency_id=agency_id, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("team", "locality")
        .order_by("reference", "pk")
    )


def staff_of(agency: Agency) -> QuerySet[StaffMember]:
    """The agency's staff in post, by name: those a restructure at it may affect."""
    return staff_in_post().filter(agency=agency).order_by("family_name", "given_name", "pk")


def pools_of(restructure: Restructure) -> QuerySet[SelectionPool]:
    return restructure.pools.order_by("name", "pk")


def holding_on(staff_id: int, post_id: int, on: datetime.date) -> Holding | None:
    """The person's holding of the post on the day, or None."""
    return (
        Holding.objects.filter(staff_id=staff_id, post_id=post_id, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-starts_on", "-pk")
        .first()
    )


def post_change_of(restructure: Restructure, pk: int) -> PostChange | None:
    return restructure.post_changes.select_related("post").filter(pk=pk).first()


def pool_of(restructure: Restructure, pk: int) -> SelectionPool | None:
    return restructure.pools.filter(pk=pk).first()


def response_of(affected: AffectedPerson, pk: int) -> ConsultationResponse | None:
    return affected.responses.filter(pk=pk).first()


# --- People (read only through access's *_for_user functions) --------------------------------


def affected_people_of(restructure: Restructure) -> list[AffectedPerson]:
    """Everyone the restructure affects, with their post, pool, new post and how many
    meetings and responses they have, by name."""
    return list(
        restructure.affected_people.select_related(
            "staff", "staff__team", "post", "post__team", "pool", "new_post"
        ).annotate(
            meetings_held=Count("meetings", distinct=True),
            responses_made=Count("responses", distinct=True),
        )
    )


def affected_person_with_record(pk: int) -> AffectedPerson | None:
    """One affected person with their restructure, post, pool, new post, meetings and
    responses (with who answered), for their page."""
    return (
        AffectedPerson.objects.select_related(
            "restructure", "restructure__agency", "staff", "post", "post__team", "pool", "new_post"
        )
        .prefetch_related(
            Prefetch("meetings", queryset=ConsultationMeeting.objects.order_by("held_on", "pk")),
            Prefetch(
                "responses",
                queryset=ConsultationResponse.objects.select_related("answered_by").order_by(
                    "submitted_at", "pk"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def affected_lines_of(staff: StaffMember) -> list[AffectedPerson]:
    """The restructures affecting a person: their line in each, newest restructure first."""
    return list(
        AffectedPerson.objects.filter(staff=staff)
        .select_related("restructure", "restructure__agency", "post", "new_post")
        .order_by("-restructure__created_at", "-restructure__pk")
    )


def own_line_in(restructure: Restructure, staff: StaffMember) -> AffectedPerson | None:
    return (
        restructure.affected_people.select_related("staff", "post", "pool", "new_post")
        .annotate(
            meetings_held=Count("meetings", distinct=True),
            responses_made=Count("responses", distinct=True),
        )
        .filter(staff=staff)
        .first()
    )


@dataclass(frozen=True)
class OutcomeCount:
    label: str
    people: int


def outcome_counts(restructure: Restructure) -> list[OutcomeCount]:
    """How many people each outcome has (no names), in the order of the outcomes, leaving out
    those none has."""
    counted = Counter(restructure.affected_people.values_list("outcome", flat=True))
    return [
        OutcomeCount(label, counted[value])
        for value, label in AffectedOutcome.choices
        if counted[value]
    ]


def affected_count(restructure: Restructure) -> int:
    return restructure.affected_people.count()


def at_risk_count(restructure: Restructure) -> int:
    return restructure.affected_people.filter(at_risk=True).count()


# --- The timeline in words ---------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    """One step of a restructure's timeline: its day (None: not set) and what it means."""

    label: str
    day: datetime.date | None
    words: str


def timeline_of(restructure: Restructure, assessment: Assessment) -> list[TimelineRow]:
    """The restructure's timeline with the legal dates worked out, each explained."""
    rows = [
        TimelineRow(
            "Consultation starts",
            restructure.consultation_starts_on,
            "Individual consultation with each person affected, and collective consultation "
            "where the duty applies, starts.",
        ),
        TimelineRow(
            "Consultation ends",
            restructure.consultation_ends_on,
            "Responses are taken until the end of this day.",
        ),
        TimelineRow("Decision", restructure.decision_on, "The restructure is decided."),
    ]
    if assessment.minimum_days is not None:
        rows.append(
            TimelineRow(
                "Form HR1 due",
                assessment.hr1_deadline_on,
                assessment.hr1_words,
            )
        )
        rows.append(
            TimelineRow(
                "Earliest first dismissal the law allows",
                assessment.earliest_on,
                assessment.earliest_words,
            )
        )
    rows.append(
        TimelineRow(
            "Planned first dismissal",
            restructure.first_dismissal_on,
            assessment.warning or "The day the first dismissal is planned to take effect.",
        )
    )
    rows.append(
        TimelineRow(
            "Put in place",
            restructure.implemented_on,
            "New posts start; posts deleted end the day before, or when their last holder goes.",
        )
    )
    return rows
