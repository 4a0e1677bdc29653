"""Who may read the audit log: auditors (their role's VIEW_AUDIT_LOG capability); who sees the
result of its checks: auditors and administrators. Nobody may change it; the log is
append-only."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_view_audit_log(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.VIEW_AUDIT_LOG)


def can_view_audit_checks(user: PermissionHolder | None) -> bool:
    """The result of the nightly check of the log: auditors, and administrators, who run the
    service and must act when it fails."""
    return has_capability(user, Capability.VIEW_AUDIT_LOG) or has_capability(
        user, Capability.MANAGE_PARTNERSHIP
    )


def audit_failure_recipients() -> list[str]:
    """The addresses a failed check is mailed to: every active account that sees the checks."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted({user.email for user in users.iterator() if can_view_audit_checks(user)})
