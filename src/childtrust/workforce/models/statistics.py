"""The national children's social work workforce statistics, as published (one figure per year,
area and measure, with the file's symbols kept as what they mean), and the comparator
authorities the partnership is shown beside."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from childtrust.core.models import TrackedModel


class GeographicLevel(models.TextChoices):
    NATIONAL = "National", "England"
    REGIONAL = "Regional", "Region"
    LOCAL_AUTHORITY = "Local authority", "Local authority"


class StatisticSymbol(models.TextChoices):
    """The symbols the statistics' open data files put in place of a figure; none is zero."""

    NONE = "", "A figure"
    SUPPRESSED = "c", "Suppressed to protect confidentiality"
    LOW_RELIABILITY = "u", "Low reliability"
    UNAVAILABLE = "x", "Not available"
    NOT_APPLICABLE = "z", "Not applicable"
    ROUNDS_TO_ZERO = "low", "Rounds to zero, but is not zero"


class WorkforceStatistic(TrackedModel):
    """One published figure: a column of the file for one year and area. `value` is empty when
    the file has a symbol instead. Where the import recomputed a published rate from its counts
    and the two differ by more than the file's rounding, `recomputed` keeps the import's figure
    and `differs` is set: the published one is still what is shown, flagged."""

    year = models.PositiveSmallIntegerField(help_text="The year of the 30 September census.")
    geographic_level = models.CharField(max_length=20, choices=GeographicLevel.choices)
    area_code = models.CharField(max_length=12, help_text="E92000001, E12000004 or E08000026.")
    area_name = models.CharField(max_length=200)
    old_la_code = models.CharField(max_length=6, blank=True)
    measure = models.CharField(max_length=40, help_text="The file's column, such as inpost_fte.")
    value = models.FloatField(null=True, blank=True)
    symbol = models.CharField(
        max_length=3, choices=StatisticSymbol.choices, blank=True, default=StatisticSymbol.NONE
    )
    recomputed = models.FloatField(null=True, blank=True)
    differs = models.BooleanField(default=False)

    class Meta:
        ordering = ["year", "geographic_level", "area_name", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "area_code", "measure"], name="one_statistic_per_year_area_measure"
            ),
            models.CheckConstraint(
                condition=Q(geographic_level__in=GeographicLevel.values),
                name="statistic_level_is_known",
            ),
            models.CheckConstraint(
                condition=Q(symbol__in=StatisticSymbol.values), name="statistic_symbol_is_known"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(symbol=""),
                name="statistic_value_or_symbol",
            ),
        ]
        indexes = [models.Index(fields=["measure", "area_code", "year"])]

    def __str__(self) -> str:
        return f"{self.measure} for {self.area_name}, {self.year}"


class WorkforceComparator(TrackedModel):
    """A local authority the partnership chooses to be compared with, by its code in the
    national statistics."""

    area_code = models.CharField(max_length=12, unique=True)
    area_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["area_name"]

    def __str__(self) -> str:
        return self.area_name
