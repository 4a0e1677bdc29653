"""The inequality view on the demo partnership: every demo ward carries a demonstration
decile (and says so), the demo holds an indirectly standardised rate and a mean so that every
value type shows, and each indicator page shows its wards by deprivation decile with the SII."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.outcomes.demo_kinds import DEMONSTRATION_DECILES
from childtrust.outcomes.inequality import MIN_DECILES, indicator_inequality
from childtrust.outcomes.models import Area, AreaType, DataPoint, Indicator, ValueType
from childtrust.outcomes.selectors import indicator_comparisons
from tests.demo.loaded.loading import LoadedDemo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ISR = "Emergency hospital admissions for asthma (under 19s), indirectly standardised"
MEAN = "Average Attainment 8 score"


@pytest.fixture
def loaded(demo_partnership: LoadedDemo) -> str:
    return demo_partnership.output


def test_every_demo_ward_has_a_demonstration_decile_and_says_so(loaded: str) -> None:
    wards = Area.objects.filter(area_type=AreaType.WARD)
    assert wards.count() == 17
    assert all(ward.imd_decile is not None for ward in wards)
    assert {ward.imd_decile_source for ward in wards} == {DEMONSTRATION_DECILES}
    assert len({ward.imd_decile for ward in wards}) >= MIN_DECILES
    assert wards.get(name="Bevois").imd_decile == 1  # the neediest demo ward
    assert wards.get(name="Bassett").imd_decile == 10
    assert not Area.objects.exclude(area_type=AreaType.WARD).exclude(imd_decile=None).exists()


def test_the_demo_shows_every_value_type_but_the_count_and_dsr(loaded: str) -> None:
    kinds = set(Indicator.objects.values_list("value_type", flat=True))
    assert {
        ValueType.PROPORTION,
        ValueType.CRUDE_RATE,
        ValueType.INDIRECTLY_STANDARDISED_RATE,
        ValueType.MEAN,
    } <= kinds


def test_the_isr_is_published_with_its_expected_count_and_limits(loaded: str) -> None:
    indicator = Indicator.objects.get(name=ISR)
    city = DataPoint.objects.filter(indicator=indicator, area__name="Southampton")
    assert city.count() == 6
    latest = city.latest("period_start")
    assert latest.value == pytest.approx(180.2, rel=0.03)
    assert latest.count is not None
    assert latest.denominator is not None
    # The value is the observed over the expected count times England's rate that year.
    assert latest.value == pytest.approx(latest.count / latest.denominator * 150.4)
    assert latest.lower_95 < latest.value < latest.upper_95
    assert latest.lower_99_8 < latest.lower_95
    comparisons = {c.area.name: c for c in indicator_comparisons(indicator)}
    # About 80 admissions expected a year: 180 against England's 150 is within chance at 95%.
    assert comparisons["Southampton"].judgement in {"similar", "worse"}
    assert comparisons["Southampton"].limits_computed is False


def test_the_mean_has_t_limits_and_its_wards_average_to_the_city(loaded: str) -> None:
    indicator = Indicator.objects.get(name=MEAN)
    assert indicator.unit == "points per pupil"
    points = DataPoint.objects.filter(indicator=indicator, period="2023/24")
    city = points.get(area__name="Southampton")
    assert city.value == pytest.approx(42.9)
    assert city.count is None
    assert city.lower_95 < city.value < city.upper_95
    wards = list(points.filter(area__area_type=AreaType.WARD))
    assert len(wards) == 17
    pupils = sum(p.denominator or 0 for p in wards)
    assert pupils == pytest.approx(2_300, abs=17)
    average = sum((p.value or 0) * (p.denominator or 0) for p in wards) / pupils
    assert average == pytest.approx(42.9, rel=1e-9)


@pytest.mark.parametrize(
    "name", [ISR, MEAN, "Children in absolute low income families (under 16s)"]
)
def test_the_inequality_is_worked_out_for_the_demo_indicators(loaded: str, name: str) -> None:
    found = indicator_inequality(Indicator.objects.get(name=name))
    assert found.calculated, found.reason
    assert len(found.with_value) >= MIN_DECILES
    assert sum(len(row.wards) for row in found.deciles) == 17
    assert found.sources == (DEMONSTRATION_DECILES,)


def test_the_mean_score_rises_from_the_most_to_the_least_deprived(loaded: str) -> None:
    found = indicator_inequality(Indicator.objects.get(name=MEAN))
    assert found.sii is not None
    assert found.sii > 0
    assert found.sii_lower is not None
    assert found.sii_lower > 0


def test_the_indicator_page_shows_the_inequality_with_the_demonstration_note(
    loaded: str, client: Client
) -> None:
    client.force_login(UserFactory(role=Role.PRACTITIONER))
    indicator = Indicator.objects.get(name=ISR)
    html = client.get(reverse("outcomes:indicator", args=[indicator.pk])).content.decode()
    assert "Inequality between the most and least deprived wards" in html
    assert "demonstration deciles, not published figures" in html
    assert 'aria-labelledby="inequality-title inequality-desc"' in html
    assert "per 100,000 aged under 19 higher" not in html  # the gap is said with its unit
    assert "the gap between the most and least deprived is" in html
