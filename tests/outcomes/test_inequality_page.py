"""The indicator page's inequality section: the sentence, the chart, the deciles' table in a
table region, the indices, the reason when they cannot be calculated, the demonstration note,
and who may see it (the indicator page's own rule: every signed-in role)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.core import permissions
from childtrust.outcomes.inequality import DEMONSTRATION_SOURCE
from childtrust.outcomes.models import Indicator, ValueType
from tests.outcomes import inequality_support as support

pytestmark = pytest.mark.django_db


def _url(indicator: Indicator) -> str:
    return reverse("outcomes:indicator", args=[indicator.pk])


@pytest.fixture
def indicator() -> Indicator:
    found = support.indicator()
    support.rate_wards(found, support.GRADIENT)
    return found


def _section(html: str) -> str:
    start = html.index('id="inequality"')
    return html[start : html.index("Latest period", start)]


def test_the_page_shows_the_deciles_the_indices_and_the_chart(
    client_for: Callable[[str], Client], indicator: Indicator
) -> None:
    html = client_for(Role.PRACTITIONER).get(_url(indicator)).content.decode()
    section = _section(html)
    assert "Inequality between the most and least deprived wards" in section
    assert "Across 20 wards in 10 deprivation deciles (2023/24), the gap between the most" in (
        section
    )
    assert "higher among the most deprived" in section
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in section
    assert 'aria-labelledby="inequality-title inequality-desc"' in section
    region = re.search(
        r'<div class="app-table-region" role="region" aria-label="The deprivation deciles\' '
        r'figures" tabindex="0">(.*?)</div>',
        section,
        re.S,
    )
    assert region is not None
    rows = re.findall(r'<th scope="row" class="govuk-table__header">(.*?)</th>', region.group(1))
    assert rows[0] == "1 (most deprived)"
    assert rows[-1] == "10 (least deprived)"
    assert "Ward W10, Ward W11" in region.group(1)
    assert "Slope index of inequality" in section
    assert "Relative index of inequality" in section
    assert f"Deprivation deciles: {support.SOURCE}." in section


def test_a_count_says_why_there_is_no_inequality_and_draws_nothing(
    client_for: Callable[[str], Client],
) -> None:
    found = support.indicator(ValueType.COUNT, multiplier=1)
    support.rate_wards(found, support.GRADIENT)
    section = _section(client_for(Role.PRACTITIONER).get(_url(found)).content.decode())
    assert "not worked out for a count" in section
    assert "<svg" not in section
    assert "Slope index of inequality" not in section


def test_too_few_deciles_show_the_ones_held_and_the_reason(
    client_for: Callable[[str], Client],
) -> None:
    found = support.indicator()
    support.rate_wards(found, [r for r in support.GRADIENT if r[1] in (1, 2, 9)])
    section = _section(client_for(Role.PRACTITIONER).get(_url(found)).content.decode())
    assert "needs at least 5 deprivation deciles with a value; 3 have one" in section
    assert "<svg" not in section
    assert section.count("No value") == 7


def test_demonstration_deciles_are_said_to_be_invented(
    client_for: Callable[[str], Client],
) -> None:
    found = support.indicator()
    for code, decile, count, n in support.GRADIENT:
        area = support.ward(code, decile, source=DEMONSTRATION_SOURCE)
        support.point(found, area, value=count / n * 100_000, count=count, denominator=n)
    section = _section(client_for(Role.PRACTITIONER).get(_url(found)).content.decode())
    assert "demonstration deciles, not published figures" in section


@pytest.mark.parametrize("role", list(Role))
def test_every_signed_in_role_sees_the_inequality_section(
    client_for: Callable[[str], Client], indicator: Indicator, role: str
) -> None:
    response = client_for(role).get(_url(indicator))
    assert response.status_code == 200
    assert "Slope index of inequality" in response.content.decode()


def test_someone_not_signed_in_sees_nothing_of_it(indicator: Indicator) -> None:
    response = Client().get(_url(indicator))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_role_the_role_table_does_not_let_read_outcomes_is_refused(
    client_for: Callable[[str], Client], indicator: Indicator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from childtrust.accounts import roles

    monkeypatch.setitem(
        roles.ROLE_CAPABILITIES,
        Role.PRACTITIONER,
        roles.ROLE_CAPABILITIES[Role.PRACTITIONER] - {permissions.Capability.VIEW_PARTNERSHIP},
    )
    response = client_for(Role.PRACTITIONER).get(_url(indicator))
    assert response.status_code == 403
    assert "Slope index of inequality" not in response.content.decode()
