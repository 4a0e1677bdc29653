"""The founding alternatives page reads the figures stored with the year's proposed run (or,
with none proposed, its latest run that meets every constraint): nothing is solved on a GET,
the page says which run and when they come from, and those who manage resources may work
them out again on the data held now (a POST that queues a run with the same settings)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.resources import allocation_working, optimiser
from childtrust.resources.models import AllocationRun, AllocationStatus
from childtrust.resources.services import allocation as services
from tests.resources.factories_allocation import SmallPartnership, small_partnership
from tests.resources.factories_budget import budget_keeper

pytestmark = pytest.mark.django_db

MANAGERS = {Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER}


@pytest.fixture
def world() -> SmallPartnership:
    return small_partnership()


def _url(world: SmallPartnership) -> str:
    return reverse("resources:alternatives", args=[world.year.label])


def _run(world: SmallPartnership, name: str, floor: str, *, whole_blocks: bool = True) -> Any:
    return services.allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name=name,
        locality_floor_share=Decimal(floor),
        whole_blocks=whole_blocks,
    )


def _text(response: Any) -> str:
    assert response.status_code == 200
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def _no_solving(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the alternatives page may not solve on a GET")

    for module in (allocation_working, optimiser):
        for name in ("allocation_solve", "independent_agencies_solve"):
            monkeypatch.setattr(module, name, refuse)


def test_the_page_shows_the_proposed_runs_stored_figures_and_solves_nothing(
    client_for: Callable[[str], Client],
    world: SmallPartnership,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    proposed = _run(world, "Posts in part", "0.1", whole_blocks=False)
    services.allocation_propose(actor=budget_keeper(), run=proposed)
    _run(world, "Later, not proposed", "0")
    _no_solving(monkeypatch)
    page = _text(client_for(Role.PRACTITIONER).get(_url(world)))
    assert "worked out with the proposed allocation, “Posts in part”" in page
    assert proposed.created_at.strftime("%-d %B %Y") in page
    assert "a locality floor of 10%" in page
    assert "One trust does more good: it is expected to bring 1 more better outcome" in page


def test_with_none_proposed_the_page_shows_the_latest_run_that_meets_every_constraint(
    client_for: Callable[[str], Client],
    world: SmallPartnership,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _run(world, "Older", "0.15")
    _run(world, "Newer", "0")
    _run(world, "Impossible", "0.6")  # infeasible: six-tenths for each of two localities
    _no_solving(monkeypatch)
    page = _text(client_for(Role.PRACTITIONER).get(_url(world)))
    assert "the latest allocation that meets every constraint (none is proposed" in page
    assert "“Newer”" in page
    assert "Older" not in page
    assert "Impossible" not in page
    assert "no locality floor" in page


def test_with_no_run_the_page_says_there_is_nothing_to_compare_yet(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    page = _text(client_for(Role.PRACTITIONER).get(_url(world)))
    assert "so there are no figures to compare yet" in page
    assert "Work out the alternatives again" not in page


@pytest.mark.parametrize("role", list(Role))
def test_only_those_who_manage_resources_may_work_them_out_again(
    client_for: Callable[[str], Client], world: SmallPartnership, role: Role
) -> None:
    proposed = _run(world, "Board paper", "0.1", whole_blocks=False)
    services.allocation_propose(actor=budget_keeper(), run=proposed)
    client = client_for(role)
    shows_button = "Work out the alternatives again on the data held now" in _text(
        client.get(_url(world))
    )
    response = client.post(_url(world))
    if role in MANAGERS:
        assert shows_button
        fresh = AllocationRun.objects.exclude(pk=proposed.pk).get()
        assert response.status_code == 302
        assert response["Location"] == reverse("resources:allocation_detail", args=[fresh.pk])
        # The same settings as the proposed run; worked out by the (immediate) task.
        assert fresh.locality_floor_share == Decimal("0.1")
        assert not fresh.whole_blocks
        assert fresh.status == AllocationStatus.OPTIMAL
        assert not fresh.proposed
    else:
        assert not shows_button
        assert response.status_code == 403
        assert AllocationRun.objects.count() == 1


def test_working_them_out_again_is_refused_saying_what_was_tried(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    response = client_for(Role.PRACTITIONER).post(_url(world))

    assert response.status_code == 403
    assert "Your role does not allow you to run allocations." in response.content.decode()
    assert not AllocationRun.objects.exists()
