"""/api/v1/teams: teams and their members."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from childtrust.accounts import roles
from childtrust.accounts.models import Role
from childtrust.accounts.roles import ROLE_CAPABILITIES
from childtrust.api.urls import PERMISSION_REFUSED_MESSAGE
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.core.permissions import Capability
from tests.api.conftest import ApiClient
from tests.api.refusals import assert_refused_without
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    LocalityTeamFactory,
    StaffMemberFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)


def test_team_list_gives_kind_agency_locality_and_size(api: ApiClient) -> None:
    agency = AgencyFactory(name="Bridgeford CAMHS", slug="camhs")
    locality = LocalityFactory(name="North", slug="north")
    single = TeamFactory(name="CAMHS duty team", slug="camhs-duty", agency=agency)
    StaffMemberFactory.create_batch(2, team=single, agency=agency)
    LocalityTeamFactory(name="North locality team", slug="north-locality", locality=locality)

    response = api.get("/teams")

    assert response.status_code == 200
    assert response.json()["items"] == [
        {
            "slug": "camhs-duty",
            "name": "CAMHS duty team",
            "kind": "single_agency",
            "kind_label": "Single-agency team",
            "agency": {"slug": "camhs", "name": "Bridgeford CAMHS", "short_name": ""},
            "locality": None,
            "member_count": 2,
        },
        {
            "slug": "north-locality",
            "name": "North locality team",
            "kind": "locality",
            "kind_label": "Multi-agency locality team",
            "agency": None,
            "locality": {"slug": "north", "name": "North"},
            "member_count": 0,
        },
    ]


def test_team_list_costs_the_same_few_queries_however_many_teams(
    api: ApiClient, django_assert_max_num_queries: Callable[[int], Any]
) -> None:
    for _ in range(20):
        StaffMemberFactory(team=LocalityTeamFactory())

    with django_assert_max_num_queries(4):
        response = api.get("/teams")

    assert len(response.json()["items"]) == 20


def test_team_detail_gives_members_names_job_titles_and_agencies(api: ApiClient) -> None:
    team = LocalityTeamFactory(name="South locality team", slug="south", purpose="Early help.")
    school = AgencyFactory(name="Hillside Primary", slug="hillside")
    police = AgencyFactory(name="Westshire Police", slug="police")
    StaffMemberFactory(
        team=team, agency=school, given_name="Ada", family_name="Brown", job_title="DSL"
    )
    StaffMemberFactory(
        team=team,
        agency=police,
        given_name="Sam",
        family_name="Adeyemi",
        job_title="PCSO",
        email="sam@example.org",
    )

    response = api.get("/teams/south")

    assert response.status_code == 200
    body = response.json()
    assert body["purpose"] == "Early help."
    assert body["members"] == [
        {
            "name": "Sam Adeyemi",
            "job_title": "PCSO",
            "agency": {"slug": "police", "name": "Westshire Police", "short_name": ""},
        },
        {
            "name": "Ada Brown",
            "job_title": "DSL",
            "agency": {"slug": "hillside", "name": "Hillside Primary", "short_name": ""},
        },
    ]
    assert "sam@example.org" not in response.content.decode()


def test_team_detail_is_audited_because_it_names_people(api: ApiClient) -> None:
    team = TeamFactory(slug="duty")
    StaffMemberFactory(team=team)

    api.get("/teams/duty")

    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(team.pk))
    assert event.actor_username == "api-practitioner"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_team_members_are_shown_to_every_role_that_may_read_the_staff_directory(
    role: str, api_client_for: Callable[[str], ApiClient]
) -> None:
    StaffMemberFactory(team=TeamFactory(slug="duty"))

    response = api_client_for(role).get("/teams/duty")

    allowed = Capability.VIEW_STAFF_DIRECTORY in ROLE_CAPABILITIES[role]
    assert response.status_code == (200 if allowed else 403)


def test_team_detail_is_refused_to_a_role_that_may_not_read_the_staff_directory(
    monkeypatch: pytest.MonkeyPatch, api: ApiClient
) -> None:
    StaffMemberFactory(team=TeamFactory(slug="duty"))
    monkeypatch.setitem(
        roles.ROLE_CAPABILITIES,
        Role.PRACTITIONER,
        ROLE_CAPABILITIES[Role.PRACTITIONER] - {Capability.VIEW_STAFF_DIRECTORY},
    )

    response = api.get("/teams/duty")

    assert response.status_code == 403
    assert response.json() == {"detail": PERMISSION_REFUSED_MESSAGE}
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_team_detail_for_an_unknown_slug_is_404_with_a_message(api: ApiClient) -> None:
    response = api.get("/teams/no-such-team")

    assert response.status_code == 404
    assert response.json() == {"detail": "No team has the slug 'no-such-team'."}


@pytest.mark.parametrize("path", ["/teams", "/teams/duty"])
def test_the_teams_are_refused_to_a_role_that_may_not_read_the_partnership(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    StaffMemberFactory(team=TeamFactory(slug="duty"))
    assert_refused_without(
        Capability.VIEW_PARTNERSHIP,
        api=api,
        path=path,
        sentence="see the teams",
        monkeypatch=monkeypatch,
    )
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()
