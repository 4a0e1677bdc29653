"""Migration 0006 gives each indicator held before issue 15 its period length from the period
labels of its data points, so that rolling periods loaded earlier get no trend either."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from childtrust.outcomes.models import Area, AreaType, DataPoint, DataSource, Indicator

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("childtrust.outcomes.migrations.0006_period_years_from_labels")


def _indicator(name: str, *labels: str) -> Indicator:
    area, _ = Area.objects.get_or_create(
        code="E06000045", defaults={"name": "Southampton", "area_type": AreaType.LOCAL_AUTHORITY}
    )
    indicator = Indicator.objects.create(name=name)
    for number, label in enumerate(labels):
        DataPoint.objects.create(
            indicator=indicator,
            area=area,
            period=label,
            period_start=datetime.date(2000 + number, 1, 1),
            value=1.0,
            source=DataSource.IMPORTED,
        )
    return indicator


@pytest.mark.parametrize(
    ("labels", "years"),
    [
        (("2015 - 17", "2016 - 18"), 3),
        (("2019/20 - 21/22", "2020/21 - 22/23"), 3),
        (("2016/17 - 17/18",), 2),
        (("2021", "2022"), 1),
        (("2021/22", "2022/23 Q1"), 1),
        (("2018", "2016 - 18"), 3),  # lengths mixed before the import refused them: the longest
        (("not a period",), 1),
        ((), 1),
    ],
)
def test_each_indicator_takes_the_length_of_its_labels(labels: tuple[str, ...], years: int) -> None:
    indicator = _indicator("Held", *labels)
    MIGRATION.set_period_years(apps, None)
    indicator.refresh_from_db()
    assert indicator.period_years == years


def test_the_migration_reads_labels_as_the_importer_does() -> None:
    from childtrust.outcomes.indicator_files import period_length

    for label in ["2022", "2021/22", "2015 - 17", "2015 - 2017", "2019/20 - 21/22", "2022/23 Q4"]:
        assert MIGRATION.label_years(label) == period_length(label)
