"""Forms for measures: a measure with its source and its whole trajectory (one text box per
plan year), a figure entered by hand, and the owner's monthly check-in.

The forms check what is typed (a number, a date); the services hold the rules (a target on the
wrong side of the baseline, a source without its link, one check-in a month) and their
messages reach the form through core.forms.form_write."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.outcomes.selectors import indicators_by_name
from childtrust.strategy.models import (
    Direction,
    Measure,
    MeasureSource,
    StrategicPlan,
    financial_year_label,
)
from childtrust.strategy.selectors.measures import CONFIDENCE_WORDS, months_open
from childtrust.strategy.services.measures import SourceInput
from childtrust.voice.models import SurveyTheme
from childtrust.voice.selectors.reach import messages_with_reach
from childtrust.voice.selectors.surveys import surveys_for_list
from childtrust.workforce.definitions import DEFINITIONS, WorkforceMeasure


class FigureField(forms.FloatField):
    """A figure typed as people write it: "1,250.5" is read as 1250.5."""

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages",
            {
                "required": f"Enter {what}",
                "invalid": f"Enter {what} as a number, like 12.5",
            },
        )
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "decimal",
                    "spellcheck": "false",
                    "class": "govuk-input--width-10",
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace(",", "").strip()
        return super().to_python(value)


class MeasureForm(GovukFormMixin, forms.Form):
    """A measure: what it counts, its baseline, where its figures come from, and a target for
    each year of the plan. Every source's link is on the page, always shown under its radio
    (GOV.UK's conditional reveal sets aria-expanded on the radios, which axe-core refuses);
    only the chosen source's link is used."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the measure's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    # Not required here: a workforce measure takes its definition's unit (the service asks
    # for one for every other source).
    unit = forms.CharField(
        label="Unit",
        max_length=60,
        required=False,
        help_text="What the figures count, such as “%” or “per 100,000”. A workforce measure "
        "takes its own unit (% or cases per FTE) whatever is entered here.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"max_length": "The unit must be 60 characters or fewer"},
    )
    direction = forms.ChoiceField(
        label="Which is better",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether higher or lower is better"},
    )
    baseline = FigureField(label="Baseline", what="the baseline")
    baseline_period = forms.CharField(
        label="When the baseline was measured",
        max_length=40,
        help_text="Such as “2025-26” or “2024/25”.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter when the baseline was measured, such as “2025-26”",
            "max_length": "When the baseline was measured must be 40 characters or fewer",
        },
    )
    source = forms.ChoiceField(
        label="Where the figures come from",
        choices=MeasureSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the measure's figures come from"},
    )
    indicator = forms.ModelChoiceField(
        label="Outcome indicator",
        queryset=indicators_by_name().none(),
        required=False,
        empty_label="Choose an indicator",
        help_text="Its latest value for the partnership's area, with its confidence interval.",
        error_messages={"invalid_choice": "Choose an indicator that is held"},
    )
    message = forms.ModelChoiceField(
        label="Message",
        queryset=messages_with_reach().none(),
        required=False,
        empty_label="Choose a message",
        help_text="The share of the people it went to who confirmed they understood it, in %.",
        error_messages={"invalid_choice": "Choose a published message"},
    )
    survey = forms.ModelChoiceField(
        label="Survey",
        queryset=surveys_for_list().none(),
        required=False,
        empty_label="Choose a survey",
        error_messages={"invalid_choice": "Choose a survey that is held"},
    )
    survey_theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *SurveyTheme.choices],
        required=False,
        help_text="The share agreeing or strongly agreeing, in %, in the latest closed round.",
    )
    workforce_measure = forms.ChoiceField(
        label="Workforce measure",
        choices=[
            ("", "Choose a workforce measure"),
            *(
                (measure.value, f"{measure.label} ({DEFINITIONS[measure].unit})")
                for measure in WorkforceMeasure
            ),
        ],
        required=False,
        help_text="For the whole partnership's social workers, as the national statistics define "
        "it, at the latest census (30 September), in the financial year the census falls in.",
    )

    def __init__(self, *args: Any, plan: StrategicPlan, **kwargs: Any) -> None:
        self.plan = plan
        super().__init__(*args, **kwargs)
        # Read when the form is made, through the apps' selectors.
        self._choices("indicator", indicators_by_name())
        self._choices("message", messages_with_reach().filter(published_at__isnull=False))
        self._choices("survey", surveys_for_list())
        for year in self.years:
            label = financial_year_label(year)
            self.fields[f"target_{year}"] = FigureField(
                label=f"Target for {label}",
                what=f"the target for {label}",
                error_messages={
                    "required": f"Enter the target for {label}",
                    "invalid": f"Enter the target for {label} as a number, like 12.5",
                },
            )
            self.fields[f"target_{year}"].widget.attrs["class"] = (
                "govuk-input govuk-input--width-10"
            )

    def _choices(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    @property
    def years(self) -> range:
        return range(self.plan.start_year, self.plan.end_year + 1)

    def target_fields(self) -> list[forms.BoundField]:
        return [self[f"target_{year}"] for year in self.years]

    @staticmethod
    def initial_for(measure: Measure) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(measure, name)
            for name in (
                "title",
                "unit",
                "direction",
                "baseline",
                "baseline_period",
                "source",
                "indicator",
                "message",
                "survey",
                "survey_theme",
                "workforce_measure",
            )
        }
        for target in measure.targets.all():
            initial[f"target_{target.year}"] = target.value
        return initial

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "unit": data["unit"],
            "direction": data["direction"],
            "baseline": data["baseline"],
            "baseline_period": data["baseline_period"],
            "source": SourceInput(
                source=data["source"],
                indicator=data.get("indicator"),
                message=data.get("message"),
                survey=data.get("survey"),
                survey_theme=data.get("survey_theme") or "",
                # Sent only with its own kind: the service refuses it with any other.
                workforce_measure=(
                    data.get("workforce_measure") or ""
                    if data["source"] == MeasureSource.WORKFORCE
                    else ""
                ),
            ),
            "targets": {year: data.get(f"target_{year}") for year in self.years},
        }


class ReadingForm(GovukFormMixin, forms.Form):
    value = FigureField(label="Figure", what="the figure")
    measured_on = GovukDateField(
        label="Date the figure describes",
        what="the date the figure describes",
        help_text="For example, 31 3 2027.",
    )
    source = forms.CharField(
        label="Where the figure comes from",
        max_length=300,
        help_text="Such as “School census, spring term 2027”.",
        error_messages={
            "required": "Enter where the figure comes from",
            "max_length": "Where the figure comes from must be 300 characters or fewer",
        },
    )


class CheckInForm(GovukFormMixin, forms.Form):
    """A check-in for this month (chosen unless changed) or the one before."""

    month = forms.ChoiceField(
        label="Which month is it for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the month the check-in is for"},
    )
    confidence = forms.TypedChoiceField(
        label="How confident are you that the objective will be met?",
        choices=[(level, f"{level}: {words}") for level, words in CONFIDENCE_WORDS.items()],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how confident you are, from 1 (very low) to 5 (very high)"
        },
    )
    happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what happened this month"},
    )
    blocking = forms.CharField(
        label="What is blocking progress (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    help_needed = forms.CharField(
        label="Help needed (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="From the board, the partners or other owners.",
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this, previous = months_open(today)
        month = self.fields["month"]
        assert isinstance(month, forms.ChoiceField)
        month.choices = [(m.isoformat(), f"{m:%B %Y}") for m in (this, previous)]
        month.initial = this.isoformat()

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "month": datetime.date.fromisoformat(data["month"]),
            "confidence": data["confidence"],
            "happened": data["happened"],
            "blocking": data["blocking"],
            "help_needed": data["help_needed"],
        }
