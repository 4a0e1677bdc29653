"""The demo's outcome indicators as `childtrust load_demo` leaves them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.integrity import verify_chain
from childtrust.audit.models import AuditEvent
from childtrust.outcomes.demo import COMPARATORS, INDICATORS
from childtrust.outcomes.indicator_page import partnership_area
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    ValueType,
)
from childtrust.outcomes.profiles import profile_area
from childtrust.outcomes.selectors import indicator_comparisons, partnership_profile
from childtrust.outcomes.trends import recent_trend
from childtrust.partnership.models import Locality, Ward
from tests.demo.loaded.loading import LoadedDemo
from tests.factories import UserFactory

MENTAL_HEALTH = "Hospital admissions for mental health conditions (under 18s) per 100,000"


TEETH = "School sessions missed for tooth extraction under general anaesthetic"


@pytest.fixture
def loaded(demo_partnership: LoadedDemo) -> str:
    """What the command printed when it loaded the demo partnership."""
    return demo_partnership.output


def test_load_demo_loads_the_outcome_data_and_says_so(loaded: str) -> None:
    assert len(loaded.splitlines()) == 1
    assert f"{len(INDICATORS)} indicators" in loaded
    assert Indicator.objects.count() == len(INDICATORS)


def test_every_indicator_is_labelled_demonstration_data(loaded: str) -> None:
    assert all("Demonstration data" in i.source for i in Indicator.objects.all())


def test_the_areas_are_the_partnerships_localities_and_wards(loaded: str) -> None:
    wards = Area.objects.filter(area_type=AreaType.WARD)
    assert sorted(wards.values_list("name", flat=True)) == sorted(
        Ward.objects.values_list("name", flat=True)
    )
    assert wards.count() == 17
    assert Area.objects.filter(area_type=AreaType.LOCALITY).count() == Locality.objects.count()
    city = Area.objects.get(name="Southampton")
    assert city.area_type == AreaType.LOCAL_AUTHORITY
    assert city.parent is not None
    assert city.parent.name == "South East"
    assert all(ward.parent == city for ward in wards)


def test_england_and_the_city_have_six_periods_and_the_wards_the_latest(loaded: str) -> None:
    for indicator in Indicator.objects.all():
        points = DataPoint.objects.filter(indicator=indicator)
        assert points.filter(area__name="England").count() == 6
        assert points.filter(area__name="Southampton").count() == 6
        latest = points.filter(area__name="England").latest("period_start").period
        ward_points = points.filter(area__area_type=AreaType.WARD)
        assert ward_points.count() == 17
        assert set(ward_points.values_list("period", flat=True)) == {latest}
        assert set(ward_points.values_list("source", flat=True)) == {DataSource.LOCAL}


def test_tooth_extractions_count_two_sessions_each(loaded: str) -> None:
    counts = DataPoint.objects.filter(indicator__name=TEETH).values_list("count", flat=True)
    assert all(count is not None and count % 2 == 0 for count in counts)


def test_southampton_is_well_above_england_for_mental_health_admissions(loaded: str) -> None:
    indicator = Indicator.objects.get(name=MENTAL_HEALTH)
    city = next(c for c in indicator_comparisons(indicator) if c.area.name == "Southampton")
    assert city.judgement == "worse"
    assert city.compared_99_8 == "worse"
    assert city.value is not None
    assert city.benchmark_value is not None
    assert city.value > 2 * city.benchmark_value


def test_wards_are_compared_with_the_city(loaded: str) -> None:
    indicator = Indicator.objects.get(name=TEETH)
    wards = [c for c in indicator_comparisons(indicator) if c.area.area_type == AreaType.WARD]
    assert len(wards) == 17
    assert all(c.benchmark is not None and c.benchmark.name == "Southampton" for c in wards)
    assert all(c.limits_computed for c in wards)
    assert all(c.quintile in {1, 2, 3, 4, 5} for c in wards)


def test_the_demo_gives_the_city_a_profile_and_trends(loaded: str) -> None:
    city = Area.objects.get(name="Southampton")
    assert len(partnership_profile(city)) == len(INDICATORS)
    indicator = Indicator.objects.get(name=MENTAL_HEALTH)
    assert recent_trend(indicator, city).direction != "could not be calculated"


def test_indicators_are_linked_to_the_frameworks_priorities(loaded: str) -> None:
    teeth = Indicator.objects.get(name=TEETH)
    mental_health = Indicator.objects.get(name=MENTAL_HEALTH)
    assert teeth.priority is not None
    assert "oral health" in teeth.priority.title
    assert mental_health.priority is not None
    assert "mental health" in mental_health.priority.title


def test_the_demo_attaches_its_indicators_and_holds_school_readiness_once(loaded: str) -> None:
    """The framework's own "Children achieving a good level of development at the end of
    Reception" and the data's "School readiness: ..." are one measure under two names: the
    demo gives the one the other's figures, so the framework lists it once (issue 14)."""
    attached = Indicator.objects.exclude(priority=None).select_related("framework_indicator")
    # All but those with no priority: the conception rate, the asthma ISR and Attainment 8.
    assert attached.count() == len([spec for spec in INDICATORS if spec.priority]) == 4
    readiness = attached.get(name__startswith="School readiness")
    assert readiness.framework_indicator is not None
    assert readiness.framework_indicator.name == (
        "Children achieving a good level of development at the end of Reception"
    )
    names = [i.name.casefold() for i in Indicator.objects.all()]
    assert len(names) == len(set(names))


def test_the_framework_shows_each_priority_s_figures_against_england(
    loaded: str, client: Client
) -> None:
    client.force_login(UserFactory(role=Role.PRACTITIONER))

    page = client.get(reverse("partnership:framework")).content.decode()

    readiness = page[page.index("Improve school readiness</h3>") :]
    readiness = readiness[: readiness.index("</h3>", readiness.index("</h3>") + 5)]
    assert readiness.count("Children achieving a good level of development at the end") == 1
    assert "Figures from “School readiness" in readiness
    assert re.search(r"\d+\.\d%</strong>; England \d+\.\d%", readiness)
    assert "than England" in readiness or "Similar to England" in readiness
    assert "Recent trend" in readiness


def test_one_audit_event_per_kind_of_record_and_the_chain_verifies(loaded: str) -> None:
    for label in ("outcomes.area", "outcomes.indicator", "outcomes.datapoint"):
        (event,) = AuditEvent.objects.filter(object_type=label)
        assert event.details["source"] == "demo data"
    assert (
        AuditEvent.objects.get(object_type="outcomes.datapoint").details["count"]
        == DataPoint.objects.count()
    )
    assert verify_chain().ok


def test_the_wards_add_up_to_about_the_city(loaded: str) -> None:
    # A mean counts no events: its wards' means average to the city's (test_inequality.py).
    for indicator in Indicator.objects.exclude(value_type=ValueType.MEAN):
        points = DataPoint.objects.filter(indicator=indicator)
        city = points.filter(area__name="Southampton").latest("period_start")
        wards = points.filter(area__area_type=AreaType.WARD)
        assert city.count is not None
        assert city.denominator is not None
        assert sum(p.count or 0 for p in wards) == pytest.approx(city.count, rel=0.1, abs=20)
        assert sum(p.denominator or 0 for p in wards) == pytest.approx(city.denominator, abs=17)


def test_child_poverty_in_the_city_is_rising_significantly(loaded: str) -> None:
    indicator = Indicator.objects.get(name="Children in absolute low income families (under 16s)")
    trend = recent_trend(indicator, Area.objects.get(name="Southampton"))
    assert (trend.direction, trend.meaning) == ("increasing", "getting worse")


# --- Comparator local authorities ------------------------------------------------------------


def test_the_comparators_are_labelled_local_authorities_with_six_periods_of_every_indicator(
    loaded: str,
) -> None:
    authorities = Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY).exclude(
        name="Southampton"
    )
    assert sorted(authorities.values_list("code", flat=True)) == sorted(c.code for c in COMPARATORS)
    assert len(COMPARATORS) >= 10
    assert all(re.fullmatch(r"E06\d{6}", c.code) for c in COMPARATORS)
    assert all(a.parent is not None and a.parent.area_type == AreaType.REGION for a in authorities)
    for indicator in Indicator.objects.all():
        assert "Demonstration data" in indicator.source
        points = DataPoint.objects.filter(indicator=indicator, area__in=authorities)
        assert points.count() == 6 * len(COMPARATORS)
        assert all(p.lower_95 is not None and p.upper_99_8 is not None for p in points)


def test_the_spine_charts_show_a_real_spread_among_local_authorities(loaded: str) -> None:
    rows = partnership_profile(Area.objects.get(name="Southampton"))
    assert len(rows) == len(INDICATORS)
    for row in rows:
        assert row.worst is not None
        assert row.best is not None
        assert row.percentile_25 is not None
        assert row.percentile_75 is not None
        low, high = sorted((row.worst, row.best))
        assert low < row.percentile_25 < row.percentile_75 < high, row.indicator.name
    mental_health = next(r for r in rows if r.indicator.name == MENTAL_HEALTH)
    # The partnership's case: Southampton has the most admissions of the comparable authorities.
    assert mental_health.worst == mental_health.comparison.value


def test_every_local_authority_has_a_quintile_and_every_quintile_is_used(loaded: str) -> None:
    for indicator in Indicator.objects.all():
        authorities = [
            c
            for c in indicator_comparisons(indicator)
            if c.area.area_type == AreaType.LOCAL_AUTHORITY
        ]
        assert len(authorities) == len(COMPARATORS) + 1
        assert sorted({c.quintile for c in authorities}) == [1, 2, 3, 4, 5], indicator.name


def test_the_profile_and_the_indicator_pages_open_on_the_partnerships_own_authority() -> None:
    # Comparators that sort before Southampton hold data; neither page takes one in its place.
    assert profile_area(None) == partnership_area() == Area.objects.get(name="Southampton")
