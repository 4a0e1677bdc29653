"""The change programme's pages: every role reads the programme, the change agents and a
meeting's ratings; only the plan's keepers name a stage's owner and rate the stages; the
ratings form refuses with every message at once and nothing written, and is locked once the
meeting's minutes are approved."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import Role
from childtrust.strategy.models import ChangeStage, KotterStage, StageRating
from tests.conftest import ALL_ROLES
from tests.factories import StaffMemberFactory, UserFactory
from tests.strategy.factories_change import (
    MeetingFactory,
    PlanFactory,
    approve_minutes,
    rate_every_stage,
)

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
READERS = [role for role in ALL_ROLES if role not in KEEPERS]


def _client(role: Role) -> Client:
    client = Client()
    client.force_login(UserFactory(role=role))
    return client


def ratings_data(rating: str = "4") -> dict[str, Any]:
    data: dict[str, Any] = {}
    for stage in KotterStage:
        data[f"rating_{stage.value}"] = rating
        data[f"evidence_{stage.value}"] = f"Evidence for stage {stage.value}"
    return data


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_the_programme_agents_and_ratings(role: Role) -> None:
    plan = PlanFactory()
    owner = StaffMemberFactory(given_name="Nia", family_name="Owen")
    ChangeStage.objects.create(plan=plan, stage=KotterStage.ENLIST, owner=owner)
    meeting = MeetingFactory()
    rate_every_stage(meeting, rating=3)
    client = _client(role)

    programme = client.get("/plan/change/")
    agents = client.get("/plan/change/agents/")
    ratings = client.get(f"/plan/board/meetings/{meeting.pk}/stages/")

    assert programme.status_code == agents.status_code == ratings.status_code == 200
    text = programme.content.decode()
    for stage in KotterStage:
        assert stage.label in text
    assert "Nia Owen" in text
    assert "3 out of 5, Progressing" in text
    assert "Rule:" in text
    assert ("/plan/change/stages/4/edit/" in text) == (role in KEEPERS)
    assert "Nia Owen" in agents.content.decode()
    assert ('name="rating_1"' in ratings.content.decode()) == (role in KEEPERS)


def test_the_programme_says_when_there_is_no_plan() -> None:
    page = _client(Role.PRACTITIONER).get("/plan/change/").content.decode()
    assert "has not recorded a strategic plan yet" in page


@pytest.mark.parametrize("role", READERS)
def test_others_cannot_name_owners_or_rate_stages(role: Role) -> None:
    PlanFactory()
    meeting = MeetingFactory()
    client = _client(role)

    assert client.get("/plan/change/stages/1/edit/").status_code == 403
    assert client.post("/plan/change/stages/1/edit/", {"owner": ""}).status_code == 403
    response = client.post(f"/plan/board/meetings/{meeting.pk}/stages/", ratings_data())
    assert response.status_code == 403
    assert not ChangeStage.objects.exists()
    assert not StageRating.objects.exists()


@pytest.mark.parametrize("role", sorted(KEEPERS))
def test_keepers_name_a_stage_owner(role: Role) -> None:
    plan = PlanFactory()
    owner = StaffMemberFactory()

    response = _client(role).post("/plan/change/stages/2/edit/", {"owner": owner.pk})

    assert response.status_code == 302
    assert ChangeStage.objects.get(plan=plan, stage=2).owner == owner


def test_a_stage_outside_eight_is_404() -> None:
    PlanFactory()
    assert _client(Role.STRATEGIC_LEAD).get("/plan/change/stages/9/edit/").status_code == 404


def test_keepers_rate_all_eight_stages() -> None:
    meeting = MeetingFactory()

    response = _client(Role.STRATEGIC_LEAD).post(
        f"/plan/board/meetings/{meeting.pk}/stages/", ratings_data("5")
    )

    assert response.status_code == 302
    assert sorted(StageRating.objects.values_list("stage", "rating")) == [
        (stage, 5) for stage in range(1, 9)
    ]


def test_the_ratings_form_shows_every_message_at_once_and_writes_nothing() -> None:
    meeting = MeetingFactory()
    data = ratings_data()
    data["rating_1"] = "6"
    del data["rating_3"]
    data["evidence_8"] = ""

    response = _client(Role.STRATEGIC_LEAD).post(f"/plan/board/meetings/{meeting.pk}/stages/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "Choose a rating for “Create a sense of urgency” from 1 to 5" in page
    assert "Choose a rating for “Form the vision and strategy”" in page
    assert "Enter the evidence for “Institute change”" in page
    assert not StageRating.objects.exists()


def test_ratings_are_locked_once_the_minutes_are_approved() -> None:
    meeting = MeetingFactory()
    rate_every_stage(meeting, rating=2)
    approve_minutes(meeting)
    client = _client(Role.STRATEGIC_LEAD)

    page = client.get(f"/plan/board/meetings/{meeting.pk}/stages/").content.decode()
    refused = client.post(f"/plan/board/meetings/{meeting.pk}/stages/", ratings_data("5"))

    assert "its stage ratings are locked" in page
    assert 'name="rating_1"' not in page
    assert "its stage ratings are locked" in refused.content.decode()
    assert set(StageRating.objects.values_list("rating", flat=True)) == {2}


def test_the_meeting_page_links_to_its_stage_ratings() -> None:
    meeting = MeetingFactory()

    page = _client(Role.PRACTITIONER).get(f"/plan/board/meetings/{meeting.pk}/").content.decode()

    assert f'href="/plan/board/meetings/{meeting.pk}/stages/"' in page


def test_the_ratings_page_links_its_meeting_and_the_programme_its_latest_rating() -> None:
    PlanFactory()
    meeting = MeetingFactory(title="Spring board")
    rate_every_stage(meeting, rating=3)
    client = _client(Role.PRACTITIONER)

    ratings = client.get(f"/plan/board/meetings/{meeting.pk}/stages/").content.decode()
    programme = client.get("/plan/change/").content.decode()

    assert f'href="/plan/board/meetings/{meeting.pk}/"' in ratings
    assert 'href="/plan/change/"' in ratings
    assert f'href="/plan/board/meetings/{meeting.pk}/">“Spring board”' in programme
