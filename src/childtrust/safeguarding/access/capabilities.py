"""The capabilities behind safeguarding, one question each: the roles that hold them are
core.permissions'. Every other rule in this package starts from one of these or from the child
index's relationships (children.access)."""

from __future__ import annotations

from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_record_concerns(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.RECORD_CONCERNS)


def can_run_front_door(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.RUN_FRONT_DOOR)


def can_manage_alert_rules(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.MANAGE_ALERT_RULES)


def can_view_safeguarding_clocks(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.VIEW_SAFEGUARDING_CLOCKS)
