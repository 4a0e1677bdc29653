"""Forms of the change programme: a stage's owner, the board's ratings of the eight stages at a
meeting, a risk and a decision, and the confirmation of closing a risk or deciding. Forms check
the shape of what is typed; the services hold the rules, and the risk form asks the service's
own score and review-date rules too, so that every message is shown at once."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from childtrust.core.form_fields import PersonChoiceField
from childtrust.core.forms import GovukDateField, GovukFormMixin, RecordsChoiceField
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.resources.selectors.appraisal import appraisals_list
from childtrust.strategy.change_rules import SCORE_FIELDS, review_date_error, risk_score_errors
from childtrust.strategy.models import KotterStage, Objective, Proximity, Risk, StrategicPlan
from childtrust.strategy.selectors.change import RATING_WORDS, meetings_for_choice
from childtrust.strategy.selectors.risks import IMPACT_WORDS, LIKELIHOOD_WORDS
from childtrust.strategy.services.risks import RISK_FIELDS


class StaffChoiceField(PersonChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj}, {obj.job_title} ({obj.agency})"


def _people() -> Any:
    return staff_in_post().select_related("agency").order_by("family_name", "given_name", "pk")


class ConfirmForm(GovukFormMixin, forms.Form):
    """A confirmation page's button (close a risk, record a decision as decided): no fields;
    the service's refusal is the form's error, for the page's error summary and title."""


class StageOwnerForm(GovukFormMixin, forms.Form):
    owner = StaffChoiceField(
        label="Owner",
        queryset=staff_in_post().none(),
        required=False,
        empty_label="No one yet",
        help_text="The leader who answers for this stage of the change: a change agent.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()  # type: ignore[attr-defined]


def _rating_choices() -> list[tuple[int, str]]:
    return [(value, f"{value}: {words}") for value, words in RATING_WORDS.items()]


def _stage_rating_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for stage in KotterStage:
        fields[f"rating_{stage.value}"] = forms.TypedChoiceField(
            label=f"How far has “{stage.label}” got?",
            choices=_rating_choices(),
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": f"Choose a rating for “{stage.label}”",
                "invalid_choice": f"Choose a rating for “{stage.label}” from 1 to 5",
            },
        )
        fields[f"evidence_{stage.value}"] = forms.CharField(
            label=f"Evidence for “{stage.label}”",
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": f"Enter the evidence for “{stage.label}”"},
        )
    return fields


class StageRatingsForm(GovukFormMixin, forms.Form):
    """All eight stages at once: a rating (radios 1 to 5) and the evidence for each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Made before the form is, so that GovukFormMixin gives them their classes.
        self.base_fields = _stage_rating_fields()  # type: ignore[misc]
        super().__init__(*args, **kwargs)

    def stage_fields(self) -> list[tuple[KotterStage, forms.BoundField, forms.BoundField]]:
        return [
            (stage, self[f"rating_{stage.value}"], self[f"evidence_{stage.value}"])
            for stage in KotterStage
        ]

    @staticmethod
    def initial_from(ratings: dict[int, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for stage, rating in ratings.items():
            initial[f"rating_{stage}"] = rating.rating
            initial[f"evidence_{stage}"] = rating.evidence
        return initial

    def ratings(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            stage.value: (
                data.get(f"rating_{stage.value}"),
                data.get(f"evidence_{stage.value}", ""),
            )
            for stage in KotterStage
        }


def _score_field(label: str, words: dict[int, str], what: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(value, f"{value}: {word}") for value, word in words.items()],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose the {what}",
            "invalid_choice": f"The {what} must be a whole number from 1 to 5",
        },
    )


class RiskForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the risk's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    cause = forms.CharField(
        label="Cause",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What could make it happen.",
        error_messages={"required": "Enter the risk's cause: what could make it happen"},
    )
    effect = forms.CharField(
        label="Effect",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What would happen to the plan if it did.",
        error_messages={"required": "Enter the risk's effect: what would happen to the plan"},
    )
    owner = StaffChoiceField(
        label="Owner",
        queryset=staff_in_post().none(),
        empty_label="Choose the owner",
        error_messages={"required": "Choose the risk's owner"},
    )
    inherent_likelihood = _score_field(
        "Inherent likelihood (before controls)", LIKELIHOOD_WORDS, "inherent likelihood"
    )
    inherent_impact = _score_field(
        "Inherent impact (before controls)", IMPACT_WORDS, "inherent impact"
    )
    residual_likelihood = _score_field(
        "Residual likelihood (after controls)", LIKELIHOOD_WORDS, "residual likelihood"
    )
    residual_impact = _score_field(
        "Residual impact (after controls)", IMPACT_WORDS, "residual impact"
    )
    controls = forms.CharField(
        label="Controls in place",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    actions = forms.CharField(
        label="Further actions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proximity = forms.ChoiceField(
        label="How soon could it happen?",
        choices=Proximity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how soon the risk could happen"},
    )
    review_on = GovukDateField(
        label="Review date", what="the review date", help_text="For example, 27 3 2027."
    )
    objectives = RecordsChoiceField(
        label="Objectives it threatens",
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, plan: StrategicPlan | None, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.new = new
        self.fields["owner"].queryset = _people()  # type: ignore[attr-defined]
        objectives = (
            plan.objectives.order_by("position", "title") if plan else Objective.objects.none()
        )
        self.fields["objectives"].queryset = objectives  # type: ignore[attr-defined]
        if not objectives.exists():
            del self.fields["objectives"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scores = {name: data[name] for name in SCORE_FIELDS if name in data}
        for name, message in risk_score_errors(scores).items():
            self.add_error(name, message)
        review_on = data.get("review_on")
        if self.new and isinstance(review_on, datetime.date):
            problem = review_date_error(review_on)
            if problem:
                self.add_error("review_on", problem)
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in RISK_FIELDS},
            "objectives": list(data.get("objectives") or []),
        }

    @staticmethod
    def initial_for(risk: Risk) -> dict[str, Any]:
        return {
            **{name: getattr(risk, name) for name in RISK_FIELDS},
            "objectives": list(risk.objectives.all()),
        }


class DecisionForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the decision's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    decision_text = forms.CharField(
        label="What was decided",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was decided"},
    )
    decided_by = forms.CharField(
        label="Decided by",
        max_length=200,
        help_text="Such as the Children's Trust Board.",
        error_messages={
            "required": "Enter who decided, such as the Children's Trust Board",
            "max_length": "Who decided must be 200 characters or fewer",
        },
    )
    decided_on = GovukDateField(
        label="Date decided", what="the date decided", help_text="For example, 3 3 2027."
    )
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the decision rested on: papers, figures, consultation.",
        error_messages={"required": "Enter the evidence the decision rested on"},
    )
    appraisal = forms.ModelChoiceField(
        label="Option appraisal",
        queryset=appraisals_list(),
        required=False,
        empty_label="None",
        help_text="The appraisal behind the decision, where one was made.",
    )
    meeting = forms.ModelChoiceField(
        label="Board meeting where it was taken",
        queryset=meetings_for_choice(),
        required=False,
        empty_label="Not at a board meeting",
    )

    @staticmethod
    def initial_for(decision: Any) -> dict[str, Any]:
        return {
            "title": decision.title,
            "decision_text": decision.decision,
            "decided_by": decision.decided_by,
            "decided_on": decision.decided_on,
            "evidence": decision.evidence,
            "appraisal": decision.appraisal,
            "meeting": decision.meeting,
        }
