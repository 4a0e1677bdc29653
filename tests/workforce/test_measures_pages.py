"""The workforce measures page and its CSV: who sees them (workforce managers, auditors,
strategic leads and administrators; practitioners and team managers get the 403 page), the
census-year chooser and the groupings, values with their units and the counts behind them, the
definitions in words, "not calculated" where nothing can be divided by, the whole workforce by
agency, and a formula-safe CSV.

The establishment, census year 2024 (census day 30 September 2024):
  "=Agency A" (a name a spreadsheet would run as a formula): two 1.0 social worker posts in
  team "North team" (locality North); one held 1.0 since 2018 by s1 (24 cases on the census
  day), the other held 0.5 by s2 who left on 31 March 2024 (resignation) and is empty since.
  Agency B: one 1.0 health visitor post held 0.8 since 2020 (the whole workforce only).

  in post 1.0 (1 person); vacant 1.0 (the empty post); leavers 0.5
  turnover 0.5 / 1.0 = 50.0%; vacancy 1.0 / 2.0 = 50.0%; agency 0 / 1.0 = 0.0%;
  agency cover of vacancies 0 / 1.0 = 0.0%; share covering: no agency workers, not calculated;
  caseload 24 / 1.0 = 24.0 cases per FTE; absence 0 / (1.0 x 253) = 0.0%.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.workforce.selectors import measures
from tests.factories import AgencyFactory, LocalityFactory, TeamFactory
from tests.workforce import factories as wf

pytestmark = pytest.mark.django_db

D = datetime.date
SEE = [Role.WORKFORCE_MANAGER, Role.AUDITOR, Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN]
REFUSED = [Role.PRACTITIONER, Role.TEAM_MANAGER]


@pytest.fixture
def establishment() -> None:
    a = AgencyFactory(name="=Agency A")
    team = TeamFactory(name="North team", agency=a, locality=LocalityFactory(name="North"))
    held = wf.HoldingFactory(post=wf.PostFactory(agency=a, team=team), starts_on=D(2018, 1, 8))
    wf.HoldingFactory(
        post=wf.PostFactory(agency=a, team=team),
        fte=Decimal("0.50"),
        starts_on=D(2018, 1, 8),
        ends_on=D(2024, 3, 31),
        leaving_reason="resignation",
    )
    wf.CaseloadFactory(staff=held.staff, counted_on=D(2024, 9, 30), cases=24)
    b = AgencyFactory(name="Agency B")
    wf.HoldingFactory(
        post=wf.OtherPostFactory(agency=b, team=TeamFactory(agency=b)),
        fte=Decimal("0.80"),
        starts_on=D(2020, 1, 6),
    )


def page(client: Client, **query: str) -> str:
    response = client.get(reverse("workforce:measures"), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", SEE)
def test_those_who_read_figures_see_the_measures(
    role: str, client_for: Callable[[str], Client], establishment: None
) -> None:
    text = page(client_for(role), year="2024")
    assert "Workforce measures" in text
    assert "Census year (to 30 September)" in text


@pytest.mark.parametrize("role", REFUSED)
def test_practitioners_and_team_managers_get_403(
    role: str, client_for: Callable[[str], Client], establishment: None
) -> None:
    client = client_for(role)
    assert client.get(reverse("workforce:measures")).status_code == 403
    assert client.get(reverse("workforce:measures_csv"), {"year": "2024"}).status_code == 403
    home = client.get(reverse("workforce:home")).content.decode()
    assert reverse("workforce:measures") not in home


def test_signed_out_people_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("workforce:measures"))
    assert response.status_code == 302


def test_the_workforce_home_links_the_measures(client_for: Callable[[str], Client]) -> None:
    home = client_for(Role.AUDITOR).get(reverse("workforce:home")).content.decode()
    assert reverse("workforce:measures") in home


def test_the_partnership_values_with_units_and_counts(
    client_for: Callable[[str], Client], establishment: None
) -> None:
    text = page(client_for(Role.STRATEGIC_LEAD), year="2024", by="partnership")
    assert "Measures by the whole partnership, 30 September 2024" in text
    assert "50.0%" in text  # turnover and vacancy
    assert "24.0 cases per FTE" in text
    assert "Not calculated: no agency workers" in text
    assert "FTE in post" in text
    assert "Vacant FTE" in text
    assert "1 October 2023 to 30 September 2024" in text


def test_the_definitions_are_stated_in_words(
    client_for: Callable[[str], Client], establishment: None
) -> None:
    text = page(client_for(Role.AUDITOR))
    assert "times 253 working days" in text
    assert "as a percentage of the FTE in post on 30 September" in text
    assert "Vacant FTE as a percentage of vacant FTE and FTE in post together" in text


@pytest.mark.parametrize(
    ("by", "labels"),
    [
        ("agency", ["=Agency A"]),
        ("team", ["North team"]),
        ("locality", ["North"]),
    ],
)
def test_each_grouping(
    by: str, labels: list[str], client_for: Callable[[str], Client], establishment: None
) -> None:
    text = page(client_for(Role.WORKFORCE_MANAGER), year="2024", by=by)
    assert f"Measures by {by}, 30 September 2024" in text
    for label in labels:
        assert f'<th scope="row" class="govuk-table__header">{label}</th>' in text


def test_the_whole_workforce_by_agency(
    client_for: Callable[[str], Client], establishment: None
) -> None:
    """Agency B's 0.8 health visitor shows in the whole workforce, never in the measures."""
    text = page(client_for(Role.WORKFORCE_MANAGER), year="2024", by="agency")
    whole = text.split("The whole workforce by agency")[-1]
    assert "Agency B" in whole
    assert "0.80" in whole
    measures_table = text.split("The counts behind the measures")[0]
    assert "Agency B" not in measures_table


def test_the_chooser_defaults_to_the_latest_year_and_says_when_a_year_is_not_held(
    client_for: Callable[[str], Client], establishment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(measures.timezone, "localdate", lambda: D(2026, 12, 3))
    client = client_for(Role.AUDITOR)
    latest = page(client)  # the first change recorded: s2 leaving in census year 2024
    assert '<option value="2026" selected>2026</option>' in latest
    assert '<option value="2024">2024</option>' in latest
    assert '<option value="2023">' not in latest
    text = page(client, year="1999", by="nonsense")
    assert "There are no figures for the year you asked for" in text
    assert 'value="partnership" checked' in text


def test_no_establishment_says_so(client_for: Callable[[str], Client]) -> None:
    text = page(client_for(Role.AUDITOR))
    assert "there are no measures to show" in text


def test_tables_scroll_in_their_own_region_at_narrow_widths(
    client_for: Callable[[str], Client], establishment: None
) -> None:
    text = page(client_for(Role.AUDITOR), year="2024")
    assert text.count('class="app-table-scroll" role="region"') == 3


def test_the_csv_holds_every_grouping_and_is_formula_safe(
    client_for: Callable[[str], Client], establishment: None
) -> None:
    response = client_for(Role.AUDITOR).get(reverse("workforce:measures_csv"), {"year": "2024"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('workforce-measures-2024.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by = {(row["workforce"], row["grouping"], row["group"]): row for row in rows}
    whole = by[("social workers", "partnership", "Whole partnership")]
    assert whole["turnover_rate (%)"] == "50.0"
    assert whole["caseload (cases per FTE)"] == "24.0"
    assert whole["agency_covering_vacancies (%)"] == ""  # not calculated
    assert whole["inpost_fte"] == "1.0"
    assert ("social workers", "agency", "'=Agency A") in by  # kept from running as a formula
    assert ("social workers", "team", "North team") in by
    assert ("social workers", "locality", "North") in by
    assert by[("every post", "agency", "Agency B")]["inpost_fte"] == "0.8"


def test_the_csv_of_a_year_not_held_is_not_found(
    client_for: Callable[[str], Client], establishment: None
) -> None:
    response = client_for(Role.AUDITOR).get(reverse("workforce:measures_csv"), {"year": "1999"})
    assert response.status_code == 404
