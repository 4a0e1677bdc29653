"""A strategic lead sets how many years an indicator's periods cover, on the indicator's edit
form; its recent trend follows at once (rolling periods get none). Bad input is refused on its
field with nothing saved."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.outcomes.models import Area, AreaType, DataPoint, DataSource, Indicator, ValueType
from childtrust.outcomes.services.indicators import indicator_update
from childtrust.outcomes.trends import recent_trend
from tests.outcomes.test_indicator_edit import as_saved, edit_url, form_data, updates

pytestmark = pytest.mark.django_db


@pytest.fixture
def rolling() -> tuple[Indicator, Area]:
    """A rate loaded for rolling three-year periods while its length was left at 1 year, with
    a rise that the trend test calls significant when it is not told they overlap."""
    indicator = Indicator.objects.create(
        name="Admissions", value_type=ValueType.CRUDE_RATE, multiplier=100_000
    )
    area = Area.objects.create(
        code="E06000045", name="Southampton", area_type=AreaType.LOCAL_AUTHORITY
    )
    for number, count in enumerate([329, 328, 360, 393, 405]):
        year = 2015 + number
        DataPoint.objects.create(
            indicator=indicator,
            area=area,
            period=f"{year} - {(year + 2) % 100:02d}",
            period_start=datetime.date(year, 1, 1),
            count=count,
            denominator=150_000,
            source=DataSource.IMPORTED,
        )
    return indicator, area


@pytest.fixture
def lead(client_for: Callable[[str], Client]) -> Client:
    return client_for(Role.STRATEGIC_LEAD)


def test_a_lead_sets_the_period_length_and_the_trend_follows(
    lead: Client, rolling: tuple[Indicator, Area]
) -> None:
    indicator, area = rolling
    assert recent_trend(indicator, area).direction == "increasing"
    page = lead.get(edit_url(indicator)).content.decode()
    assert "Years each period covers" in page
    response = lead.post(edit_url(indicator), form_data(indicator, period_years="3"))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.period_years == 3
    trend = recent_trend(indicator, area)
    assert trend.direction == "could not be calculated"
    assert "overlap" in trend.reason


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("0", "Enter how many years each period covers, from 1 to 10"),
        ("11", "Enter how many years each period covers, from 1 to 10"),
        ("three", "Enter how many years each period covers as a whole number"),
        ("2.5", "Enter how many years each period covers as a whole number"),
        ("", "Enter how many years each period covers, such as 1"),
    ],
)
def test_a_bad_period_length_is_refused_on_its_field(
    lead: Client, rolling: tuple[Indicator, Area], given: str, message: str
) -> None:
    indicator, _ = rolling
    before = as_saved(indicator)
    response = lead.post(
        edit_url(indicator), form_data(indicator, source="Changed", period_years=given)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "period_years-error" in page
    assert as_saved(indicator) == before
    assert updates(indicator) == 0


def test_the_service_refuses_a_period_length_out_of_range(
    rolling: tuple[Indicator, Area], user_with_role: Callable[[str], User]
) -> None:
    indicator, _ = rolling
    with pytest.raises(ValidationError) as refused:
        indicator_update(
            actor=user_with_role(Role.STRATEGIC_LEAD), indicator=indicator, period_years=40
        )
    assert set(refused.value.message_dict) == {"period_years"}
    with pytest.raises(PermissionDenied):
        indicator_update(
            actor=user_with_role(Role.PRACTITIONER), indicator=indicator, period_years=3
        )
    indicator.refresh_from_db()
    assert indicator.period_years == 1


def test_the_edit_page_is_reached_from_the_indicator(
    lead: Client, rolling: tuple[Indicator, Area]
) -> None:
    indicator, _ = rolling
    page = lead.get(reverse("outcomes:indicator", args=[indicator.pk])).content.decode()
    assert edit_url(indicator) in page
