"""Background work for staff voice, run by `childtrust worker` (see childtrust.core.schedule)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from childtrust.voice.services.cascade import cascade_tasks_remind_and_escalate
from childtrust.voice.services.feedback import (
    feedback_anonymous_days_record,
    feedback_anonymous_today_unordered,
)
from childtrust.voice.services.surveys import (
    survey_answer_days_record,
    survey_answers_today_unordered,
    survey_rounds_open_due,
)

# --- Cascade -----------------------------------------------------------------------------------


def cascade_reminders_and_escalations_on(today: date) -> int:
    """Reminds and escalates the cascade tasks due for it on `today` (see
    cascade_tasks_remind_and_escalate). Returns how many reminders and escalations."""
    return cascade_tasks_remind_and_escalate(today=today)


@task()
def cascade_reminders_and_escalations() -> int:
    """Remind managers whose briefing is nearly due; escalate those past it. Returns the count."""
    return cascade_reminders_and_escalations_on(timezone.localdate())


# --- Pulse surveys -----------------------------------------------------------------------------


def open_due_survey_rounds_on(today: date) -> int:
    """Opens the next round of every repeating survey due on `today` (see
    survey_rounds_open_due). Returns how many opened."""
    return len(survey_rounds_open_due(today=today))


@task()
def open_due_survey_rounds() -> int:
    """Open the next round of every repeating survey whose time has come. Returns the count."""
    return open_due_survey_rounds_on(timezone.localdate())


# --- Anonymous feedback and survey answers -----------------------------------------------------


def anonymous_submissions_record_on(today: date) -> int:
    """Records in the audit log the anonymous feedback and survey answers received on each day
    before `today` not recorded yet, one count a day (see voice.services.untraceable). Returns
    how many submissions it recorded."""
    recorded = feedback_anonymous_days_record(today=today) + survey_answer_days_record(today=today)
    # Today's rows, counted tomorrow, lose their order of writing now: within the hour.
    feedback_anonymous_today_unordered(today=today)
    survey_answers_today_unordered(today=today)
    return recorded


@task()
def anonymous_submissions_record() -> int:
    """Count each past day's anonymous feedback and survey answers into the audit log, once."""
    return anonymous_submissions_record_on(timezone.localdate())
