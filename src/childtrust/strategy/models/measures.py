"""Measures (key results) of an objective, with their trajectory and the figures entered by
hand, and the owner's monthly check-ins on the objective."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from childtrust.core.models import TrackedModel
from childtrust.outcomes.models import Indicator
from childtrust.strategy.models.plan import Objective
from childtrust.voice.models import Message, Survey, SurveyTheme
from childtrust.workforce.definitions import WorkforceMeasure


class MeasureSource(models.TextChoices):
    """Where a measure's actual values come from."""

    INDICATOR = "indicator", "An outcome indicator"
    MESSAGE_REACH = "message_reach", "A message's reach"
    SURVEY_THEME = "survey_theme", "A survey theme's score"
    FEEDBACK_ON_TIME = "feedback_on_time", "Feedback answered on time"
    MANUAL = "manual", "A figure entered by hand"
    WORKFORCE = "workforce", "A workforce measure"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Measure(TrackedModel):
    """A key result of an objective: a baseline, a target for each year of the plan (its
    trajectory, in MeasureTarget) and the direction that is better. Exactly the source's own
    link is set: the indicator, the message, or the survey and theme."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(max_length=200)
    unit = models.CharField(
        max_length=60, help_text='What the figures count, such as "%" or "per 100,000".'
    )
    direction = models.CharField(max_length=8, choices=Direction.choices)
    baseline = models.FloatField()
    baseline_period = models.CharField(
        max_length=40, help_text='When the baseline was measured, such as "2025-26".'
    )
    source = models.CharField(max_length=20, choices=MeasureSource.choices)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    survey = models.ForeignKey(
        Survey, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    survey_theme = models.CharField(max_length=16, choices=SurveyTheme.choices, blank=True)
    workforce_measure = models.CharField(
        max_length=32,
        choices=WorkforceMeasure.choices,
        blank=True,
        help_text="The national workforce measure, for the whole partnership's social workers.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["objective", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "title"], name="measure_title_unique"),
            models.CheckConstraint(
                condition=Q(source__in=MeasureSource.values), name="measure_source_known"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="measure_direction_known"
            ),
            # The source's own link is set, and no other.
            models.CheckConstraint(
                condition=(Q(source=MeasureSource.INDICATOR) & Q(indicator__isnull=False))
                | (~Q(source=MeasureSource.INDICATOR) & Q(indicator__isnull=True)),
                name="measure_indicator_iff_source",
            ),
            models.CheckConstraint(
                condition=(Q(source=MeasureSource.MESSAGE_REACH) & Q(message__isnull=False))
                | (~Q(source=MeasureSource.MESSAGE_REACH) & Q(message__isnull=True)),
                name="measure_message_iff_source",
            ),
            models.CheckConstraint(
                condition=(
                    Q(source=MeasureSource.SURVEY_THEME)
                    & Q(survey__isnull=False)
                    & ~Q(survey_theme="")
                )
                | (
                    ~Q(source=MeasureSource.SURVEY_THEME)
                    & Q(survey__isnull=True)
                    & Q(survey_theme="")
                ),
                name="measure_survey_iff_source",
            ),
            models.CheckConstraint(
                condition=(Q(source=MeasureSource.WORKFORCE) & ~Q(workforce_measure=""))
                | (~Q(source=MeasureSource.WORKFORCE) & Q(workforce_measure="")),
                name="measure_workforce_iff_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeasureTarget(models.Model):
    """The measure's target for one year of the plan: the trajectory has one for every year."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts.")
    value = models.FloatField()

    class Meta:
        ordering = ["measure", "year"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="one_target_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.year} target {self.value}"


class MeasureReading(models.Model):
    """A figure entered by hand for a measure whose source is manual, with where it came from
    and the date it describes."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="readings")
    value = models.FloatField()
    measured_on = models.DateField(help_text="The date the figure describes.")
    source = models.CharField(max_length=300, help_text="Where the figure comes from.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "measured_on"], name="one_reading_per_measure_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.measured_on}"


class CheckIn(models.Model):
    """The objective owner's monthly check-in: how confident they are (1 to 5), what happened,
    what is blocking and what help is needed. One per objective and month; kept, never edited."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="check_ins")
    month = models.DateField(help_text="The first day of the month it is for.")
    confidence = models.PositiveSmallIntegerField()
    happened = models.TextField()
    blocking = models.TextField(blank=True)
    help_needed = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["objective", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "month"], name="one_check_in_a_month"),
            models.CheckConstraint(
                condition=Q(confidence__gte=1) & Q(confidence__lte=5),
                name="check_in_confidence_1_to_5",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="check_in_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.objective}: check-in for {self.month:%B %Y}"
