"""The cascade's clock: reminders before the date and escalations after it, counted in working
days (England's bank holidays excluded), each once; and the worker running it end to end."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from childtrust.audit.models import AuditEvent
from childtrust.voice import tasks
from childtrust.voice.models import BriefingMethod, CascadeTask, Message
from childtrust.voice.services.cascade import cascade_briefing_record
from tests.factories import MessageFactory
from tests.voice.cascade_helpers import Tree, build_tree, publish

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2027, 3, 10)  # an ordinary week: no bank holiday near it


@pytest.fixture
def tree() -> Tree:
    return build_tree()


@pytest.fixture
def message(tree: Tree) -> Message:
    """Published to everyone, every task due on WEDNESDAY."""
    message = publish(tree)
    CascadeTask.objects.filter(message=message).update(due_on=WEDNESDAY)
    return message


def run(today: date) -> int:
    return tasks.cascade_reminders_and_escalations_on(today)


def task(tree: Tree, message: Message, name: str) -> CascadeTask:
    return tree.task_of(message, name)


@override_settings(CASCADE_REMINDER_WORKING_DAYS=2)
def test_managers_are_reminded_two_working_days_before_the_date(
    tree: Tree, message: Message
) -> None:
    assert run(date(2027, 3, 5)) == 0  # the Friday before: three working days to go
    assert task(tree, message, "Mo").reminded_at is None

    assert run(date(2027, 3, 8)) == 7  # Monday: every manager, once

    assert task(tree, message, "Mo").reminded_at is not None
    events = AuditEvent.objects.filter(object_type="voice.cascadetask")
    assert events.count() == 7
    assert all(e.details["reminded"] for e in events)
    assert all(e.actor_id is None for e in events)  # the schedule, not a person


def test_a_reminder_is_sent_once(tree: Tree, message: Message) -> None:
    run(date(2027, 3, 8))
    reminded_at = task(tree, message, "Mo").reminded_at

    assert run(date(2027, 3, 9)) == 0
    assert task(tree, message, "Mo").reminded_at == reminded_at


def test_a_manager_who_has_briefed_is_neither_reminded_nor_escalated(
    tree: Tree, message: Message
) -> None:
    cascade_briefing_record(
        actor=tree.account_of("Mo"),
        task=task(tree, message, "Mo"),
        method=BriefingMethod.ONE_TO_ONE,
    )

    run(date(2027, 3, 8))
    run(date(2027, 3, 12))

    mo = task(tree, message, "Mo")
    assert mo.reminded_at is None
    assert mo.escalated_at is None


@override_settings(CASCADE_ESCALATION_WORKING_DAYS=2)
def test_escalation_comes_two_working_days_after_the_date_to_the_manager_above(
    tree: Tree, message: Message
) -> None:
    run(date(2027, 3, 8))  # the reminders

    assert run(date(2027, 3, 11)) == 0  # Thursday: one working day late
    assert run(date(2027, 3, 12)) == 7  # Friday: two

    assert task(tree, message, "Mo").escalated_to == tree["Hana"]
    assert task(tree, message, "Tia").escalated_to == tree["Mo"]
    assert run(date(2027, 3, 15)) == 0  # once


def test_a_head_of_agency_is_escalated_to_the_sender(tree: Tree, message: Message) -> None:
    run(date(2027, 3, 12))

    assert task(tree, message, "Hana").escalated_to == tree.sender
    assert task(tree, message, "Hal").escalated_to == tree.sender


def test_escalation_passes_over_a_manager_no_longer_in_post(tree: Tree, message: Message) -> None:
    tree["Mo"].is_active = False
    tree["Mo"].save()

    run(date(2027, 3, 12))

    assert task(tree, message, "Tia").escalated_to == tree["Hana"]


def test_a_missed_run_reminds_and_escalates_together(tree: Tree, message: Message) -> None:
    assert run(date(2027, 3, 22)) == 14

    mo = task(tree, message, "Mo")
    assert mo.reminded_at is not None
    assert mo.escalated_to == tree["Hana"]


@override_settings(CASCADE_REMINDER_WORKING_DAYS=2, CASCADE_ESCALATION_WORKING_DAYS=2)
def test_bank_holidays_are_not_working_days(tree: Tree, message: Message) -> None:
    # Easter 2027: Good Friday 26 March and Easter Monday 29 March.
    CascadeTask.objects.filter(message=message, manager=tree["Mo"]).update(due_on=date(2027, 3, 25))
    CascadeTask.objects.filter(message=message).exclude(manager=tree["Mo"]).update(
        due_on=date(2027, 3, 30)
    )

    run(date(2027, 3, 23))  # two working days before the Thursday: Mo only
    assert task(tree, message, "Mo").reminded_at is not None
    assert task(tree, message, "Tia").reminded_at is None
    run(date(2027, 3, 24))  # two working days before Tuesday 30th, over the long weekend
    assert task(tree, message, "Tia").reminded_at is not None

    run(date(2027, 3, 30))  # Mo: one working day late (Friday and Monday are holidays)
    assert task(tree, message, "Mo").escalated_at is None
    run(date(2027, 3, 31))
    assert task(tree, message, "Mo").escalated_to == tree["Hana"]


def test_drafts_are_left_alone(tree: Tree) -> None:
    draft = MessageFactory(sender=tree.sender)
    CascadeTask.objects.create(message=draft, manager=tree["Mo"], due_on=WEDNESDAY)

    assert run(date(2027, 3, 22)) == 0


def test_the_task_runs_for_today(tree: Tree) -> None:
    message = publish(tree)
    CascadeTask.objects.filter(message=message).update(
        due_on=timezone.localdate() - timedelta(days=20)
    )

    result = tasks.cascade_reminders_and_escalations.enqueue()

    assert result.return_value == 14


# The worker closes database connections between passes, as a long-running process should, so
# this test commits for real rather than inside a transaction that closing would break.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_it_once_through_on_the_database_backend(tree: Tree) -> None:
    message = publish(tree)
    CascadeTask.objects.filter(message=message).update(
        due_on=timezone.localdate() - timedelta(days=20)
    )

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    ):
        call_command("worker", "--once")

    mo = task(tree, message, "Mo")
    assert mo.reminded_at is not None
    assert mo.escalated_to == tree["Hana"]
    ran = DBTaskResult.objects.get(
        task_path="childtrust.voice.tasks.cascade_reminders_and_escalations"
    )
    assert ran.status == TaskResultStatus.SUCCESSFUL
    assert ran.return_value == 14
