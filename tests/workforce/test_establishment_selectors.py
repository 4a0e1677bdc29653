"""The establishment's reads that other areas use: the vacancies in a set of teams (live posts
with vacant FTE, each with its agency cover) and the post a person holds on a day (the one with
the most FTE)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from childtrust.workforce.selectors.establishment import post_for_holder, vacancies_in_teams
from tests.factories import StaffMemberFactory, TeamFactory
from tests.workforce.factories import (
    AgencyCoverFactory,
    HoldingFactory,
    LeaverHoldingFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 3)


def test_vacancies_in_teams_are_the_live_posts_with_vacant_fte() -> None:
    team, other = TeamFactory(name="A team"), TeamFactory(name="B team")
    full = PostFactory(team=team, agency=team.agency, reference="FULL")
    HoldingFactory(post=full)
    part = PostFactory(team=team, agency=team.agency, reference="PART", fte=Decimal("1.00"))
    HoldingFactory(post=part, fte=Decimal("0.60"))
    AgencyCoverFactory(post=part, fte=Decimal("0.40"))
    left = PostFactory(team=team, agency=team.agency, reference="LEFT")
    LeaverHoldingFactory(post=left)  # left 30 June 2023: vacant on the day
    PostFactory(
        team=team, agency=team.agency, reference="ENDED", ends_on=datetime.date(2024, 1, 31)
    )
    PostFactory(
        team=team, agency=team.agency, reference="LATER", starts_on=datetime.date(2025, 1, 1)
    )
    PostFactory(team=other, agency=other.agency, reference="ELSEWHERE")

    found = vacancies_in_teams({team.pk}, DAY)

    assert [(v.post.reference, v.vacant_fte, v.cover_fte) for v in found] == [
        ("LEFT", Decimal("1.00"), Decimal("0.00")),
        ("PART", Decimal("0.40"), Decimal("0.40")),
    ]


def test_the_post_for_a_holder_is_the_one_with_the_most_fte_on_the_day() -> None:
    person = StaffMemberFactory()
    small = PostFactory(agency=person.agency, reference="SMALL")
    big = PostFactory(agency=person.agency, reference="BIG")
    HoldingFactory(post=small, staff=person, fte=Decimal("0.40"))
    HoldingFactory(post=big, staff=person, fte=Decimal("0.60"), starts_on=datetime.date(2024, 1, 1))

    assert post_for_holder(person, DAY) == big
    assert post_for_holder(person, datetime.date(2023, 6, 1)) == small
    assert post_for_holder(person, datetime.date(2010, 1, 1)) is None
    assert post_for_holder(StaffMemberFactory(), DAY) is None
