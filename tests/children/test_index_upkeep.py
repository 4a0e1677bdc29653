"""The child index's references and the name each child shows from its records."""

from __future__ import annotations

import datetime

import pytest

from childtrust.children.index_upkeep import child_references_next, child_summary_refresh
from tests.children.factories import AgencyRecordFactory, ChildFactory

pytestmark = pytest.mark.django_db


def test_references_follow_the_highest_held() -> None:
    assert child_references_next(2) == ["CT-000001", "CT-000002"]
    ChildFactory(reference="CT-000041")
    assert child_references_next(1) == ["CT-000042"]


def test_a_child_shows_what_most_of_its_records_agree_on() -> None:
    child = ChildFactory(given_name="", family_name="", date_of_birth=None, postcode="")
    born = datetime.date(2019, 3, 2)
    AgencyRecordFactory(child=child, given_name="Jon", family_name="Smith", date_of_birth=born)
    AgencyRecordFactory(child=child, given_name="John", family_name="Smith", date_of_birth=born)
    AgencyRecordFactory(child=child, given_name="John", family_name="Smyth", postcode="")
    child_summary_refresh([child])
    child.refresh_from_db()
    assert (child.given_name, child.family_name, child.date_of_birth) == ("John", "Smith", born)
    assert child.postcode == "SO14 7LY"
