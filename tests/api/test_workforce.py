"""/api/v1/workforce/...: posts, a post with its holders, the measures of a census year, and
restructures, for each role as the pages show them (workforce manager, one limited to an agency,
team manager, practitioner, auditor, strategic lead), with the reads of staff's personal data
audited, and a token that may only read reading them all."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts import roles
from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.core.permissions import Capability
from childtrust.partnership.models import Agency
from childtrust.workforce.definitions import census_date
from childtrust.workforce.models import LeavingReason, Post, Restructure, RestructureStatus
from tests.api.conftest import ApiClient
from tests.factories import AgencyFactory, StaffMemberFactory, TeamFactory, UserFactory
from tests.workforce.factories import (
    AffectedPersonFactory,
    AgencyCoverFactory,
    HoldingFactory,
    OtherPostFactory,
    PostFactory,
    RestructureFactory,
    WorkforceRemitFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class World:
    council: Agency
    health: Agency
    held: Post  # the practitioner's post, in the team manager's team, with a past leaver
    vacant: Post  # in the same team, covered by an agency worker
    other: Post  # the health agency's, not a social worker post
    consulting: Restructure  # at the council, affecting the practitioner (20 redundancies)
    elsewhere: Restructure  # at the health agency
    users: dict[str, User]


def world() -> World:
    council = AgencyFactory(name="City Council", slug="council")
    health = AgencyFactory(name="Health Trust", slug="health")
    team = TeamFactory(name="North assessment", slug="north", agency=council)
    manager = StaffMemberFactory(
        agency=council, team=team, user=UserFactory(username="tm", role=Role.TEAM_MANAGER)
    )
    worker = StaffMemberFactory(
        agency=council,
        team=team,
        manager=manager,
        given_name="Priya",
        family_name="Shah",
        user=UserFactory(username="pr", role=Role.PRACTITIONER),
    )
    held = PostFactory(agency=council, team=team, reference="SW1")
    vacant = PostFactory(agency=council, team=team, reference="SW2")
    other = OtherPostFactory(agency=health, reference="HV1")
    HoldingFactory(post=held, staff=worker, starts_on=datetime.date(2020, 1, 6))
    HoldingFactory(
        post=held,
        starts_on=datetime.date(2016, 4, 4),
        ends_on=datetime.date(2019, 12, 31),
        leaving_reason=LeavingReason.RESIGNATION,
    )
    AgencyCoverFactory(post=vacant, worker_name="Sam Locum", starts_on=datetime.date(2024, 4, 1))
    HoldingFactory(post=other, starts_on=datetime.date(2021, 9, 1))
    consulting = RestructureFactory(
        title="Front door redesign",
        agency=council,
        status=RestructureStatus.CONSULTATION,
        proposed_redundancies=20,
        consultation_starts_on=datetime.date(2026, 1, 5),
        hr1_notified_on=datetime.date(2026, 1, 5),
        first_dismissal_on=datetime.date(2026, 2, 1),
    )
    AffectedPersonFactory(restructure=consulting, staff=worker, post=held, at_risk=True)
    elsewhere = RestructureFactory(title="Health visiting hubs", agency=health)
    AffectedPersonFactory(restructure=elsewhere)
    users = {
        "wm": UserFactory(username="wm", role=Role.WORKFORCE_MANAGER),
        "hr": WorkforceRemitFactory(
            user=UserFactory(username="hr", role=Role.WORKFORCE_MANAGER), agency=health
        ).user,
        "tm": manager.user,
        "pr": worker.user,
        "auditor": UserFactory(username="auditor", role=Role.AUDITOR),
        "lead": UserFactory(username="lead", role=Role.STRATEGIC_LEAD),
    }
    return World(council, health, held, vacant, other, consulting, elsewhere, users)


@pytest.fixture
def made() -> World:
    return world()


@pytest.fixture
def api_as(made: World, token_for: Callable[[User], str]) -> Callable[[str], ApiClient]:
    def make(who: str) -> ApiClient:
        return ApiClient(token_for(made.users[who]))

    return make


def listed(body: dict[str, Any], key: str) -> list[Any]:
    return [item[key] for item in body["items"]]


def latest_census_year() -> int:
    today = timezone.localdate()
    return today.year if today >= census_date(today.year) else today.year - 1


# --- Posts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "references"),
    [
        ("wm", ["SW1", "SW2", "HV1"]),
        ("hr", ["HV1"]),  # limited to the health agency
        ("tm", ["SW1", "SW2"]),  # the team they lead
        ("pr", ["SW1"]),  # their own post
        ("auditor", ["SW1", "SW2", "HV1"]),
        ("lead", []),  # no post of their own, and not the establishment's
    ],
)
def test_each_role_lists_the_posts_it_may_see(
    made: World, api_as: Callable[[str], ApiClient], who: str, references: list[str]
) -> None:
    body = api_as(who).get("/workforce/posts").json()

    assert sorted(listed(body, "reference")) == sorted(references)
    assert body["count"] == len(references)


def test_the_list_gives_each_posts_figures_and_filters_combine(
    made: World, api_as: Callable[[str], ApiClient]
) -> None:
    api = api_as("wm")

    everything = {item["reference"]: item for item in api.get("/workforce/posts").json()["items"]}
    vacant = api.get("/workforce/posts", {"vacant": "true", "agency": "council"}).json()
    not_social = api.get("/workforce/posts", {"social_worker": "false"}).json()
    in_team = api.get("/workforce/posts", {"team": "north", "vacant": "false"}).json()
    unknown = api.get("/workforce/posts", {"agency": "nowhere"}).json()

    sw2 = everything["SW2"]
    assert (sw2["in_post_fte"], sw2["vacant_fte"], sw2["agency_cover_fte"]) == (0.0, 1.0, 1.0)
    assert everything["SW1"]["in_post_fte"] == 1.0
    assert everything["SW1"]["team"] == {"slug": "north", "name": "North assessment"}
    assert everything["HV1"]["profession_label"] == "Health visitor"
    assert listed(vacant, "reference") == ["SW2"]
    assert listed(not_social, "reference") == ["HV1"]
    assert listed(in_team, "reference") == ["SW1"]
    assert unknown == {"items": [], "count": 0, "next": None, "previous": None}


def test_a_workforce_manager_sees_every_holder_with_leaving_reasons_and_cover_audited(
    made: World, api_as: Callable[[str], ApiClient]
) -> None:
    api = api_as("wm")

    held = api.get(f"/workforce/posts/{made.held.pk}").json()
    vacant = api.get(f"/workforce/posts/{made.vacant.pk}").json()

    assert held["all_holders_shown"] is True
    first = held["holders"][0]
    assert (first["name"], first["fte"], first["leaving_reason"]) == ("Priya Shah", 1.0, "")
    assert held["holders"][1]["leaving_reason"] == "Resignation"
    assert held["holders"][1]["ends_on"] == "2019-12-31"
    assert [c["worker_name"] for c in vacant["agency_cover"]] == ["Sam Locum"]
    assert vacant["agency_cover"][0]["reason"] == "vacancy"
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=made.users["wm"])
    assert reads.count() == 2
    assert {event.details["page"] for event in reads} == {"post holders"}


def test_a_team_manager_sees_the_holders_but_not_why_people_left(
    made: World, api_as: Callable[[str], ApiClient]
) -> None:
    body = api_as("tm").get(f"/workforce/posts/{made.held.pk}").json()

    assert body["all_holders_shown"] is True
    assert body["in_post_fte"] is not None
    assert len(body["holders"]) == 2
    assert {holder["leaving_reason"] for holder in body["holders"]} == {None}


def test_a_practitioner_sees_their_own_holding_only_and_no_other_post(
    made: World, api_as: Callable[[str], ApiClient]
) -> None:
    api = api_as("pr")

    own = api.get(f"/workforce/posts/{made.held.pk}").json()
    other = api.get(f"/workforce/posts/{made.vacant.pk}")

    assert own["all_holders_shown"] is False
    assert [holder["name"] for holder in own["holders"]] == ["Priya Shah"]
    assert own["agency_cover"] == []
    # The post's figures would tell a job-sharer's contracted FTE: left out.
    assert (own["in_post_fte"], own["vacant_fte"], own["agency_cover_fte"]) == (None, None, None)
    assert other.status_code == 404
    assert other.json() == {"detail": f"No post you may see has the ID {made.vacant.pk}."}


def test_a_workforce_manager_limited_to_an_agency_gets_404_for_another_agencys_post(
    made: World, api_as: Callable[[str], ApiClient]
) -> None:
    api = api_as("hr")

    assert api.get(f"/workforce/posts/{made.held.pk}").status_code == 404
    assert api.get(f"/workforce/posts/{made.other.pk}").status_code == 200
    assert api.get("/workforce/posts/999999").status_code == 404
    # Nothing was shown, so nothing was recorded as read but the one post it may see.
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, actor=made.users["hr"]).count() == 1


# --- Measures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("wm", 200), ("hr", 200), ("auditor", 200), ("lead", 200), ("tm", 403), ("pr", 403)],
)
def test_the_measures_are_for_those_who_read_workforce_figures(
    made: World, api_as: Callable[[str], ApiClient], who: str, status: int
) -> None:
    response = api_as(who).get("/workforce/measures")

    assert response.status_code == status
    if status == 403:
        assert response.json() == {
            "detail": "Your role does not allow you to see the workforce measures."
        }


def test_the_measures_of_the_latest_census_by_every_grouping(
    made: World, api_as: Callable[[str], ApiClient]
) -> None:
    """On the latest census day the council's two social worker posts have 1.0 FTE in post and
    1.0 vacant, covered by 1.0 FTE of agency worker: vacancy rate 1 / (1 + 1) = 50%, agency rate
    1 / (1 + 1) = 50%, all of the agency worker covering a vacancy (100%); the health visitor is
    in the whole workforce only."""
    year = latest_census_year()

    body = api_as("auditor").get("/workforce/measures").json()

    assert body["year"] == year
    assert body["census_date"] == f"{year}-09-30"
    assert body["years_held"][-1] == year
    assert 2020 in body["years_held"]  # the leaver's year, asked for below
    assert body["working_days_in_year"] == 253
    whole = body["social_workers"][0]
    assert (whole["kind"], whole["id"], whole["name"]) == ("partnership", None, "Whole partnership")
    assert whole["counts"]["inpost_fte"] == 1.0
    assert whole["measures"]["vacancy_rate"] == pytest.approx(50.0)
    assert whole["measures"]["agency_rate"] == pytest.approx(50.0)
    assert whole["measures"]["agency_covering_vacancies"] == pytest.approx(100.0)
    assert whole["measures"]["caseload"] is None  # no caseload counted: not a zero
    kinds = [group["kind"] for group in body["social_workers"]]
    assert kinds == ["partnership", "agency", "team", "locality"]
    agency = body["social_workers"][1]
    assert (agency["id"], agency["name"]) == (made.council.pk, "City Council")
    assert [g["name"] for g in body["whole_workforce"]] == [
        "Whole partnership",
        "City Council",
        "Health Trust",
    ]
    assert body["whole_workforce"][0]["counts"]["inpost_headcount"] == 2
    assert {d["measure"] for d in body["definitions"]} >= {"turnover_rate", "absence_rate"}


def test_an_earlier_year_and_one_grouping_and_a_year_not_held(
    made: World, api_as: Callable[[str], ApiClient]
) -> None:
    """Census 2020: the leaver's 1.0 FTE left on 31 December 2019, and 1.0 FTE was in post on
    30 September 2020 (the practitioner, from January): turnover 1.0 / 1.0 = 100%."""
    api = api_as("wm")

    year_2020 = api.get("/workforce/measures", {"year": 2020, "by": "agency"}).json()
    missing = api.get("/workforce/measures", {"year": 1990})
    bad = api.get("/workforce/measures", {"by": "ward"})

    assert [g["kind"] for g in year_2020["social_workers"]] == ["agency"]
    assert year_2020["social_workers"][0]["measures"]["turnover_rate"] == pytest.approx(100.0)
    assert missing.status_code == 404
    assert "The census year 1990 is not held" in missing.json()["detail"]
    assert bad.status_code == 422


# --- Restructures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        ("wm", ["Front door redesign", "Health visiting hubs"]),
        ("hr", ["Health visiting hubs"]),
        ("tm", ["Front door redesign"]),  # affects someone they manage
        ("pr", ["Front door redesign"]),  # affects them
        ("auditor", ["Front door redesign", "Health visiting hubs"]),
        ("lead", []),
    ],
)
def test_each_role_lists_the_restructures_it_may_see(
    made: World, api_as: Callable[[str], ApiClient], who: str, titles: list[str]
) -> None:
    body = api_as(who).get("/workforce/restructures").json()

    assert sorted(listed(body, "title")) == titles


def test_a_restructure_has_its_legal_dates_and_every_person_for_those_who_see_all(
    made: World, api_as: Callable[[str], ApiClient]
) -> None:
    """20 redundancies at one establishment: the collective duty applies, 30 days. Consultation
    and the HR1 notification on 5 January 2026: the first dismissal may take effect on 4
    February at the earliest; planned for 1 February, 3 days too early."""
    body = api_as("wm").get(f"/workforce/restructures/{made.consulting.pk}").json()

    law = body["law"]
    assert law["collective_duty"] is True
    assert law["redundancies_in_period"] == 20
    assert law["minimum_consultation_days"] == 30
    assert law["earliest_first_dismissal_on"] == "2026-02-04"
    assert law["hr1_deadline_on"] == "2026-01-02"
    assert law["hr1_late"] is True
    assert law["too_early_by_days"] == 3
    assert "3 days earlier than the law allows" in law["warning"]
    assert body["status_label"] == "In consultation"
    assert body["people_affected"] == 1
    assert body["all_affected_shown"] is True
    (person,) = body["affected_people"]
    assert (person["name"], person["at_risk"], person["post"]["reference"]) == (
        "Priya Shah",
        True,
        "SW1",
    )
    event = AuditEvent.objects.get(action=AuditAction.VIEW, actor=made.users["wm"])
    assert event.details["page"] == "people affected by a restructure"


def test_the_affected_person_sees_their_own_line_and_their_manager_no_one(
    made: World, api_as: Callable[[str], ApiClient]
) -> None:
    path = f"/workforce/restructures/{made.consulting.pk}"

    own = api_as("pr").get(path).json()
    managers = api_as("tm").get(path).json()

    assert own["all_affected_shown"] is False
    assert [p["name"] for p in own["affected_people"]] == ["Priya Shah"]
    assert managers["all_affected_shown"] is False
    assert managers["affected_people"] == []
    assert managers["people_affected"] == 1  # counted, not named
    assert managers["law"]["collective_duty"] is True
    # No one was shown to the manager: nothing recorded as read.
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, actor=made.users["tm"]).exists()


@pytest.mark.parametrize("who", ["hr", "lead"])
def test_a_restructure_one_may_not_see_is_404(
    made: World, api_as: Callable[[str], ApiClient], who: str
) -> None:
    response = api_as(who).get(f"/workforce/restructures/{made.consulting.pk}")

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"No restructure you may see has the ID {made.consulting.pk}."
    }


def test_an_auditor_reads_every_person_affected(
    made: World, api_as: Callable[[str], ApiClient]
) -> None:
    body = api_as("auditor").get(f"/workforce/restructures/{made.elsewhere.pk}").json()

    assert body["all_affected_shown"] is True
    assert len(body["affected_people"]) == 1
    assert body["law"]["collective_duty"] is False


# --- Tokens -------------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", [ApiTokenScope.READ, ApiTokenScope.READ_WRITE])
def test_a_token_of_either_scope_reads_every_workforce_endpoint(made: World, scope: str) -> None:
    _, raw = api_token_create(user=made.users["wm"], name="hr system", scope=scope)
    api = ApiClient(raw)

    paths = [
        "/workforce/posts",
        f"/workforce/posts/{made.held.pk}",
        "/workforce/measures",
        "/workforce/restructures",
        f"/workforce/restructures/{made.consulting.pk}",
    ]

    assert [api.get(path).status_code for path in paths] == [200] * len(paths)


def test_without_a_token_every_workforce_endpoint_is_401(made: World) -> None:
    client = Client()

    for path in ("posts", f"posts/{made.held.pk}", "measures", "restructures"):
        assert client.get(f"/api/v1/workforce/{path}").status_code == 401


def test_a_role_that_may_not_use_the_api_is_refused(
    made: World, monkeypatch: pytest.MonkeyPatch, token_for: Callable[[User], str]
) -> None:
    monkeypatch.setitem(
        roles.ROLE_CAPABILITIES,
        Role.WORKFORCE_MANAGER,
        roles.ROLE_CAPABILITIES[Role.WORKFORCE_MANAGER] - {Capability.USE_API},
    )

    response = ApiClient(token_for(made.users["wm"])).get("/workforce/posts")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()
