"""The national comparison pages: every measure in the latest year (workforce:statistics) and one
measure over the years (workforce:statistic): the sentence, the table, the chart, symbols in
words, flagged figures marked, childtrust's own figure beside the published one, the
partnership's authority not set; who may see them."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.workforce.definitions import WorkforceMeasure
from childtrust.workforce.models import LeavingReason, WorkforceComparator
from tests.factories import UserFactory
from tests.workforce.factories import HoldingFactory, PostFactory
from tests.workforce.statistics_rows import authority, load, national, partnership_areas, regional

pytestmark = pytest.mark.django_db

INDEX = reverse("workforce:statistics")
TURNOVER = reverse("workforce:statistic", kwargs={"measure": "turnover_rate"})


def _statistics() -> None:
    """2023 and 2024: England 15.8%, the South East 17.0%, Southampton 16.2% in 2024 (its
    published 2023 rate flagged), Portsmouth 14.0% and Reading suppressed as comparators."""
    rows = []
    for year in (2023, 2024):
        rows += [
            national(year, leavers_fte="15.8", turnover_rate_fte="15.8"),
            regional(year, leavers_fte="17.0", turnover_rate_fte="17.0"),
            authority(
                year,
                leavers_fte="16.2",
                turnover_rate_fte="16.2" if year == 2024 else "15.8",
                cases="c",
                caseload_fte="c",
            ),
            authority(
                year,
                code="E06000044",
                name="Portsmouth",
                old_code="851",
                leavers_fte="14.0",
                turnover_rate_fte="14.0",
            ),
            authority(
                year,
                code="E06000038",
                name="Reading",
                old_code="872",
                leavers_fte="c",
                turnover_rate_fte="c",
            ),
        ]
    report = load(UserFactory(role=Role.WORKFORCE_MANAGER), rows)
    assert report.ok, report.problems
    WorkforceComparator.objects.create(area_code="E06000044", area_name="Portsmouth")
    WorkforceComparator.objects.create(area_code="E06000038", area_name="Reading")


@pytest.fixture
def own_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """childtrust's own turnover for the partnership: 15.0% in 2023 and 15.9% in 2024."""

    def values(measure: WorkforceMeasure) -> list[tuple[int, float | None]]:
        return [(2023, 15.0), (2024, 15.9)] if measure == WorkforceMeasure.TURNOVER_RATE else []

    monkeypatch.setattr(
        "childtrust.workforce.selectors.statistics_measure.partnership_measure_values", values
    )


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_measure_page_says_in_a_sentence_what_the_figures_show(
    client_for: Callable[[str], Client], own_figures: None
) -> None:
    partnership_areas()
    _statistics()

    page = _page(client_for(Role.STRATEGIC_LEAD), TURNOVER)

    assert (
        "In 2024 the partnership's turnover rate was 16.2%, above England's 15.8%, and below "
        "South East's 17.0%. The comparators' average was 14.0%. childtrust's own figure for "
        "the partnership's social workers was 15.9%."
    ) in page
    # Not judged as the outcome indicators are: no interval, so "Not compared" and why, once.
    assert page.count("Not compared: the national workforce statistics publish no confidence") == 1
    assert "Worse than England" not in page
    assert "Better than England" not in page


def test_the_measure_pages_table_has_every_year_published_beside_childtrusts_own(
    client_for: Callable[[str], Client], own_figures: None
) -> None:
    partnership_areas()
    _statistics()

    page = _page(client_for(Role.AUDITOR), TURNOVER)

    assert "Southampton, published</th>" in page
    assert "The partnership, childtrust's own figures</th>" in page
    assert "Comparators' average</th>" in page
    row_2024 = page[page.index('<th scope="row" class="govuk-table__header">2024</th>') :]
    row_2024 = row_2024[: row_2024.index("</tr>")]
    cells = [
        cell.split("<")[0].strip() for cell in row_2024.split('govuk-table__cell--numeric">')[1:]
    ]
    assert cells == ["16.2%", "15.9%", "17.0%", "15.8%", "14.0%"]
    assert "The average of the 1 of 2 with a figure" in row_2024
    # Reading's suppressed figure is in words in the comparators' table, never a zero.
    assert "suppressed" in page


def test_a_flagged_figure_is_marked_with_the_figure_its_counts_give(
    client_for: Callable[[str], Client], own_figures: None
) -> None:
    partnership_areas()
    _statistics()

    page = _page(client_for(Role.STRATEGIC_LEAD), TURNOVER)

    # 2023: published 15.8%, but leavers 16.2 / in post 100.0 x 100 = 16.2%.
    assert 'govuk-tag--red">Flagged</strong>' in page
    assert "Flagged: its published counts give 16.2%" in page
    assert (
        "Southampton, 2023: 15.8% as published. Flagged: its published counts give 16.2%." in page
    )
    assert 'r="9" fill="none" stroke="#d4351c"' in page, "the flagged point is ringed on the chart"


def test_the_chart_is_drawn_for_a_phone_with_its_key_in_words(
    client_for: Callable[[str], Client], own_figures: None
) -> None:
    partnership_areas()
    _statistics()

    page = _page(client_for(Role.STRATEGIC_LEAD), TURNOVER)

    assert 'viewBox="0 0 360 260"' in page
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 260"')
    svg = page[start : page.index("</svg>", start) + len("</svg>")]
    chart = ElementTree.fromstring(svg)  # noqa: S314 (the page's own chart)
    assert len(chart.findall("{http://www.w3.org/2000/svg}polyline")) == 5, "one line for each"
    assert 'role="img"' in page
    assert '<title id="national-turnover_rate-title">' in page
    for name in (
        "Southampton, as published",
        "The partnership, childtrust's own figures",
        "England",
        "South East",
        "Comparators' average",
    ):
        assert name in page
    assert "dashed grey line with triangle markers" in page
    assert page.count('class="app-table-scroll" role="region"') == 2


def test_the_index_shows_every_measure_in_the_latest_year(
    client_for: Callable[[str], Client], own_figures: None
) -> None:
    partnership_areas()
    _statistics()

    page = _page(client_for(Role.WORKFORCE_MANAGER), INDEX)

    assert "for the year to 30 September 2024" in page
    assert "In 2024 the partnership's turnover rate was 16.2%, above England's 15.8%" in page
    # A suppressed caseload is said in words, beside England's.
    assert (
        "The partnership's average caseload in 2024 is suppressed in the national statistics; "
        "England's was 16.0 cases per FTE."
    ) in page
    for name in (
        "Southampton",
        "South East",
        "England",
        "Comparators' average",
        "Portsmouth",
        "Reading",
    ):
        assert f'govuk-table__header">{name}<br>' in page
    for measure in WorkforceMeasure:
        assert reverse("workforce:statistic", kwargs={"measure": measure.value}) in page
    assert 'class="app-table-scroll" role="region"' in page


def test_the_measure_with_no_published_rate_is_worked_out_from_the_counts(
    client_for: Callable[[str], Client],
) -> None:
    partnership_areas()
    _statistics()
    url = reverse("workforce:statistic", kwargs={"measure": "agency_covering_vacancies"})

    page = _page(client_for(Role.STRATEGIC_LEAD), url)

    # agency_cover_fte 9.0 / agency_fte 18.0 x 100 = 50.0%.
    assert "50.0%" in page
    assert "Not published as a rate" in page


def test_without_the_partnerships_authority_the_pages_say_it_is_not_set(
    client_for: Callable[[str], Client],
) -> None:
    _statistics()
    client = client_for(Role.STRATEGIC_LEAD)

    for url in (INDEX, TURNOVER):
        page = _page(client, url)
        assert "The partnership's local authority is not set" in page
        assert "In 2024 England's turnover rate was 15.8%." in page


def test_with_no_statistics_loaded_the_pages_say_so(client_for: Callable[[str], Client]) -> None:
    partnership_areas()
    client = client_for(Role.STRATEGIC_LEAD)
    assert "No national statistics have been loaded yet." in _page(client, INDEX)
    assert "No national statistics have been loaded yet." in _page(client, TURNOVER)


def test_childtrusts_own_figure_comes_from_the_establishment(
    client_for: Callable[[str], Client],
) -> None:
    """B1's measures, not a stand-in: four social workers in post on 30 September 2024 and one
    who left in June 2024 give a turnover of 1.0 / 4.0 x 100 = 25.0%."""
    partnership_areas()
    _statistics()
    for _ in range(4):
        HoldingFactory(post=PostFactory(), fte=Decimal("1.00"))
    HoldingFactory(
        post=PostFactory(),
        ends_on=datetime.date(2024, 6, 30),
        leaving_reason=LeavingReason.RESIGNATION,
    )

    page = _page(client_for(Role.STRATEGIC_LEAD), TURNOVER)

    assert (
        "childtrust&#x27;s own figure for the partnership&#x27;s social workers was 25.0%."
        in (page)
        or "childtrust's own figure for the partnership's social workers was 25.0%." in page
    )


def test_an_unknown_measure_is_not_found(client_for: Callable[[str], Client]) -> None:
    url = reverse("workforce:statistic", kwargs={"measure": "happiness"})
    assert client_for(Role.STRATEGIC_LEAD).get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.WORKFORCE_MANAGER, 200),
        (Role.STRATEGIC_LEAD, 200),
        (Role.PARTNERSHIP_ADMIN, 200),
        (Role.AUDITOR, 200),
        (Role.TEAM_MANAGER, 403),
        (Role.PRACTITIONER, 403),
        (Role.FRONT_DOOR, 403),
        (Role.FINANCE_OFFICER, 403),
    ],
)
def test_those_who_see_the_measures_see_the_comparison(
    client_for: Callable[[str], Client], role: str, status: int
) -> None:
    client = client_for(role)
    assert client.get(INDEX).status_code == status
    assert client.get(TURNOVER).status_code == status


def test_the_workforce_front_page_links_the_comparison_for_those_who_see_it(
    client_for: Callable[[str], Client],
) -> None:
    home = reverse("workforce:home")
    manager = client_for(Role.WORKFORCE_MANAGER).get(home).content.decode()
    assert INDEX in manager
    assert reverse("workforce:statistics_import") in manager
    lead = client_for(Role.STRATEGIC_LEAD).get(home).content.decode()
    assert INDEX in lead
    assert reverse("workforce:statistics_import") not in lead
    assert INDEX not in client_for(Role.PRACTITIONER).get(home).content.decode()
