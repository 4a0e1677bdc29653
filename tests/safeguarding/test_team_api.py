"""The Team Around the Child over the API: reading a child's team (audited, refused to those
not working with the child), starting one (POST /teams, beside the partnership's GET /teams),
and adding an action or a review, with bad input refused whole."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.safeguarding.models import PlanAction, TeamAroundChild, TeamReview
from tests.children.factories import ChildFactory, involved_user, staff_user
from tests.safeguarding.factories_team import PlanActionFactory, days_ago, lead_user, member_of

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: User) -> None:
        _, raw = api_token_create(user=user, name="test", scope=ApiTokenScope.READ_WRITE)
        self.headers = {"Authorization": f"Bearer {raw}"}
        self.client = Client()

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            f"/api/v1{path}", json.dumps(body), "application/json", headers=self.headers
        )


def test_the_lead_reads_the_childs_team_and_the_read_is_audited() -> None:
    user, team = lead_user()
    PlanActionFactory(team=team, owner=user.staff_member, due_on=days_ago(1))
    response = Api(user).get(f"/children/{team.child.reference}/team")
    body = response.json()
    assert response.status_code == 200
    assert body["id"] == team.pk
    assert body["level"] == "early_help"
    assert body["actions"][0]["overdue"] is True
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(team.child.pk), actor=user
    ).exists()


def test_someone_not_working_with_the_child_is_refused_the_team() -> None:
    _user, team = lead_user()
    response = Api(staff_user(Role.PRACTITIONER)).get(f"/children/{team.child.reference}/team")
    assert response.status_code == 403


def test_a_child_with_no_team_is_404() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    assert Api(user).get(f"/children/{child.reference}/team").status_code == 404


def test_starting_a_team_through_the_api_and_the_partnerships_teams_still_list() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    api = Api(user)
    body = {
        "child": child.reference,
        "lead_professional_id": user.staff_member.pk,
        "lead_role": "Family support worker",
        "started_on": str(days_ago(1)),
    }
    response = api.post("/teams", body)
    assert response.status_code == 201
    assert response.json()["lead_professional_id"] == user.staff_member.pk
    assert TeamAroundChild.objects.get().child == child
    again = api.post("/teams", body)
    assert again.status_code == 400
    assert "already has a team" in again.json()["detail"]
    assert api.get("/teams").status_code == 200


def test_starting_a_team_is_refused_without_a_working_relationship() -> None:
    user = staff_user(Role.PRACTITIONER)
    response = Api(user).post(
        "/teams",
        {
            "child": ChildFactory().reference,
            "lead_professional_id": user.staff_member.pk,
            "lead_role": "Key worker",
            "started_on": str(days_ago(1)),
        },
    )
    assert response.status_code == 403
    assert not TeamAroundChild.objects.exists()


def test_the_lead_adds_an_action_and_a_member_is_refused() -> None:
    user, team = lead_user()
    member = member_of(team)
    body = {
        "action": "Arrange a hearing test",
        "owner_id": member.staff_member.pk,
        "due_on": str(timezone.localdate() + datetime.timedelta(days=7)),
    }
    assert Api(member).post(f"/teams/{team.pk}/actions", body).status_code == 403
    response = Api(user).post(f"/teams/{team.pk}/actions", body)
    assert response.status_code == 201
    assert response.json()["owner_id"] == member.staff_member.pk


def test_a_bad_action_is_refused_with_every_message() -> None:
    user, team = lead_user()
    response = Api(user).post(
        f"/teams/{team.pk}/actions",
        {
            "action": " ",
            "owner_id": staff_user(Role.PRACTITIONER).staff_member.pk,
            "due_on": str(days_ago(3)),
        },
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "Enter the action." in detail
    assert "Choose a current member of the team to own the action." in detail
    assert "The due date must be today or in the future." in detail
    assert not PlanAction.objects.exists()


def test_the_lead_records_a_review_and_an_unrelated_caller_gets_404() -> None:
    user, team = lead_user()
    body = {
        "held_on": str(timezone.localdate()),
        "progress": "Attendance up.",
        "next_review_on": str(timezone.localdate() + datetime.timedelta(days=42)),
    }
    assert (
        Api(staff_user(Role.PRACTITIONER)).post(f"/teams/{team.pk}/reviews", body).status_code
        == 404
    )
    response = Api(user).post(f"/teams/{team.pk}/reviews", body)
    assert response.status_code == 201
    assert TeamReview.objects.get().progress == "Attendance up."


def test_a_member_is_refused_a_review() -> None:
    _user, team = lead_user()
    member = member_of(team)
    response = Api(member).post(
        f"/teams/{team.pk}/reviews", {"held_on": str(timezone.localdate()), "progress": "Fine"}
    )
    assert response.status_code == 403
