"""Outcome indicators and the data behind them: what each indicator measures and how it is
compared, the areas it is measured for (England, regions, local authorities, localities and
wards), and one data point per indicator, area, period and breakdown."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from childtrust.core.models import TrackedModel


class Polarity(models.TextChoices):
    HIGH_IS_GOOD = "high_is_good", "A high value is good"
    LOW_IS_GOOD = "low_is_good", "A low value is good"
    NO_JUDGEMENT = "no_judgement", "No judgement of high or low"


class ValueType(models.TextChoices):
    PROPORTION = "proportion", "Proportion"
    CRUDE_RATE = "crude_rate", "Crude rate per N"
    DIRECTLY_STANDARDISED_RATE = "dsr", "Directly standardised rate"
    INDIRECTLY_STANDARDISED_RATE = "isr", "Indirectly standardised rate"
    MEAN = "mean", "Mean"
    COUNT = "count", "Count"


class Indicator(TrackedModel):
    """An indicator: an external one from the public health profiles (Fingertips, with its
    indicator ID) or one of the partnership's own, known by its name."""

    external_id = models.CharField(
        max_length=40, blank=True, help_text="The indicator's ID in Fingertips, where it has one."
    )
    name = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    framework_indicator = models.ForeignKey(
        "partnership.FrameworkIndicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_indicators",
    )
    priority = models.ForeignKey(
        "partnership.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_indicators",
    )
    polarity = models.CharField(
        max_length=20, choices=Polarity.choices, default=Polarity.NO_JUDGEMENT
    )
    value_type = models.CharField(
        max_length=20,
        choices=ValueType.choices,
        blank=True,
        help_text="Left blank until someone who knows the indicator sets it.",
    )
    multiplier = models.PositiveIntegerField(
        default=100, help_text="Per how many: 100 for a percentage, 100000 for a rate per 100,000."
    )
    comparison_method = models.CharField(
        max_length=100, blank=True, help_text='Such as "confidence intervals 95/99.8".'
    )
    age = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=40, blank=True)
    unit = models.CharField(
        max_length=100,
        blank=True,
        help_text=(
            'What each value is per, as shown beside it, such as "per 1,000 live births". Left '
            "blank, it is worked out from the value type, the multiplier and the age."
        ),
    )
    period_years = models.PositiveSmallIntegerField(
        default=1,
        help_text=(
            "How many years each published period covers: 1 for single years, 3 for rolling "
            "three-year periods such as 2015 - 17. A recent trend is worked out only on periods "
            "that do not overlap."
        ),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_years__gte=1), name="indicator_period_years_positive"
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="indicator_external_id_unique",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(external_id=""),
                name="local_indicator_name_unique",
            ),
            models.CheckConstraint(
                condition=Q(multiplier__gt=0), name="indicator_multiplier_positive"
            ),
            # One indicator's figures per framework indicator, so that the framework lists each
            # measure once (issue 14: indicators held twice under two names were merged).
            models.UniqueConstraint(
                fields=["framework_indicator"],
                condition=Q(framework_indicator__isnull=False),
                name="one_indicator_per_framework_indicator",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AreaType(models.TextChoices):
    ENGLAND = "england", "England"
    REGION = "region", "Region"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    LOCALITY = "locality", "Locality"
    WARD = "ward", "Ward"


class Area(TrackedModel):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    area_type = models.CharField(max_length=20, choices=AreaType.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    imd_decile = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=(
            "For a ward: its Index of Multiple Deprivation decile, 1 the most deprived tenth of "
            "England and 10 the least."
        ),
    )
    imd_decile_source = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            'Where the decile comes from, such as "English Indices of Deprivation 2019", or '
            '"Demonstration deciles, not published figures".'
        ),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(imd_decile__isnull=True) | Q(imd_decile__gte=1, imd_decile__lte=10),
                name="area_imd_decile_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DataSource(models.TextChoices):
    IMPORTED = "imported", "Imported from the public health profiles"
    LOCAL = "local", "The partnership's own data"


class DataPoint(models.Model):
    """One value of an indicator for an area and period (and breakdown by sex, age or category),
    with its confidence limits where the source gives them."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="data_points")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="data_points")
    period = models.CharField(max_length=40, help_text='As published, such as "2021/22".')
    period_start = models.DateField(help_text="When the period begins, so periods sort in order.")
    sex = models.CharField(max_length=40, blank=True)
    age = models.CharField(max_length=100, blank=True)
    category_type = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=200, blank=True)
    value = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)
    lower_99_8 = models.FloatField(null=True, blank=True)
    upper_99_8 = models.FloatField(null=True, blank=True)
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value_note = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=20, choices=DataSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "area", "period_start", "sex", "age", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "sex", "age", "category_type", "category"],
                name="data_point_unique",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="data_point_denominator_positive",
            ),
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(count__gte=0),
                name="data_point_count_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | Q(lower_95__isnull=True)
                | Q(upper_95__isnull=True)
                | Q(lower_95__lte=F("value"), upper_95__gte=F("value")),
                name="data_point_value_within_95",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | Q(lower_99_8__isnull=True)
                | Q(upper_99_8__isnull=True)
                | Q(lower_99_8__lte=F("value"), upper_99_8__gte=F("value")),
                name="data_point_value_within_99_8",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "area", "period_start"])]

    def __str__(self) -> str:
        return f"{self.indicator} for {self.area}, {self.period}"


class StagedOutcome(models.TextChoices):
    """What a staged row will do to the data points, worked out when it is staged."""

    NEW = "new", "A data point not held"
    CHANGED = "changed", "A data point held whose figures differ"
    UNCHANGED = "unchanged", "A data point held with the same figures"


class StagedDataPoint(models.Model):
    """A checked row of a file being loaded, waiting to be merged into the data points in one
    short transaction (services.uploads). Rows are staged in small batches while the file is
    read, so that no transaction lasts long and a file of any length is never held in memory;
    the data points themselves change all at once or not at all. A staged row names its
    indicator and area as the file does: they may not exist until the merge. Where they
    already exist, the row also carries their ids, the data point it matches and its outcome,
    worked out as it is staged, so that the merge only writes what changes."""

    batch = models.CharField(max_length=32, help_text="The load the row belongs to.")
    staged_at = models.DateTimeField()
    line = models.PositiveIntegerField()
    indicator_key = models.CharField(max_length=300)
    area_code = models.CharField(max_length=20)
    period = models.CharField(max_length=40)
    period_start = models.DateField()
    sex = models.CharField(max_length=40, blank=True)
    age = models.CharField(max_length=100, blank=True)
    category_type = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=200, blank=True)
    value = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)
    lower_99_8 = models.FloatField(null=True, blank=True)
    upper_99_8 = models.FloatField(null=True, blank=True)
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value_note = models.CharField(max_length=300, blank=True)
    # Plain ids, not foreign keys: a staged row holds no lock on what it names, and the merge
    # checks they still hold before trusting them (services.uploads).
    indicator_ref = models.BigIntegerField(null=True, help_text="The indicator's id, if held.")
    area_ref = models.BigIntegerField(null=True, help_text="The area's id, if held.")
    target = models.BigIntegerField(null=True, help_text="The data point's id, if held.")
    outcome = models.CharField(
        max_length=10, choices=StagedOutcome.choices, default=StagedOutcome.NEW
    )

    class Meta:
        indexes = [
            models.Index(fields=["batch", "line"]),
            models.Index(fields=["batch", "outcome"]),
        ]

    def __str__(self) -> str:
        return f"Line {self.line} of load {self.batch}"


class DataPointsVersion(models.Model):
    """One row counting the loads that have written data points. A load works out what each
    row will do before its write transaction, and takes its turn at the start of that
    transaction by adding one; if another load wrote in between, the count has moved on by
    more than one and the load compares its rows with the data points again, inside the
    transaction (services.uploads)."""

    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Data points, version {self.version}"
