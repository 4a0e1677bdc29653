"""The worker's reminders of a team's actions (once each: due within two working days, then
overdue) and what the home page says needs the owner and the lead professional."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.core.calendar import add_working_days
from childtrust.core.home import needs_of
from childtrust.safeguarding.models import Notification, NotificationKind
from childtrust.safeguarding.tasks import team_actions_notify
from childtrust.safeguarding.team_reminders import team_action_reminders_send
from tests.children.factories import signed_in
from tests.safeguarding.factories_team import (
    PlanActionFactory,
    TeamReviewFactory,
    lead_user,
    member_of,
)

pytestmark = pytest.mark.django_db

# A Monday with no bank holiday near: two working days on is Wednesday.
MONDAY = datetime.date(2026, 11, 2)


def test_owners_are_told_of_actions_due_in_two_working_days_and_overdue_once_only() -> None:
    _user, team = lead_user()
    owner = member_of(team)
    staff = owner.staff_member
    due_soon = PlanActionFactory(team=team, owner=staff, due_on=add_working_days(MONDAY, 2))
    later = PlanActionFactory(team=team, owner=staff, due_on=add_working_days(MONDAY, 3))
    overdue = PlanActionFactory(team=team, owner=staff, due_on=MONDAY - datetime.timedelta(days=1))
    PlanActionFactory(
        team=team,
        owner=staff,
        due_on=MONDAY - datetime.timedelta(days=5),
        done_on=MONDAY - datetime.timedelta(days=6),
    )
    assert team_action_reminders_send(today=MONDAY) == 2
    assert team_action_reminders_send(today=MONDAY) == 0
    # On Tuesday the later one is within two working days in its turn, and only it is told.
    assert team_action_reminders_send(today=MONDAY + datetime.timedelta(days=1)) == 1
    assert team_action_reminders_send(today=MONDAY + datetime.timedelta(days=1)) == 0
    told = Notification.objects.filter(recipient=owner)
    assert {n.key for n in told if n.key != f"tac-action:{later.pk}:due"} == {
        f"tac-action:{due_soon.pk}:due",
        f"tac-action:{overdue.pk}:overdue",
    }
    assert all(n.kind == NotificationKind.ACTION_DUE for n in told)
    assert all(team.child.family_name not in n.subject for n in told)
    assert told.filter(key=f"tac-action:{later.pk}:due").exists()


def test_an_action_told_as_due_is_told_again_once_overdue() -> None:
    _user, team = lead_user()
    owner = member_of(team)
    action = PlanActionFactory(team=team, owner=owner.staff_member, due_on=MONDAY)
    team_action_reminders_send(today=MONDAY)
    team_action_reminders_send(today=MONDAY + datetime.timedelta(days=1))
    assert Notification.objects.filter(recipient=owner).count() == 2
    assert Notification.objects.filter(key=f"tac-action:{action.pk}:overdue").exists()


def test_the_daily_task_runs_the_reminders() -> None:
    _user, team = lead_user()
    owner = member_of(team)
    PlanActionFactory(team=team, owner=owner.staff_member, due_on=datetime.date(2020, 1, 6))
    assert team_actions_notify.enqueue().return_value == 1


def test_the_home_page_counts_actions_due_and_overdue_and_reviews_due() -> None:
    user, team = lead_user()
    today = timezone.localdate()
    PlanActionFactory(team=team, owner=user.staff_member, due_on=today + datetime.timedelta(days=3))
    PlanActionFactory(team=team, owner=user.staff_member, due_on=today - datetime.timedelta(days=3))
    PlanActionFactory(team=team, owner=user.staff_member, due_on=today - datetime.timedelta(days=4))
    TeamReviewFactory(team=team, next_review_on=today + datetime.timedelta(days=2))
    words = {item.words for group in needs_of(user).groups for item in group.items}
    assert {"2 actions overdue", "1 action due this week", "1 review due"} <= words
    page = signed_in(user).get(reverse("core:home")).content.decode()
    assert "2 actions overdue" in page


def test_a_member_with_nothing_due_sees_nothing_of_teams_on_the_home_page() -> None:
    _user, team = lead_user()
    member = member_of(team, Role.PRACTITIONER)
    groups = [group.heading for group in needs_of(member).groups]
    assert "Teams around children" not in groups
