"""Small groups' sickness absence on the workforce measures page, its CSV and the API: sickness
absence is shown to workforce managers and the person's agency head only, so anyone else (a
strategic lead, an auditor, an administrator) is not shown the working days lost and absence rate
of a group with fewer than 10 people in post, nor of a group whose figures would let a hidden one
be worked out from the partnership's total by subtraction.

The establishment, census year 2024 (1 October 2023 to 30 September 2024), one agency, no
localities; every holder 1.0 FTE since 2018:
  "Solo team": 1 social worker, 5 days lost (a spell from 5 February 2024);
  "Nine team": 9 social workers, none lost;
  "Big team": 10 social workers, one of whom lost 20 days (a spell from 4 March 2024).
  The partnership: 20 in post, 25 days lost.

By team: Solo (1) and Nine (9) are hidden; together 10, so Big (10) can be shown (the
partnership less Big is Solo and Nine together, 10 people).
  Big: 20 / (10 x 253) x 100 = 0.79...% -> 0.8%; Solo: 5 / (1 x 253) x 100 = 1.97...% -> 2.0%;
  the partnership: 25 / (20 x 253) x 100 = 0.49...% -> 0.5%.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.accounts.services import api_token_create
from childtrust.workforce import access
from childtrust.workforce.selectors.measure_pages import (
    absence_hidden_groups,
    whole_workforce_absence_hidden,
)
from childtrust.workforce.selectors.measures import Counts, GroupFigures
from tests.api.conftest import ApiClient
from tests.factories import AgencyFactory, TeamFactory, UserFactory
from tests.workforce import factories as wf

D = datetime.date
HIDDEN = "Not shown: fewer than 10 people in post"


@pytest.fixture(autouse=True)
def minimum_of_ten(settings: Any) -> None:
    settings.SURVEY_MINIMUM_GROUP_SIZE = 10


@pytest.fixture
def teams(db: None) -> None:
    agency = AgencyFactory(name="City Council")
    for name, people, lost in (("Solo team", 1, (5, D(2024, 2, 5))), ("Nine team", 9, None)):
        team = TeamFactory(name=name, agency=agency)
        for _ in range(people):
            held = wf.HoldingFactory(post=wf.PostFactory(agency=agency, team=team))
        if lost:
            days, starts = lost
            wf.SicknessAbsenceFactory(
                staff=held.staff,
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=days - 1),
                working_days_lost=Decimal(days),
            )
    big = TeamFactory(name="Big team", agency=agency)
    holders = [wf.HoldingFactory(post=wf.PostFactory(agency=agency, team=big)) for _ in range(10)]
    wf.SicknessAbsenceFactory(
        staff=holders[0].staff,
        starts_on=D(2024, 3, 4),
        ends_on=D(2024, 3, 29),
        working_days_lost=Decimal("20"),
    )


def page(client: Client, by: str) -> str:
    response = client.get(reverse("workforce:measures"), {"year": "2024", "by": by})
    assert response.status_code == 200
    return response.content.decode()


def csv_lines(client: Client) -> dict[tuple[str, str], dict[str, str]]:
    response = client.get(reverse("workforce:measures_csv"), {"year": "2024"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {(row["workforce"], row["group"]): row for row in rows}


def api_groups(role: str) -> dict[str, dict[str, Any]]:
    _, raw = api_token_create(user=UserFactory(role=role), name="test")
    body = ApiClient(raw).get("/workforce/measures", {"year": 2024}).json()
    return {g["name"]: g for g in body["social_workers"] if g["kind"] in {"team", "partnership"}}


# --- The decision ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.WORKFORCE_MANAGER, True),
        (Role.STRATEGIC_LEAD, False),
        (Role.AUDITOR, False),
        (Role.PARTNERSHIP_ADMIN, False),
    ],
)
def test_only_workforce_managers_see_small_groups_absence(role: str, sees: bool) -> None:
    assert access.can_see_small_group_absence(UserFactory(role=role)) is sees


# --- The page, the CSV and the API ----------------------------------------------------------


def test_a_strategic_lead_sees_the_ten_person_teams_absence_not_the_one_persons(
    client_for: Callable[[str], Client], teams: None
) -> None:
    text = page(client_for(Role.STRATEGIC_LEAD), by="team")
    assert text.count(HIDDEN) == 4  # Solo and Nine, in the measures and the counts tables
    assert "2.0%" not in text  # Solo's absence rate
    assert "0.8%" in text  # Big's
    assert ">20<" in text  # Big's working days lost
    assert "fewer than 10 people in post are not shown here, nor in the CSV" in text
    whole = page(client_for(Role.STRATEGIC_LEAD), by="partnership")
    assert HIDDEN not in whole
    assert "0.5%" in whole


def test_a_workforce_manager_sees_every_teams_absence(
    client_for: Callable[[str], Client], teams: None
) -> None:
    text = page(client_for(Role.WORKFORCE_MANAGER), by="team")
    assert HIDDEN not in text
    assert "2.0%" in text
    assert "0.8%" in text
    assert "are not shown here" not in text


def test_the_csv_hides_the_small_teams_absence_from_a_strategic_lead_only(
    client_for: Callable[[str], Client], teams: None
) -> None:
    lines = csv_lines(client_for(Role.STRATEGIC_LEAD))
    solo = lines[("social workers", "Solo team")]
    assert solo["absence_rate (%)"] == HIDDEN
    assert solo["working_days_lost"] == HIDDEN
    assert solo["inpost_headcount"] == "1"  # the other counts stay
    assert lines[("social workers", "Nine team")]["working_days_lost"] == HIDDEN
    big = lines[("social workers", "Big team")]
    assert (big["absence_rate (%)"], big["working_days_lost"]) == ("0.8", "20.0")
    assert lines[("social workers", "Whole partnership")]["absence_rate (%)"] == "0.5"
    manager = csv_lines(client_for(Role.WORKFORCE_MANAGER))[("social workers", "Solo team")]
    assert (manager["absence_rate (%)"], manager["working_days_lost"]) == ("2.0", "5.0")


def test_the_api_hides_the_small_teams_absence_from_a_strategic_lead_only(teams: None) -> None:
    lead = api_groups(Role.STRATEGIC_LEAD)
    solo = lead["Solo team"]
    assert solo["counts"]["working_days_lost"] is None
    assert solo["measures"]["absence_rate"] is None
    assert solo["absence_not_shown"] == HIDDEN
    assert solo["counts"]["inpost_headcount"] == 1
    big = lead["Big team"]
    assert big["counts"]["working_days_lost"] == pytest.approx(20.0)
    assert big["measures"]["absence_rate"] == pytest.approx(2000 / 2530)
    assert big["absence_not_shown"] is None
    assert lead["Whole partnership"]["counts"]["working_days_lost"] == pytest.approx(25.0)
    manager = api_groups(Role.WORKFORCE_MANAGER)["Solo team"]
    assert manager["counts"]["working_days_lost"] == pytest.approx(5.0)
    assert manager["measures"]["absence_rate"] == pytest.approx(500 / 253)
    assert manager["absence_not_shown"] is None


# --- Subtraction ------------------------------------------------------------------------------


def group(kind: str, key: int | None, people: int, days: float = 0.0) -> GroupFigures:
    counts = Counts(inpost_fte=float(people), inpost_headcount=people, working_days_lost=days)
    return GroupFigures(kind=kind, key=key, label=f"{kind} {key}", counts=counts)


@pytest.mark.usefixtures("minimum_of_ten")
def test_two_small_teams_hidden_together_let_a_ten_person_team_be_shown() -> None:
    groups = [
        group("partnership", None, 20),
        *[group("team", k, n) for k, n in enumerate([1, 9, 10])],
    ]
    assert absence_hidden_groups(groups) == {("team", 0), ("team", 1)}


@pytest.mark.usefixtures("minimum_of_ten")
def test_a_shown_team_is_hidden_when_the_partnership_less_it_would_give_a_small_ones() -> None:
    # 23 less Big2's 12 is 11: Solo (1) and Big (10) together; Big alone would give Solo's away
    groups = [
        group("partnership", None, 23),
        *[group("team", k, n) for k, n in enumerate([1, 10, 12])],
    ]
    assert absence_hidden_groups(groups) == {("team", 0), ("team", 1)}
    # two small teams (3 and 4) hidden together are still fewer than 10: the big one goes too
    groups = [
        group("partnership", None, 22),
        *[group("team", k, n) for k, n in enumerate([3, 4, 15])],
    ]
    assert absence_hidden_groups(groups) == {("team", 0), ("team", 1), ("team", 2)}


@pytest.mark.usefixtures("minimum_of_ten")
def test_a_small_partnership_is_hidden_and_a_leavers_days_count_as_someone() -> None:
    assert absence_hidden_groups([group("partnership", None, 9), group("agency", 1, 9)]) == {
        ("partnership", None),
        ("agency", 1),
    }
    # a team with no one in post but days lost (a leaver's) is a person's absence
    groups = [group("partnership", None, 20), group("team", 1, 0, 5.0), group("team", 2, 20)]
    assert absence_hidden_groups(groups) == {("team", 1), ("team", 2)}


@pytest.mark.usefixtures("minimum_of_ten")
def test_the_whole_workforce_hides_an_agencys_few_other_professions() -> None:
    # agency 1: 30 in post, 29 of them social workers, so every post less social workers is one
    # person's absence; agency 2: 20 social workers and 20 others
    every = [group("partnership", None, 70), group("agency", 1, 30), group("agency", 2, 40)]
    social = [group("partnership", None, 49), group("agency", 1, 29), group("agency", 2, 20)]
    hidden = whole_workforce_absence_hidden(every, social)
    # the partnership's others are 21 (shown); agency 1's one other is hidden, and agency 2 with
    # it (21 less 20 would be agency 1's one)
    assert hidden == {("agency", 1), ("agency", 2)}
