"""The change programme in the API, read only: the risk register (paginated, filtered by
status) and one risk, the decision log and one decision, and the change programme's eight
stages with their owners, the board's latest rating and its evidence. Every signed-in role reads,
as on the pages; the register, the log and the stages are written through the pages."""

import datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, StaffPersonOut, staff_person
from childtrust.api.schemas import Message as Problem
from childtrust.core.permissions import require
from childtrust.strategy import access
from childtrust.strategy.models import Decision, Risk
from childtrust.strategy.selectors import change as selectors
from childtrust.strategy.selectors import risks as risk_selectors
from childtrust.strategy.selectors.plan import plan_current

router = Router(tags=["Change programme: stages, risks and decisions"])

SEE_THE_CHANGE = "see the change programme"


def _person(person: Any) -> dict[str, Any] | None:
    return None if person is None else staff_person(person)


class RiskScoreOut(Schema):
    likelihood: int = Field(
        description="1 Rare, 2 Unlikely, 3 Possible, 4 Likely, 5 Almost certain."
    )
    impact: int = Field(description="1 Negligible, 2 Minor, 3 Moderate, 4 Major, 5 Severe.")
    score: int = Field(description="likelihood x impact, 1 to 25.")
    band: str = Field(description="low (1-4), medium (5-9), high (10-14) or very high (15-25).")


class RiskObjectiveOut(Schema):
    id: int
    title: str


class PlanRiskOut(Schema):
    id: int
    reference: str = Field(description="Such as R07.")
    title: str
    status: str = Field(description="open or closed.")
    owner: StaffPersonOut
    inherent: RiskScoreOut = Field(description="Before controls.")
    residual: RiskScoreOut = Field(description="After controls.")
    proximity: str = Field(description="near (within 3 months), medium (3 to 12) or far.")
    review_on: datetime.date
    review_overdue: bool = Field(description="Open and past its review date.")


class PlanRiskDetailOut(PlanRiskOut):
    cause: str
    effect: str
    controls: str
    actions: str
    objectives: list[RiskObjectiveOut]


def _score(likelihood: int, impact: int) -> dict[str, Any]:
    score = likelihood * impact
    return {
        "likelihood": likelihood,
        "impact": impact,
        "score": score,
        "band": risk_selectors.risk_band(score),
    }


def _risk(risk: Risk, *, detail: bool = False) -> dict[str, Any]:
    today = timezone.localdate()
    row: dict[str, Any] = {
        "id": risk.pk,
        "reference": risk.reference,
        "title": risk.title,
        "status": risk.status,
        "owner": _person(risk.owner),
        "inherent": _score(risk.inherent_likelihood, risk.inherent_impact),
        "residual": _score(risk.residual_likelihood, risk.residual_impact),
        "proximity": risk.proximity,
        "review_on": risk.review_on,
        "review_overdue": bool(risk_selectors.review_timing(risk, today)),
    }
    if detail:
        row.update(
            cause=risk.cause,
            effect=risk.effect,
            controls=risk.controls,
            actions=risk.actions,
            objectives=[{"id": o.pk, "title": o.title} for o in risk.objectives.all()],
        )
    return row


class RiskFilter(Schema):
    status: Literal["open", "closed"] | None = Field(
        None, description="open or closed; both when not given (open ones first)."
    )


@router.get(
    "/plan/risks",
    response={200: list[PlanRiskOut], **REFUSALS},
    summary="The risk register, open risks by residual score first",
)
@paginated
def risk_list(request: AuthenticatedRequest, filters: Query[RiskFilter]) -> list[dict[str, Any]]:
    require(access.can_view_strategy(request.user), to=SEE_THE_CHANGE)
    if filters.status == "open":
        risks = risk_selectors.risks_open()
    elif filters.status == "closed":
        risks = risk_selectors.risks_closed()
    else:
        risks = risk_selectors.risks_all_for_csv()
    return [_risk(risk) for risk in risks]


@router.get(
    "/plan/risks/{risk_id}",
    response={200: PlanRiskDetailOut, 404: Problem, **REFUSALS},
    summary="One risk with its cause, effect, controls, actions and objectives",
)
def risk_detail(request: AuthenticatedRequest, risk_id: int) -> dict[str, Any]:
    require(access.can_view_strategy(request.user), to=SEE_THE_CHANGE)
    risk = risk_selectors.risk_with_everything(risk_id)
    if risk is None:
        raise HttpError(404, "No risk has this number.")
    return _risk(risk, detail=True)


class DecisionOut(Schema):
    id: int
    title: str
    decision: str = Field(description="What was decided.")
    decided_by: str
    decided_on: datetime.date
    evidence: str
    status: str = Field(description="draft or decided; a decided record is locked.")
    locked_at: datetime.datetime | None
    appraisal_id: int | None = Field(description="The option appraisal behind it, if any.")
    appraisal_title: str | None
    meeting_id: int | None = Field(description="The board meeting where it was taken, if any.")
    meeting_title: str | None


def _decision(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "title": decision.title,
        "decision": decision.decision,
        "decided_by": decision.decided_by,
        "decided_on": decision.decided_on,
        "evidence": decision.evidence,
        "status": decision.status,
        "locked_at": decision.locked_at,
        "appraisal_id": decision.appraisal_id,
        "appraisal_title": decision.appraisal.title if decision.appraisal else None,
        "meeting_id": decision.meeting_id,
        "meeting_title": decision.meeting.title if decision.meeting else None,
    }


@router.get(
    "/plan/decisions",
    response={200: list[DecisionOut], **REFUSALS},
    summary="The decision log, newest first",
)
@paginated
def decision_list(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    require(access.can_view_strategy(request.user), to=SEE_THE_CHANGE)
    return [_decision(d) for d in selectors.decisions_all()]


@router.get(
    "/plan/decisions/{decision_id}",
    response={200: DecisionOut, 404: Problem, **REFUSALS},
    summary="One decision",
)
def decision_detail(request: AuthenticatedRequest, decision_id: int) -> dict[str, Any]:
    require(access.can_view_strategy(request.user), to=SEE_THE_CHANGE)
    decision = selectors.decision_with_pk(decision_id)
    if decision is None:
        raise HttpError(404, "No decision has this number.")
    return _decision(decision)


class StageRatingOut(Schema):
    rating: int = Field(
        description="1 Not started, 2 Beginning, 3 Progressing, 4 Mostly achieved, 5 Achieved."
    )
    words: str
    evidence: str
    meeting_id: int
    meeting_title: str
    held_on: datetime.date


class StageOut(Schema):
    stage: int = Field(description="1 to 8, in Kotter's order.")
    name: str
    owner: StaffPersonOut | None
    latest_rating: StageRatingOut | None = Field(
        description="The board's rating at the latest meeting that rated the stage."
    )


class ChangeProgrammeOut(Schema):
    plan_id: int
    plan_title: str
    stages: list[StageOut]


@router.get(
    "/plan/change-programme",
    response={200: ChangeProgrammeOut, 404: Problem, **REFUSALS},
    summary="Kotter's eight stages with their owners and the board's latest ratings",
)
def change_programme(request: AuthenticatedRequest) -> dict[str, Any]:
    require(access.can_view_strategy(request.user), to=SEE_THE_CHANGE)
    plan = plan_current()
    if plan is None:
        raise HttpError(404, "The partnership has not recorded a strategic plan yet.")
    programme = selectors.change_programme(plan)
    stages = []
    for row in programme.stages:
        latest = row.latest
        stages.append(
            {
                "stage": int(row.stage),
                "name": row.label,
                "owner": _person(row.owner),
                "latest_rating": None
                if latest is None
                else {
                    "rating": latest.rating,
                    "words": selectors.RATING_WORDS[latest.rating],
                    "evidence": latest.evidence,
                    "meeting_id": latest.meeting_id,
                    "meeting_title": latest.meeting.title,
                    "held_on": latest.meeting.held_on,
                },
            }
        )
    return {"plan_id": plan.pk, "plan_title": plan.title, "stages": stages}
