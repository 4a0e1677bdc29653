"""Writes to the risk register: a risk added (its reference, R01, R02 ..., given by the service),
changed, closed and reopened. Strategic leads and administrators keep the register. Every
message about bad input is given at once and nothing is written: a likelihood or impact outside
1 to 5 (the API can send one), a residual score above the inherent one (controls do not make a
risk more likely or its effect worse), a new risk's review date in the past, a missing cause,
effect or owner, an owner no longer in post. One audit event for each write."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.partnership.models import StaffMember
from childtrust.strategy import access
from childtrust.strategy.change_rules import SCORE_FIELDS, review_date_error, risk_score_errors
from childtrust.strategy.models import Objective, Proximity, Risk, RiskStatus
from childtrust.strategy.wording import refuse_if_any, tidy

# What a form may change, and a risk's fields in the order its page shows them.
RISK_FIELDS = (
    "title",
    "cause",
    "effect",
    "owner",
    *SCORE_FIELDS,
    "controls",
    "actions",
    "proximity",
    "review_on",
)
REFERENCE = re.compile(r"R(\d+)")


def _risk_errors(risk: Risk, *, new: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not risk.title:
        errors["title"] = "Enter the risk's title"
    if not risk.cause:
        errors["cause"] = "Enter the risk's cause: what could make it happen"
    if not risk.effect:
        errors["effect"] = "Enter the risk's effect: what would happen to the plan"
    owner: StaffMember | None = getattr(risk, "owner", None) if risk.owner_id else None
    if owner is None:
        errors["owner"] = "Choose the risk's owner"
    elif not owner.is_active:
        errors["owner"] = f"{owner} is no longer in post: choose someone who is"
    errors.update(risk_score_errors({name: getattr(risk, name) for name in SCORE_FIELDS}))
    if risk.proximity not in Proximity.values:
        errors["proximity"] = "Choose how soon the risk could happen"
    if new and (problem := review_date_error(risk.review_on)):
        errors["review_on"] = problem
    return errors


def _next_reference() -> str:
    numbers = [
        int(match.group(1))
        for reference in Risk.objects.values_list("reference", flat=True)
        if (match := REFERENCE.fullmatch(reference))
    ]
    return f"R{max(numbers, default=0) + 1:02d}"


@transaction.atomic
def risk_create(
    *,
    actor: User,
    title: str,
    cause: str,
    effect: str,
    owner: StaffMember | None,
    inherent_likelihood: int,
    inherent_impact: int,
    residual_likelihood: int,
    residual_impact: int,
    controls: str = "",
    actions: str = "",
    proximity: str,
    review_on: datetime.date,
    objectives: Iterable[Objective] = (),
) -> Risk:
    """Add a risk to the register, open, with the next reference (R01, R02 ...)."""
    require(access.can_manage_strategy(actor), to="add a risk to the register")
    objectives = list(objectives)
    risk = Risk(
        title=tidy(title),
        cause=cause.strip(),
        effect=effect.strip(),
        owner=owner,
        inherent_likelihood=inherent_likelihood,
        inherent_impact=inherent_impact,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        controls=controls.strip(),
        actions=actions.strip(),
        proximity=proximity,
        review_on=review_on,
    )
    refuse_if_any(_risk_errors(risk, new=True))
    risk.reference = _next_reference()
    try:
        with transaction.atomic():
            save_and_record(
                actor=actor,
                instance=risk,
                action=AuditAction.CREATE,
                details={
                    "reference": risk.reference,
                    "title": risk.title,
                    "owner": {"id": risk.owner_id, "name": str(owner)},
                    "inherent": [inherent_likelihood, inherent_impact],
                    "residual": [residual_likelihood, residual_impact],
                    "proximity": proximity,
                    "review_on": review_on.isoformat(),
                    "objectives": sorted(o.pk for o in objectives),
                },
            )
    except IntegrityError as error:
        raise ValidationError(
            "Someone else added a risk at the same moment. Try again: yours will take the next "
            "reference."
        ) from error
    risk.objectives.set(objectives)
    return risk


@transaction.atomic
def risk_update(
    *,
    actor: User,
    risk: Risk,
    title: str,
    cause: str,
    effect: str,
    owner: StaffMember,
    inherent_likelihood: int,
    inherent_impact: int,
    residual_likelihood: int,
    residual_impact: int,
    controls: str,
    actions: str,
    proximity: str,
    review_on: datetime.date,
    objectives: Iterable[Objective],
) -> Risk:
    """Change a risk (its reference stays). A review date in the past is allowed here: the
    register then shows the review as overdue."""
    require(access.can_manage_strategy(actor), to="change a risk in the register")
    objectives = list(objectives)
    linked = {o.pk for o in risk.objectives.all()}
    also = ["objectives"] if linked != {o.pk for o in objectives} else []
    update_and_record(
        actor=actor,
        instance=risk,
        changes={
            "title": tidy(title),
            "cause": cause.strip(),
            "effect": effect.strip(),
            "owner": owner,
            "inherent_likelihood": inherent_likelihood,
            "inherent_impact": inherent_impact,
            "residual_likelihood": residual_likelihood,
            "residual_impact": residual_impact,
            "controls": controls.strip(),
            "actions": actions.strip(),
            "proximity": proximity,
            "review_on": review_on,
        },
        allowed=RISK_FIELDS,
        errors=lambda: _risk_errors(risk, new=False),
        also_changed=also,
    )
    if also:
        risk.objectives.set(objectives)
    return risk


def _set_status(actor: User, risk: Risk, status: RiskStatus, already: str) -> Risk:
    if risk.status == status:
        raise ValidationError(already)
    update_and_record(
        actor=actor,
        instance=risk,
        changes={"status": status},
        allowed=("status",),
        errors=dict,
    )
    return risk


@transaction.atomic
def risk_close(*, actor: User, risk: Risk) -> Risk:
    """Close a risk that has passed or been dealt with: it leaves the open register and the
    heat map, and stays on the list of closed risks."""
    require(access.can_manage_strategy(actor), to="close a risk")
    return _set_status(actor, risk, RiskStatus.CLOSED, f"{risk.reference} is already closed")


@transaction.atomic
def risk_reopen(*, actor: User, risk: Risk) -> Risk:
    require(access.can_manage_strategy(actor), to="reopen a risk")
    return _set_status(actor, risk, RiskStatus.OPEN, f"{risk.reference} is already open")
