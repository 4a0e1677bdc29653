"""The two forms that attach an indicator to a priority of the outcomes framework: on the
indicator's side (which priority does it show progress on?) and on the priority's side (which
indicator shows its progress?). Both may name the framework's own indicator whose figures it
gives, so that the framework lists that measure once."""

from __future__ import annotations

from typing import Any

from django import forms

from childtrust.core.forms import GovukFormMixin
from childtrust.outcomes.models import Indicator
from childtrust.partnership.models import FrameworkIndicator, Priority
from childtrust.partnership.selectors.framework import (
    framework_indicators_with_priority,
    priorities_with_outcome,
)

_FRAMEWORK_INDICATOR_HINT = (
    "Choose one when this indicator measures the same thing as one of the framework's own "
    "indicators, so that the framework shows it once, with these figures."
)


class _PriorityChoice(forms.ModelChoiceField[Priority]):
    def label_from_instance(self, obj: Priority) -> str:
        return f"{obj.outcome}: {obj.title}"


class _FrameworkIndicatorChoice(forms.ModelChoiceField[FrameworkIndicator]):
    def label_from_instance(self, obj: FrameworkIndicator) -> str:
        return f"{obj.name} (priority: {obj.priority})"


class _IndicatorChoice(forms.ModelChoiceField[Indicator]):
    def label_from_instance(self, obj: Indicator) -> str:
        if obj.priority_id is None:
            return obj.name
        return f"{obj.name} (now under “{obj.priority}”)"


class IndicatorPriorityForm(GovukFormMixin, forms.Form):
    """On the indicator's side: the priority it shows progress on, or none."""

    priority = _PriorityChoice(
        label="Which priority does this indicator show progress on?",
        queryset=priorities_with_outcome().order_by("outcome__position", "position", "title"),
        required=False,
        empty_label="None: not attached to a priority",
        error_messages={"invalid_choice": "Choose a priority from the list"},
    )
    framework_indicator = _FrameworkIndicatorChoice(
        label="Which of the priority's indicators does it give the figures for? (optional)",
        queryset=framework_indicators_with_priority().order_by("priority__title", "name"),
        required=False,
        empty_label="None of them: list it on its own",
        help_text=_FRAMEWORK_INDICATOR_HINT,
        error_messages={"invalid_choice": "Choose one of the framework's indicators from the list"},
    )


class PriorityIndicatorForm(GovukFormMixin, forms.Form):
    """On the priority's side: the indicator that shows its progress."""

    indicator = _IndicatorChoice(
        label="Which indicator shows progress on this priority?",
        queryset=Indicator.objects.select_related("priority").order_by("name", "pk"),
        empty_label="Choose an indicator",
        help_text="An indicator shows progress on one priority: one now under another moves here.",
        error_messages={
            "required": "Choose the indicator to attach",
            "invalid_choice": "Choose an indicator from the list",
        },
    )
    framework_indicator = _FrameworkIndicatorChoice(
        label="Which of the priority's indicators does it give the figures for? (optional)",
        queryset=framework_indicators_with_priority().none(),
        required=False,
        empty_label="None of them: list it on its own",
        help_text=_FRAMEWORK_INDICATOR_HINT,
        error_messages={"invalid_choice": "Choose one of this priority's indicators from the list"},
    )

    def __init__(self, *args: Any, priority: Priority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["framework_indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = framework_indicators_with_priority().filter(priority=priority)
