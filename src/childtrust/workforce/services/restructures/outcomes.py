"""What became of a person a restructure affects, recorded once, and what it does to the
holding of their post:

- made redundant: the holding ends on the outcome date (their last day) with the leaving reason
  redundancy (a leaver in the national measures), no earlier than the planned first dismissal;
- slotted in or redeployed: a move within the agency, no leaver and no starter: the holding ends
  the day before the outcome date with no leaving reason, and a holding of the new post starts
  on it (with the same FTE unless another is given, and any end already planned carried over),
  the new post never held above its FTE;
- left: they left before the outcome: a holding still running ends on the outcome date with the
  leaving reason given (redundancy is "made redundant", not "left");
- unaffected: their post is unchanged, the holding too.

Slotting in, redeployment and redundancy follow the decision, so the restructure must have been
put in place. A post it deletes ends once its last holder has gone (implementation.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.workforce import access
from childtrust.workforce.establishment_rules import Spell, over_held_error, person_fte_error
from childtrust.workforce.models import (
    AffectedOutcome,
    AffectedPerson,
    Holding,
    LeavingReason,
    Post,
    RestructureStatus,
)
from childtrust.workforce.restructure_rules import NOT_OVER, day_words, refuse_unless_status
from childtrust.workforce.selectors.restructures import holding_on, restructure_locked
from childtrust.workforce.services.restructures.implementation import _end_deleted_post_if_vacant

ONE_DAY = datetime.timedelta(days=1)
MOVES = (AffectedOutcome.SLOTTED_IN, AffectedOutcome.REDEPLOYED)
AFTER_THE_DECISION = (*MOVES, AffectedOutcome.REDUNDANT)
OUTCOME_FIELDS = ("outcome", "outcome_on", "new_post")


def _move_errors(
    affected: AffectedPerson,
    holding: Holding,
    new_post: Post | None,
    fte: Decimal,
    on: datetime.date,
) -> dict[str, str]:
    restructure = affected.restructure
    if new_post is None:
        return {"new_post": f"Choose the post {affected.staff} moves to"}
    if new_post.agency_id != restructure.agency_id:
        return {"new_post": f"Choose a post of {restructure.agency}"}
    if new_post.pk == holding.post_id:
        return {"new_post": f"{affected.staff} already holds {new_post}: choose another post"}
    if new_post.starts_on > on or (new_post.ends_on is not None and new_post.ends_on < on):
        return {"new_post": f"{new_post} is not funded on {day_words(on)}"}
    if holding.starts_on > on - ONE_DAY:
        return {
            "outcome_on": f"{affected.staff} started in {holding.post} on "
            f"{day_words(holding.starts_on)}: a move must be on a later day"
        }
    if problem := person_fte_error(fte):
        return {"fte": problem}
    spells = [Spell(h.fte, h.starts_on, h.ends_on) for h in new_post.holdings.all()]
    spells.append(Spell(fte, on, holding.ends_on))
    if problem := over_held_error(new_post.fte, spells):
        return {"new_post": problem}
    return {}


def _outcome_errors(
    affected: AffectedPerson,
    outcome: str,
    on: datetime.date,
    holding: Holding | None,
    new_post: Post | None,
    fte: Decimal,
    leaving_reason: str,
) -> dict[str, str]:
    restructure = affected.restructure
    staff, post = affected.staff, affected.post
    if outcome not in AffectedOutcome.values or outcome == AffectedOutcome.PENDING:
        return {"outcome": f"Choose what became of {staff}"}
    if outcome != AffectedOutcome.UNAFFECTED and outcome not in MOVES and new_post is not None:
        return {"new_post": "Only a person slotted in or redeployed moves to a new post"}
    if outcome in AFTER_THE_DECISION and restructure.status != RestructureStatus.IMPLEMENTING:
        return {
            "outcome": "Put the restructure in place first: slotting in, redeployment and "
            "redundancy follow the decision"
        }
    if outcome in AFTER_THE_DECISION and holding is None:
        return {"outcome_on": f"{staff} does not hold {post} on {day_words(on)}"}
    if outcome == AffectedOutcome.REDUNDANT:
        return _redundancy_errors(affected, on)
    if outcome in MOVES and holding is not None:
        return _move_errors(affected, holding, new_post, fte, on)
    if outcome == AffectedOutcome.LEFT and holding is not None:
        if leaving_reason == LeavingReason.REDUNDANCY:
            return {"leaving_reason": f"Record {staff} as made redundant instead"}
        if leaving_reason not in LeavingReason.values:
            return {"leaving_reason": f"Choose why {staff} left"}
    return {}


def _redundancy_errors(affected: AffectedPerson, on: datetime.date) -> dict[str, str]:
    first = affected.restructure.first_dismissal_on
    if first is None:
        return {"outcome": "Set the restructure's planned first dismissal date first"}
    if on < first:
        return {
            "outcome_on": f"A dismissal cannot take effect ({day_words(on)}) before the "
            f"planned first dismissal ({day_words(first)})"
        }
    return {}


@transaction.atomic
def affected_outcome_record(
    *,
    actor: User,
    affected: AffectedPerson,
    outcome: str,
    outcome_on: datetime.date,
    new_post: Post | None = None,
    fte: Decimal | None = None,
    leaving_reason: str = "",
) -> AffectedPerson:
    """Record what became of a person, once, ending or moving the holding of their post (see
    the module's docstring)."""
    restructure = affected.restructure
    require(
        access.can_manage_restructure(actor, restructure),
        to="record what became of the people in this restructure",
    )
    refuse_unless_status(restructure_locked(restructure), NOT_OVER, so="its outcomes are fixed")
    affected.refresh_from_db(fields=["outcome"])
    if affected.outcome != AffectedOutcome.PENDING:
        raise ValidationError(
            f"What became of {affected.staff} is already recorded "
            f"({affected.get_outcome_display().lower()}); it changed their post, so it is "
            "recorded once"
        )
    post = affected.post
    holding = holding_on(affected.staff_id, post.pk, outcome_on) if post is not None else None
    moved_fte = fte if fte is not None else (holding.fte if holding is not None else Decimal("0"))
    errors = _outcome_errors(
        affected, outcome, outcome_on, holding, new_post, moved_fte, leaving_reason
    )
    if errors:
        raise ValidationError(errors)
    details = {"restructure": restructure.pk, "outcome": outcome}
    if holding is not None and outcome == AffectedOutcome.REDUNDANT:
        _end_holding(actor, holding, outcome_on, LeavingReason.REDUNDANCY)
    elif holding is not None and outcome == AffectedOutcome.LEFT:
        _end_holding(actor, holding, outcome_on, leaving_reason)
    elif holding is not None and outcome in MOVES and new_post is not None:
        later_end, later_reason = holding.ends_on, holding.leaving_reason
        _end_holding(actor, holding, outcome_on - ONE_DAY, "")
        moved = Holding(
            post=new_post,
            staff=affected.staff,
            fte=moved_fte,
            starts_on=outcome_on,
            ends_on=later_end,
            joined_agency=False,
            leaving_reason=later_reason,
        )
        save_and_record(actor=actor, instance=moved, action=AuditAction.CREATE, details=details)
    update_and_record(
        actor=actor,
        instance=affected,
        changes={
            "outcome": outcome,
            "outcome_on": outcome_on,
            "new_post": new_post if outcome in MOVES else None,
        },
        allowed=OUTCOME_FIELDS,
        errors=dict,
        values_in_log=False,
    )
    if post is not None and outcome != AffectedOutcome.UNAFFECTED:
        _end_deleted_post_if_vacant(actor, restructure, post)
    return affected


def _end_holding(actor: User, holding: Holding, last_day: datetime.date, reason: str) -> None:
    """A holding's contract dates and leaving reason are personal data: the audit event names
    the fields changed, not their values."""
    update_and_record(
        actor=actor,
        instance=holding,
        changes={"ends_on": last_day, "leaving_reason": reason},
        allowed=("ends_on", "leaving_reason"),
        errors=dict,
        values_in_log=False,
    )
