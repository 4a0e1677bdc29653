"""The plan's pages that write, and the plan by outcome, agency and owner: every role at every
page (GET and POST) allowed or 403, every form's bad input with every message at once and
nothing written, the audit event of each write, links shown only to those allowed, and the CSV
downloads."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import Agency, Priority, StaffMember
from childtrust.strategy.models import (
    Milestone,
    MilestoneStatus,
    MilestoneStatusChange,
    Objective,
    PlanVersion,
    StrategicPlan,
)
from tests.conftest import ALL_ROLES
from tests.factories import AgencyFactory, PriorityFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
OTHERS = sorted(set(ALL_ROLES) - KEEPERS)


@dataclass
class World:
    plan: StrategicPlan
    objective: Objective
    milestone: Milestone
    owner: StaffMember  # the objective's owner, linked to owner_user
    owner_user: User
    priority: Priority
    agency: Agency


@pytest.fixture
def world() -> World:
    owner_user = UserFactory(username="owner", role=Role.PRACTITIONER)
    owner = StaffMemberFactory(user=owner_user, given_name="Olu", family_name="Adeyemi")
    plan = StrategicPlan.objects.create(
        title="Children's Plan", start_year=TODAY.year - 1, end_year=TODAY.year + 3
    )
    priority, agency = PriorityFactory(title="Improve oral health"), AgencyFactory(name="Health")
    objective = Objective.objects.create(plan=plan, title="Healthy teeth", owner=owner)
    objective.priorities.set([priority])
    milestone = Milestone.objects.create(
        objective=objective,
        title="Brushing clubs",
        due_on=TODAY - datetime.timedelta(days=2),
        owner=owner,
    )
    return World(plan, objective, milestone, owner, owner_user, priority, agency)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _as(role: Role) -> Client:
    return _client(UserFactory(role=role))


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def _page(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def _good_posts(w: World) -> dict[str, dict[str, object]]:
    """A valid POST for each write page: what a keeper may send."""
    return {
        "/plan/edit/": {
            "title": "Our Plan",
            "start_year": str(w.plan.start_year),
            "end_year": str(w.plan.end_year),
        },
        "/plan/versions/new/": {
            "text": "Our plan.",
            "adopted_by": "Children's Trust Board",
            **_date("adopted_on", TODAY),
        },
        "/plan/objectives/new/": {
            "title": "Fewer admissions",
            "owner": str(w.owner.pk),
            "priorities": [str(w.priority.pk)],
            "agencies": [str(w.agency.pk)],
        },
        f"/plan/objectives/{w.objective.pk}/edit/": {
            "title": "Healthier teeth",
            "owner": str(w.owner.pk),
            "priorities": [str(w.priority.pk)],
        },
        f"/plan/objectives/{w.objective.pk}/milestones/new/": {
            "title": "Fluoride varnish",
            "owner": str(w.owner.pk),
            **_date("due_on", TODAY + datetime.timedelta(days=60)),
        },
        f"/plan/milestones/{w.milestone.pk}/edit/": {
            "title": "Brushing clubs in every school",
            "owner": str(w.owner.pk),
            **_date("due_on", TODAY + datetime.timedelta(days=30)),
        },
        f"/plan/milestones/{w.milestone.pk}/status/": {"status": "at_risk", "note": "Short"},
        # Last: a plan starting later becomes the plan in force.
        "/plan/new/": {"title": "Next plan", "start_year": "2031", "end_year": "2035"},
    }


def _state() -> tuple[object, ...]:
    """Everything a write page could change."""
    return (
        AuditEvent.objects.count(),
        list(StrategicPlan.objects.values_list("title", "start_year", "end_year")),
        PlanVersion.objects.count(),
        list(Objective.objects.values_list("title", "description", "owner_id")),
        list(Milestone.objects.values_list("title", "due_on", "status", "dropped_reason")),
        MilestoneStatusChange.objects.count(),
    )


# --- Who may: every role at every write page ----------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_keepers_open_the_write_pages(role: Role, world: World) -> None:
    client = _as(role)
    for url in _good_posts(world):
        status = client.get(url).status_code
        assert status == (200 if role in KEEPERS else 403), url


@pytest.mark.parametrize("role", OTHERS)
def test_others_posting_to_the_write_pages_are_refused_and_nothing_changes(
    role: Role, world: World
) -> None:
    client = _as(role)
    for url, data in _good_posts(world).items():
        before = _state()
        assert client.post(url, data).status_code == 403, url
        assert _state() == before, url


@pytest.mark.parametrize("role", sorted(KEEPERS))
def test_keepers_write_through_every_page_with_one_audit_event_each(
    role: Role, world: World
) -> None:
    client = _as(role)
    for url, data in _good_posts(world).items():
        before = AuditEvent.objects.exclude(action=AuditAction.VIEW).count()
        response = client.post(url, data)
        assert response.status_code == 302, (url, _page(response))
        written = AuditEvent.objects.exclude(action=AuditAction.VIEW).count() - before
        assert written == 1, url
    assert StrategicPlan.objects.filter(title="Next plan", start_year=2031).exists()
    assert PlanVersion.objects.get(plan=world.plan).adopted_by == "Children's Trust Board"
    created = Objective.objects.get(title="Fewer admissions")
    assert list(created.agencies.all()) == [world.agency]
    assert world.plan.objectives.filter(title="Healthier teeth").exists()
    world.milestone.refresh_from_db()
    assert (world.milestone.title, world.milestone.status) == (
        "Brushing clubs in every school",
        "at_risk",
    )
    assert world.milestone.status_changes.get().note == "Short"


def test_the_objectives_owner_changes_a_milestones_status_but_nothing_else(world: World) -> None:
    client = _client(world.owner_user)
    url = f"/plan/milestones/{world.milestone.pk}/status/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "dropped", "note": "The funding ended"})
    assert response.status_code == 302
    assert response["Location"] == f"/plan/objectives/{world.objective.pk}/"
    world.milestone.refresh_from_db()
    assert (world.milestone.status, world.milestone.dropped_reason) == (
        "dropped",
        "The funding ended",
    )
    [event] = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="strategy.milestone")
    assert event.actor_id == world.owner_user.pk
    for url in _good_posts(world):
        if "/status/" not in url:
            assert client.get(url).status_code == 403, url


def test_a_milestones_own_owner_who_does_not_own_the_objective_may_not_change_its_status(
    world: World,
) -> None:
    user = UserFactory(role=Role.PRACTITIONER)
    world.milestone.owner = StaffMemberFactory(user=user)
    world.milestone.save()
    client = _client(user)
    url = f"/plan/milestones/{world.milestone.pk}/status/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "done"}).status_code == 403
    world.milestone.refresh_from_db()
    assert world.milestone.status == MilestoneStatus.NOT_STARTED


@pytest.mark.parametrize(
    "url",
    ["/plan/objectives/999/edit/", "/plan/milestones/999/edit/", "/plan/milestones/999/status/"],
)
def test_a_missing_objective_or_milestone_is_404(url: str) -> None:
    assert _as(Role.STRATEGIC_LEAD).get(url).status_code == 404


def test_pages_of_the_plan_need_a_plan() -> None:
    client = _as(Role.STRATEGIC_LEAD)
    for url in ("/plan/edit/", "/plan/versions/new/", "/plan/objectives/new/"):
        assert client.get(url).status_code == 404, url


# --- Links shown only to those allowed ----------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_write_links_show_only_to_keepers(role: Role, world: World) -> None:
    client = _as(role)
    plan_page = _page(client.get("/plan/"))
    objective_page = _page(client.get(f"/plan/objectives/{world.objective.pk}/"))
    links = [
        (plan_page, 'href="/plan/objectives/new/"'),
        (plan_page, 'href="/plan/versions/new/"'),
        (plan_page, 'href="/plan/edit/"'),
        (objective_page, f'href="/plan/objectives/{world.objective.pk}/milestones/new/"'),
        (objective_page, f'href="/plan/objectives/{world.objective.pk}/edit/"'),
        (objective_page, f'href="/plan/milestones/{world.milestone.pk}/edit/"'),
        (objective_page, f'href="/plan/milestones/{world.milestone.pk}/status/"'),
    ]
    for page, link in links:
        assert (link in page) == (role in KEEPERS), link


def test_the_objectives_owner_sees_the_status_link_only(world: World) -> None:
    page = _page(_client(world.owner_user).get(f"/plan/objectives/{world.objective.pk}/"))
    assert f'href="/plan/milestones/{world.milestone.pk}/status/"' in page
    assert f'href="/plan/milestones/{world.milestone.pk}/edit/"' not in page


@pytest.mark.parametrize("role", ALL_ROLES)
def test_with_no_plan_only_keepers_are_offered_to_start_one(role: Role) -> None:
    page = _page(_as(role).get("/plan/"))
    assert "has not recorded a strategic plan yet" in page
    assert ('href="/plan/new/"' in page) == (role in KEEPERS)


# --- Bad input: every message at once, nothing written ------------------------------------------


def _refused(client: Client, url: str, data: dict[str, object], messages: list[str]) -> None:
    before = _state()
    response = client.post(url, data)
    page = _page(response)
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    for message in messages:
        assert message in page, message
    assert _state() == before


def test_the_plan_form_shows_every_message(world: World) -> None:
    client = _as(Role.STRATEGIC_LEAD)
    _refused(
        client,
        "/plan/new/",
        {},
        [
            "Enter the plan&#x27;s title",
            "Choose the plan&#x27;s first year",
            "Choose the plan&#x27;s last year",
        ],
    )
    _refused(
        client,
        "/plan/edit/",
        {"title": "", "start_year": "2030", "end_year": "2027"},
        ["Enter the plan&#x27;s title", "must be the same as or after its first year"],
    )
    # A period that leaves the milestone outside it: the service's message on the form.
    _refused(
        client,
        "/plan/edit/",
        {"title": "Plan", "start_year": str(TODAY.year + 1), "end_year": str(TODAY.year + 3)},
        ["Some milestones are due outside this period"],
    )


def test_the_version_form_shows_every_message(world: World) -> None:
    client = _as(Role.PARTNERSHIP_ADMIN)
    _refused(
        client,
        "/plan/versions/new/",
        {"adopted_on_day": "31", "adopted_on_month": "2", "adopted_on_year": "2026"},
        [
            "Enter the text of the plan",
            "The date the plan was adopted must be a real date",
            "Enter who adopted the plan",
        ],
    )
    _refused(
        client,
        "/plan/versions/new/",
        {
            "text": "Words",
            "adopted_by": "Board",
            **_date("adopted_on", TODAY + datetime.timedelta(days=1)),
        },
        ["must be today or in the past"],
    )


def test_the_objective_form_shows_every_message(world: World) -> None:
    client = _as(Role.STRATEGIC_LEAD)
    _refused(
        client,
        "/plan/objectives/new/",
        {"priorities": ["99999"]},
        [
            "Enter the objective&#x27;s title",
            "Choose the objective&#x27;s accountable owner",
            "Choose priorities from the list",
        ],
    )
    _refused(
        client,
        "/plan/objectives/new/",
        {
            "title": "healthy TEETH",
            "owner": str(world.owner.pk),
            "priorities": [str(world.priority.pk)],
        },
        ["The plan already has an objective called"],
    )
    gone = StaffMemberFactory(is_active=False)
    _refused(
        client,
        f"/plan/objectives/{world.objective.pk}/edit/",
        {"title": "Teeth", "owner": str(gone.pk)},
        ["people no longer in post cannot be chosen", "Choose at least one priority"],
    )


def test_the_milestone_form_shows_every_message(world: World) -> None:
    client = _as(Role.STRATEGIC_LEAD)
    _refused(
        client,
        f"/plan/objectives/{world.objective.pk}/milestones/new/",
        {},
        [
            "Enter the milestone&#x27;s title",
            "Enter the due date",
            "Choose the milestone&#x27;s owner",
        ],
    )
    outside = datetime.date(world.plan.end_year + 2, 1, 1)
    _refused(
        client,
        f"/plan/milestones/{world.milestone.pk}/edit/",
        {"title": "", "owner": "", **_date("due_on", outside)},
        [
            "Enter the milestone&#x27;s title",
            "The due date must be within the plan&#x27;s period",
            "Choose the milestone&#x27;s owner",
        ],
    )


def test_the_status_form_shows_every_message(world: World) -> None:
    client = _as(Role.STRATEGIC_LEAD)
    _refused(
        client,
        f"/plan/milestones/{world.milestone.pk}/status/",
        {},
        ["Choose the milestone&#x27;s status"],
    )
    _refused(
        client,
        f"/plan/milestones/{world.milestone.pk}/status/",
        {"status": "dropped", "note": "  "},
        ["Enter why the milestone was dropped"],
    )
    _refused(
        client,
        f"/plan/milestones/{world.milestone.pk}/status/",
        {"status": "not_started"},
        ["The milestone is already “Not started”"],
    )


# --- The plan page: rating, versions and query count --------------------------------------------


def test_the_plan_page_rates_objectives_in_words_and_states_the_rule(world: World) -> None:
    page = _page(_as(Role.AUDITOR).get("/plan/"))
    assert "Off track" in page  # its milestone is overdue
    assert "How the rating is worked out" in page
    Milestone.objects.filter(pk=world.milestone.pk).update(status=MilestoneStatus.DONE)
    page = _page(_as(Role.AUDITOR).get(f"/plan/objectives/{world.objective.pk}/"))
    assert "On track" in page
    assert "0 open, 0 overdue, 1 done" in page


def test_the_plan_page_shows_the_latest_version_and_links_every_version(world: World) -> None:
    for number in (1, 2):
        PlanVersion.objects.create(
            plan=world.plan,
            version=number,
            text=f"The plan, as adopted the {'first' if number == 1 else 'second'} time.",
            adopted_on=datetime.date(2026, 3, number),
            adopted_by="Children's Trust Board",
        )
    client = _as(Role.FRONT_DOOR)
    page = _page(client.get("/plan/"))
    assert "Version 2, adopted on 2 March 2026 by Children&#x27;s Trust Board" in page
    assert 'href="/plan/versions/1/"' in page
    assert 'href="/plan/versions/2/"' in page
    assert "adopted the first time" in _page(client.get("/plan/versions/1/"))
    assert client.get("/plan/versions/3/").status_code == 404


def _grow(plan: StrategicPlan, objectives: int) -> None:
    owner = StaffMemberFactory()
    for n in range(objectives):
        objective = Objective.objects.create(
            plan=plan, title=f"O{plan.objectives.count()}", owner=owner, position=n
        )
        objective.priorities.set([PriorityFactory()])
        objective.agencies.set([AgencyFactory()])
        for days in (-5, 20, 400):
            Milestone.objects.create(
                objective=objective,
                title=f"M{n}.{days}",
                due_on=TODAY + datetime.timedelta(days=days),
                owner=owner,
            )


@pytest.mark.parametrize(
    "url",
    ["/plan/", "/plan/by-outcome/", "/plan/by-agency/", "/plan/objectives.csv", "/plan/mine/"],
)
def test_the_plan_views_take_the_same_queries_whatever_the_plans_size(
    url: str, world: World, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    client = _client(world.owner_user)
    _grow(world.plan, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world.plan, 10)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


# --- By outcome, by agency, mine ----------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("url", ["/plan/by-outcome/", "/plan/by-agency/", "/plan/mine/"])
def test_every_role_reads_the_plans_views(role: Role, url: str, world: World) -> None:
    response = _as(role).get(url)
    assert response.status_code == 200
    assert "Children&#x27;s Plan" in _page(response)


@pytest.mark.parametrize("url", ["/plan/by-outcome/", "/plan/by-agency/", "/plan/mine/"])
def test_the_plans_views_say_when_there_is_no_plan(url: str) -> None:
    assert "has not recorded a strategic plan yet" in _page(_as(Role.PRACTITIONER).get(url))


def test_by_outcome_lists_each_priority_with_its_objectives(world: World) -> None:
    empty = PriorityFactory(title="Reduce obesity", outcome=world.priority.outcome)
    page = _page(_as(Role.PRACTITIONER).get("/plan/by-outcome/"))
    assert str(world.priority.outcome) in page
    assert "Improve oral health" in page
    assert empty.title in page
    assert "No objective of the plan is tied to this priority." in page
    assert f'href="/plan/objectives/{world.objective.pk}/"' in page
    assert "Off track" in page


def test_by_agency_says_who_owns_and_who_contributes(world: World) -> None:
    world.objective.agencies.set([world.agency])
    idle = AgencyFactory(name="Youth Service")
    page = _page(_as(Role.PRACTITIONER).get("/plan/by-agency/"))
    assert f"Objectives {world.owner.agency.name} owns or contributes to" in page
    assert "Owns" in page
    assert "Contributes" in page
    assert f"{idle.name} neither owns nor contributes to any objective" in page


def test_my_objectives_lists_what_the_person_owns(world: World) -> None:
    page = _page(_client(world.owner_user).get("/plan/mine/"))
    assert "Healthy teeth" in page
    assert "Brushing clubs" in page
    assert "Overdue by 2 days" in page
    assert f'href="/plan/milestones/{world.milestone.pk}/status/"' in page
    assert f'href="/plan/objectives/{world.objective.pk}/check-ins/new/"' in page
    # A keeper who owns nothing is not offered the owner's check-in.
    lead_page = _page(_as(Role.STRATEGIC_LEAD).get("/plan/mine/"))
    assert "check-ins/new/" not in lead_page


def test_my_objectives_is_a_plain_sentence_for_someone_with_nothing_or_no_record(
    world: World,
) -> None:
    nobody = _as(Role.AUDITOR)
    assert "Your account is not linked to a staff record" in _page(nobody.get("/plan/mine/"))
    staff_only = UserFactory(role=Role.TEAM_MANAGER)
    StaffMemberFactory(user=staff_only)
    page = _page(_client(staff_only).get("/plan/mine/"))
    assert "You own no objectives or milestones of the plan." in page


# --- CSV ----------------------------------------------------------------------------------------


def _csv(response: object) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_downloads_the_objectives_and_milestones(role: Role, world: World) -> None:
    world.objective.agencies.set([world.agency])
    client = _as(role)
    objectives = _csv(client.get("/plan/objectives.csv"))
    assert objectives[0][:3] == ["Objective", "Outcomes", "Priorities"]
    assert objectives[1][0] == "Healthy teeth"
    assert objectives[1][2] == "Improve oral health"
    assert objectives[1][5] == "Health"
    assert objectives[1][6:] == ["Off track", "1", "1", "0"]
    milestones = _csv(client.get("/plan/milestones.csv"))
    assert milestones[1] == [
        "Healthy teeth",
        "Brushing clubs",
        world.milestone.due_on.isoformat(),
        "Olu Adeyemi",
        "Not started",
        "yes",
        "",
    ]


def test_the_downloads_are_safe_in_a_spreadsheet(world: World) -> None:
    Milestone.objects.filter(pk=world.milestone.pk).update(
        status=MilestoneStatus.DROPPED, dropped_reason="=HYPERLINK(1)"
    )
    rows = _csv(_as(Role.PRACTITIONER).get("/plan/milestones.csv"))
    assert rows[1][5:] == ["no", "'=HYPERLINK(1)"]


def test_the_downloads_need_a_plan_and_a_sign_in() -> None:
    assert _as(Role.PRACTITIONER).get("/plan/objectives.csv").status_code == 404
    assert Client().get("/plan/milestones.csv").status_code == 302
