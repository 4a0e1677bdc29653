"""Allocations run from the page in the background: the POST queues the run and redirects to
its page, which says what stage it is at and refreshes itself; the work solves outside any
transaction and stores the result in one; a failure is recorded on the run and audited."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources import allocation_working as working
from childtrust.resources.models import AllocationRun, AllocationStage, AllocationStatus
from childtrust.resources.selectors.allocation import allocation_runs
from childtrust.resources.services import allocation as services
from tests.factories import UserFactory
from tests.resources.factories_allocation import SmallPartnership, small_partnership
from tests.resources.factories_budget import budget_keeper

pytestmark = pytest.mark.django_db

INDEX = reverse("resources:allocation_index")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The page polls (progress.js) rather than refreshing itself: a timed refresh fails WCAG 2.2.1.
REFRESH = 'data-progress-poll="3"'
CHECK_PROGRESS = ">Check progress</a>"


@pytest.fixture
def world() -> SmallPartnership:
    return small_partnership()


@pytest.fixture
def database_tasks() -> Iterator[None]:
    """Tasks wait in the database for `childtrust worker`, as in production."""
    with override_settings(TASKS=DATABASE_TASKS):
        yield


def _form(world: SmallPartnership) -> dict[str, str]:
    return {
        "year": str(world.year.pk),
        "name": "December board",
        "locality_floor_percent": "15",
        "whole_blocks": "on",
    }


def _detail(run: AllocationRun) -> str:
    return reverse("resources:allocation_detail", args=[run.pk])


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _queued(world: SmallPartnership, **changes: Any) -> AllocationRun:
    settings = {
        "actor": budget_keeper(),
        "year": world.year,
        "name": "Queued",
        "locality_floor_share": Decimal("0.15"),
        "whole_blocks": True,
    }
    settings.update(changes)
    return services.allocation_queue(**settings)


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("nothing may be solved here")


# --- The page queues; the worker works it out -------------------------------------------------


def test_running_from_the_page_queues_the_run_and_solves_nothing_in_the_request(
    client_for: Callable[[str], Client],
    world: SmallPartnership,
    database_tasks: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(working, "allocation_solve", _refuse)
    response = client_for(Role.FINANCE_OFFICER).post(INDEX, _form(world))
    run = AllocationRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(run)
    assert run.status == AllocationStatus.QUEUED
    assert run.stage == AllocationStage.QUEUED
    assert run.budget is None
    assert run.solve_seconds is None
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "childtrust.resources.tasks.allocation_run_queued"
    assert queued.args_kwargs["args"] == [run.pk]
    created = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(run.pk))
    assert created.details["status"] == "queued"


def test_the_page_of_a_queued_run_says_so_and_refreshes_itself(
    client_for: Callable[[str], Client], world: SmallPartnership, database_tasks: None
) -> None:
    client = client_for(Role.FINANCE_OFFICER)
    response = client.post(INDEX, _form(world), follow=True)
    page = _text(response)
    assert "“December board” is being worked out" in page
    assert "Waiting to start" in page
    assert "waiting for the background worker to start it" in page
    assert REFRESH in page
    assert CHECK_PROGRESS in page
    assert "http-equiv" not in page
    # The list says so too.
    assert "Waiting to start" in _text(client.get(INDEX))


@pytest.mark.parametrize(
    ("stage", "words"),
    [
        (AllocationStage.SOLVING, "solving the allocation"),
        (AllocationStage.SENSITIVITY, "solving with the budget cut and raised by 10%"),
        (AllocationStage.INDEPENDENT, "solving for independent agencies"),
    ],
)
def test_the_page_of_a_running_run_says_what_stage_it_is_at(
    client_for: Callable[[str], Client], world: SmallPartnership, stage: str, words: str
) -> None:
    run = _queued(world)
    AllocationRun.objects.filter(pk=run.pk).update(status=AllocationStatus.RUNNING, stage=stage)
    page = _text(client_for(Role.PRACTITIONER).get(_detail(run)))
    assert "Being worked out" in page
    assert f"This allocation is being worked out: now {words}." in page
    assert REFRESH in page
    assert 'id="by-service"' not in page


def test_a_finished_run_does_not_refresh(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    client_for(Role.FINANCE_OFFICER).post(INDEX, _form(world))  # the immediate backend
    run = AllocationRun.objects.get()
    assert run.status == AllocationStatus.OPTIMAL
    assert run.stage == AllocationStage.DONE
    page = _text(client_for(Role.FINANCE_OFFICER).get(_detail(run)))
    assert REFRESH not in page
    assert CHECK_PROGRESS not in page
    assert "progress.js" not in page
    assert "Meets every constraint" in page
    # What the totals count, said plainly: places, and child-outcomes.
    assert "A child served by two services holds two places." in page
    assert "Better outcomes expected" in page
    assert "a child expected to do better on two outcomes counts twice" in page
    assert 'summary-list__key">Children helped' not in page  # the total is child-outcomes


def test_the_work_records_each_stage_as_it_goes(
    world: SmallPartnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = _queued(world)
    seen: list[str] = []

    def watching(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            seen.append(AllocationRun.objects.get(pk=run.pk).stage)
            return real(*args, **kwargs)

        return call

    for name in ("allocation_solve", "allocation_sensitivity", "independent_agencies_solve"):
        monkeypatch.setattr(working, name, watching(getattr(working, name)))
    done = services.allocation_queued_run_work(run_id=run.pk)
    assert done is not None
    assert done.status == AllocationStatus.OPTIMAL
    assert seen == ["solving", "sensitivity", "independent"]
    assert done.stage == AllocationStage.DONE
    assert done.budget == Decimal("100000.00")
    assert done.solve_seconds is not None
    assert done.lines.exists()
    updated = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(run.pk))
    assert updated.details["status"] == {"from": "running", "to": "optimal"}
    assert updated.details["lines"] == done.lines.count()


def test_a_run_already_taken_is_left_alone(world: SmallPartnership) -> None:
    run = _queued(world)
    assert services.allocation_queued_run_work(run_id=run.pk) is not None
    assert services.allocation_queued_run_work(run_id=run.pk) is None
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 1


def test_a_failure_marks_the_run_failed_with_a_message_and_an_audit_event(
    client_for: Callable[[str], Client],
    world: SmallPartnership,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the solver's own words, not for the page")

    monkeypatch.setattr(working, "allocation_sensitivity", broken)
    response = client_for(Role.FINANCE_OFFICER).post(INDEX, _form(world), follow=True)
    run = AllocationRun.objects.get()
    assert run.status == AllocationStatus.FAILED
    assert not run.lines.exists()
    assert run.explanation.startswith(
        "The allocation could not be worked out: an error stopped it while solving with the "
        "budget cut and raised by 10%."
    )
    page = _text(response)
    assert "“December board” could not be worked out" in page
    assert "Failed" in page
    assert run.explanation in page
    assert "not for the page" not in page
    assert REFRESH not in page
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(run.pk))
    assert event.details == {
        "status": {"from": "running", "to": "failed"},
        "stage": "sensitivity",
        "error": "RuntimeError",
    }
    assert "Failed: could not be worked out" in _text(client_for(Role.FINANCE_OFFICER).get(INDEX))


@pytest.mark.django_db(transaction=True)
def test_the_worker_solves_outside_any_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = small_partnership()
    in_transaction: list[bool] = []
    real = working.allocation_solve

    def solve(*args: Any, **kwargs: Any) -> Any:
        in_transaction.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(working, "allocation_solve", solve)
    with override_settings(TASKS=DATABASE_TASKS):
        run = _queued(world)
        from childtrust.resources.tasks import allocation_run_queued

        allocation_run_queued.enqueue(run.pk)
        call_command("worker", "--once")
    run.refresh_from_db()
    assert run.status == AllocationStatus.OPTIMAL
    assert in_transaction
    assert not any(in_transaction)
    # The synchronous path (demo loader, API) solves outside a transaction too.
    in_transaction.clear()
    services.allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="At once",
        locality_floor_share=Decimal("0"),
        whole_blocks=True,
    )
    assert in_transaction
    assert not any(in_transaction)


def test_the_api_lists_a_queued_run(world: SmallPartnership, database_tasks: None) -> None:
    from childtrust.accounts.services import api_token_create

    run = _queued(world)
    _, token = api_token_create(user=UserFactory(role=Role.FINANCE_OFFICER), name="test")
    body = Client().get("/api/v1/allocations", headers={"Authorization": f"Bearer {token}"}).json()
    [item] = body["items"] if isinstance(body, dict) else body
    assert item["id"] == run.pk
    assert item["status"] == "queued"
    assert item["budget"] is None
    assert item["solve_seconds"] is None


# --- Lists do not load the summaries ----------------------------------------------------------


def test_the_index_and_the_api_list_do_not_load_the_runs_summaries(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    services.allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="One",
        locality_floor_share=Decimal("0"),
        whole_blocks=True,
    )
    assert allocation_runs().first().get_deferred_fields() == {"summary"}  # type: ignore[union-attr]
    client = client_for(Role.FINANCE_OFFICER)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(INDEX).status_code == 200
    reads = [q["sql"] for q in captured if "resources_allocationrun" in q["sql"]]
    assert reads
    assert not any('"summary"' in sql for sql in reads)


def test_a_run_whose_requester_may_no_longer_run_allocations_is_failed_saying_why(
    world: SmallPartnership,
) -> None:
    """The worker works on behalf of the person who queued the run: their role is checked again
    when the work starts, and a role taken away while the run waited stops it."""
    requester = budget_keeper()
    run = _queued(world, actor=requester)
    requester.role = Role.PRACTITIONER
    requester.save()

    done = services.allocation_queued_run_work(run_id=run.pk)

    assert done is not None
    assert done.status == AllocationStatus.FAILED
    assert done.explanation == (
        "The allocation was not worked out: the person who asked for it may no longer run "
        "allocations. Someone who may can run it again."
    )
    assert not done.lines.exists()
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(run.pk))
    assert event.details["error"] == "PermissionDenied"


def test_a_refused_run_is_never_started_and_is_logged_as_a_refusal(
    world: SmallPartnership, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The requester is checked before the run is marked running or anything is read: the run
    goes from queued to failed, and the log says why in one line, with no stack trace (a
    refusal is not an error of the system)."""
    requester = budget_keeper()
    run = _queued(world, actor=requester)
    requester.role = Role.PRACTITIONER
    requester.save()
    monkeypatch.setattr(services, "allocation_work_out", _refuse)

    with caplog.at_level(logging.INFO, logger=services.__name__):
        done = services.allocation_queued_run_work(run_id=run.pk)

    assert done is not None
    assert done.status == AllocationStatus.FAILED
    assert done.stage == AllocationStage.QUEUED
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(run.pk))
    assert event.details["status"] == {"from": "queued", "to": "failed"}
    [record] = [r for r in caplog.records if r.name == services.__name__]
    assert record.levelno == logging.INFO
    assert record.exc_info is None
    assert "Your role does not allow you to run allocations." in record.getMessage()


def test_a_refused_run_another_worker_has_failed_is_left_alone(world: SmallPartnership) -> None:
    requester = budget_keeper()
    run = _queued(world, actor=requester)
    requester.role = Role.PRACTITIONER
    requester.save()
    assert services.allocation_queued_run_work(run_id=run.pk) is not None

    assert services.allocation_queued_run_work(run_id=run.pk) is None
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(run.pk)).count() == 1
