"""`childtrust worker`: a pass runs what is queued, and starts no task runner when nothing is."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from childtrust.core.management.commands import worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def runner_starts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    started: list[str] = []
    real = worker.call_command

    def counting(name: str, *args: Any, **kwargs: Any) -> Any:
        started.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(worker, "call_command", counting)
    return started


@pytest.mark.django_db(transaction=True)
def test_a_pass_with_nothing_queued_starts_no_task_runner(
    runner_starts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "SCHEDULE", ())  # nothing falls due in this pass either
    with override_settings(TASKS=DATABASE_TASKS):
        call_command("worker", "--once")
    assert runner_starts == []


@pytest.mark.django_db(transaction=True)
def test_a_pass_runs_what_falls_due(runner_starts: list[str]) -> None:
    with override_settings(TASKS=DATABASE_TASKS):
        call_command("worker", "--once")
    assert runner_starts == ["db_worker"]
