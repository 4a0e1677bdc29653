"""Reads of the Teams Around Children: a child's open team (and its history), one's own teams,
the actions and reviews due, and the actions the worker tells their owners about."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from childtrust.children.models import Child
from childtrust.core.calendar import add_working_days
from childtrust.core.home import day_words
from childtrust.partnership.models import StaffMember
from childtrust.safeguarding.models import PlanAction, TeamAroundChild, TeamMember

#: "Due this week": due from today to seven days on.
WEEK_DAYS = 7
#: The worker tells an owner of an action this many working days before it is due.
ACTION_WARNING_WORKING_DAYS = 2


def team_path(team: TeamAroundChild) -> str:
    return reverse("safeguarding:team", args=[team.child.reference])


def team_with_key(pk: int) -> TeamAroundChild | None:
    return (
        TeamAroundChild.objects.select_related("child", "lead_professional__agency")
        .filter(pk=pk)
        .first()
    )


def open_team_for(child: Child) -> TeamAroundChild | None:
    return (
        TeamAroundChild.objects.select_related("child", "lead_professional__agency")
        .filter(child=child, ended_on__isnull=True)
        .first()
    )


def past_teams_for(child: Child) -> QuerySet[TeamAroundChild]:
    return TeamAroundChild.objects.filter(child=child, ended_on__isnull=False)


def team_member(team: TeamAroundChild, pk: int) -> TeamMember | None:
    return team.members.select_related("staff", "agency", "team").filter(pk=pk).first()


def team_action(team: TeamAroundChild, pk: int) -> PlanAction | None:
    return team.actions.select_related("owner", "team").filter(pk=pk).first()


@dataclass(frozen=True)
class TeamPage:
    """What the team's page shows: its members by agency (current and past), the newest
    assessment, the plan, the reviews and the steps."""

    team: TeamAroundChild
    current_members: list[TeamMember]
    past_members: list[TeamMember]
    members_by_agency: list[tuple[str, list[TeamMember]]]
    assessment: object | None
    actions: list[PlanAction]
    reviews: list[object]
    steps: list[object]
    today: datetime.date

    @property
    def next_review_on(self) -> datetime.date | None:
        review = self.reviews[0] if self.reviews else None
        return getattr(review, "next_review_on", None)


def team_page(team: TeamAroundChild, today: datetime.date) -> TeamPage:
    members = list(team.members.select_related("staff", "agency").order_by("agency__name", "pk"))
    current = [m for m in members if m.left_on is None]
    by_agency: dict[str, list[TeamMember]] = {}
    for member in current:
        by_agency.setdefault(member.agency.name, []).append(member)
    return TeamPage(
        team=team,
        current_members=current,
        past_members=[m for m in members if m.left_on is not None],
        members_by_agency=list(by_agency.items()),
        assessment=team.assessments.first(),
        actions=list(team.actions.select_related("owner__agency")),
        reviews=list(team.reviews.all()),
        steps=list(team.steps.all()),
        today=today,
    )


def teams_of(staff: StaffMember, today: datetime.date) -> QuerySet[TeamAroundChild]:
    """The open teams the person leads or belongs to, with the count of overdue actions (all,
    and their own) and the next review date."""
    return (
        TeamAroundChild.objects.filter(ended_on__isnull=True)
        .filter(Q(lead_professional=staff) | Q(members__staff=staff, members__left_on__isnull=True))
        .distinct()
        .select_related("child", "lead_professional")
        .annotate(
            overdue=Count(
                "actions",
                filter=Q(actions__done_on__isnull=True, actions__due_on__lt=today),
                distinct=True,
            ),
            own_overdue=Count(
                "actions",
                filter=Q(
                    actions__done_on__isnull=True,
                    actions__due_on__lt=today,
                    actions__owner=staff,
                ),
                distinct=True,
            ),
            next_review_on=Max("reviews__next_review_on"),
        )
        .order_by("-overdue", "started_on", "pk")
    )


def open_actions_owned_by(staff: StaffMember) -> QuerySet[PlanAction]:
    return PlanAction.objects.filter(owner=staff, done_on__isnull=True, team__ended_on__isnull=True)


def action_counts(staff: StaffMember, today: datetime.date) -> tuple[int, int]:
    """(due this week, overdue) of the person's open actions."""
    actions = open_actions_owned_by(staff)
    week = today + datetime.timedelta(days=WEEK_DAYS)
    return (
        actions.filter(due_on__gte=today, due_on__lte=week).count(),
        actions.filter(due_on__lt=today).count(),
    )


def reviews_due_count(staff: StaffMember, today: datetime.date) -> int:
    """The open teams the person leads whose next review is due within the week or past."""
    week = today + datetime.timedelta(days=WEEK_DAYS)
    return (
        TeamAroundChild.objects.filter(lead_professional=staff, ended_on__isnull=True)
        .annotate(next_on=Max("reviews__next_review_on"))
        .filter(next_on__lte=week)
        .count()
    )


def actions_to_tell(today: datetime.date) -> tuple[list[PlanAction], list[PlanAction]]:
    """(due within two working days, overdue): open actions of open teams whose owner can be
    told (signs in)."""
    open_actions = PlanAction.objects.filter(
        done_on__isnull=True, team__ended_on__isnull=True, owner__user__isnull=False
    ).select_related("owner__user", "team__child")
    soon = add_working_days(today, ACTION_WARNING_WORKING_DAYS)
    return (
        list(open_actions.filter(due_on__gte=today, due_on__lte=soon)),
        list(open_actions.filter(due_on__lt=today)),
    )


def team_history(team: TeamAroundChild) -> str:
    """The team's work so far in words, for the referral a step up makes."""
    lines = [
        f"Team around the child since {day_words(team.started_on)}, at "
        f"{team.get_level_display().lower()}; lead professional {team.lead_professional.full_name} "
        f"({team.lead_professional.agency.name}).",
    ]
    members = [m for m in team.members.select_related("staff", "agency") if m.left_on is None]
    if members:
        lines.append(
            "Members: "
            + "; ".join(f"{m.staff.full_name}, {m.role} ({m.agency.name})" for m in members)
            + "."
        )
    assessment = team.assessments.first()
    if assessment is not None:
        lines.append(
            f"Early help assessment of {day_words(assessment.completed_on)}. Child's development: "
            f"{assessment.child_development} Parents and carers: {assessment.parents_and_carers} "
            f"Family and environment: {assessment.family_and_environment}"
        )
    today = timezone.localdate()
    actions = list(team.actions.all())
    if actions:
        done = sum(1 for a in actions if a.done_on is not None)
        overdue = sum(1 for a in actions if a.done_on is None and a.due_on < today)
        lines.append(
            f"Plan: {len(actions)} action{'' if len(actions) == 1 else 's'}, {done} done, "
            f"{overdue} overdue."
        )
    review = team.reviews.first()
    if review is not None:
        lines.append(f"Last review, {day_words(review.held_on)}: {review.progress}")
    for step in team.steps.all():
        lines.append(f"{step.get_direction_display()} on {day_words(step.on)}: {step.reason}")
    return "\n".join(lines)
