"""Who may see and change the strategic plan: every rule in one place.

- The plan, its objectives and milestones hold no personal data beyond the names of their
  owners, which the partnership publishes with the plan: every signed-in role reads them.
- Strategic leads and partnership administrators (MANAGE_STRATEGY) create and change the plan,
  its versions, objectives and milestones.
- An objective's accountable owner, through their active staff record, also changes the status
  of its milestones: they report how the work they answer for is going.

Views, forms, services and the API ask these functions; nothing else reads a capability."""

from __future__ import annotations

from childtrust.core.permissions import Capability, PermissionHolder, has_capability
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.strategy.models import Milestone, Objective


def can_view_strategy(user: PermissionHolder | None) -> bool:
    """The plan, its objectives and milestones: every signed-in role."""
    return has_capability(user, Capability.VIEW_STRATEGY)


def can_manage_strategy(user: PermissionHolder | None) -> bool:
    """The plan, its versions, objectives and milestones: strategic leads and administrators."""
    return has_capability(user, Capability.MANAGE_STRATEGY)


def is_objective_owner(user: PermissionHolder | None, objective: Objective) -> bool:
    """Whether the user is the objective's accountable owner, in post (a record made inactive
    no longer answers for it)."""
    if not can_view_strategy(user):
        return False
    staff = staff_record_of(user)
    return staff is not None and staff.is_active and staff.pk == objective.owner_id


def can_change_milestone_status(user: PermissionHolder | None, milestone: Milestone) -> bool:
    """Those who keep the plan, and the owner of the milestone's objective."""
    return can_manage_strategy(user) or is_objective_owner(user, milestone.objective)
