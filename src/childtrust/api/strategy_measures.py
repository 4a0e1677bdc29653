"""The strategic plan's measures with their actuals against trajectory, and the objectives'
monthly check-ins. Every role that may see the plan reads them, as on the pages, and, as
there, a staff-voice figure (a message's reach, a survey theme's score, feedback on time) only
where the staff voice would show it to the caller (status "not shown" otherwise); only the
objective's owner in post records a check-in, through the same service as the page: the
service refuses, and api/urls.py answers (403 for anyone else, 400 with every reason for bad
input), with nothing written."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, RequestBody
from childtrust.api.schemas import Message as Problem
from childtrust.core.permissions import require
from childtrust.strategy import access
from childtrust.strategy.models import CheckIn, Objective, financial_year_label
from childtrust.strategy.selectors import measures as selectors
from childtrust.strategy.selectors.measures import TrajectoryStatus
from childtrust.strategy.selectors.plan import plan_current
from childtrust.strategy.services.check_ins import check_in_create

router = Router(tags=["Strategic plan: measures and check-ins"])

SEE_PLAN = "see the strategic plan"


class ActualOut(Schema):
    value: float
    period: str
    lower_95: float | None = Field(description="The 95% confidence interval, where there is one.")
    upper_95: float | None
    source: str
    judgement: str = Field(description="An indicator's judgement against England, in words.")


class MeasureOut(Schema):
    id: int
    objective_id: int
    objective: str
    title: str
    unit: str
    direction: str = Field(description="higher or lower: which is better.")
    baseline: float
    baseline_period: str
    source: str = Field(
        description=(
            "indicator, message_reach, survey_theme, feedback_on_time, manual or workforce (a "
            "national workforce measure of the whole partnership's social workers at the "
            "latest census, 30 September, in the financial year the census falls in)."
        )
    )
    workforce_measure: str = Field(
        description="For a workforce measure, which one (such as turnover_rate); else empty."
    )
    actual: ActualOut | None = Field(description="The latest figure; null when there is none.")
    target: float | None = Field(description="The trajectory's value for the actual's year.")
    status: TrajectoryStatus = Field(
        description=(
            "on trajectory; ahead of trajectory (a whole 95% confidence interval better than "
            "the target); off trajectory; not yet measured; or not shown (a staff-voice figure "
            "for those who may not see staff-voice results: actual, target and improving are "
            "then null)."
        )
    )
    status_reason: str = Field(description="One sentence saying how the status was judged.")
    improving: bool | None = Field(description="Better than the baseline; null with no actual.")


class TargetOut(Schema):
    year: str = Field(description="The financial year, such as 2027-28.")
    value: float


class ReadingOut(Schema):
    value: float
    measured_on: datetime.date
    source: str


class MeasureDetailOut(MeasureOut):
    trajectory: list[TargetOut]
    readings: list[ReadingOut] = Field(description="Figures entered by hand, newest first.")


class CheckInOut(Schema):
    id: int
    month: datetime.date = Field(description="The first day of the month it is for.")
    confidence: int = Field(description="1 (very low) to 5 (very high).")
    confidence_words: str
    happened: str
    blocking: str
    help_needed: str
    recorded_at: datetime.datetime


class CheckInIn(RequestBody):
    month: datetime.date = Field(description="This month or the one before (any day in it).")
    confidence: int = Field(description="1 (very low) to 5 (very high).")
    happened: str
    blocking: str = ""
    help_needed: str = ""


def _measure(row: selectors.MeasureProgress) -> dict[str, Any]:
    measure, actual = row.measure, row.actual
    return {
        "id": measure.pk,
        "objective_id": measure.objective_id,
        "objective": measure.objective.title,
        "title": measure.title,
        "unit": measure.unit,
        "direction": measure.direction,
        "baseline": measure.baseline,
        "baseline_period": measure.baseline_period,
        "source": measure.source,
        "workforce_measure": measure.workforce_measure,
        "actual": (
            {
                "value": actual.value,
                "period": actual.period,
                "lower_95": actual.lower,
                "upper_95": actual.upper,
                "source": actual.source,
                "judgement": actual.judgement,
            }
            if actual
            else None
        ),
        "target": row.target,
        "status": row.status,
        "status_reason": row.status_reason,
        "improving": row.improving,
    }


def _check_in(check_in: CheckIn) -> dict[str, Any]:
    return {
        "id": check_in.pk,
        "month": check_in.month,
        "confidence": check_in.confidence,
        "confidence_words": selectors.CONFIDENCE_WORDS.get(check_in.confidence, ""),
        "happened": check_in.happened,
        "blocking": check_in.blocking,
        "help_needed": check_in.help_needed,
        "recorded_at": check_in.recorded_at,
    }


def _objective(objective_id: int) -> Objective:
    objective = selectors.objective_with_plan(objective_id)
    if objective is None:
        raise HttpError(404, f"No objective has the ID {objective_id}.")
    return objective


@router.get(
    "/plan/measures",
    response={200: list[MeasureOut], **REFUSALS},
    summary="List the plan's measures, each with its latest figure against its trajectory",
)
@paginated
def measure_list(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    """Off trajectory first, then not yet measured, then on trajectory."""
    require(access.can_view_strategy(request.user), to=SEE_PLAN)
    plan = plan_current()
    if plan is None:
        return []
    rows = selectors.measures_by_status(plan, timezone.localdate(), request.user)
    return [_measure(row) for row in rows]


@router.get(
    "/plan/measures/{measure_id}",
    response={200: MeasureDetailOut, 404: Problem, **REFUSALS},
    summary="One measure with its trajectory and figures entered by hand",
)
def measure_detail(request: AuthenticatedRequest, measure_id: int) -> dict[str, Any]:
    require(access.can_view_strategy(request.user), to=SEE_PLAN)
    measure = selectors.measure_with_everything(measure_id)
    if measure is None:
        raise HttpError(404, f"No measure has the ID {measure_id}.")
    row = selectors.measure_progress(measure, timezone.localdate(), request.user)
    return {
        **_measure(row),
        "trajectory": [
            {"year": financial_year_label(t.year), "value": t.value}
            for t in sorted(measure.targets.all(), key=lambda t: t.year)
        ],
        "readings": [
            {"value": r.value, "measured_on": r.measured_on, "source": r.source}
            for r in measure.readings.all()
        ],
    }


@router.get(
    "/plan/objectives/{objective_id}/check-ins",
    response={200: list[CheckInOut], 404: Problem, **REFUSALS},
    summary="An objective's monthly check-ins, newest first",
)
@paginated
def check_in_list(request: AuthenticatedRequest, objective_id: int) -> list[dict[str, Any]]:
    require(access.can_view_strategy(request.user), to=SEE_PLAN)
    return [_check_in(c) for c in selectors.check_ins_of(_objective(objective_id))]


@router.post(
    "/plan/objectives/{objective_id}/check-ins",
    response={201: CheckInOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Record the objective's check-in for this month or the one before (its owner only)",
)
def check_in_record(
    request: AuthenticatedRequest, objective_id: int, payload: CheckInIn
) -> Status[dict[str, Any]]:
    require(access.can_view_strategy(request.user), to=SEE_PLAN)
    objective = _objective(objective_id)
    made = check_in_create(
        actor=request.user,
        objective=objective,
        month=selectors.month_of(payload.month),
        confidence=payload.confidence,
        happened=payload.happened,
        blocking=payload.blocking,
        help_needed=payload.help_needed,
    )
    return Status(201, _check_in(made))
