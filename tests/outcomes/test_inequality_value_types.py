"""The indirectly standardised rate and the mean where values and limits are worked out
(selectors._limits through indicator_comparisons), in the edit form and in the API's words."""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.outcomes import methods
from childtrust.outcomes.forms import INDICATOR_FORM_FIELDS
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    Polarity,
    ValueType,
)
from childtrust.outcomes.selectors import indicator_comparisons

pytestmark = pytest.mark.django_db


def _ward() -> Area:
    city = Area.objects.create(code="E06000045", name="Southampton", area_type="local_authority")
    return Area.objects.create(code="W1", name="Bevois", area_type=AreaType.WARD, parent=city)


def _point(indicator: Indicator, area: Area, **figures: Any) -> DataPoint:
    return DataPoint.objects.create(
        indicator=indicator,
        area=area,
        period="2023/24",
        period_start=datetime.date(2023, 4, 1),
        source=DataSource.LOCAL,
        **figures,
    )


def _indicator(value_type: str, multiplier: int = 100_000) -> Indicator:
    return Indicator.objects.create(
        name=f"An indicator ({value_type})",
        polarity=Polarity.LOW_IS_GOOD,
        value_type=value_type,
        multiplier=multiplier,
    )


@pytest.mark.parametrize("observed", [4, 25])
def test_isr_limits_are_the_observed_counts_limits_scaled_by_value_over_count(
    observed: int,
) -> None:
    """Below 10 events the exact Poisson limits, from 10 Byar's (methods.count_limits), scaled
    to the rate: ISR = O x R / E, so each limit is O_limit x value / O."""
    indicator = _indicator(ValueType.INDIRECTLY_STANDARDISED_RATE)
    _point(indicator, _ward(), value=180.0, count=observed, denominator=observed * 0.8)
    (comparison,) = [c for c in indicator_comparisons(indicator) if c.area.code == "W1"]
    lower, upper = methods.count_limits(observed, 0.95)
    assert comparison.lower_95 == pytest.approx(float(lower) * 180.0 / observed, rel=1e-12)
    assert comparison.upper_95 == pytest.approx(float(upper) * 180.0 / observed, rel=1e-12)
    lower, upper = methods.count_limits(observed, 0.998)
    assert comparison.lower_99_8 == pytest.approx(float(lower) * 180.0 / observed, rel=1e-12)
    assert comparison.upper_99_8 == pytest.approx(float(upper) * 180.0 / observed, rel=1e-12)
    assert comparison.limits_computed
    assert comparison.value == 180.0


def test_isr_limits_need_a_stored_value_and_events() -> None:
    """Without the reference rate an ISR cannot be worked out from a count and an expected
    count, and with no events its upper limit cannot be scaled: the limits stay missing."""
    indicator = _indicator(ValueType.INDIRECTLY_STANDARDISED_RATE)
    ward = _ward()
    _point(indicator, ward, value=None, count=12, denominator=10)
    other = Area.objects.create(code="W2", name="Bargate", area_type=AreaType.WARD)
    _point(indicator, other, value=0.0, count=0, denominator=10)
    for comparison in indicator_comparisons(indicator):
        assert comparison.lower_95 is None
        assert comparison.upper_95 is None
        assert not comparison.limits_computed


def test_isr_keeps_the_files_own_limits() -> None:
    indicator = _indicator(ValueType.INDIRECTLY_STANDARDISED_RATE)
    _point(indicator, _ward(), value=100.0, count=30, lower_95=90.0, upper_95=110.0)
    (comparison,) = indicator_comparisons(indicator)
    assert (comparison.lower_95, comparison.upper_95) == (90.0, 110.0)


def test_mean_limits_are_only_the_stored_ones() -> None:
    """A mean's interval needs every person's value (Student's t, methods.mean_ci): a count and
    a denominator say nothing of it, so none is made up."""
    indicator = _indicator(ValueType.MEAN, multiplier=1)
    ward = _ward()
    _point(indicator, ward, value=48.2, count=30, denominator=60)
    (comparison,) = indicator_comparisons(indicator)
    assert comparison.lower_95 is None
    assert not comparison.limits_computed
    DataPoint.objects.update(lower_95=46.0, upper_95=50.5)
    (comparison,) = indicator_comparisons(indicator)
    assert (comparison.lower_95, comparison.upper_95) == (46.0, 50.5)


def test_the_rate_branch_is_unchanged_for_a_crude_rate() -> None:
    """The new value types leave a crude rate's limits as they were."""
    indicator = _indicator(ValueType.CRUDE_RATE)
    _point(indicator, _ward(), value=None, count=25, denominator=10_000)
    (comparison,) = indicator_comparisons(indicator)
    _, lower, upper = methods.rate(np.array([25.0]), np.array([10_000.0]), 100_000, 0.95)
    assert comparison.lower_95 == pytest.approx(float(lower[0]))
    assert comparison.upper_95 == pytest.approx(float(upper[0]))


# --- Keeping an indicator of the new value types ----------------------------------------------


def _edit(client: Any, indicator: Indicator, **changes: Any) -> Any:
    data = {
        name: ("" if value is None else value)
        for name, value in model_to_dict(indicator, fields=INDICATOR_FORM_FIELDS).items()
    }
    data.update(changes)
    return client.post(reverse("outcomes:indicator_edit", kwargs={"pk": indicator.pk}), data)


@pytest.mark.parametrize(
    ("kind", "multiplier"),
    [(ValueType.INDIRECTLY_STANDARDISED_RATE, 100_000), (ValueType.MEAN, 1)],
)
def test_the_edit_form_offers_and_saves_the_new_value_types(
    client_for: Any, kind: str, multiplier: int
) -> None:
    indicator = _indicator(ValueType.CRUDE_RATE)
    lead = client_for(Role.STRATEGIC_LEAD)
    page = lead.get(reverse("outcomes:indicator_edit", kwargs={"pk": indicator.pk}))
    assert f'value="{kind}"' in page.content.decode()
    response = _edit(lead, indicator, value_type=kind, multiplier=multiplier)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.value_type, indicator.multiplier) == (kind, multiplier)


def test_a_mean_per_a_number_of_people_is_refused(client_for: Any) -> None:
    indicator = _indicator(ValueType.CRUDE_RATE)
    response = _edit(client_for(Role.STRATEGIC_LEAD), indicator, value_type=ValueType.MEAN)
    assert response.status_code == 200
    assert "A mean&#x27;s multiplier must be 1" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.value_type == ValueType.CRUDE_RATE
