"""Writes to the plan's measures: a measure with its whole trajectory (a target for every year
of the plan) in one go, and figures entered by hand. Strategic leads and administrators keep
the measures (access.can_manage_strategy). Each service checks the acting user first, then the
input, refusing with every message at once before anything is written, then writes with one
audit event saying what changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import changes_details, save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.outcomes.indicator_page import partnership_area
from childtrust.outcomes.models import Indicator
from childtrust.outcomes.selectors import latest_values_for_area
from childtrust.strategy import access
from childtrust.strategy.models import (
    Direction,
    Measure,
    MeasureReading,
    MeasureSource,
    MeasureTarget,
    Objective,
    financial_year_label,
)
from childtrust.strategy.selectors.measures import figure
from childtrust.strategy.wording import day_words, refuse_if_any, tidy
from childtrust.voice.models import Message, Survey, SurveyTheme
from childtrust.voice.selectors.survey_results import themes_asked
from childtrust.workforce.definitions import DEFINITIONS, WorkforceMeasure

KEEP_MEASURES = "keep the plan's measures"


@dataclass(frozen=True)
class SourceInput:
    """Where a measure's figures come from: the kind, and the link for that kind. Links given
    for other kinds are ignored (a form sends them all), so only the chosen one is kept; a
    workforce measure given for another kind is refused instead (the form sends it only with
    its own kind)."""

    source: str
    indicator: Indicator | None = None
    message: Message | None = None
    survey: Survey | None = None
    survey_theme: str = ""
    workforce_measure: str = ""

    def links(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator if self.source == MeasureSource.INDICATOR else None,
            "message": self.message if self.source == MeasureSource.MESSAGE_REACH else None,
            "survey": self.survey if self.source == MeasureSource.SURVEY_THEME else None,
            "survey_theme": (
                self.survey_theme if self.source == MeasureSource.SURVEY_THEME else ""
            ),
            "workforce_measure": (
                self.workforce_measure if self.source == MeasureSource.WORKFORCE else ""
            ),
        }

    def unit(self, typed: str) -> str:
        """A workforce measure's unit is its definition's ("%", "cases per FTE"), whatever was
        typed; any other source's is what was typed."""
        workforce = self.source == MeasureSource.WORKFORCE
        if workforce and self.workforce_measure in WorkforceMeasure.values:
            return DEFINITIONS[WorkforceMeasure(self.workforce_measure)].unit
        return typed.strip()


def _indicator_errors(source: SourceInput) -> dict[str, str]:
    if source.indicator is None:
        return {"indicator": "Choose the outcome indicator"}
    area = partnership_area()
    if area is None or not latest_values_for_area([source.indicator], area):
        return {
            "indicator": f"No figures are held for “{source.indicator.name}” for the "
            "partnership's area: load them first, or choose another indicator"
        }
    return {}


def _message_errors(source: SourceInput) -> dict[str, str]:
    if source.message is None:
        return {"message": "Choose the message whose reach is measured"}
    if source.message.published_at is None:
        return {"message": f"“{source.message.title}” has not been published: choose one that has"}
    return {}


def _survey_errors(source: SourceInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if source.survey is None:
        errors["survey"] = "Choose the survey"
    if source.survey_theme not in SurveyTheme.values:
        errors["survey_theme"] = "Choose the survey theme"
    elif source.survey is not None and source.survey_theme not in themes_asked(
        source.survey.questions.all()
    ):
        errors["survey_theme"] = (
            f"“{source.survey}” asks nothing about "
            f"“{SurveyTheme(source.survey_theme).label}”: choose a theme it asks about"
        )
    return errors


def _workforce_errors(source: SourceInput) -> dict[str, str]:
    """A workforce measure is chosen, and only for a measure whose source it is (the form sends
    it only then; anything else asking for one is refused rather than silently dropped)."""
    if source.source != MeasureSource.WORKFORCE:
        if source.workforce_measure:
            return {
                "workforce_measure": "A workforce measure is only chosen when the figures come "
                "from a workforce measure: choose that, or no workforce measure"
            }
        return {}
    if source.workforce_measure not in WorkforceMeasure.values:
        return {"workforce_measure": "Choose the workforce measure"}
    return {}


def _source_errors(source: SourceInput) -> dict[str, str]:
    """The source is known and its own link is given and usable."""
    if source.source not in MeasureSource.values:
        return {"source": "Choose where the measure's figures come from"}
    errors = _workforce_errors(source)
    check = {
        MeasureSource.INDICATOR: _indicator_errors,
        MeasureSource.MESSAGE_REACH: _message_errors,
        MeasureSource.SURVEY_THEME: _survey_errors,
    }.get(MeasureSource(source.source))
    return errors | (check(source) if check else {})


def _trajectory_errors(
    *,
    objective: Objective,
    direction: str,
    baseline: float | None,
    targets: Mapping[int, float | None],
) -> dict[str, str]:
    """Every year of the plan has a target, on the right side of the baseline (or equal to it)
    for the direction that is better."""
    errors: dict[str, str] = {}
    plan = objective.plan
    for year in range(plan.start_year, plan.end_year + 1):
        value = targets.get(year)
        label = financial_year_label(year)
        if value is None:
            errors[f"target_{year}"] = f"Enter the target for {label}"
        elif baseline is not None and direction in Direction.values:
            lower = direction == Direction.LOWER
            if (value > baseline) if lower else (value < baseline):
                side, better = ("lower", "lower") if lower else ("higher", "higher")
                errors[f"target_{year}"] = (
                    f"The {label} target must be {side} than the baseline of "
                    f"{figure(baseline)}, or the same, because {better} is better"
                )
    return errors


def _measure_errors(
    measure: Measure, source: SourceInput, targets: Mapping[int, float | None]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not measure.title:
        errors["title"] = "Enter the measure's title"
    else:
        same = Measure.objects.filter(objective=measure.objective, title__iexact=measure.title)
        if measure.pk is not None:
            same = same.exclude(pk=measure.pk)
        if same.exists():
            errors["title"] = f"The objective already has a measure called “{measure.title}”"
    if not measure.unit and measure.source != MeasureSource.WORKFORCE:  # else its definition's
        errors["unit"] = 'Enter what the figures count, such as "%" or "per 100,000"'
    if measure.direction not in Direction.values:
        errors["direction"] = "Choose whether higher or lower is better"
    if not measure.baseline_period:
        errors["baseline_period"] = 'Enter when the baseline was measured, such as "2025-26"'
    errors |= _source_errors(source)
    errors |= _trajectory_errors(
        objective=measure.objective,
        direction=measure.direction,
        baseline=measure.baseline,
        targets=targets,
    )
    return errors


def _plan_targets(objective: Objective, targets: Mapping[int, float | None]) -> dict[int, float]:
    plan = objective.plan
    return {
        year: float(value)
        for year in range(plan.start_year, plan.end_year + 1)
        if (value := targets.get(year)) is not None
    }


def _audit_trajectory(targets: Mapping[int, float]) -> dict[str, float]:
    return {financial_year_label(year): value for year, value in sorted(targets.items())}


@transaction.atomic
def measure_create(
    *,
    actor: User,
    objective: Objective,
    title: str,
    unit: str,
    direction: str,
    baseline: float,
    baseline_period: str,
    source: SourceInput,
    targets: Mapping[int, float | None],
) -> Measure:
    """Add a measure (key result) to an objective with its whole trajectory: a target for
    every year of the plan, none on the wrong side of the baseline for the direction that is
    better, and the link its figures come from (an indicator with figures for the
    partnership's area, a published message, a survey and one of the themes it asks about, a
    workforce measure, whose unit is then its definition's whatever was typed)."""
    require(access.can_manage_strategy(actor), to=KEEP_MEASURES)
    measure = Measure(
        objective=objective,
        title=tidy(title),
        unit=source.unit(unit),
        direction=direction,
        baseline=baseline,
        baseline_period=tidy(baseline_period),
        source=source.source,
        **source.links(),
    )
    refuse_if_any(_measure_errors(measure, source, targets))
    measure.position = objective.measures.count()
    chosen = _plan_targets(objective, targets)
    save_and_record(
        actor=actor,
        instance=measure,
        action=AuditAction.CREATE,
        details={
            "objective": objective.pk,
            "title": measure.title,
            "unit": measure.unit,
            "direction": direction,
            "baseline": baseline,
            "baseline_period": measure.baseline_period,
            "source": source.source,
            "link": _link_name(measure),
            "trajectory": _audit_trajectory(chosen),
        },
    )
    MeasureTarget.objects.bulk_create(
        MeasureTarget(measure=measure, year=year, value=value) for year, value in chosen.items()
    )
    return measure


def _link_name(measure: Measure) -> str:
    if measure.indicator is not None:
        return measure.indicator.name
    if measure.message is not None:
        return measure.message.title
    if measure.survey is not None:
        return f"{measure.survey}: {SurveyTheme(measure.survey_theme).label}"
    if measure.workforce_measure:
        return WorkforceMeasure(measure.workforce_measure).label
    return ""


@transaction.atomic
def measure_update(
    *,
    actor: User,
    measure: Measure,
    title: str,
    unit: str,
    direction: str,
    baseline: float,
    baseline_period: str,
    source: SourceInput,
    targets: Mapping[int, float | None],
) -> Measure:
    """Change a measure, its source or its trajectory, by the same rules as adding one, with
    one audit event keeping each changed value from and to (the trajectory year by year).
    Nothing changed, nothing is saved or recorded; refused, the measure is left as it was."""
    require(access.can_manage_strategy(actor), to=KEEP_MEASURES)
    old = {t.year: t.value for t in measure.targets.all()}
    chosen = _plan_targets(measure.objective, targets)
    fields = {
        "title": tidy(title),
        "unit": source.unit(unit),
        "direction": direction,
        "baseline": baseline,
        "baseline_period": tidy(baseline_period),
        "source": source.source,
        **source.links(),
    }
    changed = {
        name: (getattr(measure, name), value)
        for name, value in fields.items()
        if getattr(measure, name) != value
    }
    if old != chosen:
        changed["trajectory"] = (_audit_trajectory(old), _audit_trajectory(chosen))
    if not changed:
        return measure
    for name, (_before, after) in changed.items():
        if name != "trajectory":
            setattr(measure, name, after)
    try:
        refuse_if_any(_measure_errors(measure, source, targets))
        save_and_record(
            actor=actor,
            instance=measure,
            action=AuditAction.UPDATE,
            details=changes_details(changed),
        )
    except ValidationError:
        for name, (before, _after) in changed.items():
            if name != "trajectory":
                setattr(measure, name, before)
        raise
    if "trajectory" in changed:
        measure.targets.all().delete()
        MeasureTarget.objects.bulk_create(
            MeasureTarget(measure=measure, year=year, value=value) for year, value in chosen.items()
        )
    return measure


@transaction.atomic
def measure_reading_create(
    *, actor: User, measure: Measure, value: float, measured_on: date, source: str
) -> MeasureReading:
    """Record a figure by hand for a measure whose figures are entered by hand: its value, the
    date it describes (today or before) and where it comes from; one figure a day."""
    require(access.can_manage_strategy(actor), to=KEEP_MEASURES)
    source = tidy(source)
    errors: dict[str, str] = {}
    if measure.source != MeasureSource.MANUAL:
        errors["value"] = (
            f"The figures of “{measure.title}” come from {measure.get_source_display().lower()}: "
            "only a measure whose figures are entered by hand takes one"
        )
    if measured_on > timezone.localdate():
        errors["measured_on"] = "The date the figure describes must be today or in the past"
    elif measure.readings.filter(measured_on=measured_on).exists():
        errors["measured_on"] = (
            f"A figure for {day_words(measured_on)} has already been entered: choose another date"
        )
    if not source:
        errors["source"] = "Enter where the figure comes from"
    refuse_if_any(errors)
    reading = MeasureReading(
        measure=measure, value=value, measured_on=measured_on, source=source, recorded_by=actor
    )
    reading.full_clean()
    reading.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=reading,
        details={
            "measure": measure.pk,
            "value": value,
            "measured_on": measured_on.isoformat(),
            "source": source,
        },
    )
    return reading
