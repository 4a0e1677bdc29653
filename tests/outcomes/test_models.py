"""The database holds the rules every data point must keep, whoever writes it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from childtrust.outcomes.models import Area, AreaType, DataPoint, DataSource, Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator() -> Indicator:
    return Indicator.objects.create(
        external_id="90812", name="Hospital admissions for mental health conditions (<18 yrs)"
    )


@pytest.fixture
def area() -> Area:
    return Area.objects.create(code="E08000035", name="Leeds", area_type=AreaType.LOCAL_AUTHORITY)


def make_point(indicator: Indicator, area: Area, **fields: Any) -> DataPoint:
    values: dict[str, Any] = {
        "period": "2021/22",
        "period_start": datetime.date(2021, 4, 1),
        "value": 105.2,
        "lower_95": 90.7,
        "upper_95": 121.3,
        "lower_99_8": 84.7,
        "upper_99_8": 128.9,
        "count": 190,
        "denominator": 180600,
        "source": DataSource.IMPORTED,
    }
    values.update(fields)
    return DataPoint.objects.create(indicator=indicator, area=area, **values)


def test_a_data_point_within_its_limits_is_kept(indicator: Indicator, area: Area) -> None:
    point = make_point(indicator, area)

    assert DataPoint.objects.get() == point
    assert str(point) == (
        "Hospital admissions for mental health conditions (<18 yrs) for Leeds, 2021/22"
    )


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"denominator": 0}, id="denominator of 0"),
        pytest.param({"denominator": -5}, id="negative denominator"),
        pytest.param({"count": -1}, id="negative count"),
        pytest.param({"value": 130.0}, id="value above both upper limits"),
        pytest.param({"lower_95": 106.0}, id="value below its lower 95% limit"),
        pytest.param({"upper_99_8": 100.0}, id="value above its upper 99.8% limit"),
    ],
)
def test_the_database_refuses_a_data_point_that_breaks_a_rule(
    indicator: Indicator, area: Area, fields: dict[str, Any]
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_point(indicator, area, **fields)

    assert not DataPoint.objects.exists()


def test_limits_are_not_checked_when_the_value_is_suppressed(
    indicator: Indicator, area: Area
) -> None:
    make_point(indicator, area, value=None, count=None, value_note="Value suppressed")

    assert DataPoint.objects.get().value is None


def test_the_same_indicator_area_period_and_breakdown_is_held_once(
    indicator: Indicator, area: Area
) -> None:
    make_point(indicator, area, sex="Persons")
    make_point(indicator, area, sex="Male")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_point(indicator, area, sex="Persons")

    assert DataPoint.objects.count() == 2


def test_an_external_indicator_id_is_used_once(indicator: Indicator) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(external_id="90812", name="Another name")


def test_local_indicators_without_an_id_are_told_apart_by_name() -> None:
    Indicator.objects.create(name="Pupils with an education, health and care plan")
    Indicator.objects.create(name="Young people not in education, employment or training")

    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(name="Pupils with an education, health and care plan")

    assert Indicator.objects.count() == 2


def test_an_area_code_is_used_once(area: Area) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(code="E08000035", name="Leeds again", area_type=AreaType.WARD)
