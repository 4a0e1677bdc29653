"""/api/v1/surveys and /api/v1/me/survey-rounds: the same anonymous results as the pages, for
those who follow staff voice, and each person's rounds waiting for an answer."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.accounts.services import api_token_create
from tests.api.conftest import ApiClient
from tests.factories import AgencyFactory, StaffMemberFactory, UserFactory
from tests.voice.survey_support import add_responses, make_round, make_survey

pytestmark = pytest.mark.django_db

LEADING_CHANGE = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.WORKFORCE_MANAGER}


def api_for(user: User) -> ApiClient:
    _, token = api_token_create(user=user, name="test")
    return ApiClient(token)


def api_as(role: str) -> ApiClient:
    return api_for(UserFactory(username=f"api-{role}", role=role))


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.mark.parametrize("role", list(Role))
def test_only_those_who_follow_staff_voice_read_surveys_and_results(role: str) -> None:
    survey = make_survey()
    make_round(survey, opens_on=days_ago(40))
    api = api_as(role)

    for path in ["/surveys", f"/surveys/{survey.pk}/rounds/1/results"]:
        response = api.get(path)
        assert response.status_code == (200 if role in LEADING_CHANGE else 403), path
        if role not in LEADING_CHANGE:
            assert response.json() == {
                "detail": "Your role does not allow you to see survey results."
            }


def test_the_survey_list_gives_each_survey_with_its_rounds() -> None:
    survey = make_survey(title="Pulse", repeat_every_days=90)
    add_responses(make_round(survey, opens_on=days_ago(40), invited=50), 12)

    response = api_as(Role.STRATEGIC_LEAD).get("/surveys")

    assert response.json()["items"] == [
        {
            "id": survey.pk,
            "title": "Pulse",
            "template": "staff_through_change",
            "repeat_every_days": 90,
            "round_length_days": 14,
            "rounds": [
                {
                    "number": 1,
                    "opens_on": days_ago(40).isoformat(),
                    "closes_on": days_ago(27).isoformat(),
                    "invited": 50,
                    "responses": 12,
                }
            ],
        }
    ]


def test_round_results_hide_small_groups_as_the_page_does() -> None:
    survey = make_survey()
    survey_round = make_round(survey, opens_on=days_ago(40), invited=40)
    add_responses(survey_round, 15, agency=AgencyFactory(name="Health"), free_text="Slow down.")
    add_responses(survey_round, 12, agency=AgencyFactory(name="Schools"), score=2)
    add_responses(survey_round, 3, agency=AgencyFactory(name="Police"), score=1)

    body = api_as(Role.PARTNERSHIP_ADMIN).get(f"/surveys/{survey.pk}/rounds/1/results").json()

    assert (body["responses"], body["response_percent"], body["results_shown"]) == (30, 75, True)
    [agencies] = [b for b in body["breakdowns"] if b["name"] == "agency"]
    assert [(g["label"], g["shown"], g["responses"]) for g in agencies["groups"]] == [
        ("Health", True, 15),
        ("Police", False, None),
        ("Schools", False, None),
    ]
    assert all(g["themes"] == [] for g in agencies["groups"] if not g["shown"])
    assert body["overall"][0] == {
        "theme": "clarity",
        "label": "Clarity of the vision",
        "mean": round((15 * 4 + 12 * 2 + 3 * 1) / 30, 2),
        "agree_percent": 50,
        "answers": 60,
    }
    assert body["free_text"][0]["answers"] == ["Slow down."] * 15


def test_round_results_below_the_minimum_give_only_the_count() -> None:
    survey = make_survey()
    add_responses(make_round(survey, opens_on=days_ago(40)), 4, free_text="Private")

    body = api_as(Role.STRATEGIC_LEAD).get(f"/surveys/{survey.pk}/rounds/1/results").json()

    assert body["responses"] == 4
    assert body["results_shown"] is False
    assert body["overall"] == body["breakdowns"] == body["free_text"] == []


def test_an_unknown_round_is_not_found() -> None:
    survey = make_survey()

    response = api_as(Role.STRATEGIC_LEAD).get(f"/surveys/{survey.pk}/rounds/9/results")

    assert response.status_code == 404


def test_each_person_sees_the_open_rounds_they_have_not_answered() -> None:
    user = UserFactory(username="someone")
    StaffMemberFactory(user=user)
    survey = make_survey(title="Pulse")
    make_round(survey, opens_on=days_ago(2))
    make_round(make_survey(title="Old"), opens_on=days_ago(40))

    response = api_for(user).get("/me/survey-rounds")

    assert response.json()["items"] == [
        {
            "survey_id": survey.pk,
            "survey_title": "Pulse",
            "number": 1,
            "closes_on": (days_ago(2) + datetime.timedelta(days=13)).isoformat(),
        }
    ]


def test_someone_with_no_staff_record_is_told_why_they_have_no_rounds() -> None:
    response = api_as(Role.AUDITOR).get("/me/survey-rounds")

    assert response.status_code == 403
    assert "not linked to a staff record" in response.json()["detail"]
