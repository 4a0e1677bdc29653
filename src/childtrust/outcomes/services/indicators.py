"""Keeping an indicator: its words, where it sits in the outcomes framework, and how it is
compared (polarity, value type, multiplier). For those who manage outcomes."""

from __future__ import annotations

from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import update_and_record
from childtrust.core.permissions import require
from childtrust.outcomes import access
from childtrust.outcomes.framework_links import framework_indicator_errors
from childtrust.outcomes.models import Indicator, ValueType

#: What someone who keeps an indicator may change; the Fingertips ID is the key an import finds
#: it by, so it is not among them.
INDICATOR_FIELDS: tuple[str, ...] = (
    "name",
    "definition",
    "source",
    "priority",
    "framework_indicator",
    "polarity",
    "value_type",
    "multiplier",
    "comparison_method",
    "age",
    "sex",
    "unit",
    "period_years",
)
_INDICATOR_TEXT_FIELDS = ("name", "source", "comparison_method", "age", "sex", "unit")
#: A proportion is shown as a fraction (1), a percentage (100) or per 1,000 (as the public health
#: profiles show a few, such as stillbirths); any other multiplier for a proportion is almost
#: always a rate's multiplier chosen by mistake.
PROPORTION_MULTIPLIERS: tuple[int, ...] = (1, 100, 1000)
#: The largest multiplier accepted: rates are published per 100,000 at most, and a per-million
#: rate is the most anyone would need.
MAX_MULTIPLIER = 1_000_000
#: The longest period a published figure covers, in years (as the import accepts).
MAX_PERIOD_YEARS = 10


def _indicator_errors(indicator: Indicator) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not indicator.name:
        errors["name"] = "Enter the indicator's name"
    elif (
        not indicator.external_id
        and Indicator.objects.filter(external_id="", name__iexact=indicator.name)
        .exclude(pk=indicator.pk)
        .exists()
    ):
        errors["name"] = f"There is already an indicator called {indicator.name}"
    multiplier = indicator.multiplier
    if multiplier is None or not 1 <= multiplier <= MAX_MULTIPLIER:
        errors["multiplier"] = (
            f"Enter a multiplier between 1 and {MAX_MULTIPLIER:,}, such as 100 for a percentage "
            "or 100000 for a rate per 100,000"
        )
    elif indicator.value_type == ValueType.PROPORTION and multiplier not in PROPORTION_MULTIPLIERS:
        errors["multiplier"] = (
            "A proportion's multiplier must be 1 (a fraction), 100 (a percentage) or 1000 "
            "(per 1,000); for a rate per 100,000 choose the value type crude rate"
        )
    elif indicator.value_type == ValueType.MEAN and multiplier != 1:
        errors["multiplier"] = (
            "A mean's multiplier must be 1: a mean is in its own unit (such as points per "
            "pupil, set as the unit), not per a number of people"
        )
    years = indicator.period_years
    if years is None or not 1 <= years <= MAX_PERIOD_YEARS:
        errors["period_years"] = (
            f"Enter how many years each period covers, from 1 to {MAX_PERIOD_YEARS}, such as 3 "
            "for rolling three-year periods"
        )
    errors.update(framework_indicator_errors(indicator))
    return errors


@transaction.atomic
def indicator_update(*, actor: User, indicator: Indicator, **fields: object) -> Indicator:
    """Changes what the partnership knows about an indicator: its words, where it sits in the
    outcomes framework, and how it is compared (polarity, value type, multiplier).

    Comparisons, trends and quintiles are worked out when they are read, from the stored values
    and the indicator as it now is, so nothing stored needs recomputing: the next page shows
    the new judgement. A framework indicator must belong to the priority chosen, so that the
    framework and the data say the same thing. Refused changes leave the indicator as it was,
    on the caller's object too, so a refused change cannot be shown or saved by mistake. The
    audit event keeps each changed value, from and to: an indicator's words are no one's
    personal data."""
    require(access.can_edit_indicator(actor), to="change an indicator")
    for name in _INDICATOR_TEXT_FIELDS:
        value = fields.get(name)
        if isinstance(value, str):
            fields[name] = " ".join(value.split())
    update_and_record(
        actor=actor,
        instance=indicator,
        changes=fields,
        allowed=INDICATOR_FIELDS,
        errors=lambda: _indicator_errors(indicator),
    )
    return indicator
