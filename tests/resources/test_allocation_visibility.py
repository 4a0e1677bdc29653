"""Who reads which warnings and reasons: a partner (VIEW_OWN_RESOURCES only) reads in full only
those about their own agency; another partner's left-out services and conflicting limits are
counted, without names or figures, on the result page, the alternatives page and the API. And
one rule for "your agency": an inactive staff record sees no lines."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.accounts.services import api_token_create
from childtrust.partnership.models import Agency
from childtrust.resources.access import FigureScope, can_view_every_partner, figures_visible_to
from childtrust.resources.allocation_working import conflicts_tagged
from childtrust.resources.models import AllocationRun, AllocationStatus, BudgetLine
from childtrust.resources.optimiser import AllocationProblem, PartnerFunds, ServiceOption
from childtrust.resources.selectors.allocation import conflicts_for, warnings_for
from childtrust.resources.selectors.allocation_problem import Note
from childtrust.resources.selectors.budget import year_overview
from childtrust.resources.services.allocation import allocation_run
from tests.factories import StaffMemberFactory, UserFactory
from tests.resources.factories_allocation import SmallPartnership, small_partnership
from tests.resources.factories_budget import budget_keeper

pytestmark = pytest.mark.django_db

YOUTH_CLUB_WARNING = "Youth club is left out of the allocation"


@pytest.fixture
def world() -> SmallPartnership:
    return small_partnership()


def _run(world: SmallPartnership, floor: str = "0.15") -> AllocationRun:
    return allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="Board paper",
        locality_floor_share=Decimal(floor),
        whole_blocks=True,
    )


def _impossible_minimum(world: SmallPartnership) -> AllocationRun:
    """Health visiting (Health Trust) must be given £60,000 but can spend at most £45,000."""
    BudgetLine.objects.filter(service=world.health_visiting).update(
        statutory_minimum=Decimal("60000")
    )
    run = _run(world)
    assert run.status == AllocationStatus.INFEASIBLE
    return run


def _partner(agency: Agency, *, active: bool = True) -> User:
    user = UserFactory(role=Role.PRACTITIONER)
    StaffMemberFactory(user=user, agency=agency, is_active=active)
    return user


def _page(user: User, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _api(user: User, path: str) -> Any:
    _, token = api_token_create(user=user, name="test")
    response = Client().get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return json.loads(response.content)


def _detail(run: AllocationRun) -> str:
    return reverse("resources:allocation_detail", args=[run.pk])


# --- Warnings: a service left out ---------------------------------------------------------------


def test_a_partner_does_not_read_another_agencys_left_out_service_on_the_page(
    world: SmallPartnership,
) -> None:
    run = _run(world)
    page = _page(_partner(world.health), _detail(run))
    assert YOUTH_CLUB_WARNING not in page
    assert "£5,000" not in page  # the Youth club's statutory minimum
    assert "Parenting course" not in page
    assert "2 services of other partners are left out as well" in page
    # Their own left-out service they read in full.
    assert "Drop-in is left out of the allocation" in page


def test_the_agency_whose_service_is_left_out_reads_why(world: SmallPartnership) -> None:
    run = _run(world)
    page = _page(_partner(world.council), _detail(run))
    assert YOUTH_CLUB_WARNING in page
    assert "statutory minimum of £5,000" in page
    assert "Drop-in" not in page
    assert "1 service of other partners is left out as well" in page


@pytest.mark.parametrize("role", [Role.FINANCE_OFFICER, Role.AUDITOR])
def test_those_who_see_every_partner_read_every_warning(
    world: SmallPartnership, role: Role
) -> None:
    run = _run(world)
    page = _page(UserFactory(role=role), _detail(run))
    assert YOUTH_CLUB_WARNING in page
    assert "Drop-in is left out" in page
    assert "of other partners" not in page


def test_the_api_gives_a_partner_only_their_own_agencys_warnings(
    world: SmallPartnership,
) -> None:
    run = _run(world)
    mine = _api(_partner(world.health), f"/allocations/{run.pk}")["warnings"]
    assert not any("Youth club" in w or "Parenting" in w for w in mine)
    assert any(w.startswith("Drop-in is left out") for w in mine)
    assert "2 services of other partners are left out as well" in " ".join(mine)
    theirs = _api(_partner(world.council), f"/allocations/{run.pk}")["warnings"]
    assert any(w.startswith(YOUTH_CLUB_WARNING) for w in theirs)
    everyone = _api(UserFactory(role=Role.FINANCE_OFFICER), f"/allocations/{run.pk}")
    assert any(w.startswith(YOUTH_CLUB_WARNING) for w in everyone["warnings"])


def test_the_alternatives_page_counts_another_agencys_left_out_services(
    world: SmallPartnership,
) -> None:
    _run(world)
    url = reverse("resources:alternatives", args=[world.year.label])
    page = _page(_partner(world.health), url)
    assert YOUTH_CLUB_WARNING not in page
    assert "2 services of other partners are left out as well" in page
    assert YOUTH_CLUB_WARNING in _page(_partner(world.council), url)


# --- Reasons no allocation meets every constraint ---------------------------------------------


def test_a_partner_does_not_read_a_conflict_naming_another_agencys_service(
    world: SmallPartnership,
) -> None:
    run = _impossible_minimum(world)
    page = _page(_partner(world.council), _detail(run))
    conflicts = page.split('id="conflicts"')[1].split("</ul>")[0]
    assert "Health visiting" not in conflicts
    assert "£60,000" not in conflicts
    assert "1 reason involves other partners' services or money" in conflicts
    api = _api(_partner(world.council), f"/allocations/{run.pk}")["explanation"]
    assert not any("Health visiting" in line or "£60,000" in line for line in api)
    assert "1 reason involves other partners' services or money" in " ".join(api)


def test_the_agency_named_in_a_conflict_reads_it_in_full(world: SmallPartnership) -> None:
    run = _impossible_minimum(world)
    expected = "The statutory minimum of Health visiting (Health) is £60,000"
    page = _page(_partner(world.health), _detail(run))
    assert expected in page
    assert "other partners' services or money" not in page
    api = _api(_partner(world.health), f"/allocations/{run.pk}")["explanation"]
    assert any(line.startswith(expected) for line in api)
    assert expected in _page(UserFactory(role=Role.STRATEGIC_LEAD), _detail(run))


def test_conflicts_are_stored_tagged_with_the_agencies_they_name(
    world: SmallPartnership,
) -> None:
    run = _impossible_minimum(world)
    [conflict] = run.summary["conflicts"]
    assert conflict["agency_ids"] == [world.health.pk]
    assert conflict["text"].startswith("The statutory minimum of Health visiting (Health)")


def test_the_ten_per_cent_table_and_alternatives_hide_another_agencys_conflicts(
    world: SmallPartnership,
) -> None:
    run = _run(world)
    secret = "The statutory minimum of Family support (Council) is £99,000, which is secret."
    summary = dict(run.summary)
    summary["sensitivity"] = [
        {**row, "status": "infeasible", "conflicts": [Note(secret, [world.council.pk]).as_json()]}
        for row in summary["sensitivity"]
    ]
    summary["alternatives"] = {
        key: {**figures, "conflicts": [Note(secret, [world.council.pk]).as_json()]}
        for key, figures in summary["alternatives"].items()
    }
    AllocationRun.objects.filter(pk=run.pk).update(summary=summary)
    health, council = _partner(world.health), _partner(world.council)
    assert "£99,000" not in _page(health, _detail(run))
    assert "other partners' services or money" in _page(health, _detail(run))
    assert secret in _page(council, _detail(run))
    body = _api(health, f"/allocations/{run.pk}")
    assert "£99,000" not in json.dumps(body)
    assert body["sensitivity"][0]["conflicts"] == [
        "1 reason involves other partners' services or money; only those who see every "
        "partner's figures see the details."
    ]
    assert body["alternatives"]["independent_agencies"]["conflicts"][0].startswith("1 reason")
    assert _api(council, f"/allocations/{run.pk}")["sensitivity"][0]["conflicts"] == [secret]


def test_a_note_stored_before_tagging_is_shown_only_to_those_who_see_everything() -> None:
    partner = FigureScope(all_agencies=False, agency=Agency(pk=1))
    everyone = FigureScope(all_agencies=True)
    legacy = ["Youth club is left out: its minimum of £5,000 cannot be met."]
    assert warnings_for(legacy, everyone) == legacy
    assert warnings_for(legacy, partner)[0].startswith("1 service of other partners is left")
    assert conflicts_for([{"text": "The budget is short.", "agency_ids": []}], partner) == [
        "The budget is short."
    ]


def _service(key: int, name: str, partner: int) -> ServiceOption:
    return ServiceOption(
        key=key, name=name, partner=partner, cost_per_child=1, capacity=1,
        benefit_per_child=1, demand={1: 1},
    )  # fmt: skip


def test_conflicts_are_tagged_by_the_names_the_optimiser_uses() -> None:
    problem = AllocationProblem(
        services=[_service(1, "Health checks (Council)", 20), _service(2, "Visits (Health)", 10)],
        partners=[PartnerFunds(10, "Health", 0, 0), PartnerFunds(20, "Council", 0, 0)],
        localities=[1],
        locality_names={1: "West"},
    )
    tagged = conflicts_tagged(
        problem,
        [
            # "Health" inside the Council's service name does not tag the Health Trust.
            "The statutory minimum of Health checks (Council) is £9.",
            "The aligned money of Health (£5) may be spent only on its own services.",
            "Health: the statutory minimum of Visits (Health) and the floor for West conflict.",
            "The locality floors add up to £300 but the budget is £100.",
            "The agency 30 (no contribution): nothing to spend.",
        ],
    )
    assert [note.agency_ids for note in tagged] == [(20,), (10,), (10,), (), ()]


# --- One rule for "your agency" ------------------------------------------------------------------


def test_a_partner_whose_staff_record_is_inactive_sees_no_lines(world: SmallPartnership) -> None:
    run = _run(world)
    leaver = _partner(world.health, active=False)
    assert figures_visible_to(leaver) == FigureScope(all_agencies=False, agency=None)
    page = _page(leaver, _detail(run))
    assert 'id="by-service"' not in page
    assert "Health visiting (Health)" not in page
    assert "Drop-in" not in page  # their former agency's left-out service too
    client = Client()
    client.force_login(leaver)
    csv_rows = client.get(_detail(run), {"format": "csv"}).content.decode().splitlines()
    assert len(csv_rows) == 1  # the header only
    assert _api(leaver, f"/allocations/{run.pk}")["lines"] == []
    # The same partner, still in post, sees their agency's lines.
    assert "Health visiting (Health)" in _page(_partner(world.health), _detail(run))


def test_budget_costings_and_allocations_share_one_agency_rule(world: SmallPartnership) -> None:
    active, leaver = _partner(world.council), _partner(world.council, active=False)
    assert figures_visible_to(active).agency == world.council
    assert figures_visible_to(leaver).agency is None
    assert year_overview(leaver, world.year).agency is None
    assert figures_visible_to(active).agency_id == world.council.pk
    assert can_view_every_partner(UserFactory(role=Role.FINANCE_OFFICER))
    assert not can_view_every_partner(active)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER])
def test_a_user_without_a_staff_record_reads_no_agencys_warnings(
    world: SmallPartnership, role: Role, client_for: Callable[[str], Client]
) -> None:
    run = _run(world)
    page = client_for(role).get(_detail(run)).content.decode()
    assert YOUTH_CLUB_WARNING not in page
    assert "Drop-in is left out" not in page
    assert "3 services of other partners are left out as well" in page
