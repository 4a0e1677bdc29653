"""Who may see or change outcome indicators. The only module that decides it; views, forms,
services and the API ask here.

The figures are published statistics or the partnership's own aggregate counts (no person can
be picked out of them), so every signed-in role may read them and take a copy. Loading data and
keeping an indicator's definition change what the whole partnership is judged by, so only the
roles that manage outcomes (strategic leads and partnership administrators) may."""

from __future__ import annotations

from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_view_outcomes(user: PermissionHolder | None) -> bool:
    """The indicators, the profile and the localities, and their downloads: every signed-in
    role."""
    return has_capability(user, Capability.VIEW_PARTNERSHIP)


def can_upload_indicator_data(user: PermissionHolder | None) -> bool:
    """Loading a file of indicator data, from the upload page or the command line."""
    return has_capability(user, Capability.MANAGE_OUTCOMES)


def can_edit_indicator(user: PermissionHolder | None) -> bool:
    """Keeping an indicator's words, framework links and comparison settings (the same roles
    keep every indicator)."""
    return has_capability(user, Capability.MANAGE_OUTCOMES)


def can_attach_indicator(user: PermissionHolder | None) -> bool:
    """Attaching an indicator to a priority of the outcomes framework (from the indicator's
    page or from the priority's): it changes what the framework shows under the priority, so
    the roles that keep the indicators (who also keep the framework) do it."""
    return has_capability(user, Capability.MANAGE_OUTCOMES)
