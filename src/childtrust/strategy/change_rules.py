"""Rules of the change programme that its services enforce and its forms and pages also ask,
so that a form shows every message at once and a page says why a record is locked: a risk's
scores (each 1 to 5, residual no higher than inherent), a new risk's review date, and the
words for a decided, locked decision."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils import timezone
from django.utils.formats import date_format

from childtrust.strategy.models import Decision

SCORE_FIELDS = {
    "inherent_likelihood": "inherent likelihood",
    "inherent_impact": "inherent impact",
    "residual_likelihood": "residual likelihood",
    "residual_impact": "residual impact",
}


def review_date_error(review_on: datetime.date) -> str:
    """A new risk is reviewed from now on: its first review date cannot have passed."""
    if review_on < timezone.localdate():
        return "The review date must be today or in the future"
    return ""


def risk_score_errors(scores: Mapping[str, object]) -> dict[str, str]:
    """Each likelihood and impact from 1 to 5, and the residual ones (after controls) no
    higher than the inherent ones; a score missing from `scores` is not checked."""
    errors: dict[str, str] = {}
    valid: dict[str, int] = {}
    for name, words in SCORE_FIELDS.items():
        if name not in scores:
            continue
        value = scores[name]
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[name] = f"The {words} must be a whole number from 1 to 5"
        else:
            valid[name] = value
    for what, words, worse in (
        ("likelihood", "likelihood", "controls do not make a risk more likely"),
        ("impact", "impact", "controls do not make a risk's effect worse"),
    ):
        inherent, residual = valid.get(f"inherent_{what}"), valid.get(f"residual_{what}")
        if inherent is not None and residual is not None and residual > inherent:
            errors[f"residual_{what}"] = (
                f"The residual {words} cannot be higher than the inherent {words}: {worse}"
            )
    return errors


def decision_locked_message(decision: Decision) -> str:
    """Why a decided record cannot change, for the service's refusal and the page."""
    when = timezone.localdate(decision.locked_at) if decision.locked_at else decision.decided_on
    return f"This decision was recorded as decided on {date_format(when, 'j F Y')} and is locked"
