"""Background work that runs on a timetable. `childtrust worker` enqueues each entry when it is
due and runs whatever is queued; apps add their entries here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduledTask:
    task: str  # dotted path to a function decorated with django_tasks.task
    every_seconds: int


SCHEDULE: tuple[ScheduledTask, ...] = (
    ScheduledTask("childtrust.voice.tasks.cascade_reminders_and_escalations", 15 * 60),
    ScheduledTask("childtrust.voice.tasks.open_due_survey_rounds", 60 * 60),
    ScheduledTask("childtrust.audit.tasks.audit_checkpoint", 15 * 60),
    ScheduledTask("childtrust.audit.tasks.audit_verify_nightly", 24 * 60 * 60),
    ScheduledTask("childtrust.voice.tasks.anonymous_submissions_record", 60 * 60),
    # A board pack whose worker was stopped is ended in words (its page also ends it when opened).
    ScheduledTask("childtrust.strategy.tasks.board_packs_stopped_end", 10 * 60),
    # A load of children's records whose worker was stopped is ended in words (as a board pack).
    ScheduledTask("childtrust.children.records_tasks.record_imports_stopped_end", 10 * 60),
    # New agency records are matched against the child index (issue 16).
    ScheduledTask("childtrust.children.linkage.tasks.link_new_records", 15 * 60),
    # The front door's statutory clocks: owners told near breach, breaches escalated (issue 17).
    ScheduledTask("childtrust.safeguarding.tasks.safeguarding_clocks_check", 60 * 60),
    # Alerts not acknowledged in time go up the line; the rules run over every child nightly.
    ScheduledTask("childtrust.safeguarding.tasks.safeguarding_alerts_escalate", 15 * 60),
    ScheduledTask(
        "childtrust.safeguarding.tasks.safeguarding_alerts_evaluate_nightly", 24 * 60 * 60
    ),
    # Owners of a team around a child's actions told when due in 2 working days and overdue.
    ScheduledTask("childtrust.safeguarding.tasks.team_actions_notify", 24 * 60 * 60),
)
