"""Restructures to read, on the workforce API's router (api/workforce.py): those the caller may
see (access.restructures_visible_to: every one within remit for workforce managers and
auditors; those affecting them, or someone they manage directly, for anyone else), each with its
timeline and what the law on collective redundancy asks of it (the collective duty counting
every proposal at the same establishment within 90 days, the minimum consultation, the HR1
deadline, the earliest first dismissal and the warning: workforce.selectors.consultation_law),
its post changes, pools and outcomes counted without names. The people affected only as the
restructure's page shows them (access.affected_people_for_user, audited): every person to those
who see all within remit, an affected person their own line, no one to anyone else."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, AgencySummary
from childtrust.api.schemas import Message as Problem
from childtrust.core.permissions import require
from childtrust.workforce import access
from childtrust.workforce.models import (
    AffectedPerson,
    Post,
    PostChange,
    Restructure,
    RestructureStatus,
)
from childtrust.workforce.selectors.consultation_law import Assessment
from childtrust.workforce.selectors.restructures import (
    affected_count,
    early_dismissal_acknowledged,
    outcome_counts,
    restructure_assessment,
    restructure_with_everything,
    restructures_listed,
)

router = Router()  # tagged "Workforce" by the router it is added to

SEE_RESTRUCTURES = "see restructures"


class RestructureFields(Schema):
    id: int
    title: str
    agency: AgencySummary = Field(description="The establishment: the employer it changes.")
    status: RestructureStatus
    status_label: str
    proposed_redundancies: int
    people_affected: int
    consultation_starts_on: datetime.date | None
    consultation_ends_on: datetime.date | None
    decision_on: datetime.date | None
    first_dismissal_on: datetime.date | None = Field(
        description="The planned day the first dismissal takes effect."
    )
    implemented_on: datetime.date | None
    hr1_notified_on: datetime.date | None = Field(
        description="When the Secretary of State was notified on form HR1."
    )


class RestructureListItem(RestructureFields):
    """A restructure, read from the restructure itself."""

    @staticmethod
    def resolve_status_label(obj: Restructure) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_people_affected(obj: Restructure) -> int:
        counted = getattr(obj, "people", None)
        return counted if isinstance(counted, int) else affected_count(obj)


class LawOut(Schema):
    """What sections 188 and 193 of the Trade Union and Labour Relations (Consolidation) Act
    1992 ask of the restructure, counting every other proposal at the same establishment that
    is not withdrawn."""

    collective_duty: bool = Field(
        description="20 or more redundancies proposed at one establishment within 90 days."
    )
    redundancies_in_period: int = Field(
        description="The most redundancies proposed within one 90-day period that includes its "
        "own first dismissal date (its own alone when that date is not set)."
    )
    period_starts_on: datetime.date | None
    period_ends_on: datetime.date | None
    minimum_consultation_days: int | None = Field(
        description="30, or 45 for 100 or more; null when the collective duty does not apply."
    )
    earliest_first_dismissal_on: datetime.date | None
    hr1_deadline_on: datetime.date | None
    hr1_late: bool
    too_early_by_days: int | None = Field(
        description="How many days before the earliest lawful day the planned first dismissal "
        "falls; null when it does not."
    )
    early_dismissal_acknowledged: bool = Field(
        description="A planned first dismissal earlier than the law allows was acknowledged "
        "with a reason."
    )
    duty: str = Field(description="Whether the collective duty applies, and why, in words.")
    earliest: str
    hr1: str
    warning: str | None


class PostChangeOut(Schema):
    kind: str = Field(description="delete, create or change.")
    kind_label: str
    post_id: int | None
    post_reference: str
    job_title: str
    grade: str
    fte: float | None
    profession: str
    social_worker: bool
    job_description: str = Field(
        description="The new job description, for a created or changed post."
    )
    pool: str


class PoolOut(Schema):
    name: str
    description: str
    people: int


class OutcomeCountOut(Schema):
    outcome: str
    people: int


class PostBrief(Schema):
    id: int
    reference: str
    job_title: str


class AffectedOut(Schema):
    id: int
    staff_id: int
    name: str
    post: PostBrief | None
    proposal: str = Field(description="What is proposed for their post.")
    pool: str
    at_risk: bool = Field(description="At risk of redundancy.")
    outcome: str
    outcome_label: str
    outcome_on: datetime.date | None
    new_post: PostBrief | None
    meetings_held: int
    responses_made: int


class RestructureDetail(RestructureFields):
    reason: str
    support_offered: str
    how_to_respond: str
    launched_at: datetime.datetime | None
    law: LawOut
    post_changes: list[PostChangeOut]
    pools: list[PoolOut]
    outcomes: list[OutcomeCountOut] = Field(description="How many people each outcome has.")
    all_affected_shown: bool = Field(
        description="true: every person affected is listed (those who see all the workforce, "
        "within remit); false: at most your own line."
    )
    affected_people: list[AffectedOut]


@router.get(
    "/workforce/restructures",
    response={200: list[RestructureListItem], **REFUSALS},
    summary="List the restructures you may see, newest first",
)
@paginated
def restructure_list(request: AuthenticatedRequest) -> QuerySet[Restructure]:
    require(access.can_view_workforce_section(request.user), to=SEE_RESTRUCTURES)
    return restructures_listed(access.restructures_visible_to(request.user))


def _law(restructure: Restructure, assessment: Assessment) -> dict[str, Any]:
    return {
        "collective_duty": assessment.duty,
        "redundancies_in_period": assessment.period.total,
        "period_starts_on": assessment.period.starts_on,
        "period_ends_on": assessment.period.ends_on,
        "minimum_consultation_days": assessment.minimum_days,
        "earliest_first_dismissal_on": assessment.earliest_on,
        "hr1_deadline_on": assessment.hr1_deadline_on,
        "hr1_late": assessment.hr1_late,
        "too_early_by_days": assessment.too_early_by,
        "early_dismissal_acknowledged": early_dismissal_acknowledged(restructure),
        "duty": assessment.duty_words,
        "earliest": assessment.earliest_words,
        "hr1": assessment.hr1_words,
        "warning": assessment.warning,
    }


def _change(change: PostChange) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "kind_label": change.get_kind_display(),
        "post_id": change.post_id,
        "post_reference": change.post.reference if change.post else "",
        "job_title": change.job_title or (change.post.job_title if change.post else ""),
        "grade": change.grade,
        "fte": float(change.fte) if change.fte is not None else None,
        "profession": change.profession,
        "social_worker": change.social_worker,
        "job_description": change.job_description,
        "pool": change.pool.name if change.pool else "",
    }


def _post(post: Post | None) -> dict[str, Any] | None:
    if post is None:
        return None
    return {"id": post.pk, "reference": post.reference, "job_title": post.job_title}


def _affected(person: AffectedPerson) -> dict[str, Any]:
    return {
        "id": person.pk,
        "staff_id": person.staff_id,
        "name": str(person.staff),
        "post": _post(person.post),
        "proposal": person.proposal,
        "pool": person.pool.name if person.pool else "",
        "at_risk": person.at_risk,
        "outcome": person.outcome,
        "outcome_label": person.get_outcome_display(),
        "outcome_on": person.outcome_on,
        "new_post": _post(person.new_post),
        "meetings_held": getattr(person, "meetings_held", 0),
        "responses_made": getattr(person, "responses_made", 0),
    }


@router.get(
    "/workforce/restructures/{restructure_id}",
    response={200: RestructureDetail, 404: Problem, **REFUSALS},
    summary="One restructure, with its timeline, what the law asks of it and its people",
)
def restructure_detail(request: AuthenticatedRequest, restructure_id: int) -> dict[str, Any]:
    """The people affected as the restructure's page shows them; each read of them is recorded
    in the audit log. 404 for a restructure you may not see."""
    require(access.can_view_workforce_section(request.user), to=SEE_RESTRUCTURES)
    restructure = restructure_with_everything(restructure_id)
    if restructure is None or not access.can_view_restructure(request.user, restructure):
        raise HttpError(404, f"No restructure you may see has the ID {restructure_id}.")
    people = access.affected_people_for_user(request.user, restructure)
    return {
        **RestructureListItem.model_validate(restructure).model_dump(),
        "reason": restructure.reason,
        "support_offered": restructure.support_offered,
        "how_to_respond": restructure.how_to_respond,
        "launched_at": restructure.launched_at,
        "law": _law(restructure, restructure_assessment(restructure, timezone.localdate())),
        "post_changes": [_change(change) for change in restructure.post_changes.all()],
        "pools": [
            {
                "name": pool.name,
                "description": pool.description,
                "people": getattr(pool, "people", 0),
            }
            for pool in restructure.pools.all()
        ],
        "outcomes": [
            {"outcome": count.label, "people": count.people}
            for count in outcome_counts(restructure)
        ],
        "all_affected_shown": access.can_see_affected_people(request.user, restructure),
        "affected_people": [_affected(person) for person in people],
    }
