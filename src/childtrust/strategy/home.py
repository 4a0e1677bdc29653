"""What of the plan needs the signed-in person, for the home page (core.home): for an
objective's owner, its monthly check-ins due; for those who keep the plan, the measures off
trajectory, the milestones overdue, the risks past their review and the board's actions
overdue. Each is a count linked to the page that lists them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from childtrust.core.home import Need, NeedItem
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.strategy import access
from childtrust.strategy.models import StrategicPlan
from childtrust.strategy.selectors import board, measures, plan, risks
from childtrust.strategy.selectors.home import objectives_owned_by

YOUR_PLAN = "Your part of the plan"
THE_PLAN = "The plan"
#: How long the count of measures off trajectory is kept (see _off_trajectory).
OFF_TRAJECTORY_KEPT_SECONDS = 300


def _check_ins_due(user: PermissionHolder, current: StrategicPlan) -> Iterator[Need]:
    """An owner records a check-in each month: one is due for every objective they own that
    has none for this month yet."""
    staff = staff_record_of(user)
    if staff is None or not staff.is_active:
        return
    this_month = measures.month_of(timezone.localdate())
    owned = objectives_owned_by(current, staff)
    latest = measures.latest_check_ins(current)
    due = [
        objective
        for objective in owned
        if access.can_record_check_in(user, objective)
        and (objective.pk not in latest or latest[objective.pk].month < this_month)
    ]
    yield NeedItem(
        len(due),
        "check-in due this month on an objective you own",
        "check-ins due this month on objectives you own",
        reverse("strategy:my_objectives"),
        YOUR_PLAN,
    )


def _off_trajectory(user: PermissionHolder, current: StrategicPlan, today: datetime.date) -> int:
    """How many measures are off trajectory, as the measures page counts them for this viewer.
    Judging them reads each measure's live source (reach, survey results, the workforce's
    figures): some forty queries, too many for everyone's landing page, so the count is kept
    for a few minutes (the measures page itself is always live)."""
    sees_voice = access.can_see_staff_voice_figures(user)
    key = f"home:off-trajectory:{current.pk}:{today.isoformat()}:{sees_voice}"
    count = cache.get(key)
    if not isinstance(count, int):
        count = sum(
            row.status == measures.TrajectoryStatus.OFF_TRAJECTORY
            for row in measures.measures_by_status(current, today, user)
        )
        cache.set(key, count, OFF_TRAJECTORY_KEPT_SECONDS)
    return count


def _plan_keepers(user: PermissionHolder, current: StrategicPlan) -> Iterator[Need]:
    today = timezone.localdate()
    yield NeedItem(
        _off_trajectory(user, current, today),
        "measure off trajectory",
        "measures off trajectory",
        reverse("strategy:measures"),
        THE_PLAN,
    )
    yield NeedItem(
        plan.milestones_of(current, today, overdue=True).count(),
        "milestone overdue",
        "milestones overdue",
        reverse("strategy:plan"),
        THE_PLAN,
    )
    yield NeedItem(
        len(risks.risks_past_review(today)),
        "risk past its review date",
        "risks past their review date",
        reverse("strategy:risks") + "#past-review",
        THE_PLAN,
    )
    yield NeedItem(
        board.action_counts(today).overdue,
        "board action overdue",
        "board actions overdue",
        reverse("strategy:action_tracker") + "?show=overdue",
        THE_PLAN,
    )


def strategy_needs(user: PermissionHolder) -> Iterator[Need]:
    if not access.can_view_strategy(user):
        return
    current = plan.plan_current()
    if current is None:
        return
    yield from _check_ins_due(user, current)
    if access.can_manage_strategy(user):
        yield from _plan_keepers(user, current)
