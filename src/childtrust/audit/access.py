"""Who may read the audit log: auditors (their role's VIEW_AUDIT_LOG capability). Nobody may
change it; the log is append-only."""

from __future__ import annotations

from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_view_audit_log(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.VIEW_AUDIT_LOG)
