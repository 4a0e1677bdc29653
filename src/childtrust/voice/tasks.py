"""Background work for staff voice, run by `childtrust worker` (see childtrust.core.schedule)."""

from __future__ import annotations

from django_tasks import task

# --- Cascade -----------------------------------------------------------------------------------


@task()
def cascade_reminders_and_escalations() -> int:
    """Remind managers whose briefing is nearly due; escalate those past it. Returns the count."""
    return 0


# --- Pulse surveys -----------------------------------------------------------------------------


@task()
def open_due_survey_rounds() -> int:
    """Open the next round of every repeating survey whose time has come. Returns the count."""
    return 0
