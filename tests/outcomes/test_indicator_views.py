"""The indicator page: its definition, the trend chart with the local intervals, the comparison
with England over time, the funnel plot of wards and localities naming the areas outside its
limits, the latest period's table and the audited CSV download."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.outcomes.indicator_page import indicator_page, partnership_area
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    Polarity,
    ValueType,
)
from childtrust.outcomes.profiles import profile_area

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
YEARS = range(2018, 2024)


def _point(indicator: Indicator, area: Area, year: int, count: float, denominator: float) -> None:
    DataPoint.objects.create(
        indicator=indicator,
        area=area,
        period=f"{year}/{(year + 1) % 100:02d}",
        period_start=datetime.date(year, 4, 1),
        value=count / denominator * 100,
        count=count,
        denominator=denominator,
        source=DataSource.IMPORTED,
    )


@pytest.fixture
def indicator() -> Indicator:
    """A proportion for England, Southampton, a locality and five wards over six years; in
    the latest year one ward (Bevois) is far above the city and one (Bassett) far below."""
    england = Area.objects.create(code="E92000001", name="England", area_type=AreaType.ENGLAND)
    Area.objects.create(code="E06000099", name="Elsewhere", area_type=AreaType.LOCAL_AUTHORITY)
    city = Area.objects.create(
        code="E06000045", name="Southampton", area_type=AreaType.LOCAL_AUTHORITY, parent=england
    )
    locality = Area.objects.create(
        code="L1", name="Central locality", area_type=AreaType.LOCALITY, parent=city
    )
    wards = {
        name: Area.objects.create(code=f"W{i}", name=name, area_type=AreaType.WARD, parent=locality)
        for i, name in enumerate(["Bevois", "Bassett", "Portswood", "Shirley", "Freemantle"])
    }
    found = Indicator.objects.create(
        name="Children in low income families",
        definition="Children under 16 in families on low income.",
        source="Demonstration data",
        polarity=Polarity.LOW_IS_GOOD,
        value_type=ValueType.PROPORTION,
        multiplier=100,
        comparison_method="Confidence intervals 95/99.8",
    )
    for year in YEARS:
        _point(found, england, year, 200_000, 1_000_000)
        _point(found, city, year, 2_000 + 100 * (year - 2018), 10_000)
        _point(found, locality, year, 750, 3_000)
    latest = 2023
    _point(found, wards["Bevois"], latest, 400, 1_000)
    _point(found, wards["Bassett"], latest, 50, 1_000)
    for name in ("Portswood", "Shirley", "Freemantle"):
        _point(found, wards[name], latest, 250, 1_000)
    return found


def page_url(indicator: Indicator) -> str:
    return reverse("outcomes:indicator", args=[indicator.pk])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_signed_in_role_sees_the_indicator_page(
    client_for: Callable[[str], Client], indicator: Indicator, role: str
) -> None:
    assert client_for(role).get(page_url(indicator)).status_code == 200


def test_someone_not_signed_in_is_sent_to_sign_in(indicator: Indicator) -> None:
    response = Client().get(page_url(indicator))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_an_unknown_indicator_is_not_found(client_for: Callable[[str], Client]) -> None:
    client = client_for(Role.PRACTITIONER)
    assert client.get(reverse("outcomes:indicator", args=[999])).status_code == 404
    assert client.get(reverse("outcomes:indicator_csv", args=[999])).status_code == 404


def test_the_page_shows_the_definition(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    page = client_for(Role.PRACTITIONER).get(page_url(indicator)).content.decode()
    assert "Children under 16 in families on low income." in page
    assert "Demonstration data" in page
    assert "A low value is good" in page
    assert "Proportion" in page
    assert "Confidence intervals 95/99.8" in page
    assert "Not attached to a priority" in page


def test_the_trend_chart_has_a_title_error_bars_and_a_table(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    page = client_for(Role.PRACTITIONER).get(page_url(indicator)).content.decode()
    assert '<title id="trend-title">' in page
    assert "Southampton and England" in page
    assert page.count("<path d=") >= len(YEARS), "one error bar for each local point"
    assert "Southampton&#x27;s value went from 20.0% in 2018/19 to 25.0% in 2023/24" in page
    assert "The trend's figures" in page
    # Each point's tooltip and the scale carry the unit.
    assert "<title>Southampton, 2023/24: 25.0%</title>" in page
    assert "<title>England, 2023/24: 20.0%</title>" in page
    assert ">Value (%)</text>" in page


def test_the_comparison_with_england_gives_each_period_a_judgement(
    indicator: Indicator,
) -> None:
    page = indicator_page(indicator)
    assert [row.period for row in page.trend] == [f"{y}/{(y + 1) % 100:02d}" for y in YEARS]
    # Low is good: the city is above England's 20% from the second year on.
    assert page.trend[0].judgement == "similar"
    assert page.trend[-1].judgement == "worse"
    assert page.trend[-1].compared.words == "Worse than England"
    assert page.trend[-1].colour == "red"


def test_the_funnel_plot_is_centred_on_the_city_with_both_limits(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    page = indicator_page(indicator)
    assert page.funnel_centre == pytest.approx(25.0)
    bevois = next(r for r in page.funnel if r.comparison.area.name == "Bevois")
    assert bevois.lower_99_8 < bevois.lower_95 < 25.0 < bevois.upper_95 < bevois.upper_99_8
    html = client_for(Role.PRACTITIONER).get(page_url(indicator)).content.decode()
    assert '<title id="funnel-title">' in html
    assert html.count('class="app-funnel-limit"') == 4, "upper and lower at 95% and 99.8%"
    funnel = html[
        html.index('<title id="funnel-title">') : html.index("</svg>", html.index("funnel"))
    ]
    assert ",nan" not in funnel, "every limit is drawn at whole denominators"


def test_the_funnel_plot_names_the_areas_outside_the_limits(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    page = indicator_page(indicator)
    outside = {r.comparison.area.name: r.position for r in page.funnel if r.outside}
    assert outside == {
        "Bevois": "above the 99.8% limit",
        "Bassett": "below the 99.8% limit",
    }
    html = client_for(Role.PRACTITIONER).get(page_url(indicator)).content.decode()
    assert (
        "2 of the 5 wards fall outside the 95% limits around Southampton&#x27;s value in "
        "2023/24, 25.0%: Bassett, 5.0% (below the 99.8% limit); Bevois, 40.0% (above the "
        "99.8% limit)."
    ) in html


def test_a_funnel_is_not_drawn_for_a_standardised_rate(indicator: Indicator) -> None:
    indicator.value_type = ValueType.DIRECTLY_STANDARDISED_RATE
    indicator.save()
    page = indicator_page(indicator)
    assert page.funnel_chart is None
    assert page.funnel_sentence == "A funnel plot is drawn only for proportions and crude rates."


def test_the_latest_period_table_lists_every_area_with_its_judgement(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    html = client_for(Role.PRACTITIONER).get(page_url(indicator)).content.decode()
    assert "Every area in 2023/24, compared with its benchmark" in html
    assert '<strong class="govuk-tag govuk-tag--red">Worse than England</strong>' in html


def test_the_partnership_area_is_the_local_authority_with_localities(
    indicator: Indicator,
) -> None:
    area = partnership_area()
    assert area is not None
    assert area.name == "Southampton"


def test_before_its_own_figures_the_funnel_keeps_the_authority_its_wards_sit_in(
    indicator: Indicator,
) -> None:
    # Why the profile's first authority is worked out apart: it opens on one with figures.
    DataPoint.objects.filter(area__name="Southampton").delete()
    _point(indicator, Area.objects.get(name="Elsewhere"), 2023, 250, 1_000)
    assert getattr(partnership_area(), "name", None) == "Southampton"
    assert getattr(profile_area(None), "name", None) == "Elsewhere"


def test_the_page_takes_the_same_number_of_queries_with_more_wards(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    client = client_for(Role.PRACTITIONER)
    client.get(page_url(indicator))
    with CaptureQueriesContext(connection) as before:
        client.get(page_url(indicator))
    locality = Area.objects.get(name="Central locality")
    for i in range(20):
        ward = Area.objects.create(
            code=f"X{i}", name=f"Extra {i}", area_type=AreaType.WARD, parent=locality
        )
        _point(indicator, ward, 2023, 250, 1_000)
    with CaptureQueriesContext(connection) as after:
        client.get(page_url(indicator))
    assert len(after) == len(before)
    assert len(before) <= 15


def test_the_csv_download_holds_the_pages_figures_and_is_audited(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    response = client_for(Role.AUDITOR).get(reverse("outcomes:indicator_csv", args=[indicator.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows: list[Any] = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Section", "Area", "Period", "Value (%)"]
    sections = {row[0] for row in rows[1:]}
    assert sections == {"Trend", "Funnel plot", "Latest period"}
    bevois = next(row for row in rows if row[:2] == ["Funnel plot", "Bevois"])
    assert bevois[2:4] == ["2023/24", "40"]
    assert bevois[-2:] == ["Worse than Southampton", "above the 99.8% limit (wards)"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.object_repr == indicator.name
    assert event.details == {"format": "csv", "view": "indicator", "rows": len(rows) - 1}


def test_viewing_the_page_is_not_an_export(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    client_for(Role.PRACTITIONER).get(page_url(indicator))
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_index_links_each_indicator_to_its_page(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    html = client_for(Role.PRACTITIONER).get(reverse("outcomes:index")).content.decode()
    assert f'href="{page_url(indicator)}"' in html


# --- One geography at a time, with its key, its labelled limits and its method --------------


def test_the_funnel_plot_shows_one_geography_at_a_time_chosen_without_javascript(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    wards = indicator_page(indicator)
    assert wards.funnel_geography == "wards"
    assert {r.comparison.area.area_type for r in wards.funnel} == {AreaType.WARD}
    localities = indicator_page(indicator, "localities")
    assert {r.comparison.area.area_type for r in localities.funnel} == {AreaType.LOCALITY}
    assert localities.funnel_sentence.startswith("Central locality falls within the 95% limits")
    html = client_for(Role.PRACTITIONER).get(page_url(indicator)).content.decode()
    assert '<a class="govuk-link" href="?funnel=localities#funnel-plot">Localities (1)</a>' in html
    assert '<strong aria-current="page">Wards (5)</strong>' in html
    html = client_for(Role.PRACTITIONER).get(page_url(indicator) + "?funnel=localities")
    assert "Funnel plot: localities against Southampton" in html.content.decode()


def test_the_funnel_plot_has_a_key_labelled_limits_the_england_line_and_its_method(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    page = indicator_page(indicator)
    assert [entry.words for entry in page.funnel_legend] == [
        "A ward's value",
        "Southampton's value in 2023/24, 25.0% (centre line)",
        "England, 20.0%",
        "95% limits",
        "99.8% limits",
    ]
    html = client_for(Role.PRACTITIONER).get(page_url(indicator)).content.decode()
    chart = html[
        html.index('<title id="funnel-title">') : html.index("</svg>", html.index("funnel-title"))
    ]
    assert chart.count('class="app-funnel-limit-label">95% limit<') == 2
    assert chart.count('class="app-funnel-limit-label">99.8% limit<') == 2
    assert html.count('<li><svg class="app-chart-legend__swatch"') == 5
    assert "<title>England, 20.0%</title>" in chart
    assert "Value (%)" in chart
    assert "exact binomial limits" in html


def test_the_page_states_its_confidence_once_and_every_comparison_in_the_one_vocabulary(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    html = client_for(Role.PRACTITIONER).get(page_url(indicator)).content.decode()
    assert html.count("at 95% confidence") == 1
    assert (
        "Compared with England, and each ward and locality with Southampton, at 95% confidence."
        in html
    )
    assert "Worst" not in html
    assert "Best" not in html
    assert "Worse than Southampton" in html
    assert "Not compared: England is the benchmark" in html
