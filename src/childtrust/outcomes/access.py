"""Who may see or change outcome indicators. The only module that decides it; views, forms,
services and the API ask here."""

from __future__ import annotations

from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_view_outcomes(user: PermissionHolder | None) -> bool:
    """The profile, indicators and localities: every signed-in role (the figures are public)."""
    return has_capability(user, Capability.VIEW_PARTNERSHIP)


def can_manage_outcomes(user: PermissionHolder | None) -> bool:
    """Uploading indicator data and keeping each indicator's definition."""
    return has_capability(user, Capability.MANAGE_OUTCOMES)
