"""The worker's daily reminders of a Team Around the Child's actions: each owner told once when
an action is due within two working days (core.calendar) and once when it is overdue. System
work, on no one's behalf: helper C's notify makes each notification once (its key), so a run
repeated the same day, or the next, tells no one twice. The subject names the child only by
reference."""

from __future__ import annotations

import datetime

from django.urls import reverse

from childtrust.core.home import day_words
from childtrust.safeguarding.models import NotificationKind, PlanAction
from childtrust.safeguarding.selectors.team_around_child import actions_to_tell


def _url(action: PlanAction) -> str:
    return reverse("safeguarding:team", args=[action.team.child.reference]) + "#plan"


def team_action_reminders_send(*, today: datetime.date) -> int:
    """Returns how many notifications it made (none for one already made)."""
    from childtrust.safeguarding.services.notifications import notify

    soon, overdue = actions_to_tell(today)
    made = 0
    for action, key, subject in [
        *(
            (
                a,
                f"tac-action:{a.pk}:due",
                f"An action for the team around {a.team.child.reference} is due on "
                f"{day_words(a.due_on)}",
            )
            for a in soon
        ),
        *(
            (
                a,
                f"tac-action:{a.pk}:overdue",
                f"An action for the team around {a.team.child.reference} is overdue: it was "
                f"due on {day_words(a.due_on)}",
            )
            for a in overdue
        ),
    ]:
        user = action.owner.user
        if user is None:
            continue
        made += (
            notify(
                recipient=user,
                kind=NotificationKind.ACTION_DUE,
                subject=subject,
                url=_url(action),
                key=key,
            )
            is not None
        )
    return made
